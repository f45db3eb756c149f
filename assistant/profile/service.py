"""The profile on top of the store: load, refresh, capture from chat, remove and correct.

Persistence is the store's ``profile_facts`` table (see ``assistant.profile.model``):

- ``refresh(user_id)`` re-derives the inferred items from the user's events and orders and
  replaces the old inferred facts (stated facts are never touched: the store refuses to let
  an inferred fact overwrite a stated one);
- ``capture(user_id, text)`` saves the preferences stated in a chat message;
- ``remove(user_id, key)`` deletes an item and leaves a ``removed:<key>`` marker so the next
  refresh does not infer it again; ``correct(user_id, key, value)`` turns an item into a
  stated one with the shopper's value;
- ``load(user_id)`` gives the ``ShopperProfile`` the re-ranker uses: empty (``enabled=False``)
  when the shopper turned personalisation off, so it is neither shown nor used;
- ``privacy forget`` (``Store.forget_user``) deletes every profile fact with the rest, then
  ``mark_forgotten`` leaves a ``meta:forgotten_at`` time: the orders the shop keeps as
  business records are not used for the profile again, only orders placed after it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from assistant.errors import AssistantError
from assistant.profile.derive import (
    DeriveSettings,
    ProductLookup,
    ProfileDeriver,
    purchased_counts,
    strongest_interactions,
)
from assistant.profile.model import (
    KINDS,
    REMOVED_PREFIX,
    ProfileItem,
    ShopperProfile,
    item_key,
)
from assistant.profile.statements import StatedFactExtractor
from assistant.store.base import Store
from assistant.store.interchange import parse_timestamp
from assistant.store.records import Order, ProfileFact

ORDER_LIMIT = 200
FORGOTTEN_KEY = "meta:forgotten_at"  # not a profile item: skipped when items are loaded


def mark_forgotten(store: Store, user_id: str, when: float | None = None) -> None:
    """After ``Store.forget_user``: orders placed until now no longer feed the profile."""
    store.set_profile_fact(user_id, FORGOTTEN_KEY, time.time() if when is None else when, "stated")


class ProfileService:
    def __init__(
        self,
        store: Store,
        lookup: ProductLookup,
        brands: Iterable[str] = (),
        settings: DeriveSettings | None = None,
    ) -> None:
        self.store = store
        self.lookup = lookup
        self.deriver = ProfileDeriver(lookup, settings)
        self.extractor = StatedFactExtractor(brands)

    # -- reading --------------------------------------------------------------------
    def load(self, user_id: str | None) -> ShopperProfile:
        """The profile to use for ranking (empty for anonymous users or when switched off)."""
        if not user_id:
            return ShopperProfile.empty()
        if not self.store.personalization_enabled(user_id):
            return ShopperProfile.empty(user_id, enabled=False)
        facts = self.store.profile_facts(user_id)
        items = self._stored_items(facts)
        events = self.store.user_events(user_id)
        orders = self._orders(user_id, facts.get(FORGOTTEN_KEY))
        return ShopperProfile(
            user_id,
            items,
            purchased_counts(events, orders),
            interactions=strongest_interactions(events, orders),
        )

    def view(self, user_id: str) -> dict[str, Any]:
        """What the profile panel shows: the items, or ``hidden`` when switched off."""
        profile = self.load(user_id)
        out = profile.to_dict()
        out["hidden"] = not profile.enabled
        return out

    def _orders(self, user_id: str, forgotten: ProfileFact | None) -> list[Order]:
        """The user's orders that may feed the profile: those placed after a forget
        (``forgotten``: the ``meta:forgotten_at`` fact, if any)."""
        orders = self.store.user_orders(user_id, ORDER_LIMIT)
        if forgotten is None:
            return orders
        since = float(forgotten.value)
        return [o for o in orders if _epoch(o.placed_at) > since]

    @staticmethod
    def _stored_items(facts: dict[str, ProfileFact]) -> list[ProfileItem]:
        items = []
        for key, fact in facts.items():
            if key.startswith(REMOVED_PREFIX) or not isinstance(fact.value, dict):
                continue
            try:
                items.append(ProfileItem.from_fact(fact.value, fact.source, fact.updated_at))
            except (KeyError, ValueError, TypeError):
                continue  # a fact written by something else: not a profile item
        return items

    # -- writing --------------------------------------------------------------------
    def refresh(self, user_id: str) -> list[ProfileItem]:
        """Re-derive the inferred items from events and orders; returns the new ones."""
        if not self.store.personalization_enabled(user_id):
            return []
        facts = self.store.profile_facts(user_id)
        removed = {k[len(REMOVED_PREFIX) :] for k in facts if k.startswith(REMOVED_PREFIX)}
        events = self.store.user_events(user_id)
        orders = self._orders(user_id, facts.get(FORGOTTEN_KEY))
        fresh = [i for i in self.deriver.run(events, orders) if i.key not in removed]
        fresh_keys = {i.key for i in fresh}
        for key, fact in facts.items():
            if fact.source == "inferred" and key not in fresh_keys:
                self.store.delete_profile_fact(user_id, key)
        written = []
        for item in fresh:
            if self.store.set_profile_fact(user_id, item.key, item.fact_value(), "inferred"):
                written.append(item)
        return written

    def capture(self, user_id: str | None, text: str) -> list[ProfileItem]:
        """Save the preferences stated in one chat message; returns what was saved."""
        if not user_id or not self.store.personalization_enabled(user_id):
            return []
        items = self.extractor.run(text)
        for item in items:
            self._save_stated(user_id, item)
        return items

    def remove(self, user_id: str, key: str) -> bool:
        """Delete an item (stated or inferred); it is not inferred again. True if it existed."""
        key = _check_key(key)
        existed = self.store.delete_profile_fact(user_id, key)
        self.store.set_profile_fact(user_id, REMOVED_PREFIX + key, True, "stated")
        return existed

    def correct(self, user_id: str, key: str, value: Any) -> ProfileItem:
        """Set an item to the shopper's value (it becomes a stated, full-confidence item)."""
        key = _check_key(key)
        kind, name = key.split(":", 1)
        if kind == "price_band":
            value = _band(value)
        elif not isinstance(value, str) or not value.strip():
            raise AssistantError(f"a {kind} needs a non-empty text value")
        else:
            value = value.strip()
        old = self.store.profile_facts(user_id).get(key)
        display = str(old.value.get("name", name)) if old and isinstance(old.value, dict) else name
        if kind in ("brand", "avoid_brand", "color", "exclude", "lifestyle"):
            display = value  # the value is the name for these kinds
        item = ProfileItem(kind, display, value, 1.0, "you corrected this", "stated")
        if item.key != key:
            self.store.delete_profile_fact(user_id, key)
            self.store.set_profile_fact(user_id, REMOVED_PREFIX + key, True, "stated")
        self._save_stated(user_id, item)
        return item

    def add(self, user_id: str, kind: str, name: str, value: Any) -> ProfileItem:
        """Add a stated item directly (the app's "add a preference" control)."""
        return self.correct(user_id, item_key(kind, name), value)

    def _save_stated(self, user_id: str, item: ProfileItem) -> None:
        self.store.delete_profile_fact(user_id, REMOVED_PREFIX + item.key)
        self.store.set_profile_fact(user_id, item.key, item.fact_value(), "stated")


