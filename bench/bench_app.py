"""Time from "Enter" to the first product card and to the full reply, in headless Chromium.

    .venv/bin/python bench/bench_app.py [--index index] [--demo data/demo] [--rounds 2]

Serves the app in-process (template reply backend, a throw-away data directory) over an
existing index, types each query into the shopper tab of a fresh conversation and records,
inside the page: Enter (keydown), the first reply text, the first product card and the end
of the turn (the cards' ``data-turn`` mark). Also prints the engine's own time for the same
queries called directly, so the browser/transport share is visible.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

QUERIES = [
    "running shoes under $120",
    "wireless headphones with noise cancelling",
    "a warm winter jacket in black",
    "coffee grinder",
    "yoga mat under $40",
    "dog bed for a large dog",
    "backpack for hiking",
    "a gift for someone who loves cooking",
]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
OBSERVER = """() => {
  window.__t = {};
  const box = document.querySelector('#message textarea');
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && window.__t.start === undefined) window.__t.start = performance.now();
  }, {capture: true, once: true});
  const seen = () => {
    const now = performance.now();
    const t = window.__t;
    if (t.start === undefined) return;
    const bots = document.querySelectorAll('#shopper-chat [data-testid="bot"]');
    if (t.text === undefined && bots.length && bots[bots.length - 1].innerText.trim()) t.text = now;
    if (t.card === undefined && document.querySelector('#cards .product-card')) t.card = now;
    if (t.done === undefined && document.querySelector('#cards [data-turn="1"]')) t.done = now;
  };
  new MutationObserver(seen).observe(document.body,
    {subtree: true, childList: true, characterData: true, attributes: true});
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def summary(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return (
        f"{name:<28} median {statistics.median(values):7.0f} ms   p90 {p90:7.0f} ms   "
        f"min {ordered[0]:6.0f}   max {ordered[-1]:6.0f}   (n={len(values)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index", default="index")
    parser.add_argument("--demo", default="data/demo")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the queries")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from assistant.settings import Settings
    from assistant.web.app import build_app, launch_kwargs
    from assistant.web.services import AppServices

    data = Path(tempfile.mkdtemp(prefix="bench-app-"))
    settings = Settings.load()
    settings.data_dir = data
    settings.generation.backend = "template"
    settings.web.reload_interval_s = 0
    t0 = time.perf_counter()
    services = AppServices.create(Path(args.index), settings, Path(args.demo))
    demo = build_app(services)
    port = free_port()
    demo.launch(
        server_name="127.0.0.1",
        server_port=port,
        prevent_thread_lock=True,
        **launch_kwargs(services),
    )
    print(f"app up in {time.perf_counter() - t0:.1f} s (index {args.index})", file=sys.stderr)
    url = f"http://127.0.0.1:{port}/"
    first_text: list[float] = []
    first_card: list[float] = []
    full: list[float] = []
    direct: list[float] = []
    try:
        for i, query in enumerate(QUERIES):  # warm-up of every query path, engine only
            services.engine.respond(query, f"warm-{i}", "bench-user")
        for r in range(args.rounds):
            for i, query in enumerate(QUERIES):
                start = time.perf_counter()
                services.engine.respond(query, f"direct-{r}-{i}", "bench-user")
                direct.append((time.perf_counter() - start) * 1000)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=args.chromium, headless=True, args=CHROMIUM_ARGS
            )
            page = browser.new_page()
            page.set_default_timeout(120_000)
            for _ in range(args.rounds):
                for query in QUERIES:
                    page.goto(url)  # a fresh session: no cards on the page yet
                    page.locator('#cards [data-turn="0"]').wait_for()
                    page.evaluate(OBSERVER)
                    box = page.get_by_label("Message", exact=True)
                    box.fill(query)
                    box.press("Enter")
                    page.locator('#cards [data-turn="1"]').wait_for()
                    page.wait_for_function("() => window.__t.done !== undefined")
                    t = page.evaluate("() => window.__t")
                    first_text.append(t["text"] - t["start"])
                    first_card.append(t["card"] - t["start"])
                    full.append(t["done"] - t["start"])
                    print(
                        f"  {query:<44} text {first_text[-1]:6.0f}  card {first_card[-1]:6.0f}"
                        f"  full {full[-1]:6.0f} ms",
                        file=sys.stderr,
                    )
            browser.close()
    finally:
        demo.close()
        services.close()
        shutil.rmtree(data, ignore_errors=True)
    print(f"bench_app: {len(full)} turns, template backend, index {args.index}")
    print(summary("Enter -> first reply text", first_text))
    print(summary("Enter -> first product card", first_card))
    print(summary("Enter -> full reply", full))
    print(summary("engine.respond (no browser)", direct))
    return 0


if __name__ == "__main__":
    sys.exit(main())
