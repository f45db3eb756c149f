"""The index is rebuilt while the app serves: requests keep succeeding and the new build is
picked up (fingerprint change), through the public chat endpoint."""

from __future__ import annotations

import threading

from gradio_client import Client

from assistant.web.shopper_tab import FRIENDLY_ERROR

ZEBRA = {
    "product_id": "Z1",
    "title": "Zebra Striped Teapot",
    "description": "A ceramic teapot with zebra stripes.",
    "brand": "Homely",
    "category": "Home > Kitchen",
    "price": 24.0,
    "rating": 4.5,
    "review_count": 12,
    "in_stock": True,
}


def test_rebuilt_index_is_served_without_failing_requests(tiny_app, rebuild_tiny_index) -> None:
    services = tiny_app.services
    old = services.engine.index.manifest.fingerprint
    replies: list[tuple[str, str]] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def shopper() -> None:
        client = Client(tiny_app.url, verbose=False)
        while not stop.is_set():
            try:
                history, _, cards, *_ = client.predict("a plain kettle", [], api_name="/chat")
                replies.append((history[-1]["content"], cards))
            except BaseException as exc:  # every failure counts
                failures.append(exc)

    thread = threading.Thread(target=shopper)
    thread.start()
    try:
        rebuild_tiny_index([ZEBRA])
        served_before_swap = len(replies)
        assert services.check_reload() is True
        while len(replies) < served_before_swap + 2 and not failures and thread.is_alive():
            threading.Event().wait(0.2)
    finally:
        stop.set()
        thread.join(timeout=120)
    assert failures == []
    assert len(replies) >= 3
    assert all(reply != FRIENDLY_ERROR and "product-card" in cards for reply, cards in replies)
    assert services.engine.index.manifest.fingerprint != old
    assert services.check_reload() is False  # nothing changed since
    _, _, cards, *_ = Client(tiny_app.url, verbose=False).predict(
        "zebra striped teapot", [], api_name="/chat"
    )
    assert 'data-product="Z1"' in cards


def test_watcher_thread_reloads_on_request(tiny_app) -> None:
    services = tiny_app.services
    calls: list[int] = []
    original = services.check_reload

    def counting() -> bool:
        calls.append(1)
        return original()

    services.check_reload = counting  # type: ignore[method-assign]
    services.reload_interval_s = 3600
    thread = services.start_watcher()
    try:
        assert thread is not None
        services.request_reload()  # what SIGHUP does
        for _ in range(100):
            if calls:
                break
            threading.Event().wait(0.05)
        assert calls
    finally:
        services.check_reload = original  # type: ignore[method-assign]
        services._stop.set()
        services._reload_now.set()
        thread.join(timeout=5)
        services._stop.clear()