def _check_key(key: str) -> str:
    key = (key or "").strip().lower()
    kind, _, name = key.partition(":")
    if kind not in KINDS or not name.strip():
        raise AssistantError(
            f"not a profile item key: {key!r} (expected <kind>:<name>, kind one of "
            f"{', '.join(sorted(KINDS))})"
        )
    return key


def _band(value: Any) -> dict[str, float]:
    """``{"low": 10, "high": 40}``, ``(10, 40)`` or ``"10-40"`` -> a price band."""
    try:
        if isinstance(value, dict):
            low, high = float(value["low"]), float(value["high"])
        elif isinstance(value, str):
            low_text, _, high_text = value.replace("$", "").partition("-")
            low, high = float(low_text), float(high_text)
        else:
            low, high = (float(v) for v in value)
    except (KeyError, TypeError, ValueError):
        raise AssistantError(f"a price band is LOW-HIGH, e.g. 10-40; got {value!r}") from None
    if low < 0 or high < low:
        raise AssistantError(f"a price band needs 0 <= low <= high; got {low}-{high}")
    return {"low": low, "high": high}


def _epoch(iso: str) -> float:
    """Seconds of an order's ISO-8601 time; an unreadable one is 0 (before any forget)."""
    try:
        return parse_timestamp(iso)
    except ValueError:
        return 0.0
