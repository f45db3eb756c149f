"""Demo shops generated once per session: the default size and a small one."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant.demo import DemoSummary, generate_demo


@dataclass
class DemoShop:
    summary: DemoSummary
    products: list[dict[str, Any]]
    shoppers: list[dict[str, Any]]
    interactions: list[dict[str, str]]
    orders: list[dict[str, Any]]


def load_shop(summary: DemoSummary) -> DemoShop:
    def jsonl(path: Path) -> list[dict[str, Any]]:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

    with summary.interactions_path.open(encoding="utf-8", newline="") as fh:
        interactions = list(csv.DictReader(fh))
    return DemoShop(
        summary=summary,
        products=jsonl(summary.catalog_path),
        shoppers=jsonl(summary.shoppers_path),
        interactions=interactions,
        orders=jsonl(summary.orders_path),
    )


@pytest.fixture(scope="session")
def default_shop(tmp_path_factory: pytest.TempPathFactory) -> DemoShop:
    """The demo exactly as ``assistant demo generate`` writes it by default."""
    return load_shop(generate_demo(tmp_path_factory.mktemp("demo-default")))


@pytest.fixture(scope="session")
def small_shop(tmp_path_factory: pytest.TempPathFactory) -> DemoShop:
    return load_shop(
        generate_demo(tmp_path_factory.mktemp("demo-small"), seed=11, n_products=400, n_shoppers=40)
    )
