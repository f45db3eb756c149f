"""What the index reads of a product."""

from __future__ import annotations

from assistant.catalog.schema import Product


def test_an_attribute_the_product_lacks_is_not_searchable_text() -> None:
    jacket = Product(
        "J1",
        "Nimbus Down Jacket",
        attributes={"waterproof": "no", "material": "ripstop nylon", "vegan": "False"},
    )
    text = jacket.search_text()
    assert "ripstop nylon" in text
    assert "waterproof" not in text.lower() and "vegan" not in text.lower()
    shell = Product("J2", "Shell", attributes={"waterproof": "yes"})
    assert "waterproof: yes" in shell.search_text()
