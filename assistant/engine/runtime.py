"""Everything loaded from one index build, swapped as a whole when the index changes."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.embedding.encoder import Encoder
from assistant.engine.encoder_cache import CachedEncoder
from assistant.generation.grounding import GroundingChecker
from assistant.generation.prompts import SYSTEM_PROMPT, load_prompt
from assistant.indexing import layout
from assistant.indexing.manifest import Manifest
from assistant.indexing.product_index import ProductIndex
from assistant.nlu import CatalogVocabulary, NLUPipeline
from assistant.profile.runtime import ShopperProfiles
from assistant.recommend.personalizer import Personalizer
from assistant.retrieval.product_search import ProductSearch, load_personalizer
from assistant.settings import Settings
from assistant.store.base import Store

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    index_dir: Path
    identity: tuple[str, str]  # (fingerprint, resolved build directory)
    index: ProductIndex
    nlu: NLUPipeline
    search: ProductSearch
    personalizer: Personalizer | None
    checker: GroundingChecker
    brands: list[str]
    support: Any | None  # assistant.support.desk.SupportDesk when that module exists
    profiles: ShopperProfiles  # stated + inferred preferences, scenario, soft filters

    @classmethod
    def load(cls, index_dir: Path, settings: Settings, encoder: Encoder, store: Store) -> Runtime:
        encoder = encoder if isinstance(encoder, CachedEncoder) else CachedEncoder(encoder)
        index = ProductIndex.load(index_dir)
        vocabulary = CatalogVocabulary.from_products(index.products)
        nlu = NLUPipeline.load(vocabulary, settings.nlu, encoder)
        personalizer = load_personalizer(index_dir, settings)
        if personalizer is not None:  # feedback given since the model was trained
            caught = personalizer.catch_up(store.iter_events(since=personalizer.trained_until))
            log.info("CF model caught up with %d events logged after training", caught)
        search = ProductSearch(index, encoder, settings, personalizer, only_matches=True)
        checker = GroundingChecker(vocabulary.brands, load_prompt(SYSTEM_PROMPT))
        return cls(
            index_dir=index_dir,
            identity=(index.fingerprint, str(index.root)),
            index=index,
            nlu=nlu,
            search=search,
            personalizer=personalizer,
            checker=checker,
            brands=list(vocabulary.brands),
            support=load_support(settings, store, search, index),
            profiles=ShopperProfiles(store, index.product_by_id, vocabulary.brands),
        )


def disk_identity(index_dir: Path) -> tuple[str, str]:
    root = layout.resolve(index_dir)
    return Manifest.read(root).fingerprint, str(root)


def load_support(
    settings: Settings, store: Store, search: ProductSearch, index: ProductIndex
) -> Any | None:
    """The support desk, or None until ``assistant.support.desk`` exists."""
    try:
        from assistant.support.desk import SupportDesk  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    try:
        return SupportDesk.load(settings, store, search, index)
    except Exception:  # a broken desk must not take the shopping assistant down
        log.exception("the support desk failed to load; support turns use the fallback reply")
        return None
