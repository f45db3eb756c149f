"""A support request the intent model read as shopping.

"The running shoes from order 51683 don't fit, how do I return them?" names products, so the
intent model leans to ``search`` (12% sure); the order id and "how do I return" say it is a
return. ``support_intent`` is asked only about non-support intents and answers only when the
words leave no doubt: an order id together with a support action, or a first-person support
action ("how do I return", "I want to cancel") with the model unsure.
"""

from __future__ import annotations

import re

from assistant.nlu.pipeline import NLUResult
from assistant.nlu.references import bare_order_id
from assistant.settings import SupportSettings
from assistant.support.types import SUPPORT_INTENTS

SHOPPING_INTENTS = frozenset({"search", "refine", "product_question", "compare", "other"})
# below this intent confidence a clear support phrase decides (``support.triage_unsure``)
UNSURE = SupportSettings.triage_unsure
_RETURN = r"return\w*|send (?:it|them|this|these) back|exchange|swap|refund\w*|money back"
_CANCEL = r"cancel\w*"
_DELIVERY = (
    r"where(?:'s| is)|track\w*|not (?:arrived|here|delivered)|hasn'?t (?:arrived|come)|"
    r"still waiting|late|delay\w*|lost"
)
_DAMAGE = r"broken|broke|damaged|faulty|defective|doesn'?t work|stopped working"
WITH_ORDER = (
    (re.compile(rf"\b(?:{_RETURN}|{_CANCEL})\b", re.IGNORECASE), "return_refund"),
    (re.compile(rf"\b(?:{_DELIVERY})\b", re.IGNORECASE), "order_status"),
    (re.compile(rf"\b(?:{_DAMAGE})\b", re.IGNORECASE), "complaint"),
)
# something the customer bought, asked after or reported: "where is my watch??", "my
# headphones havent arrived yet", "my sleeping bag arrived ripped!!" (a product is named, so
# the intent model leans to search); "where is my cart?" or "did my wife like it?" are not
_ITEM = r"my\s+(?:[\w-]+\s+){0,3}?"
_WHERE = r"(?:where(?:'s|s| is| are)?|still waiting (?:for|on))"
# words after "my" that are no purchase: people, the shop's own pages and lists
NOT_AN_ITEM = frozenset(
    """cart basket results result list search filters filter discount code coupon account
    password order orders wife husband son daughter kids kid friend friends mom mum dad
    mother father sister brother partner boyfriend girlfriend family dog cat size options
    money wallet""".split()  # noqa: SIM905
)
MY_ITEM = (
    (re.compile(rf"\b{_WHERE}\s+{_ITEM}(?:{_RETURN})\b", re.I), "return_refund"),
    (re.compile(
        rf"\b{_WHERE}\s+{_ITEM}(?P<item>[\w-]+)\s*(?:\?|$)"
        rf"|\b(?:did|has|have)\s+{_ITEM}(?P<item2>[\w-]+)\s+(?:ship|shipped|arrive|arrived|"
        r"come|go out|left)\b"
        rf"|\b{_ITEM}(?P<item3>[\w-]+)\s+(?:has|have|is|are)?\s*(?:not|n'?t|never|still not)\s+"
        r"(?:arrived|come|came|shown up|showed up|been delivered|been shipped)\b",
        re.I,
    ), "order_status"),
    (re.compile(
        rf"\b{_ITEM}(?P<item>[\w-]+)\s+(?:arrived|came|showed up|turned up|got here|was "
        r"delivered|were delivered)\s+(?:all\s+|completely\s+)?(?:broken|damaged|ripped|torn|"
        r"cracked|smashed|scratched|dented|defective|faulty|wet|crushed|opened|used)",
        re.I,
    ), "complaint"),
)  # fmt: skip


def my_item_intent(message: str) -> str | None:
    """The support intent of a message about something the customer bought (``MY_ITEM``),
    unless the thing after "my" is no purchase ("where is my cart?")."""
    for pattern, intent in MY_ITEM:
        m = pattern.search(message)
        if m is None:
            continue
        item = next((g for g in m.groups() if g), "")
        if item.lower().rstrip("s") not in NOT_AN_ITEM and item.lower() not in NOT_AN_ITEM:
            return intent
    return None


