"""Shopper profiles, segments and shopping scenarios.

- ``ShopperProfiles(store, lookup, brands).prepare_turn(user_id, messages, lifted)``: the one
  call per chat turn (captures stated facts, refreshes, detects the scenario, returns the
  ``ProfileContext`` for ``Reranker.run(..., profile=...)``);

- ``ProfileService(store, lookup)``: load / refresh / capture / remove / correct a shopper's
  profile (persisted as the store's profile facts);
- ``ProfileContext(profile, shaping, lifted)``: what the re-ranker reads
  (``Reranker.run(..., profile=context)``);
- ``ScenarioDetector().run(messages)``: gift / replenish / urgent / browsing and the
  ``TurnShaping`` it implies;
- ``SegmentBuilder``: shopper segments with readable descriptions.
"""

from assistant.profile.derive import DeriveSettings, ProfileDeriver, purchased_counts
from assistant.profile.model import KINDS, ProfileItem, ShopperProfile, item_key
from assistant.profile.runtime import ProfileTurn, ShopperProfiles, lifts_in
from assistant.profile.scenario import SCENARIOS, ScenarioDetector, ScenarioResult
from assistant.profile.scoring import ProfileContext, ProfileScores, SoftFilter, TurnShaping
from assistant.profile.segments import Segment, Segmentation, SegmentBuilder
from assistant.profile.service import ProfileService
from assistant.profile.statements import StatedFactExtractor

__all__ = [
    "KINDS",
    "SCENARIOS",
    "DeriveSettings",
    "ProfileContext",
    "ProfileDeriver",
    "ProfileItem",
    "ProfileScores",
    "ProfileService",
    "ProfileTurn",
    "ScenarioDetector",
    "ScenarioResult",
    "Segment",
    "SegmentBuilder",
    "Segmentation",
    "ShopperProfile",
    "ShopperProfiles",
    "SoftFilter",
    "StatedFactExtractor",
    "TurnShaping",
    "item_key",
    "lifts_in",
    "purchased_counts",
]
