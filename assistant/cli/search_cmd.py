"""``assistant search`` (one query or a file of queries) and ``assistant eval retrieval``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.cli.common import finite_float, load_settings, print_json
from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.retrieval.product_search import SearchResult
    from assistant.retrieval.types import Filters

# queries encoded together in --queries mode (results still stream out chunk by chunk)
QUERY_CHUNK = 256

DEFAULT_DEV = (
    Path(__file__).resolve().parents[2].parent / "shared" / "data" / "homedepot" / "dev.csv"
)


def register(commands: Any, evals: Any) -> None:
    search = commands.add_parser("search", help="hybrid product search with hard filters")
    search.add_argument("query", nargs="?", help="the search text")
    search.add_argument("--queries", help="file with one query per line (or id<TAB>query)")
    search.add_argument("--index", help="index directory (default from settings: index/)")
    search.add_argument("--k", type=int, default=10, help="results per query (default 10)")
    search.add_argument("--user", help="personalise for this user (CF model beside the index)")
    search.add_argument("--json", action="store_true", help="JSON lines on stdout")
    search.add_argument(
        "--mode", choices=("hybrid", "dense", "lexical"), default="hybrid", help="retriever"
    )
    search.add_argument("--price-min", type=finite_float)
    search.add_argument("--price-max", type=finite_float)
    search.add_argument("--brand", action="append", default=[], help="repeatable: any of")
    search.add_argument("--color", action="append", default=[], help="repeatable: any of")
    search.add_argument("--size", action="append", default=[], help="repeatable: any of")
    search.add_argument("--category", help="any level of the category path")
    search.add_argument("--in-stock", action="store_true", help="only products in stock")
    search.add_argument("--exclude", action="append", default=[], help="leave out this term")
    search.set_defaults(handler=run_search)

    ev = evals.add_parser("retrieval", help="nDCG@10 / Recall@10,50 on Home Depot dev data")
    ev.add_argument("--data", default=str(DEFAULT_DEV), help="homedepot dev.csv")
    ev.add_argument("--cache", default="data/eval-cache/homedepot", help="index cache directory")
    ev.add_argument("--limit", type=int, help="only the first N queries (quick look)")
    ev.add_argument("--json", action="store_true", help="JSON lines on stdout")
    ev.set_defaults(handler=run_eval)


def run_search(args: argparse.Namespace) -> int:
    from assistant.embedding.encoder import query_encoder
    from assistant.embedding.threads import limit_blas_threads
    from assistant.indexing.product_index import ProductIndex
    from assistant.retrieval.product_search import ProductSearch, load_personalizer
    from assistant.retrieval.types import Filters

    if bool(args.query) == bool(args.queries):
        raise AssistantError("give either a QUERY or --queries FILE (not both, not neither)")
    if args.query is not None and not args.query.strip():
        raise AssistantError("the query is empty")
    if args.k < 1:
        raise AssistantError(f"--k must be at least 1, got {args.k}")
    if (
        args.price_min is not None
        and args.price_max is not None
        and args.price_min > args.price_max
    ):
        raise AssistantError("--price-min is above --price-max")
    queries = _read_queries(Path(args.queries)) if args.queries else [(None, args.query)]
    settings = load_settings(args)
    index_dir = Path(args.index) if args.index else settings.index_dir
    index = ProductIndex.load(index_dir)
    e = settings.embedding
    encoder = query_encoder(e)
    personalizer = load_personalizer(index_dir, settings) if args.user else None
    if args.user and personalizer is None:
        print(f"no CF model at {index_dir}/cf: results are not personalised", file=sys.stderr)
    search = ProductSearch(index, encoder, settings, personalizer, mode=args.mode)
    limit_blas_threads(e.blas_threads)
    filters = Filters(
        price_min=args.price_min,
        price_max=args.price_max,
        brands=args.brand,
        colors=args.color,
        sizes=args.size,
        category=args.category,
        in_stock_only=args.in_stock,
        exclude_terms=args.exclude,
    )
    for start in range(0, len(queries), QUERY_CHUNK):
        chunk = queries[start : start + QUERY_CHUNK]
        results = search.run_batch([text for _, text in chunk], filters, args.k, args.user)
        for (qid, text), result in zip(chunk, results, strict=True):
            _emit(args, qid, text, filters, result)
    return 0


def _emit(
    args: argparse.Namespace, qid: str | None, text: str, filters: Filters, result: SearchResult
) -> None:
    """Print one query's results: a JSON line (``--json`` or ``--queries``) or a table."""
    hits = {h.product_id: h for h in result.hits}
    rows = []
    for rank, p in enumerate(result.products, 1):
        hit = hits[p.product_id]
        rows.append(
            {
                "rank": rank,
                "product_id": p.product_id,
                "title": p.title,
                "brand": p.brand,
                "price": p.price,
                "category": p.product.get("category"),
                "rating": p.product.get("rating"),
                "in_stock": p.product.get("in_stock"),
                "image_url": p.image_url,
                "score": round(p.score, 6),
                "scores": {
                    "fused": hit.fused,
                    "dense": hit.dense,
                    "lexical": hit.lexical,
                    **{k: round(v, 6) for k, v in p.components.items()},
                },
                "matched_terms": hit.matched_terms,
                "reasons": p.reasons,
            }
        )
    doc: dict[str, Any] = {"query": text, "filters": filters.to_dict(), "results": rows}
    if qid is not None:
        doc = {"id": qid, **doc}
    doc["timings_ms"] = result.timings_ms
    if args.json or args.queries:
        print_json(doc)
    else:
        _print_table(doc)


