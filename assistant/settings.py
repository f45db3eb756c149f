"""One settings object for the whole project.

Values come, in increasing priority, from the dataclass defaults, a TOML file
(``ASSISTANT_CONFIG`` or ``assistant.toml`` in the working directory) and environment
variables. Top-level fields read ``ASSISTANT_<FIELD>``; fields of a section read
``ASSISTANT_<SECTION>__<FIELD>`` (double underscore), e.g. ``ASSISTANT_RETRIEVAL__ALPHA=0.6``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError

ENV_PREFIX = "ASSISTANT_"


@dataclass
class EmbeddingSettings:
    backend: str = "torch"  # torch | onnx | onnx-int8 (see bench/bench_encoder.py)
    batch_size: int = 64
    threads: int = 0  # 0 = let torch decide
    # encoder for one text at a time (chat messages, search queries) in the app, converse and
    # search. onnx gives the same vectors as torch (min cosine 1.0000, top-10 overlap 1.0) at
    # 3.75 ms instead of 16.8 ms a query (bench/bench_encoder.py); falls back to `backend`
    # when onnxruntime is not installed. Index builds and evaluations use `backend`.
    query_backend: str = "onnx"
    # numpy / FAISS BLAS threads in a serving process. Turns multiply small matrices; with more
    # than one BLAS thread they wait on torch's spinning OpenMP threads (a 50 x 384 product took
    # 15 ms instead of 0.2 ms). 0 = the libraries' default.
    blas_threads: int = 1


@dataclass
class IndexSettings:
    # exact inner-product search up to this many products, an approximate index above it
    exact_max: int = 200_000
    kind: str = "auto"  # auto | flat | hnsw | ivf | ivfpq (see assistant/indexing/dense.py)
    large_kind: str = "ivf"  # what auto picks above exact_max (docs/scaling.md)
    hnsw_m: int = 32
    hnsw_ef_search: int = 128
    ivf_nlist: int = 0  # 0 = 4 * sqrt(products)
    ivf_nprobe: int = 16
    pq_m: int = 48  # ivfpq: bytes per vector
    # BM25 over product texts; titles are short, so length normalisation (b) is kept low
    bm25_k1: float = 0.9
    bm25_b: float = 0.5


@dataclass
class RetrievalSettings:
    # candidates taken from each retriever before fusion
    depth: int = 300
    # weight of the dense score in the convex fusion (lexical gets 1 - alpha)
    alpha: float = 0.5
    fusion: str = "convex"  # convex | rrf
    rrf_k: int = 60
    # query words unknown to the catalog replaced by the closest catalog word (typos) or
    # split into the two catalog words they glue together; word pairs the catalog writes
    # as one word ("power washer" / "PowerWasher") also searched joined
    spell_correct: bool = True
    # pseudo-relevance feedback (hybrid only): the query vector is moved towards the mean of
    # its best feedback_docs products (weight feedback_weight) and the dense side searched
    # again; 0 turns it off
    feedback_docs: int = 5
    feedback_weight: float = 1.0
    # (hybrid only) weight of the word-pair BM25: products with the query's words side by
    # side ("wall plate") get up to this much more fused score (then rescaled to [0, 1])
    phrase_weight: float = 0.1
    # what the shop's search (chat and CLI) calls a match: a product whose cosine to the query
    # is below min_dense, or below min_dense_no_words when it shares no word with the query,
    # is not shown as one ("pizza" finds no food boxes, "lawn mower" no power bank a typo
    # fix matched). Set on the demo catalog with MiniLM (docs/evaluation.md); 0 turns it off.
    # ... unless it has at least this share of the words searched for (typos fixed: the
    # cosine of "hedphones" to headphones is 0.28)
    min_dense: float = 0.3
    min_dense_no_words: float = 0.38
    min_word_share: float = 0.6


@dataclass
class NLUSettings:
    intent_threshold: float = 0.45  # below it: "other" (or "search" when a product is named)
    fuzzy_cutoff: int = 88  # rapidfuzz ratio for catalog brand / colour / category typos
    max_chars: int = 2000  # longer messages are cut before analysis
    model_path: str = ""  # trained heads (.npz); empty = the weights shipped in the package


@dataclass
class CFSettings:
    # shipped model: blend (ALS + EASE + recency-weighted repeats) | als | ease | item_knn
    # | session_knn | popularity. Knobs tuned on a validation split (see assistant/eval/cf.py).
    model: str = "blend"
    factors: int = 128
    iterations: int = 15
    regularization: float = 0.05
    alpha: float = 2.0  # ALS confidence scaling
    ease_lambda: float = 300.0
    ease_max_items: int = 8000  # EASE keeps a dense items x items matrix; skipped above this
    knn_neighbours: int = 100
    blend_ease: float = 0.6  # share of EASE vs ALS in the blend
    blend_repeat: float = 1.0  # weight of the user's own recent items ("buy again")
    repeat_tau_days: float = 90.0  # recency decay of the repeat term
    history_tau_days: float = 60.0  # recency decay of history items when scoring a user
    blend_trend: float = 0.3  # weight of recent popularity in the blend
    trend_days: float = 30.0  # window of "recent popularity"
    seed: int = 0
    # summed per (user, item), then confidence = log(1 + sum). A dislike removes the item
    # from the history and penalises it; a rating counts rating * (stars - 2.5) / 2.5.
    event_weights: dict[str, float] = field(
        default_factory=lambda: {
            "view": 0.1,
            "click": 0.25,
            "like": 0.5,
            "add_to_cart": 0.6,
            "purchase": 1.0,
            "rating": 0.5,
            "dislike": -1.0,
        }
    )


@dataclass
class RerankSettings:
    # final = w_relevance * relevance + w_cf * cf + w_popularity * popularity - diversity penalty
    w_relevance: float = 0.6
    w_cf: float = 0.3
    w_popularity: float = 0.1
    diversity: float = 0.15  # MMR trade-off: 0 = off
    cf_reason_min: float = 0.5  # normalised CF affinity needed before a CF reason is shown
    popularity_reason_min_reviews: int = 20
    popularity_reason_min_rating: float = 4.0  # "popular" only for products rated this well
    # shopper profile (assistant.profile): + w_profile * boost - soft_filter_penalty * breaks
    w_profile: float = 0.1  # picked on the Online Retail validation split (eval profile)
    soft_filter_penalty: float = 0.5
    # "cheapest ..." orders by price the products with relevance >= this share of the best's
    price_order_gate: float = 0.6
    # "best rated first" counts a product's rating as if it had this many more reviews of
    # ``rating_order_prior``: 5.0 from one review does not top 4.9 from fifty
    rating_order_prior_reviews: int = 5
    rating_order_prior: float = 3.5
    # subtracted from an out-of-stock product's score: in-stock close matches go first, an
    # out-of-stock product still shows when it is the clearly better match
    out_of_stock_penalty: float = 0.2
    # in a list, at most this many products with the same title / brand ahead of the rest
    # (0 = no cap); the brand cap is off when the shopper asked for brands
    max_same_title: int = 2
    max_same_brand: int = 3


@dataclass
class GenerationSettings:
    backend: str = "template"  # template | local | openai
    openai_url: str = "http://127.0.0.1:8000/v1"
    openai_model: str = "gpt-4o-mini"
    openai_api_key: str = ""
    max_new_tokens: int = 60
    timeout_s: float = 20.0
    # local LLM: the longest a reply waits for the model while it words other replies; past
    # it the template words the reply (bench/load_test.py --backend local)
    queue_wait_s: float = 1.0


@dataclass
class StoreSettings:
    # how long a writer waits for another writer's lock before giving up
    busy_timeout_ms: int = 10_000
    # NORMAL (WAL): a committed write survives the app being killed; FULL: also power loss
    synchronous: str = "NORMAL"


@dataclass
class SupportSettings:
    # escalate with a carrier trace when a shipped parcel is this many business days past its
    # estimate (shipping policy: "has not arrived 3 business days after that date")
    late_escalation_days: int = 3
    # a parcel this many business days past its estimate is lost (shipping policy: 10)
    lost_after_days: int = 10
    # "today" for order ages and lateness, ISO date; empty = the clock (set it to the demo
    # generator's reference date, 2026-11-01, when serving the demo shop)
    today: str = ""
    policies_dir: str = ""  # help-centre markdown pages; empty = the pages shipped in the package
    passages: int = 3  # policy passages returned per request
    alpha: float = 0.7  # dense share of the passage score (BM25 gets 1 - alpha)
    # a passage is quoted only when its cosine to the message reaches this ("this is useless"
    # reads like no passage: 0.05-0.1; real policy questions 0.4-0.7); a rule's pin always is
    passage_min_cosine: float = 0.2
    orders_shown: int = 3  # latest orders shown when no order id is given
    # an item the customer names ("my standing desk") is looked for in this many orders
    orders_searched: int = 50
    alternatives: int = 3  # replacement / alternative products offered
    price_band: float = 0.3  # alternatives within +-30% of the item's price
    # the returns policy's windows (returns page: "within 30 days of delivery", "report damage
    # within 7 days"); the drafted replies state these numbers, so rule and wording agree
    return_window_days: int = 30
    damage_report_days: int = 7
    # the refunds page: "For change-of-mind returns the $5.99 return label fee is deducted"
    return_label_fee: float = 5.99
    # the refunds page: a refund is issued "within 2-3 business days" of the return arriving
    refund_days: int = 3
    # a shopping-labelled message below this intent confidence becomes a return when it says
    # "how do I return ..." / "I want to cancel ..." (assistant.support.triage)
    triage_unsure: float = 0.5


@dataclass
class WebSettings:
    host: str = "127.0.0.1"
    port: int = 7860
    reload_interval_s: float = 5.0  # how often the app checks the index fingerprint; 0 = never
    demo_dir: str = ""  # demo shop (shoppers, images); empty = <data_dir>/demo
    # tabs on the page, comma-separated: shop, support, insights. The support and insights
    # views show customers' orders and conversations: serve them only behind authentication
    views: str = "shop"


@dataclass
class Settings:
    index_dir: Path = Path("index")
    data_dir: Path = Path("data")
    store_url: str = ""  # empty = sqlite file under data_dir
    store: StoreSettings = field(default_factory=StoreSettings)
    embedding: EmbeddingSettings = field(default_factory=EmbeddingSettings)
    index: IndexSettings = field(default_factory=IndexSettings)
    retrieval: RetrievalSettings = field(default_factory=RetrievalSettings)
    nlu: NLUSettings = field(default_factory=NLUSettings)
    cf: CFSettings = field(default_factory=CFSettings)
    rerank: RerankSettings = field(default_factory=RerankSettings)
    generation: GenerationSettings = field(default_factory=GenerationSettings)
    support: SupportSettings = field(default_factory=SupportSettings)
    web: WebSettings = field(default_factory=WebSettings)

    @classmethod
    def load(cls, path: str | Path | None = None, env: dict[str, str] | None = None) -> Settings:
        """Defaults, then the TOML file, then environment variables."""
        env = dict(os.environ if env is None else env)
        settings = cls()
        file = path or env.get(ENV_PREFIX + "CONFIG")
        if file is None and Path("assistant.toml").is_file():
            file = "assistant.toml"
        if file is not None:
            try:
                data = tomllib.loads(Path(file).read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise AssistantError(f"settings file not found: {file}") from None
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise AssistantError(f"settings file {file} is not valid TOML: {exc}") from None
            _apply_mapping(settings, data, where=str(file))
        for key, raw in env.items():
            if not key.startswith(ENV_PREFIX) or key == ENV_PREFIX + "CONFIG":
                continue
            parts = key[len(ENV_PREFIX) :].lower().split("__")
            _apply_env(settings, parts, raw, where=key)
        return settings

    def store_location(self) -> str:
        return self.store_url or str(Path(self.data_dir) / "assistant.sqlite3")


def _apply_mapping(target: Any, data: dict[str, Any], where: str) -> None:
    names = {f.name: f for f in dataclasses.fields(target)}
    for key, value in data.items():
        if key not in names:
            raise AssistantError(f"unknown setting {key!r} in {where}")
        current = getattr(target, key)
        if dataclasses.is_dataclass(current) and isinstance(value, dict):
            _apply_mapping(current, value, where)
        else:
            setattr(target, key, _coerce(_field_type(target, key), value, f"{where}:{key}"))


def _apply_env(target: Any, parts: list[str], raw: str, where: str) -> None:
    for i, part in enumerate(parts):
        names = {f.name for f in dataclasses.fields(target)}
        if part not in names:
            return  # foreign ASSISTANT_* variables are not ours to reject
        if i == len(parts) - 1:
            setattr(target, part, _coerce(_field_type(target, part), raw, where))
            return
        target = getattr(target, part)
        if not dataclasses.is_dataclass(target):
            return


def _field_type(target: Any, name: str) -> Any:
    return typing.get_type_hints(type(target))[name]


def _coerce(kind: Any, value: Any, where: str) -> Any:
    try:
        if kind is bool:
            if isinstance(value, str):
                return value.strip().lower() in {"1", "true", "yes", "on"}
            return bool(value)
        if kind in (int, float, str):
            return kind(value)
        if kind is Path:
            return Path(value)
        if typing.get_origin(kind) is dict:
            if isinstance(value, str):
                pairs = (item.split("=", 1) for item in value.split(",") if item.strip())
                return {k.strip(): float(v) for k, v in pairs}
            return dict(value)
    except (TypeError, ValueError) as exc:
        raise AssistantError(f"bad value for {where}: {value!r} ({exc})") from None
    return value
