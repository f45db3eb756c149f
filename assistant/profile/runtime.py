"""One call per chat turn for the conversation engine: ``ShopperProfiles.prepare_turn``.

    profiles = ShopperProfiles(store, index.product_by_id, brands)      # once, at load
    prep = profiles.prepare_turn(user_id, user_messages, lifted=state.lifted)
    ranked = reranker.run(hits, user_id, session_items, filters, ..., profile=prep.context)
    turn.scenario = prep.scenario.scenario
    turn.constraints["profile_filters"] = [f.to_dict() for f in prep.soft_filters]

``prepare_turn`` (1) saves the preferences stated in the newest message, (2) refreshes the
inferred items when the shopper has events newer than the last refresh, (3) loads the
profile (empty when personalisation is off), (4) detects the scenario from the messages and
(5) returns the ``ProfileContext`` the re-ranker reads, with the soft filters to show.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.profile.derive import DeriveSettings, ProductLookup
from assistant.profile.model import ProfileItem, ShopperProfile
from assistant.profile.scenario import ScenarioDetector, ScenarioResult
from assistant.profile.scoring import ProfileContext, SoftFilter
from assistant.profile.service import ProfileService
from assistant.store.base import Store

REFRESHED_KEY = "meta:refreshed_at"  # not a profile item: skipped when items are loaded
_LIFT_SIZE = re.compile(r"\b(any|all|other|different)\s+sizes?\b|\bignore (?:my )?size\b", re.I)
_LIFT_ALL = re.compile(r"\bignore (?:my )?(?:profile|preferences)\b", re.I)


@dataclass
class ProfileTurn:
    profile: ShopperProfile
    scenario: ScenarioResult
    context: ProfileContext
    captured: list[ProfileItem] = field(default_factory=list)

    @property
    def soft_filters(self) -> list[SoftFilter]:
        return self.context.soft_filters()

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario.to_dict(),
            "soft_filters": [f.to_dict() for f in self.soft_filters],
            "captured": [i.to_dict() for i in self.captured],
            "profile": self.profile.to_dict(),
        }


class ShopperProfiles:
    """Profile service + scenario detector behind one thread-safe per-turn call."""

    def __init__(
        self,
        store: Store,
        lookup: ProductLookup,
        brands: Iterable[str] = (),
        detector: ScenarioDetector | None = None,
        settings: DeriveSettings | None = None,
    ) -> None:
        self.service = ProfileService(store, lookup, brands, settings)
        self.detector = detector or ScenarioDetector()
        self._lock = threading.Lock()

    def prepare_turn(
        self,
        user_id: str | None,
        messages: Sequence[str],
        lifted: Iterable[str] = (),
        scenario_messages: Sequence[str] | None = None,
    ) -> ProfileTurn:
        """``messages``: the session's user messages, oldest first, the newest last;
        ``scenario_messages``: the ones the scenario is read from (default: all of them)."""
        captured = self.service.capture(user_id, messages[-1]) if messages else []
        if user_id:
            self.refresh_if_stale(user_id)
        profile = self.service.load(user_id)
        scenario = self.detector.run(messages if scenario_messages is None else scenario_messages)
        keys = set(lifted) | lifts_in(messages[-1] if messages else "", profile)
        context = ProfileContext(profile, scenario.shaping, keys)
        return ProfileTurn(profile, scenario, context, captured)

    def refresh_if_stale(self, user_id: str) -> bool:
        """Re-derive the inferred items when there are events newer than the last refresh."""
        store = self.service.store
        if not store.personalization_enabled(user_id):
            return False
        events = store.user_events(user_id, limit=1)
        newest = events[-1].timestamp if events else 0.0
        fact = store.profile_facts(user_id).get(REFRESHED_KEY)
        last = float(fact.value) if fact is not None else -1.0
        if newest <= last:
            return False
        with self._lock:
            self.service.refresh(user_id)
            store.set_profile_fact(user_id, REFRESHED_KEY, newest, "inferred")
        return True


def lifts_in(text: str, profile: ShopperProfile) -> set[str]:
    """Soft filters the shopper lifts in words: "any size", "ignore my profile"."""
    if _LIFT_ALL.search(text):
        return {i.key for i in profile.items}
    if _LIFT_SIZE.search(text):
        return {i.key for i in profile.of_kind("size")}
    return set()
