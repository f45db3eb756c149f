"""Concurrent sessions through the Python API and through the running app's HTTP API.

    .venv/bin/python bench/load_test.py --index index [--sessions 1 4 16 32] [--turns 4]
        [--backend template|local] [--http URL | --http-start] [--seconds 120]

Each session is one shopper conversation (a search, refinements, a product question), run by
its own thread; every turn's latency and any error is recorded. Prints, per N: throughput
(turns/s), p50 / p95 / p99 turn latency and the error count. ``--http URL`` drives a running
app (loopback only) through its Gradio API, one client (= one browser session) per thread;
``--http-start`` starts the app on a free loopback port first. Bounded by --turns and --seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

SCRIPT = [
    "waterproof hiking boots under $150",
    "cheaper",
    "in brown",
    "is the first one waterproof?",
    "show me a warm jacket instead",
    "only in stock",
    "compare the first two",
    "thanks, bye",
]
REPO = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, ms: float, error: str | None) -> None:
        with self.lock:
            self.latencies.append(ms)
            if error:
                self.errors.append(error)


def drive(n: int, turns: int, seconds: float, make_session: Callable[[int], Callable[[str], None]]) -> tuple[Run, float]:  # fmt: skip
    run = Run()
    deadline = time.monotonic() + seconds
    barrier = threading.Barrier(n)

    def worker(i: int) -> None:
        try:
            say = make_session(i)
        except Exception as exc:  # a session that cannot even start is an error
            run.record(0.0, f"start: {exc!r}")
            barrier.abort()
            return
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        for t in range(turns):
            if time.monotonic() > deadline:
                break
            start = time.perf_counter()
            error = None
            try:
                say(SCRIPT[(t + i) % len(SCRIPT)] if t else SCRIPT[0])
            except Exception as exc:
                error = repr(exc)
            run.record((time.perf_counter() - start) * 1000, error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    start = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return run, time.perf_counter() - start


def report(label: str, n: int, run: Run, wall: float) -> None:
    lat = sorted(run.latencies)
    if not lat:
        print(f"{label:<8} N={n:<3} no turns completed; errors {len(run.errors)}")
        return

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, round(p * (len(lat) - 1)))]

    print(
        f"{label:<8} N={n:<3} turns {len(lat):>4}  {len(lat) / wall:6.2f} turns/s  "
        f"p50 {statistics.median(lat):7.1f} ms  p95 {pct(0.95):7.1f} ms  p99 {pct(0.99):7.1f} ms  "
        f"errors {len(run.errors)}",
        flush=True,
    )
    for e in run.errors[:3]:
        print(f"         error: {e}", flush=True)


def python_api(args: argparse.Namespace) -> None:
    from assistant import Assistant
    from assistant.settings import Settings

    settings = Settings.load()
    settings.generation.backend = args.backend
    bot = Assistant.load(args.index, settings)
    bot.respond("warm-up boots", session_id=f"warm-{uuid.uuid4()}")
    users = [None, *[f"u{i:03d}" for i in range(1, 40)]]
    for n in args.sessions:

        def make(i: int, n: int = n) -> Callable[[str], None]:
            sid = f"load-{n}-{i}-{uuid.uuid4().hex[:6]}"
            user = users[i % len(users)]
            return lambda text: _check(bot.respond(text, session_id=sid, user_id=user))

        run, wall = drive(n, args.turns, args.seconds, make)
        report("python", n, run, wall)


def _check(turn) -> None:
    if turn.error:
        raise RuntimeError(f"error turn: {turn.error}")


def http_api(args: argparse.Namespace, url: str) -> None:
    from gradio_client import Client

    Client(url, verbose=False).predict(SCRIPT[0], [], api_name="/chat")  # warm-up
    for n in args.sessions:

        def make(i: int) -> Callable[[str], None]:
            client = Client(url, verbose=False)
            history: list = []

            def say(text: str) -> None:
                nonlocal history
                out = client.predict(text, history, api_name="/chat")
                history = out[0]

            return say

        run, wall = drive(n, args.turns, args.seconds, make)
        report("http", n, run, wall)


def start_app(index: str, backend: str) -> tuple[subprocess.Popen, str]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "ASSISTANT_GENERATION__BACKEND": backend}
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "app.py"), "--index", index, "--port", str(port),
         "--host", "127.0.0.1"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, url
        except OSError:
            time.sleep(1)
    proc.kill()
    raise SystemExit("the app did not start within 300 s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", default="index")
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 4, 16, 32])
    parser.add_argument("--turns", type=int, default=4, help="turns per session")
    parser.add_argument("--seconds", type=float, default=180, help="time bound per N")
    parser.add_argument("--backend", choices=("template", "local"), default="template")
    parser.add_argument("--http", help="URL of a running app (loopback only)")
    parser.add_argument("--http-start", action="store_true", help="start the app, then drive it")
    parser.add_argument("--skip-python", action="store_true")
    args = parser.parse_args()
    if args.http and not args.http.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("--http must be a loopback URL")
    print(f"backend={args.backend} turns/session={args.turns} index={args.index}", flush=True)
    if not args.skip_python:
        python_api(args)
    if args.http:
        http_api(args, args.http)
    elif args.http_start:
        proc, url = start_app(args.index, args.backend)
        try:
            http_api(args, url)
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
