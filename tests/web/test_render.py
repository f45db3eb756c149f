"""HTML rendering: every catalog and user string is escaped; images only come from the
local demo directory."""

from __future__ import annotations

from pathlib import Path

from assistant.engine.turn import ProductCard
from assistant.web import render

EVIL = '<img src=x onerror="alert(1)">{{7*7}}${1+1}`'


def card(**fields) -> ProductCard:
    base = dict(
        product_id="P1",
        title="Trail Shoe",
        price=99.5,
        brand="Peakline",
        image_url="images/shoe.svg",
        score=0.9,
        reasons=["matches *trail*"],
        rating=4.5,
        review_count=1234,
        in_stock=True,
    )
    base.update(fields)
    return ProductCard(**base)


def test_every_card_field_is_escaped(tmp_path: Path) -> None:
    html = render.product_card(
        card(product_id=EVIL, title=EVIL, brand=EVIL, reasons=[EVIL], image_url=EVIL),
        1,
        render.ImageResolver(tmp_path),
    )
    assert "<img src=x" not in html and 'onerror="' not in html
    assert "{{" not in html and "${" not in html and "`" not in html
    assert html.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;") >= 4


def test_card_shows_price_rating_stock_and_reasons(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "shoe.svg").write_text("<svg/>")
    html = render.product_card(card(in_stock=False), 2, render.ImageResolver(tmp_path))
    assert 'class="product-card"' in html
    assert "&#36;99.50" in html and "★ 4.5 (1,234 reviews)" in html
    assert "Out of stock" in html and "matches <em>trail</em>" in html and "*" not in html
    assert render.FILE_ROUTE + str((tmp_path / "images" / "shoe.svg").resolve()) in html
    assert 'data-action="like"' in html and 'data-action="more"' in html


def test_images_outside_the_demo_directory_are_never_linked(tmp_path: Path) -> None:
    (tmp_path / "demo").mkdir()
    (tmp_path / "secret.svg").write_text("<svg/>")
    resolve = render.ImageResolver(tmp_path / "demo")
    for url in (
        "../secret.svg",
        "/etc/passwd",
        "https://cdn.example.com/a.png",
        "javascript:alert(1)",
        "data:image/svg+xml,<svg/>",
        "images/missing.svg",
        "",
    ):
        assert resolve(url) is None, url
    assert render.ImageResolver(None)("images/a.svg") is None


def test_constraint_chips_one_per_value_and_escaped() -> None:
    html = render.constraint_chips(
        {"query": "<b>shoes</b>", "price_max": 120, "colors": ["blue", EVIL], "in_stock_only": True}
    )
    assert html.count('class="chip"') == 4  # price, two colours, stock; the query is no chip
    assert 'data-key="colors" data-value="blue"' in html
    assert "up to &#36;120 <" in html and ".00" not in html and "&lt;b&gt;shoes&lt;/b&gt;" in html
    assert "<img" not in html
    assert "No filters yet" in render.constraint_chips({})


def test_chat_text_shows_markup_as_text_and_blocks_markdown_images() -> None:
    text = render.chat_text('<img src=x> ![t](http://example.com/x.png) & "q"')
    assert "<img" not in text and "&lt;img src=x&gt;" in text
    assert "![" not in text
    assert '"q"' in text


def test_chat_text_shows_markdown_syntax_as_text() -> None:
    text = render.chat_text("[click](http://evil.example/x) **big** _i_ `c` # h | www.evil.example")
    assert text == (
        "\\[click\\](http\\://evil.example/x) \\*\\*big\\*\\* \\_i\\_ \\`c\\` \\# h \\| www\\.evil.example"
    )
    assert (
        render.chat_text("The Trail 2 ($89.99) - 4.5 stars.") == "The Trail 2 ($89.99) - 4.5 stars."
    )


def test_support_blocks_escape_their_fields() -> None:
    from assistant.web import support_view

    orders = support_view.orders_table(
        [{"order_id": EVIL, "status": "shipped", "items": [{"title": EVIL, "qty": 1}], "total": 5}]
    )
    passages = render.passages([{"title": EVIL, "heading": "h", "text": EVIL, "cited": True}])
    summary = support_view.handover({"note": {EVIL: EVIL}})
    badges = render.badges(EVIL, 0.5, EVIL, True, EVIL)
    for html in (orders, passages, summary, badges):
        assert "<img src=x" not in html
    assert "cited in the draft" in passages
    assert "Escalate" in badges


def test_profile_panel_controls_are_escaped_and_template_safe() -> None:
    from assistant.profile.panel import profile_panel_html

    item = {
        "kind": "exclude",
        "key": "exclude:" + EVIL,
        "label": "no " + EVIL,
        "value": EVIL,
        "confidence": 1.0,
        "evidence": f'you said "{EVIL}"',
        "source": "stated",
    }
    html = render.template_safe(profile_panel_html({"items": [item]}, actions=True))
    assert "<img src=x" not in html and 'onerror="' not in html
    assert "{{" not in html and "${" not in html and "`" not in html
    assert 'data-action="forget"' in html and 'data-action="correct"' in html
    band = {"kind": "price_band", "key": "price_band:shoes", "label": "usual", "confidence": 0.5}
    band_html = profile_panel_html(
        {"items": [{**band, "value": {"low": 20, "high": 60.5}}]}, (), True
    )
    assert 'data-value="20-60.5"' in band_html
    hidden = profile_panel_html({"hidden": True, "items": [item]}, actions=True)
    assert "Personalisation is off" in hidden and "data-action" not in hidden


