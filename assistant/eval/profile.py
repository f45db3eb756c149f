"""``assistant eval profile``: the profile-aware re-ranker vs the plain one, and scenarios.

Online Retail (same split and metrics as ``assistant eval cf``): every customer's last
invoice is held out; the shipped CF model and the session model are trained on the rest.
For each held-out customer the candidates are the CF model's top ``candidates`` items (in
the ``new`` protocol without the customer's own history, as in ``eval cf``); the plain
``Reranker`` and the same ``Reranker`` with a ``ProfileContext`` rank those candidates in
the same run, and Recall@10 / NDCG@10 are computed for both, plus the CF order itself.

The retail data has no brands, categories or colours, so the product table is derived from
its own columns: title = the most frequent Description, price = median UnitPrice, category
= the product-type word of the description ("... T-LIGHT HOLDER" -> "HOLDER"), colour = the
first colour word. Profiles are derived (``ProfileDeriver``) from training purchases only.

Scenario detection: held-out accuracy of the classifier fitted on the rest of the labelled
utterances (``assistant/profile/data/scenarios``).

Measured (2026-11-26, full data, test split, 2845 customers / 2502 in ``new``, 100 blend
candidates, w_profile 0.1 picked on the validation split):
R@10 all / new: cf order 0.2846 / 0.1008, plain re-ranker 0.2844 / 0.0930, profile 0.2846 /
0.0942 (NDCG@10 all / new: 0.2811 / 0.0858 plain, 0.2811 / 0.0862 profile). With the first
weight, 0.25, the profile lost (0.2750 / 0.0921). Profile + replenish shaping: 0.2881 / 0.0942
(NDCG@10 all 0.2834). Scenario held-out accuracy 0.939 (33 lines).
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assistant.errors import AssistantError
from assistant.eval.cf import PROTOCOLS, holdout_last_invoice, load_online_retail
from assistant.eval.ranking_metrics import ndcg_at_k, recall_at_k
from assistant.settings import Settings

COLOURS = (
    "red", "pink", "blue", "white", "black", "green", "ivory", "gold", "silver", "cream",
    "purple", "yellow", "orange", "brown", "grey", "turquoise", "lilac", "navy",
)  # fmt: skip
NOT_A_TYPE = {
    "design", "set", "of", "pack", "assorted", "small", "large", "mini", "jumbo", "medium",
    "retrospot", "polkadot", "vintage", "tier", "the", "and", "with", "in", "a", "colour",
    "colours", "style", "asst", "regency", "paisley", "london", "home",
} | set(COLOURS)  # fmt: skip
_WORD = re.compile(r"[a-z][a-z'-]+")


def product_type(description: str) -> str:
    """The product-type word of an Online Retail description ("... HOLDER" -> "Holder")."""
    words = _WORD.findall(str(description).lower())
    for word in reversed(words):
        if word not in NOT_A_TYPE and len(word) > 2:
            if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
                word = word[:-1]
            return word.capitalize()
    return "Other"


def retail_products(path: str | Path) -> dict[str, dict[str, Any]]:
    raw = pd.read_parquet(Path(path), columns=["StockCode", "Description", "UnitPrice"])
    raw = raw.dropna(subset=["Description"])
    out: dict[str, dict[str, Any]] = {}
    grouped = raw.groupby(raw["StockCode"].astype(str))
    titles = grouped["Description"].agg(lambda s: s.value_counts().index[0])
    prices = grouped["UnitPrice"].median().to_dict()
    for code, title in titles.items():
        text = str(title).lower()
        colour = next((c for c in COLOURS if re.search(rf"\b{c}\b", text)), "")
        out[str(code)] = {
            "product_id": str(code),
            "title": str(title).strip(),
            "brand": "",
            "category": product_type(str(title)),
            "color": colour,
            "price": float(prices[code]),
        }
    return out


def evaluate_profile(
    path: str | Path,
    settings: Settings,
    max_customers: int | None = None,
    candidates: int = 100,
    k: int = 10,
    progress: Callable[[str], None] | None = None,
    split: str = "test",
    variants: Mapping[str, tuple[float, frozenset[str] | None, str]] | None = None,
) -> dict[str, Any]:
    """``variants``: name -> (w_profile, profile item kinds used or None for all, scenario);
    the default: "profile" (the settings' weight, every kind, browsing) and "profile +
    replenish" (the same with the replenish shaping: previously bought candidates first)."""
    import dataclasses

    from threadpoolctl import threadpool_limits

    from assistant.events import Event
    from assistant.profile.derive import ProfileDeriver, purchased_counts
    from assistant.profile.model import ShopperProfile
    from assistant.profile.scenario import SHAPING, heldout_accuracy
    from assistant.profile.scoring import ProfileContext
    from assistant.recommend.training import train_personalizer
    from assistant.rerank.reranker import Reranker
    from assistant.retrieval.types import Filters, SearchHit

    if candidates < k:
        raise AssistantError(f"--candidates must be >= k ({k})")
    say = progress or (lambda _msg: None)
    if split not in ("test", "validation"):
        raise AssistantError(f"split must be 'test' or 'validation', not {split!r}")
    frame = load_online_retail(path, max_customers)
    cut = holdout_last_invoice(frame)
    if split == "validation":  # each customer's second-to-last invoice; test stays unseen
        cut = holdout_last_invoice(cut.train)
    if not cut.targets:
        raise AssistantError("no customer has two invoices: nothing to evaluate")
    products = retail_products(path)
    train = cut.train
    events = [
        Event(u, p, "purchase", 1.0, float(t))
        for u, p, t in zip(train["user_id"], train["product_id"], train["timestamp"], strict=True)
    ]
    say(f"training {settings.cf.model} on {len(events)} purchase lines")
    start = time.perf_counter()
    with threadpool_limits(limits=1, user_api="blas"):
        personalizer = train_personalizer(events, settings.cf)
    train_seconds = time.perf_counter() - start
    by_user: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        by_user[e.user_id].append(e)
    deriver = ProfileDeriver(products.get)
    titles = {p: str(v["title"]) for p, v in products.items()}
    plain = Reranker(settings.rerank, personalizer, titles)
    w_profile = settings.rerank.w_profile
    variants = variants or {
        "profile": (w_profile, None, "browsing"),
        "profile + replenish": (w_profile, None, "replenish"),
    }
    rerankers = {
        name: (
            Reranker(dataclasses.replace(settings.rerank, w_profile=w), personalizer, titles),
            kinds,
            SHAPING[scenario],
        )
        for name, (w, kinds, scenario) in variants.items()
    }
    model, data = personalizer.model, personalizer.model.data
    item_ids = np.array(data.item_ids)
    rows: dict[str, dict[str, list[tuple[float, float]]]] = {
        name: {p: [] for p in PROTOCOLS} for name in ("cf order", "plain re-ranker", *variants)
    }
    profiled = 0
    say(f"re-ranking {len(cut.targets)} customers x {len(PROTOCOLS)} protocols")
    with threadpool_limits(limits=1, user_api="blas"):
        for user, target in cut.targets.items():
            history = by_user.get(user, [])
            profile = ShopperProfile(user, deriver.run(history), purchased_counts(history))
            profiled += bool(profile.items)
            scores = model.all_scores(user).astype(np.float64, copy=True)
            seen = data.confidence_row(user)[0]
            for protocol in PROTOCOLS:
                relevant = set(target)
                if protocol == "new":
                    relevant -= {data.item_ids[i] for i in seen}
                    if not relevant:
                        continue
                    scores[seen] = -np.inf
                top = np.argpartition(-scores, min(candidates, len(scores) - 1))[:candidates]
                top = top[np.argsort(-scores[top], kind="stable")]
                top = top[np.isfinite(scores[top])]
                ids = [str(i) for i in item_ids[top]]
                hits = [
                    SearchHit(pid, n, 0.0, product=products.get(pid, {"title": pid}))
                    for n, pid in enumerate(ids)
                ]
                ranked = {
                    "cf order": ids[:k],
                    "plain re-ranker": [
                        r.product_id for r in plain.run(hits, user, [], Filters(), k=k)
                    ],
                }
                for name, (reranker, kinds, shaping) in rerankers.items():
                    used = (
                        profile.items
                        if kinds is None
                        else [i for i in profile.items if i.kind in kinds]
                    )
                    context = ProfileContext(ShopperProfile(user, used, profile.purchased), shaping)
                    ranked[name] = [
                        r.product_id
                        for r in reranker.run(hits, user, [], Filters(), k=k, profile=context)
                    ]
                for name, lst in ranked.items():
                    gains = [1.0 if p in relevant else 0.0 for p in lst]
                    rows[name][protocol].append(
                        (
                            recall_at_k(lst, relevant, k, cap=True),
                            ndcg_at_k(gains, [1.0] * len(relevant), k),
                        )
                    )
    say("scenario held-out accuracy")
    scenario = heldout_accuracy()
    return {
        "k": k,
        "split": split,
        "candidates": candidates,
        "customers": len(cut.targets),
        "customers_with_profile_items": profiled,
        "cf_model": settings.cf.model,
        "train_seconds": round(train_seconds, 2),
        "w_profile": settings.rerank.w_profile,
        "rankers": {name: _summary(per) for name, per in rows.items()},
        "scenario": scenario,
    }


def _summary(per: Mapping[str, list[tuple[float, float]]]) -> dict[str, Any]:
    return {
        p: {
            "recall": float(np.mean([r for r, _ in v])) if v else 0.0,
            "ndcg": float(np.mean([n for _, n in v])) if v else 0.0,
            "users": len(v),
        }
        for p, v in per.items()
    }


def format_report(result: Mapping[str, Any]) -> str:
    k = result["k"]
    head = f"{'ranker':<20} {'R@' + str(k) + ' all':>10} {'N@' + str(k) + ' all':>10} {'R@' + str(k) + ' new':>10} {'N@' + str(k) + ' new':>10}"
    lines = [head, "-" * len(head)]
    for name, per in result["rankers"].items():
        a, n = per["all"], per["new"]
        lines.append(
            f"{name:<20} {a['recall']:>10.4f} {a['ndcg']:>10.4f} {n['recall']:>10.4f} {n['ndcg']:>10.4f}"
        )
    first = next(iter(result["rankers"].values()))
    lines.append(
        f"customers: all={first['all']['users']} new={first['new']['users']}; "
        f"candidates={result['candidates']} from {result['cf_model']}; "
        f"with profile items={result['customers_with_profile_items']}"
    )
    sc = result["scenario"]
    lines.append(
        f"scenario held-out accuracy {sc['accuracy']:.3f} on {sc['heldout']} "
        f"(trained on {sc['train']}); per class: "
        + ", ".join(f"{c} {v['recall']:.2f} (n={v['n']})" for c, v in sc["per_class"].items())
    )
    return "\n".join(lines)
