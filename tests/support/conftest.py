"""Support-desk fixtures: a store with the demo orders, the real NLU, search and desk."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from assistant.demo import REFERENCE_DATE
from assistant.settings import Settings
from assistant.store import Order, OrderItem, Store, open_store
from assistant.support.demo_orders import load_demo_orders
from assistant.support.types import PastTurn, SupportOutcome, SupportRequest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def late_lamp_order() -> Order:
    """u9's lamp, shipped with UPS and due October 20, 2026 (late by the tests' dates)."""
    return Order(
        "A1234",
        "u9",
        "shipped",
        "2026-10-01T09:00:00Z",
        (OrderItem("P1", "Lamp", 1, 40.0),),
        carrier="UPS",
        estimated_delivery="2026-10-20",
    )


@pytest.fixture(scope="session")
def support_settings() -> Settings:
    settings = Settings()
    settings.support.today = REFERENCE_DATE.date().isoformat()
    return settings


@pytest.fixture(scope="session")
def demo_orders(demo_dir: Path) -> list[dict[str, Any]]:
    lines = (demo_dir / "orders.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@pytest.fixture(scope="session")
def support_store(demo_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = open_store(tmp_path_factory.mktemp("support-store") / "store.sqlite3")
    load_demo_orders(store, demo_dir)
    return store


@pytest.fixture(scope="session")
def nlu(encoder):
    from assistant.nlu.pipeline import NLUPipeline

    return NLUPipeline.load(encoder=encoder)


@pytest.fixture(scope="session")
def product_search(demo_index, demo_index_dir: Path, encoder, support_settings: Settings):
    from assistant.retrieval.product_search import ProductSearch, load_personalizer

    personalizer = load_personalizer(demo_index_dir, support_settings)
    return ProductSearch(demo_index, encoder, support_settings, personalizer)


@pytest.fixture(scope="session")
def policy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("policy-cache")


@pytest.fixture(scope="session")
def desk(support_settings, support_store, product_search, demo_index, encoder, policy_cache):
    from assistant.support.desk import SupportDesk

    return SupportDesk.load(
        support_settings,
        support_store,
        product_search,
        demo_index,
        encoder=encoder,
        policy_cache_dir=policy_cache,
    )


Ask = Callable[..., SupportOutcome]


@pytest.fixture(scope="session")
def ask(desk, nlu) -> Ask:
    """``ask(message, user_id, history=[(message, sentiment), ...], agent_view=False)``."""

    def run(
        message: str,
        user_id: str | None = "u001",
        history: Sequence[tuple[str, str]] = (),
        agent_view: bool = False,
    ) -> SupportOutcome:
        past = [PastTurn(m, nlu.run(m).intent, s) for m, s in history]
        request = SupportRequest(message, nlu.run(message), "s-test", user_id, past, agent_view)
        return desk.run(request)

    return run


@pytest.fixture(scope="session")
def scripted_messages() -> list[dict[str, Any]]:
    lines = (DATA / "scripted_messages.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="session")
def support_bot(demo_index_dir: Path, encoder, support_store: Store, support_settings: Settings):
    """The real Assistant (router, session state, support desk) over the demo index, sharing
    the support store with the demo orders; template replies, "today" the demo's day."""
    from dataclasses import replace

    from assistant.engine.assistant import Assistant

    settings = replace(support_settings, generation=replace(support_settings.generation))
    settings.generation.backend = "template"
    bot = Assistant.load(demo_index_dir, settings, store=support_store, encoder=encoder)
    yield bot
    bot.close()


Pick = Callable[..., dict[str, Any]]


@pytest.fixture(scope="session")
def pick(demo_orders: list[dict[str, Any]]) -> Pick:
    """``pick(status=..., several=True, newest=True, where=lambda row: ...)``: the first demo
    order matching all the conditions (a clear failure when the demo has none)."""
    by_user: dict[str, list[dict[str, Any]]] = {}
    for row in demo_orders:
        by_user.setdefault(row["user_id"], []).append(row)

    def run(
        status: str | None = None,
        several: bool = False,
        newest: bool = False,
        where: Callable[[dict[str, Any]], bool] = lambda row: True,
    ) -> dict[str, Any]:
        for row in demo_orders:
            mine = by_user[row["user_id"]]
            if (
                (status is None or row["status"] == status)
                and (not several or len(mine) >= 2)
                and (not newest or row["placed_at"] == max(r["placed_at"] for r in mine))
                and where(row)
            ):
                return row
        raise AssertionError("the demo has no order matching the conditions")

    return run