def test_the_price_order_is_a_chip_with_words() -> None:
    items = render.constraint_items({"query": "desk", "sort": "price_asc", "price_max": 300.0})
    assert ("sort", None, "lowest price first") in items


def test_bounds_from_shown_prices_read_over_and_under_and_are_one_chip_each() -> None:
    strict = {"price_min": 59.99, "price_min_strict": True}
    strict |= {"price_max": 109.99, "price_max_strict": True}
    labels = [label for _key, _value, label in render.constraint_items(strict)]
    assert labels == ["over $59.99", "under $109.99"]
    inclusive = render.constraint_items({"price_min": 20.0, "price_max": 50.0})
    assert [label for *_, label in inclusive] == ["from $20", "up to $50"]


def test_reasons_show_emphasis_not_asterisks_and_stay_escaped(tmp_path: Path) -> None:
    reasons = [
        "matches *waterproof*, *hiking*",
        "shoppers who bought *<b>Trail</b> Boot* also chose this",
    ]
    html = render.product_card(card(reasons=reasons), 1, render.ImageResolver(tmp_path))
    assert "matches <em>waterproof</em>, <em>hiking</em>" in html
    assert "<em>&lt;b&gt;Trail&lt;/b&gt; Boot</em>" in html and "<b>" not in html
    assert "*" not in html


def test_reply_text_drops_emphasis_markers_but_keeps_markdown_inert() -> None:
    text = render.reply_text("It matches *waterproof*; **great** [x](http://evil.example)")
    assert "*" not in text.replace("\\*", "")
    assert text.startswith("It matches waterproof; great \\[x\\]")
    assert render.chat_text("2 * 3") == "2 \\* 3"  # the shopper's own text stays as written


def test_card_price_is_written_like_the_reply(tmp_path: Path) -> None:
    from assistant.engine.replies import price_text

    for price in (29.0, 39.99, 1200.0, None):
        html = render.product_card(card(price=price), 1, render.ImageResolver(tmp_path))
        assert f'<span class="price">{render.esc(price_text(price))}</span>' in html
    assert "&#36;29<" in render.product_card(card(price=29.0), 1, render.ImageResolver(tmp_path))


def test_comparison_writes_prices_as_the_cards_and_colour_in_british() -> None:
    rows = [
        {"field": "price", "label": "Price", "values": ["$29.00", "$39.99"]},
        {"field": "color", "label": "Color", "values": ["blue", "red"]},
    ]
    html = render.comparison_table(rows, [card(price=29.0), card(product_id="P2", price=39.99)])
    assert "<td>&#36;29</td><td>&#36;39.99</td>" in html
    assert "<th>Colour</th>" in html and "Color" not in html
    assert "colour: blue" in render.constraint_chips({"colors": ["blue"]})


def test_liked_and_disliked_cards_show_pressed_buttons(tmp_path: Path) -> None:
    cards = [card(), card(product_id="P2")]
    html = render.product_grid(
        cards, render.ImageResolver(tmp_path), "", opinions={"P1": "like", "P2": "dislike"}
    )
    assert html.count('aria-pressed="true"') == 2
    assert (
        'data-action="like" data-product="P1" data-pos="1" aria-label="Like this product" title="Like" aria-pressed="true"'
        in html
    )
    assert (
        'data-action="dislike" data-product="P2" data-pos="2" aria-label="Dislike this product" title="Dislike" aria-pressed="true"'
        in html
    )
    plain = render.product_grid(cards, render.ImageResolver(tmp_path), "")
    assert 'aria-pressed="true"' not in plain and plain.count('aria-pressed="false"') == 4


def test_looking_for_is_one_line_with_an_ellipsis() -> None:
    long = "tent " + " ".join(f"word{i}" for i in range(400))
    html = render.constraint_chips({"query": long})
    shown = html.split("<b>")[1].split("</b>")[0]
    assert len(shown) <= render.LOOKING_FOR_CHARS and shown.endswith("…")
    assert shown.startswith("tent word0 word1")
    assert "Looking for: <b>jacket</b>" in render.constraint_chips(
        {"query": "I need a jacket"}, looking_for="jacket"
    )
    assert render.shorten("a  b\n c", 10) == "a b c"


def test_weight_chips():
    chips = render.constraint_items({"query": "tent", "weight_max": 1500.0, "sort": "weight_asc"})
    assert chips == [("weight_max", None, "at most 1.5 kg"), ("sort", None, "lightest first")]


def test_capacity_chips():
    assert render.constraint_items({"capacity_min": 30.0}) == [
        ("capacity_min", None, "at least 30 L")
    ]
    strict = {"capacity_min": 32.0, "capacity_min_strict": True}
    assert render.constraint_items(strict) == [("capacity_min", None, "more than 32 L")]


def test_a_childs_age_chip():
    chips = render.constraint_items({"query": "toys", "child_age": 5})
    assert chips == [("child_age", None, "for age 5")]
