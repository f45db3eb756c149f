"""Shopper profiles, segments and shopping scenarios.

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
from assistant.profile.scoring import ProfileContext, ProfileScores, SoftFilter, TurnShaping
from assistant.profile.service import ProfileService
from assistant.profile.statements import StatedFactExtractor

__all__ = [
    "KINDS",
    "DeriveSettings",
    "ProfileContext",
    "ProfileDeriver",
    "ProfileItem",
    "ProfileScores",
    "ProfileService",
    "ShopperProfile",
    "SoftFilter",
    "StatedFactExtractor",
    "TurnShaping",
    "item_key",
    "purchased_counts",
]
