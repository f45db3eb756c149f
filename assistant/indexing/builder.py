"""Batch index build and incremental update, written aside and swapped in atomically."""

from __future__ import annotations

import functools
import logging
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from assistant.catalog.schema import Product
from assistant.catalog.validation import CatalogLoad, write_rejects
from assistant.embedding.encoder import Encoder, default_encoder
from assistant.errors import AssistantError
from assistant.indexing import layout
from assistant.indexing.dense import build_faiss, choose_spec, write_faiss
from assistant.indexing.lexical import LexicalIndex
from assistant.indexing.manifest import Manifest, describe_files, file_sha256, fingerprint
from assistant.indexing.product_index import (
    BM25_DIR,
    FAISS_FILE,
    PRODUCTS_FILE,
    VECTORS_FILE,
    ProductIndex,
)
from assistant.indexing.product_table import products_to_frame, write_table
from assistant.settings import Settings

log = logging.getLogger(__name__)
ENCODE_CHUNK = 4096
REJECTS_FILE = "rejects.csv"


@dataclass
class BuildReport:
    out: str
    fingerprint: str
    products: int
    rejected: int
    skipped: bool = False  # unchanged catalog: nothing rebuilt
    embedded: int = 0  # rows sent to the encoder
    deleted: int = 0
    index_kind: str = ""
    rejects_file: str | None = None
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _os_errors_explained(method: Callable[..., BuildReport]) -> Callable[..., BuildReport]:
    """Disk full, read-only or missing directories become one clear ``AssistantError``; the
    partial build has been removed by then and the previous index keeps serving."""

    @functools.wraps(method)
    def wrapper(self: IndexBuilder, catalog: CatalogLoad, out: str | Path, *a: Any, **kw: Any):
        try:
            return method(self, catalog, out, *a, **kw)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            where = f" ({exc.filename})" if exc.filename else ""
            raise AssistantError(
                f"cannot write the index into {out}: {reason}{where}; "
                "the previous index (if any) is still being served"
            ) from None

    return wrapper


