from __future__ import annotations

import pytest

from assistant.privacy import redact, redact_data
from assistant.privacy.redaction import iban_valid, luhn_valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail me at jane.doe+shop@example.co.uk please", "mail me at [email] please"),
        ("J.SMITH@Mail.Example.COM.", "[email]."),
        ("call +44 7700 900123 today", "call [phone] today"),
        ("call +1 (415) 555-2671!", "call [phone]!"),
        ("+33 1 23 45 67 89", "[phone]"),
        ("us: (555) 123-4567", "us: [phone]"),
        ("us: 555-123-4567 or 555.123.4567", "us: [phone] or [phone]"),
        ("us bare 5551234567", "us bare [phone]"),
        ("toll free 1-800-555-0199", "toll free [phone]"),
        ("uk 020 7946 0958 and 07700 900123", "uk [phone] and [phone]"),
        ("card 4111 1111 1111 1111 thanks", "card [card] thanks"),
        ("card: 5500-0000-0000-0004, exp 12/27", "card: [card], exp 12/27"),
        ("amex 378282246310005", "amex [card]"),
        ("4111111111111111.", "[card]."),
        ("IBAN GB82 WEST 1234 5698 7654 32 ok", "IBAN [iban] ok"),
        ("de89370400440532013000", "[iban]"),
    ],
)
def test_personal_data_is_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "where is order #A1093?",
        "order 58213 and order A1093",
        "it costs $1,299.99 (was £1,499.00)",
        "total 12,345,678 points",
        "delivered on 2024-03-15 or 15/03/2024 at 10:30",
        "year 1999-2024",
        "size 10.5, waist 32x34, EU 42",
        "4111-1111-1111-1112 fails Luhn",
        "tracking 1Z999AA10123456784",
        "ISBN 978-3-16-148410-0",
        "timestamp 1700000000",
        "SKU 20241231, model 3000 4000 5000",
        "ab12 abcd efgh ijkl mnop",
        "GB00 WEST 1234 5698 7654 32",  # bad IBAN check digits
        "rated 4.5 from 312 reviews",
        "email me @ noon",
        "",
    ],
)
def test_ordinary_shopping_text_is_untouched(text: str) -> None:
    assert redact(text) == text


def test_checksums() -> None:
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert iban_valid("GB82 WEST 1234 5698 7654 32") and not iban_valid(
        "GB83 WEST 1234 5698 7654 32"
    )


def test_redact_data_keeps_identifiers() -> None:
    data = {
        "order_id": "4111111111111111",
        "product_ids": ["4111111111111111"],
        "note": "card 4111111111111111",
        "nested": [{"text": "a@b.io", "price": 12.5}],
    }
    assert redact_data(data) == {
        "order_id": "4111111111111111",
        "product_ids": ["4111111111111111"],
        "note": "card [card]",
        "nested": [{"text": "[email]", "price": 12.5}],
    }