FIRST_PERSON = re.compile(
    rf"\b(?:how (?:do|can|could) i|i(?:'d| would)? (?:like|want|need) to|can i|could i|"
    rf"please) (?:{_RETURN}|{_CANCEL})\b",
    re.IGNORECASE,
)


def support_intent(message: str, nlu: NLUResult, unsure: float = UNSURE) -> str | None:
    """The support intent a shopping-labelled message really has, or None to keep the label;
    ``unsure``: the intent confidence below which a first-person support phrase decides."""
    if nlu.intent not in SHOPPING_INTENTS:
        return None
    mine = my_item_intent(message)  # "where is my watch??" names a product, asks no search
    if mine is not None:
        return mine
    if nlu.entities.order_id:
        for pattern, intent in WITH_ORDER:
            if pattern.search(message):
                return intent
        if nlu.intent == "other":  # "what about 58784?": an order number alone asks after it
            return "order_status"
    if nlu.intent_confidence < unsure and FIRST_PERSON.search(message):
        return "return_refund"
    return None


# a message that goes on from the last one: "and the stove one too", "what about 58784?",
# "same for the jacket", "... as well"
_GOES_ON = re.compile(
    r"^\W*(?:and|also|plus|what about|how about|same (?:for|with))\b|\b(?:too|as well)\W*$",
    re.IGNORECASE,
)
# "ok", "got it", "sure": an answer was taken in, nothing more asked
ACKNOWLEDGEMENT = re.compile(
    r"^\W*(?:ok(?:ay)?|k|sure|alright|all right|cool|great|fine|got it|i see|right|understood|"
    r"noted|perfect|good|nice)(?:\W+(?:thanks|thank you|ty))?\W*$",
    re.IGNORECASE,
)
# an order picked by its item: "the watch one", "my stove order", "the one with the shoes"
_ORDER_BY_ITEM = re.compile(
    r"^\W*(?:(?:it'?s|i mean|no,?)\s+)?(?:the|my)\s+(?:[\w-]+\s+){1,3}(?:one|order|parcel)\W*$"
    r"|^\W*the one with (?:the |my )?[\w\s-]{1,30}$",
    re.IGNORECASE,
)
_POINTS_BACK = re.compile(r"\b(?:it|that|them|this one|that one|those|these)\b", re.IGNORECASE)
FOLLOW_UP_MAX_WORDS = 10


def follow_up_intent(
    message: str,
    nlu: NLUResult,
    previous: str | None,
    searching: bool,
    names_product: bool = False,
) -> str | None:
    """The support intent of a message that continues a support turn (``previous``: the
    last turn's intent) though the intent model read it as shopping or off-topic: "and the
    stove one too" (goes on), "the watch one" (an order by its item), "what about 58784?" (an order number alone), "cancel it" (an
    action word, no product named), "it doesn't fit" (points back), "size 10 please" (a
    refinement with no search going on). None otherwise: a request that names a product
    ("show me noise cancelling headphones", "the WH1000 headphones"), "recommend me
    something" or "tell me a joke" is read as it was."""
    if previous not in SUPPORT_INTENTS or nlu.intent not in SHOPPING_INTENTS:
        return None
    if ACKNOWLEDGEMENT.search(message) or len(message.split()) > FOLLOW_UP_MAX_WORDS:
        return None  # "ok": nothing more to do on the case
    if _GOES_ON.search(message) or _ORDER_BY_ITEM.search(message):
        return previous
    if names_product:
        return None
    if nlu.entities.order_id or bare_order_id(message):
        return previous
    for pattern, intent in WITH_ORDER:
        if pattern.search(message):
            return intent
    if nlu.intent != "search" and _POINTS_BACK.search(message):
        return previous
    if not searching and nlu.intent == "refine":
        return previous
    return None
