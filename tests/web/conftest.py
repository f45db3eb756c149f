"""Fixtures for the web app tests: the app served on a free port over the demo index, a tiny
second index for the escaping and hot-reload cases, and headless system Chromium."""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
XSS_TITLE = '<img src=x onerror="window.__xss=1">Quokka Lamp'
XSS_BRAND = "<script>window.__xss=2</script>Brandy"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def web_settings(data_dir: Path) -> Any:
    from assistant.settings import Settings

    settings = Settings()
    settings.data_dir = data_dir
    settings.support.today = "2026-11-01"  # the demo generator's reference date
    settings.web.reload_interval_s = 0  # tests trigger reloads themselves
    settings.web.views = "shop,support,insights"  # the staff views are tested too
    return settings


def load_orders(store: Any, demo_dir: Path) -> None:
    from assistant.support.demo_orders import demo_order

    lines = (demo_dir / "orders.jsonl").read_text(encoding="utf-8").splitlines()
    store.add_orders([demo_order(json.loads(line)) for line in lines if line.strip()])


class ServedApp:
    def __init__(self, services: Any) -> None:
        from assistant.web.app import build_app, launch_kwargs

        self.services = services
        self.demo = build_app(services)
        self.port = free_port()
        self.demo.launch(
            server_name="127.0.0.1",
            server_port=self.port,
            prevent_thread_lock=True,
            **launch_kwargs(services),
        )
        self.url = f"http://127.0.0.1:{self.port}/"

    def close(self) -> None:
        self.demo.close()
        self.services.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def demo_app(demo_index_dir: Path, demo_dir: Path, tmp_path_factory) -> Iterator[ServedApp]:
    """The app over the demo index (CF model beside it), with the demo orders in its store."""
    from assistant.store import store_from_settings
    from assistant.web.services import AppServices

    settings = web_settings(tmp_path_factory.mktemp("web-data"))
    with store_from_settings(settings) as store:
        load_orders(store, demo_dir)
    app = ServedApp(AppServices.create(demo_index_dir, settings, demo_dir))
    yield app
    app.close()


@pytest.fixture(scope="session")
def app_url(demo_app: ServedApp) -> str:
    return demo_app.url


def tiny_catalog(path: Path, extra: list[dict[str, Any]] = ()) -> Path:  # type: ignore[assignment]
    rows = [
        {
            "product_id": "X1",
            "title": XSS_TITLE,
            "description": "A bedside lamp <b>with</b> a linen shade. {{7*7}} ${1+1}",
            "brand": XSS_BRAND,
            "category": "Home > Lighting",
            "price": 39.0,
            "color": "white",
            "rating": 4.2,
            "review_count": 31,
            "in_stock": True,
            "image_url": "javascript:alert(1)",
        }
    ]
    kinds = ["mug", "kettle", "toaster", "blanket", "pillow", "candle", "vase", "clock"]
    for i, kind in enumerate(kinds * 3):
        rows.append(
            {
                "product_id": f"T{i:02d}",
                "title": f"Plain {kind} model {i}",
                "description": f"A simple {kind} for everyday use.",
                "brand": "Homely",
                "category": "Home > Kitchen",
                "price": 10.0 + i,
                "color": "grey",
                "rating": 4.0,
                "review_count": 5 + i,
                "in_stock": True,
            }
        )
    rows.extend(extra)
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def build_tiny_index(catalog: Path, out: Path, encoder: Any) -> None:
    from assistant.catalog import load_catalog
    from assistant.indexing.builder import IndexBuilder
    from assistant.settings import Settings

    IndexBuilder(Settings(), encoder).build(load_catalog(catalog), out)


@pytest.fixture(scope="session")
def tiny_index_dir(tmp_path_factory, encoder) -> Path:
    root = tmp_path_factory.mktemp("tiny")
    build_tiny_index(tiny_catalog(root / "catalog.jsonl"), root / "index", encoder)
    return root / "index"


@pytest.fixture(scope="session")
def tiny_app(tiny_index_dir: Path, tmp_path_factory) -> Iterator[ServedApp]:
    """A second app over a small index holding a product named like an XSS attack."""
    from assistant.web.services import AppServices

    settings = web_settings(tmp_path_factory.mktemp("tiny-data"))
    app = ServedApp(AppServices.create(tiny_index_dir, settings, None))
    yield app
    app.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


class ShopPage:
    """The shopper tab, driven the way a person would (label, Enter, clicks)."""

    def __init__(self, page: Any, url: str, artifacts: Path) -> None:
        self.page = page
        self.url = url
        self.artifacts = artifacts
        self.turns = 0

    def open(self) -> ShopPage:
        self.page.goto(self.url)
        self.page.get_by_label("Message", exact=True).wait_for(timeout=30_000)
        self.page.locator('#cards [data-turn="0"]').wait_for(timeout=30_000)
        self.turns = 0
        return self

    def wait_turn(self, timeout: float = 60_000) -> None:
        self.turns += 1
        self.page.locator(f'#cards [data-turn="{self.turns}"]').wait_for(timeout=timeout)

    def send(self, text: str) -> None:
        box = self.page.get_by_label("Message", exact=True)
        box.fill(text)
        box.press("Enter")
        self.wait_turn()

    def card_ids(self) -> list[str]:
        return list(
            self.page.locator("#cards .product-card").evaluate_all(
                "els => els.map(e => e.dataset.product)"
            )
        )

    def card_text(self) -> list[str]:
        return list(self.page.locator("#cards .product-card").all_inner_texts())

    def chips(self) -> list[str]:
        return [
            t.replace("✕", "").strip() for t in self.page.locator("#chips .chip").all_inner_texts()
        ]

    def bot_messages(self) -> list[str]:
        return list(self.page.locator('#shopper-chat [data-testid="bot"]').all_inner_texts())

    def last_reply(self) -> str:
        messages = self.bot_messages()
        return messages[-1] if messages else ""

    def card_action(self, position: int, action: str) -> None:
        card = self.page.locator("#cards .product-card").nth(position - 1)
        card.locator(f'button[data-action="{action}"]').click()
        self.wait_turn()

    def choose_shopper(self, label: str, name: str) -> None:
        self.page.get_by_label("Shopper").click()
        self.page.get_by_role("option", name=label).click()
        self.page.get_by_text(f"Shopping as {name}").wait_for()
        self.page.locator('#cards [data-turn="0"]').wait_for()
        self.turns = 0

    def shot(self, name: str) -> Path:
        path = self.artifacts / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def shop(page: Any, app_url: str, artifacts: Path) -> ShopPage:
    page.set_default_timeout(30_000)
    return ShopPage(page, app_url, artifacts).open()


@pytest.fixture
def shop_page(artifacts: Path) -> Any:
    """Make a ShopPage for any page and app URL (several sessions, the tiny app)."""

    def make(page: Any, url: str) -> ShopPage:
        page.set_default_timeout(30_000)
        return ShopPage(page, url, artifacts).open()

    return make


@pytest.fixture(scope="session")
def rebuild_tiny_index(tiny_index_dir: Path, encoder, tmp_path_factory) -> Any:
    """Rebuild the tiny app's index in place (atomic swap) with extra catalog rows."""

    def rebuild(extra: list[dict[str, Any]]) -> None:
        catalog = tiny_catalog(tmp_path_factory.mktemp("tiny-v2") / "catalog.jsonl", extra)
        build_tiny_index(catalog, tiny_index_dir, encoder)

    return rebuild
