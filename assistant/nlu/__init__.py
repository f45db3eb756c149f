"""Natural-language understanding: intent, sentiment and entities of one message.

``NLUPipeline.load(vocabulary, settings).run(text) -> NLUResult``.
"""

from assistant.nlu.dataset import INTENTS, SENTIMENTS
from assistant.nlu.entities import Entities, EntityExtractor
from assistant.nlu.pipeline import NLUPipeline, NLUResult
from assistant.nlu.vocabulary import CatalogVocabulary

__all__ = [
    "INTENTS",
    "SENTIMENTS",
    "CatalogVocabulary",
    "Entities",
    "EntityExtractor",
    "NLUPipeline",
    "NLUResult",
]
