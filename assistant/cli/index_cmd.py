"""``assistant index build|update|info``: the operator's batch rebuild."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assistant.cli.common import load_settings, print_json
from assistant.errors import AssistantError


def register(commands: Any, evals: Any) -> None:
    index = commands.add_parser("index", help="build, update or describe the product index")
    actions = index.add_subparsers(dest="index_command", metavar="ACTION")
    actions.required = True

    build = actions.add_parser("build", help="full build from a catalog file (atomic swap)")
    _catalog_args(build)
    build.add_argument("--preset", choices=("shopify",), help="column preset for the catalog")
    build.add_argument(
        "--index-kind",
        choices=("auto", "flat", "hnsw", "ivf", "ivfpq"),
        help="dense index type (default from settings: exact below a size threshold)",
    )
    build.add_argument(
        "--force", action="store_true", help="rebuild even when the fingerprint is unchanged"
    )
    build.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="where the embedding runs: this process, or a Ray Data pipeline (pip install .[ray])",
    )
    build.add_argument(
        "--address",
        help="with --engine ray: the Ray cluster to join (default: start a local Ray instance)",
    )
    build.add_argument(
        "--workers", type=int, default=0, help="with --engine ray: encoder workers (0 = CPUs)"
    )
    build.set_defaults(handler=run_build)

    update = actions.add_parser(
        "update", help="upsert / delete products by product_id, embedding only changed rows"
    )
    _catalog_args(update)
    update.add_argument(
        "--sync",
        action="store_true",
        help="also delete every product absent from the file (the file is the whole catalog)",
    )
    update.set_defaults(handler=run_update)

    info = actions.add_parser("info", help="counts, sizes, fingerprint and build time")
    info.add_argument("--index", help="index directory (default from settings: index/)")
    info.set_defaults(handler=run_info)


def _catalog_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", required=True, help="CSV, JSONL or Parquet catalog file")
    parser.add_argument(
        "--map",
        action="append",
        metavar="FIELD=COLUMN",
        help="map one of our fields to a column of the file (repeatable)",
    )
    parser.add_argument(
        "--format", choices=("csv", "jsonl", "parquet"), help="default: from the suffix"
    )
    parser.add_argument("--out", help="index directory (default from settings: index/)")


def run_build(args: argparse.Namespace) -> int:
    from assistant.catalog import load_catalog, parse_mapping
    from assistant.indexing.builder import IndexBuilder

    settings = load_settings(args)
    if args.index_kind:
        settings.index.kind = args.index_kind
    catalog = load_catalog(args.catalog, parse_mapping(args.map), args.preset, args.format)
    _report_rejects(catalog)
    out = Path(args.out) if args.out else settings.index_dir
    options = {"preset": args.preset, "map": parse_mapping(args.map)}
    embedder = None
    if args.engine == "ray":
        from assistant.indexing.ray_build import RayEmbedder

        embedder = RayEmbedder(settings.embedding, address=args.address, workers=args.workers)
    elif args.address:
        raise AssistantError("--address needs --engine ray")
    builder = IndexBuilder(settings, embedder=embedder)
    report = builder.build(catalog, out, options=options, force=args.force)
    if report.skipped:
        print(
            f"index at {out} is up to date (fingerprint unchanged); nothing rebuilt",
            file=sys.stderr,
        )
    print_json(report.to_dict())
    return 0


def run_update(args: argparse.Namespace) -> int:
    from assistant.catalog import load_catalog, parse_mapping
    from assistant.indexing import layout
    from assistant.indexing.builder import IndexBuilder

    settings = load_settings(args)
    out = Path(args.out) if args.out else settings.index_dir
    if not layout.has_index(out):
        raise AssistantError(f"no index at {out} to update; run `assistant index build` first")
    changes = load_catalog(args.catalog, parse_mapping(args.map), None, args.format)
    _report_rejects(changes)
    report = IndexBuilder(settings).update(changes, out, sync=args.sync)
    print_json(report.to_dict())
    return 0


def run_info(args: argparse.Namespace) -> int:
    from assistant.indexing import layout
    from assistant.indexing.manifest import Manifest

    settings = load_settings(args)
    directory = Path(args.index) if args.index else settings.index_dir
    if not layout.has_index(directory):
        raise AssistantError(f"no index at {directory}; run `assistant index build` first")
    root = layout.resolve(directory)
    manifest = Manifest.read(root)
    files = manifest.files
    print_json(
        {
            "index": str(directory),
            "build": root.name,
            "fingerprint": manifest.fingerprint,
            "products": manifest.products,
            "model": manifest.model,
            "dimension": manifest.dimension,
            "index_kind": manifest.index_kind,
            "index_params": manifest.index_params,
            "built_at": manifest.built_at,
            "build_seconds": manifest.build_seconds,
            "timings": manifest.timings,
            "catalog": manifest.catalog,
            "bytes": sum(int(f["bytes"]) for f in files.values()),
            "files": {name: f["bytes"] for name, f in sorted(files.items())},
        }
    )
    return 0


def _report_rejects(catalog: Any) -> None:
    if catalog.rejects:
        first = catalog.rejects[0]
        print(
            f"{len(catalog.rejects)} row(s) rejected (first: row {first.row}: {first.reason}); "
            "all listed in rejects.csv beside the index",
            file=sys.stderr,
        )
