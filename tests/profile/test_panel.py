from __future__ import annotations

from assistant.profile import ProfileService
from assistant.profile.panel import profile_panel_html


def test_panel_escapes_and_tags_rows_with_keys(store) -> None:
    svc = ProfileService(store, {}.get, ["Brewlab"])
    svc.capture("u1", "I'm a size 10 and I hate <b>leather</b>")
    html = profile_panel_html(svc.view("u1"), [{"key": "size:shoes", "label": "size <10>"}])
    assert 'data-key="size:shoes"' in html and "shoes size 10" in html
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "size &lt;10&gt;" in html and "you told us" in html


def test_panel_hidden_and_empty(store) -> None:
    svc = ProfileService(store, {}.get)
    assert "Nothing learned yet" in profile_panel_html(svc.view("u1"))
    store.set_personalization("u1", False)
    assert "Personalisation is off" in profile_panel_html(svc.view("u1"))