class IndexBuilder:
    """Builds the product index (vectors, FAISS, BM25, product table, manifest)."""

    def __init__(
        self,
        settings: Settings | None = None,
        encoder: Encoder | None = None,
        embedder: Callable[[Sequence[str]], np.ndarray] | None = None,
    ) -> None:
        """``embedder`` replaces the in-process encoder for the embedding step (e.g.
        ``assistant.indexing.ray_build.RayEmbedder``); it must embed with the same model."""
        self.settings = settings or Settings()
        self._encoder = encoder
        self.embedder = embedder

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            e = self.settings.embedding
            self._encoder = default_encoder(e.backend, e.batch_size, e.threads)
        return self._encoder

    @_os_errors_explained
    def build(
        self,
        catalog: CatalogLoad,
        out: str | Path,
        options: dict[str, Any] | None = None,
        force: bool = False,
    ) -> BuildReport:
        """Full build. Skips (and says so) when the served index has the same fingerprint."""
        started = time.perf_counter()
        out = Path(out)
        catalog_sha = file_sha256(Path(catalog.source))
        spec = choose_spec(len(catalog.products), self.settings.index)
        ix = self.settings.index
        build_options = {
            **(options or {}),
            "index": spec.to_dict(),
            "bm25": {"k1": ix.bm25_k1, "b": ix.bm25_b},
        }
        fp = fingerprint(catalog_sha, self.encoder.model_name, build_options)
        rejects_file = self._write_rejects(catalog, out)
        if not force and layout.has_index(out):
            current = Manifest.read(layout.resolve(out))
            if current.fingerprint == fp:
                return BuildReport(
                    out=str(out),
                    fingerprint=fp,
                    products=current.products,
                    rejected=len(catalog.rejects),
                    skipped=True,
                    index_kind=current.index_kind,
                    rejects_file=rejects_file,
                    seconds=time.perf_counter() - started,
                )
        vectors = self._encode([p.dense_text() for p in catalog.products])
        catalog_meta = {**catalog.summary(), "sha256": catalog_sha, "options": options or {}}
        report = self._write(catalog.products, vectors, out, fp, catalog_meta, started)
        report.rejected = len(catalog.rejects)
        report.embedded = len(catalog.products)
        report.rejects_file = rejects_file
        return report

    @_os_errors_explained
    def update(self, changes: CatalogLoad, out: str | Path, sync: bool = False) -> BuildReport:
        """Upsert ``changes.products`` and delete ``changes.deleted_ids`` (and, with ``sync``,
        every product absent from the file; a rejected row still counts as present). A file
        with some of the columns changes only those fields of an existing product. Only new
        or changed texts are embedded."""
        started = time.perf_counter()
        out = Path(out)
        current = ProductIndex.load(out)
        old = current.products
        old_rows = {pid: i for i, pid in enumerate(old["product_id"].tolist())}
        old_hash = old["text_hash"].tolist()
        incoming = {p.product_id: p for p in changes.products}
        deleted = set(changes.deleted_ids)
        if sync:
            deleted |= set(old_rows) - set(incoming) - {r.product_id for r in changes.rejects}
        merged: list[Product] = [
            _updated(_product_from_row(old, i), incoming.pop(pid), changes.fields_of(pid))
            if pid in incoming
            else _product_from_row(old, i)
            for pid, i in old_rows.items()
            if pid not in deleted
        ]
        merged.extend(p for p in incoming.values() if p.product_id not in deleted)
        if not merged:
            raise AssistantError("the update would delete every product; refusing to publish it")
        frame = products_to_frame(merged)
        vectors = np.empty((len(merged), self.encoder.dimension), dtype=np.float32)
        to_embed: list[int] = []
        for i, (pid, h) in enumerate(zip(frame["product_id"], frame["text_hash"], strict=True)):
            j = old_rows.get(pid)
            if j is not None and old_hash[j] == h:
                vectors[i] = current.vectors[j]
            else:
                to_embed.append(i)
        if to_embed:
            vectors[to_embed] = self._encode([str(frame["dense_text"].iat[i]) for i in to_embed])
        fp = fingerprint(
            current.fingerprint + file_sha256(Path(changes.source)),
            self.encoder.model_name,
            {"update": True, "sync": sync},
        )
        catalog_meta = {
            **current.manifest.catalog,
            "last_update": {**changes.summary(), "sync": sync},
        }
        report = self._write(merged, vectors, out, fp, catalog_meta, started, frame=frame)
        report.embedded = len(to_embed)
        report.deleted = len(set(old_rows) - {p.product_id for p in merged})
        report.rejected = len(changes.rejects)
        report.rejects_file = self._write_rejects(changes, out)
        return report

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        if self.embedder is not None:
            return self.embedder(texts)
        out = np.empty((len(texts), self.encoder.dimension), dtype=np.float32)
        with tqdm(total=len(texts), desc="embedding", unit="text", file=sys.stderr) as bar:
            for start in range(0, len(texts), ENCODE_CHUNK):
                chunk = texts[start : start + ENCODE_CHUNK]
                out[start : start + len(chunk)] = self.encoder.encode(chunk)
                bar.update(len(chunk))
        return out

    def _write(
        self,
        products: Sequence[Product],
        vectors: np.ndarray,
        out: Path,
        fp: str,
        catalog_meta: dict[str, Any],
        started: float,
        frame: Any = None,
    ) -> BuildReport:
        timings: dict[str, float] = {"embed": time.perf_counter() - started}
        out.mkdir(parents=True, exist_ok=True)
        tmp, final = layout.new_build_dir(out)
        try:
            t = time.perf_counter()
            frame = products_to_frame(products) if frame is None else frame
            write_table(frame, tmp / PRODUCTS_FILE)
            np.save(tmp / VECTORS_FILE, vectors)
            spec = choose_spec(len(products), self.settings.index)
            write_faiss(build_faiss(vectors, spec), tmp / FAISS_FILE)
            timings["dense"] = time.perf_counter() - t
            t = time.perf_counter()
            lexical = LexicalIndex(self.settings.index.bm25_k1, self.settings.index.bm25_b)
            lexical.fit(frame["text"].tolist()).save(tmp / BM25_DIR)
            timings["lexical"] = time.perf_counter() - t
            seconds = time.perf_counter() - started
            manifest = Manifest(
                fingerprint=fp,
                model=self.encoder.model_name,
                dimension=int(vectors.shape[1]),
                products=len(products),
                index_kind=spec.kind,
                index_params=spec.to_dict(),
                catalog=catalog_meta,
                built_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                build_seconds=round(seconds, 3),
                timings={k: round(v, 3) for k, v in timings.items()},
                files=describe_files(tmp),
            )
            manifest.write(tmp)
            layout.publish(tmp, final, out)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return BuildReport(
            out=str(out),
            fingerprint=fp,
            products=len(products),
            rejected=0,
            index_kind=spec.kind,
            seconds=round(time.perf_counter() - started, 3),
            timings=manifest.timings,
        )

    @staticmethod
    def _write_rejects(catalog: CatalogLoad, out: Path) -> str | None:
        """The rejects of this load (an earlier load's file is removed when there are none)."""
        path = out / REJECTS_FILE
        if not catalog.rejects:
            path.unlink(missing_ok=True)
            return None
        write_rejects(catalog.rejects, path)
        return str(path)


def _updated(old: Product, new: Product, columns: Sequence[str]) -> Product:
    """``old`` with the fields the update file has taken from ``new``."""
    return replace(old, **{c: getattr(new, c) for c in columns if c != "product_id"})


def _product_from_row(frame: Any, row: int) -> Product:
    from assistant.indexing.product_table import record

    data = record(frame, row)
    return Product(**{k: v for k, v in data.items() if k in Product.__dataclass_fields__})