def _read_queries(path: Path) -> list[tuple[str | None, str]]:
    if path.is_dir():
        raise AssistantError(f"--queries needs a file, {path} is a directory")
    if not path.is_file():
        raise AssistantError(f"queries file not found: {path}")
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise AssistantError(f"queries file {path} is not UTF-8 text") from None
    out: list[tuple[str | None, str]] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        qid, tab, text = line.partition("\t")
        if tab and not text.strip():
            raise AssistantError(f"queries file {path}, line {n}: id {qid.strip()!r} has no query")
        if tab:
            out.append((qid.strip() or str(n), text.strip()))
        else:
            out.append((str(n), line.strip()))
    if not out:
        raise AssistantError(f"queries file {path} has no queries")
    return out


def _print_table(doc: dict[str, Any]) -> None:
    print(f"{len(doc['results'])} result(s) for {doc['query']!r}")
    for r in doc["results"]:
        price = f"${r['price']:.2f}" if r["price"] is not None else "-"
        print(f"{r['rank']:>3}. {r['title']}  [{r['brand'] or '-'}]  {price}  ({r['product_id']})")
        for reason in r["reasons"]:
            print(f"       - {reason}")


def run_eval(args: argparse.Namespace) -> int:
    from assistant.eval.retrieval import evaluate

    settings = load_settings(args)
    data = Path(args.data)
    if not data.is_file():
        raise AssistantError(f"dev file not found: {data} (../shared/data/homedepot/dev.csv)")
    results = evaluate(data, settings, Path(args.cache), limit=args.limit)
    r = settings.retrieval
    print(
        f"retrieval on {data.name}: {results[0].queries} queries, lists cut at 100; "
        f"shipped fusion={r.fusion} alpha={r.alpha} depth={r.depth} "
        f"phrase_weight={r.phrase_weight} feedback_docs={r.feedback_docs}",
        file=sys.stderr,
    )
    anchors = {"bm25": (0.740, 0.512), "dense (MiniLM)": (0.708, 0.434)}
    print(
        f"{'method':<20} {'nDCG@10':>8} {'R@10':>7} {'R@50':>7}   anchor (nDCG/R@10)",
        file=sys.stderr,
    )
    for s in results:
        a = anchors.get(s.method)
        anchor = f"{a[0]:.3f}/{a[1]:.3f}" if a else "RRF 0.770/0.517; goal 0.830/0.550"
        print(
            f"{s.method:<20} {s.ndcg_at_10:>8.4f} {s.recall_at_10:>7.4f} {s.recall_at_50:>7.4f}"
            f"   {anchor}",
            file=sys.stderr,
        )
        if args.json:
            print_json(s.to_dict())
    if args.limit is None:
        from assistant.eval.record import write_eval_record

        def figures(s: Any) -> dict[str, float]:
            return {
                "ndcg@10": s.ndcg_at_10,
                "recall@10": s.recall_at_10,
                "recall@50": s.recall_at_50,
            }

        shipped = results[-1]
        path = write_eval_record(
            settings,
            "retrieval",
            f"homedepot dev ({shipped.queries} queries)",
            figures(shipped),
            {s.method: figures(s) for s in results[:-1]},
        )
        print(f"figures saved to {path}", file=sys.stderr)
    return 0
