"""What the web app's tabs share: the engine, the store, demo shoppers, images, the reload
watcher and the reply-rating log."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from assistant.engine.turn import Turn
from assistant.settings import Settings
from assistant.web.render import ImageResolver

log = logging.getLogger(__name__)
SHOPPERS_FILE = "shoppers.jsonl"
ORDERS_FILE = "orders.jsonl"
RATINGS_FILE = "reply_ratings.jsonl"


class ShopEngine(Protocol):
    """The part of ``assistant.Assistant`` the web app calls."""

    def respond(
        self, message: str, session_id: str, user_id: str | None = None, agent_view: bool = False
    ) -> Turn: ...
    def stream(
        self,
        message: str,
        session_id: str,
        user_id: str | None = None,
        agent_view: bool = False,
        preview: bool = False,
    ) -> Any: ...
    def remove_constraint_stream(
        self,
        session_id: str,
        user_id: str | None,
        key: str,
        value: str | None = None,
        preview: bool = False,
    ) -> Any: ...
    def feedback(
        self, session_id: str, user_id: str | None, product_id: str, event: str
    ) -> None: ...
    def reload_if_changed(self) -> Any: ...


@dataclass(frozen=True)
class Shopper:
    user_id: str
    display_name: str
    taste_group: str = ""
    preferred_categories: tuple[str, ...] = ()
    preferred_brands: tuple[str, ...] = ()
    price_tier: str = ""
    has_orders: bool = False

    @property
    def label(self) -> str:
        group = self.taste_group.replace("_", " ")
        return f"{self.display_name} ({group})" if group else self.display_name


def load_engine(index_dir: Path, settings: Settings) -> ShopEngine:
    from assistant.engine.assistant import Assistant

    engine: ShopEngine = Assistant.load(index_dir, settings)
    return engine


def read_shoppers(demo_dir: Path | None, per_group: int = 1, limit: int = 8) -> list[Shopper]:
    """A few demo shoppers, one per taste group first, from ``shoppers.jsonl``."""
    if demo_dir is None or not (demo_dir / SHOPPERS_FILE).is_file():
        return []
    with_orders: set[str] = set()
    if (demo_dir / ORDERS_FILE).is_file():
        for line in (demo_dir / ORDERS_FILE).read_text(encoding="utf-8").splitlines():
            if line.strip():
                with_orders.add(str(json.loads(line).get("user_id")))
    chosen: list[Shopper] = []
    per: dict[str, int] = {}
    for line in (demo_dir / SHOPPERS_FILE).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("cold_start"):
            continue
        group = str(row.get("taste_group") or "")
        if per.get(group, 0) >= per_group:
            continue
        per[group] = per.get(group, 0) + 1
        chosen.append(
            Shopper(
                str(row["user_id"]),
                str(row.get("display_name") or row["user_id"]),
                group,
                tuple(row.get("preferred_categories") or ()),
                tuple(row.get("preferred_brands") or ()),
                str(row.get("price_tier") or ""),
                str(row["user_id"]) in with_orders,
            )
        )
        if len(chosen) >= limit:
            break
    return chosen


@dataclass
class AppServices:
    engine: ShopEngine
    settings: Settings
    index_dir: Path
    demo_dir: Path | None = None
    shoppers: list[Shopper] = field(default_factory=list)
    reload_interval_s: float = 5.0
    _stop: threading.Event = field(default_factory=threading.Event)
    _reload_now: threading.Event = field(default_factory=threading.Event)
    _ratings_lock: threading.Lock = field(default_factory=threading.Lock)
    _store: Any = None
    _own_store: bool = False

    def __post_init__(self) -> None:
        self.images = ImageResolver(self.demo_dir)
        self.data_dir = Path(self.settings.data_dir)

    @classmethod
    def create(
        cls,
        index_dir: Path,
        settings: Settings,
        demo_dir: Path | None = None,
        engine_factory: Callable[[Path, Settings], ShopEngine] = load_engine,
    ) -> AppServices:
        engine = engine_factory(index_dir, settings)
        return cls(
            engine,
            settings,
            index_dir,
            demo_dir,
            read_shoppers(demo_dir),
            settings.web.reload_interval_s,
        )

    @property
    def store(self) -> Any:
        """The engine's store when it exposes one, else the configured store."""
        if self._store is None:
            from assistant.store import store_from_settings

            shared = getattr(self.engine, "store", None)
            self._store = shared if shared is not None else store_from_settings(self.settings)
            self._own_store = shared is None
        return self._store

    def shopper(self, user_id: str | None) -> Shopper | None:
        return next((s for s in self.shoppers if s.user_id == user_id), None)

    # shopper profile --------------------------------------------------------------------
    @property
    def profile_service(self) -> Any:
        """The engine's ``ProfileService``, or None when the engine has no profiles."""
        profiles = getattr(self.engine, "profiles", None)
        return getattr(profiles, "service", None)

    def profile_view(self, user_id: str) -> dict[str, Any] | None:
        """What the profile panel shows for ``user_id`` (inferred items refreshed first)."""
        profiles = getattr(self.engine, "profiles", None)
        if profiles is None:
            return None
        try:
            profiles.refresh_if_stale(user_id)
            view: dict[str, Any] = profiles.service.view(user_id)
        except Exception:
            log.exception("profile view failed for %s", user_id)
            return None
        return view

    def record_reply_rating(
        self, session_id: str, user_id: str, message_index: int, liked: bool, products: list[str]
    ) -> None:
        """Thumbs on a whole reply: appended to ``<data_dir>/feedback/reply_ratings.jsonl``."""
        row = {
            "timestamp": time.time(),
            "session_id": session_id,
            "user_id": user_id,
            "message_index": message_index,
            "liked": liked,
            "products": products,
        }
        path = self.data_dir / "feedback" / RATINGS_FILE
        with self._ratings_lock:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(row) + "\n")

    def reply_ratings(self) -> list[dict[str, Any]]:
        path = self.data_dir / "feedback" / RATINGS_FILE
        if not path.is_file():
            return []
        out = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # a torn last line from a killed app
        return out

    # index hot reload -------------------------------------------------------------------
    def request_reload(self) -> None:
        """Ask the watcher to check the index now (SIGHUP handler, tests)."""
        self._reload_now.set()

    def check_reload(self) -> bool:
        try:
            changed = bool(self.engine.reload_if_changed())
        except Exception:  # a half-written or broken index must not stop the app
            log.exception("index reload failed; the previous index keeps serving")
            return False
        if changed:
            log.warning("index changed on disk: reloaded")
        return changed

    def start_watcher(self) -> threading.Thread | None:
        if self.reload_interval_s <= 0:
            return None
        thread = threading.Thread(target=self._watch, name="index-watcher", daemon=True)
        thread.start()
        return thread

    def _watch(self) -> None:
        while not self._stop.is_set():
            self._reload_now.wait(self.reload_interval_s)
            self._reload_now.clear()
            if not self._stop.is_set():
                self.check_reload()

    def close(self) -> None:
        self._stop.set()
        self._reload_now.set()
        if self._store is not None and self._own_store:
            self._store.close()
        closer = getattr(self.engine, "close", None)
        if callable(closer):
            closer()
