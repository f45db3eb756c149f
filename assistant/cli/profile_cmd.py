"""``assistant profile show|refresh|remove|correct|capture|segments|scenario``, ``eval profile``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assistant.cli.common import load_settings, print_json
from assistant.errors import AssistantError

DEFAULT_RETAIL = Path("../shared/data/online_retail/online_retail_2010_2011.parquet")


def register(commands: Any, evals: Any) -> None:
    profile = commands.add_parser("profile", help="shopper profiles, segments and scenarios")
    sub = profile.add_subparsers(dest="profile_command", metavar="ACTION")
    sub.required = True

    show = sub.add_parser("show", help="what the assistant knows about a shopper")
    _user_store(show)
    show.set_defaults(handler=_show)

    refresh = sub.add_parser("refresh", help="re-derive inferred profile items from events")
    who = refresh.add_mutually_exclusive_group(required=True)
    who.add_argument("--user")
    who.add_argument("--all", action="store_true", help="every user with events")
    _store(refresh)
    _products(refresh)
    refresh.set_defaults(handler=_refresh)

    remove = sub.add_parser("remove", help="remove a profile item (it is not inferred again)")
    _user_store(remove)
    remove.add_argument("key", help="item key, e.g. brand:brewlab or size:shoes")
    remove.set_defaults(handler=_remove)

    correct = sub.add_parser("correct", help="set a profile item to your value")
    _user_store(correct)
    correct.add_argument("key", help="item key, e.g. size:shoes or price_band:kitchen")
    correct.add_argument("value", help="new value, e.g. 10, navy or 10-40 for a price band")
    correct.set_defaults(handler=_correct)

    capture = sub.add_parser("capture", help="save preferences stated in a message")
    _user_store(capture)
    capture.add_argument("text", help='e.g. "I\'m a size 10 and I hate leather"')
    _products(capture)
    capture.set_defaults(handler=_capture)

    seg = sub.add_parser("segments", help="cluster shoppers into described segments (JSON)")
    _products(seg)
    source = seg.add_mutually_exclusive_group()
    source.add_argument("--interactions", help="events file (default: the store's events)")
    _store(seg)
    seg.add_argument("--k", type=int, default=None, help="segments (default: best of 3..8)")
    seg.add_argument("--members", action="store_true", help="list each segment's user ids")
    seg.set_defaults(handler=_segments)

    scen = sub.add_parser("scenario", help="shopping scenario of a conversation (JSON)")
    scen.add_argument("messages", nargs="*", help="user messages, oldest first (- = stdin)")
    scen.set_defaults(handler=_scenario)

    ev = evals.add_parser("profile", help="profile-aware vs plain re-ranker; scenario accuracy")
    ev.add_argument("--data", default=str(DEFAULT_RETAIL), help="online_retail parquet")
    ev.add_argument("--max-customers", type=int, default=None, help="subsample customers")
    ev.add_argument("--candidates", type=int, default=100, help="CF candidates per customer")
    ev.add_argument("--k", type=int, default=10)
    ev.add_argument("--json", action="store_true", help="JSON to stdout (table to stderr)")
    ev.set_defaults(handler=_eval)


def _store(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", help="store path or sqlite:///path (default: from settings)")


def _user_store(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", required=True)
    _store(parser)


def _products(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--index", help="built index directory (default: settings.index_dir)")
    group.add_argument("--catalog", help="catalog file instead of an index")


def _user(args: argparse.Namespace) -> str:
    user = (args.user or "").strip()
    if not user:
        raise AssistantError("--user must not be empty")
    return user


def _open_store(args: argparse.Namespace, must_exist: bool = True) -> Any:
    """The store to read or change; capturing a stated preference may create it."""
    from assistant.store import open_store

    settings = load_settings(args)
    return open_store(args.store or settings.store_location(), settings.store, must_exist)


def _load_products(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    from assistant.profile.catalog import products_from_catalog, products_from_index

    if getattr(args, "catalog", None):
        return products_from_catalog(args.catalog)
    return products_from_index(args.index or load_settings(args).index_dir)


def _service(args: argparse.Namespace, store: Any, products: dict[str, Any] | None = None) -> Any:
    from assistant.profile.catalog import brands_of
    from assistant.profile.service import ProfileService

    products = products or {}
    return ProfileService(store, products.get, brands_of(products))


def _show(args: argparse.Namespace) -> int:
    user = _user(args)
    with _open_store(args) as store:
        print_json(_service(args, store).view(user))
    return 0


def _refresh(args: argparse.Namespace) -> int:
    products = _load_products(args)
    with _open_store(args) as store:
        service = _service(args, store, products)
        users = [_user(args)] if args.user else sorted({e.user_id for e in store.iter_events()})
        for user in users:
            items = service.refresh(user)
            print_json({"user_id": user, "inferred": len(items)})
    return 0


def _remove(args: argparse.Namespace) -> int:
    user = _user(args)
    with _open_store(args) as store:
        existed = _service(args, store).remove(user, args.key)
        print_json({"user_id": user, "removed": args.key.strip().lower(), "existed": existed})
    return 0


def _correct(args: argparse.Namespace) -> int:
    user = _user(args)
    with _open_store(args) as store:
        item = _service(args, store).correct(user, args.key, args.value)
        print_json({"user_id": user, "item": item.to_dict()})
    return 0


def _capture(args: argparse.Namespace) -> int:
    user = _user(args)
    products = _load_products(args) if (args.index or args.catalog) else {}
    with _open_store(args, must_exist=False) as store:
        items = _service(args, store, products).capture(user, args.text)
        print_json({"user_id": user, "captured": [i.to_dict() for i in items]})
    return 0


def _segments(args: argparse.Namespace) -> int:
    from assistant.profile.segments import SegmentBuilder
    from assistant.recommend.interactions import read_event_file

    products = _load_products(args)
    if args.k is not None and not 2 <= args.k <= 20:
        raise AssistantError("--k must be between 2 and 20")
    print(f"segmenting shoppers over {len(products)} products", file=sys.stderr)
    try:
        if args.interactions:
            result = SegmentBuilder(products, k=args.k).run(read_event_file(args.interactions))
        else:
            with _open_store(args) as store:
                result = SegmentBuilder(products, k=args.k).run(
                    list(store.iter_events()), list(store.iter_turns())
                )
    except ValueError as exc:
        raise AssistantError(str(exc)) from None
    print_json(result.to_dict(with_members=args.members))
    return 0


def _scenario(args: argparse.Namespace) -> int:
    from assistant.profile.scenario import ScenarioDetector

    messages = list(args.messages)
    if messages == ["-"] or not messages:
        messages = [line.strip() for line in sys.stdin if line.strip()]
    if not messages:
        raise AssistantError("give at least one message (or - to read them from stdin)")
    print_json(ScenarioDetector().run(messages).to_dict())
    return 0


def _eval(args: argparse.Namespace) -> int:
    from assistant.eval.profile import evaluate_profile, format_report

    settings = load_settings(args)
    result = evaluate_profile(
        args.data,
        settings,
        max_customers=args.max_customers,
        candidates=args.candidates,
        k=args.k,
        progress=lambda msg: print(msg, file=sys.stderr),
    )
    table = format_report(result)
    if args.json:
        print(table, file=sys.stderr)
        print_json(result)
    else:
        print(table)
    return 0
