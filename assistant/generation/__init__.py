"""Reply generation: the code chooses products and facts, a backend only words them.

``ReplyWriter(make_generator(settings.generation), GroundingChecker(...)).write(plan)``
streams a checked reply; backends: template (always), local (SmolLM2), openai (HTTP).
"""

from assistant.generation.backends import (
    BACKENDS,
    GenerationError,
    Generator,
    OpenAIGenerator,
    TemplateGenerator,
    make_generator,
)
from assistant.generation.grounding import GroundingChecker, GroundingResult
from assistant.generation.types import ProductFacts, ReplyPlan, money
from assistant.generation.writer import GenerationMetrics, ReplyStream, ReplyWriter

__all__ = [
    "BACKENDS",
    "GenerationError",
    "GenerationMetrics",
    "Generator",
    "GroundingChecker",
    "GroundingResult",
    "OpenAIGenerator",
    "ProductFacts",
    "ReplyPlan",
    "ReplyStream",
    "ReplyWriter",
    "TemplateGenerator",
    "make_generator",
    "money",
]
