"""The words of a shopper's message: the refinement phrases ("cheaper", "show me more",
"any colour"), and the part of a message that is search text (no request opening, prices,
wanted colour or negated terms).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.engine.measure_phrases import BIGGER, LIGHTER, without_measures
from assistant.indexing.lexical import analyze
from assistant.nlu.entities import Entities
from assistant.nlu.exclusions import NEGATION_CUES
from assistant.nlu.prices import CURRENCY_WORDS, UNITS, spelled_numbers_as_digits
from assistant.nlu.vocabulary import tokens

CHEAPER = re.compile(
    r"\b(?:cheaper|less expensive|lower[- ]priced?|more affordable|too (?:expensive|pricey|much)"
    r"|on a (?:tighter )?budget|costs? less)\b",
    re.IGNORECASE,
)
# a price order for the results ("cheapest standing desk", "most expensive first")
LOWEST_PRICE = re.compile(
    r"\b(?:cheapest|least expensive|lowest[- ]priced?|lowest prices?|most affordable"
    r"|(?<!not )(?<!not so )(?:cheap|inexpensive|affordable|low[- ]cost)(?![- ]looking)"
    r"|(?:sort(?:ed)?|order(?:ed)?) (?:them |these |it )?by price|price:? low to high|low to high)\b",
    re.IGNORECASE,
)
HIGHEST_PRICE = re.compile(
    r"\b(?:most expensive|priciest|highest[- ]priced?|highest prices?|price:? high to low"
    r"|high to low)\b",
    re.IGNORECASE,
)
# results lightest first ("the lightest tent", "sort by weight")
LIGHTEST = re.compile(
    r"\b(?:lightest(?:[- ]weight)?(?![- ](?:colou?r|shade|tone|grey|gray|blue|green|pink|brown))"
    r"|lowest weight|least heavy"
    r"|(?:sort(?:ed)?|order(?:ed)?) (?:them |these |it )?by weight"
    r"|weight:? low to high)\b",
    re.IGNORECASE,
)
# results best rated first ("higher rated ones", "top rated sleeping bag", "something better")
BEST_RATED = re.compile(
    r"\b(?:(?:better|best|higher|highest|top)[- ]rated|(?:better|best|highest|top) ratings?"
    r"|(?:better|best) reviewed|(?:better|best|good) reviews|(?:sort(?:ed)?|order(?:ed)?) "
    r"(?:them |these |it )?by (?:rating|reviews)|something better|better ones?|better options?)\b",
    re.IGNORECASE,
)
# an order for the whole list ("cheapest first", "sort by price", "higher rated ones"): no
# product picked by "first" or "cheapest", no question about the shown products ("which is the
# lightest?" compares them)
ORDER_FIRST = re.compile(
    r"\b(?:higher[- ]rated|better[- ]rated|something better|better ones|better options"
    r"|lightest ones)\b|"
    r"\b(?:cheapest|least expensive|lowest[- ]priced?|lowest prices?|most expensive|priciest"
    r"|highest[- ]priced?|highest prices?|lightest|(?:best|highest|top)[- ]rated)"
    r"\s+(?:ones?\s+)?(?:first|on top|at the top)\b"
    r"|\b(?:sort|order)(?:ed)?\s+(?:them\s+|it\s+|these\s+)?by\s+(?:price|weight|rating|reviews)\b"
    r"|\b(?:low|high) to (?:high|low)\b",
    re.IGNORECASE,
)
PRICIER = re.compile(
    r"\b(?:more expensive|pricier|higher[- ]end|premium ones?|fancier|more upmarket)\b",
    re.IGNORECASE,
)
# the next products for the same search ("show me more", "any others?")
MORE = re.compile(
    r"\b(?:show (?:me )?(?:some )?more|(?:some |any )?more (?:options|results|ideas|choices)"
    r"|see more|what else|anything else|any others|other options|next (?:ones?|few|page))\b"
    r"|^\W*(?:some |any )?more\W*(?:please|pls)?\W*$",
    re.IGNORECASE,
)
IN_STOCK = re.compile(
    r"\b(?:in stock|available (?:now|today)|ships? (?:now|today)|only available)\b", re.IGNORECASE
)
CLEAR_ONE = re.compile(
    r"\b(?:any|no matter the|whatever|remove the|drop the|forget the|clear the|ignore the|"
    r"without the|don'?t care about the|regardless of)\s+"
    r"(?P<f>brands?|colou?rs?|sizes?|price|budget|category|stock|sorting|sort order|age|weight|capacity)\b",
    re.IGNORECASE,
)
RESET = re.compile(
    r"\b(?:start (?:over|again)|new search|reset|clear (?:all|everything|the filters|filters))\b",
    re.IGNORECASE,
)
ONLY_NAME = re.compile(r"\b(?:only|just)\s+(?:from\s+|by\s+)?(?P<b>[A-Z][\w&'.-]*)")
_CURRENCY_WORDS = rf"(?:\s*(?:{CURRENCY_WORDS}|k)\b)?"
_PRICE_PHRASE = re.compile(
    r"(?:\b(?:under|below|less than|max(?:imum)?|up to|at most|over|above|more than|"
    r"at least|between|from|around|about|undr|uner|bellow|les than)\s+)?"
    rf"[$€£]?\s?\d+(?:[.,]\d+)?{_CURRENCY_WORDS}"
    rf"(?:\s*(?:and|to|-)\s*[$€£]?\s?\d+(?:[.,]\d+)?{_CURRENCY_WORDS})?"
    r"(?:\s*(?:max(?:imum)?|tops|or less|or under)\b)?",
    re.IGNORECASE,
)
_WHO = r"(?:(?:she|he|they|we|i|my \w+)\s+)?"  # "she hates pink": no "she" left to search
_NEGATED = re.compile(
    rf"\b{_WHO}(?:{NEGATION_CUES})\s+(?:the\s+|any\s+|made of\s+)?"
    r"(?:from\s+|by\s+)?\S+",
    re.IGNORECASE,
)
# words that carry no search meaning in a refinement ("show me something cheaper please")
FILLER = frozenset(
    """a an the any some others ideas choices results next page few than then is are was
    second third last drop sorting forget remove clear ignore regardless whatever matter something anything one ones it them those these that this
    show me find give get want need looking make go think look for in on of with from by to and or but
    please pls thanks thank you can could would i id im we do have got only just also
    more less cheaper pricier expensive option options instead what about how else other
    different similar maybe perhaps rather prefer like color colour size brand price
    budget under over below above between around about dollars bucks dolar doller dollers
    dolla usd eur euro euros pound pounds quid not no without
    except excluding avoid non same still too very really bit little much lot ok okay
    yes yeah hmm well so same let see see start over again reset new search there here
    either neither bigger larger roomier lighter first top she he her his him they their
    available now today stock ship ships cheapest priciest most least lowest highest
    affordable priced prices sort sorted category categories kind type dont don't hate
    dislike love fan keen stand cant can't fancy actually honestly though guess mean they
    their come comes came does did meant sorry oops""".split()  # noqa: SIM905
)


# "a tent for 2 people" is written "2-person" in catalogs: search it that way
_COUNT = {w: str(n) for w, n in UNITS.items() if 1 <= n <= 8}
_PEOPLE = re.compile(
    rf"\b(?:for\s+)?(\d|{'|'.join(_COUNT)})[\s-]+(?:people|persons?|man|men)\b", re.IGNORECASE
)


# how a request opens ("I need", "do you have", "show me some"): no search text
_REQUEST_OPENING = re.compile(
    r"^\W*(?:(?:hi|hello|hey)\b\W*)?(?:(?:so|ok|okay|well|actually|um+|and|also)\b\W*)?"
    r"(?:(?:i\s*(?:'?m|am)?\s*(?:really\s+)?(?:need|want|looking for|would like|'?d like|after"
    r"|search(?:ing)? for)"
    r"|(?:can|could) you (?:find|show|get|recommend)(?: me)?|please (?:find|show)(?: me)?"
    r"|do you (?:have|sell|carry|stock)|have you got|(?:show|find|get) me|looking for"
    r"|recommend(?: me)?|(?:what|how) about)\b\s*)?(?:(?:a|an|some|any|the)\s+)?",
    re.IGNORECASE,
)


# who the product is for, before what they like ("a gift for my dad who likes camping"):
# the interest is the search; the gift itself is the scenario's (profiles), not product text
_RECIPIENT = re.compile(
    r"\b(?:(?:as\s+)?(?:a\s+|some\s+)?(?:gift|present)s?\s+)?for\s+(?:my|a|our|his|her)\s+"
    r"(?:[a-z'-]+\s+){0,2}?(?:who|that)\s+(?:really\s+|just\s+)?(?:likes?|loves?|enjoys?|"
    r"is\s+into|'s\s+into|is\s+(?:a\s+)?(?:big\s+)?(?:fan\s+of|keen\s+on))\s+",
    re.IGNORECASE,
)
# "budget around 100 bucks": with the price phrase gone, "budget" is no product word
_BUDGET = re.compile(
    r"(?:\b(?:my|the|a|with\s+a|on\s+a)\s+)?\b(?:budget|price\s+range)(?![\w-])"
    r"(?:\s+(?:is|of)\b)?",
    re.IGNORECASE,
)


_AGE = re.compile(
    r"\b(?:for\s+)?(?:(?:a|an|my|our)\s+)?\d{1,2}[\s-]*(?:years?|yrs?|months?)[\s-]*olds?\b",
    re.IGNORECASE,
)


# HTML a message may carry ("<script>alert(1)</script> running shoes"): no search text
_MARKUP = re.compile(r"<(script|style)\b.*?</\1\s*>|</?[a-z][^<>]{0,200}>", re.I | re.S)


_CHILD_AGE = re.compile(
    r"\b(\d{1,2})[\s-]*(?:years?|yrs?)[\s-]*olds?\b"
    r"(?!\s+(?:dogs?|cats?|pupp(?:y|ies)|kittens?|pets?|horses?|cars?|bikes?|laptops?|phones?)\b)",
    re.IGNORECASE,
)
_TODDLER = re.compile(r"\btoddlers?\b", re.IGNORECASE)
_KIDS = re.compile(
    r"\b(?:kids?|child(?:ren)?|toddlers?|little ones?|(?:grand)?(?:son|daughter)s?|nephews?|"
    r"nieces?)\b",
    re.IGNORECASE,
)
CHILD_MAX_AGE = 14


def child_age(message: str) -> int | None:
    """The age of the child a message shops for ("my 5 year old" -> 5, "a toddler" -> 2);
    None for no child or an age past ``CHILD_MAX_AGE``."""
    m = _CHILD_AGE.search(message)
    if m:
        age = int(m.group(1))
        return age if age <= CHILD_MAX_AGE else None
    return 2 if _TODDLER.search(message) else None


def without_filter_phrases(message: str) -> str:
    """The message without the phrases that set or drop a filter or an order by naming it
    ("any weight", "under 2 kg", "forget the size", "sort by weight"): what is left may name
    a kind of product."""
    text = CLEAR_ONE.sub(" ", without_measures(message))
    text = LIGHTER.sub(" ", BIGGER.sub(" ", text))
    return BEST_RATED.sub(" ", LIGHTEST.sub(" ", text))


def names_a_child(message: str) -> bool:
    """ "for the kids", "my daughter", "a toddler": shopping for a child (no age needed)."""
    return _KIDS.search(message) is not None


def clean_query(message: str, entities: Entities) -> str:
    """The message without its request opening ("I need a"), price phrases, price orders,
    the wanted colour and negated terms (those are filters, not search text: "yoga mat in
    purple" searches "yoga mat")."""
    message = _MARKUP.sub(" ", message).strip()
    text = _REQUEST_OPENING.sub("", message, count=1) or message
    text = RESET.sub(" ", _AGE.sub(" ", text))  # "start over with backpacks", "my 6 year old"
    text = without_measures(text)  # "under 2 kg", "at least 30 litres": filters
    text = _RECIPIENT.sub(" ", text)
    for term in entities.exclude_terms:  # "not Summit & Stone": the whole excluded name
        words = r"\s+".join(re.escape(w) for w in term.split())
        text = re.sub(rf"\b{_WHO}(?:{NEGATION_CUES})\s+(?:the\s+|any\s+)?(?:from\s+|by\s+)?{words}(?!\w)",
                      " ", text, flags=re.IGNORECASE)  # fmt: skip
        # the rest of an excluded list: "no Wildpine or Alpenglow", "not red, blue"
        joint = r"(?:,\s*(?:(?:and|or|nor)\s+)?|\s+(?:and|or|nor)\s+)(?:not\s+|no\s+)?"
        text = re.sub(rf"{joint}{words}(?!\w)", " ", text, flags=re.IGNORECASE)
    text = _NEGATED.sub(" ", text)
    for order in (BEST_RATED, LIGHTEST, LOWEST_PRICE, HIGHEST_PRICE):
        text = order.sub(" ", text)
    for color in filter(None, [entities.color, *entities.other_colors]):
        colour = re.escape(color.strip())
        text = re.sub(rf"(?:\b(?:in|or)\s+)?\b{colour}\b", " ", text, flags=re.IGNORECASE)
    if entities.price_min is not None or entities.price_max is not None:
        text = _BUDGET.sub(" ", _PRICE_PHRASE.sub(" ", spelled_numbers_as_digits(text)))
    text = re.sub(r"[\s,]+(?:but|and|or)[\s,]*$", " ", text, flags=re.IGNORECASE)  # "backpacks but"
    text = re.sub(r"^[\s,]*(?:but|and|or)\b", " ", text, flags=re.IGNORECASE)  # "and comfy shoes"
    text = re.sub(r"(?:\s*,)+\s*(?:(?:and|or)\b)?", ", ", text)  # "handbag, , and" -> one comma
    text = _PEOPLE.sub(lambda m: f"{_COUNT.get(m.group(1).lower(), m.group(1))}-person", text)
    return " ".join(text.split()).strip(" ,;?!.")


# words that name no product in a search ("gifts under 25", "best sellers in blue")
VAGUE = FILLER | frozenset(
    """gift gifts present presents idea ideas best seller sellers bestseller bestsellers
    popular top stuff thing things item items product products sell selling
    daughter daughters son sons kid kids child children toddler toddlers grandson granddaughter
    grandkids grandchildren nephew niece""".split()  # noqa: SIM905
)


LONG_MESSAGE_WORDS = 12  # past this a message may be told as a story, not typed as a search
STORY_MIN_WORDS = 3  # words about people or the telling ("my", "friend", "likes") in a story
_STORY_WORDS = frozenset(
    """i im i'm me my mine we our you your she her hers he him his they them their friend
    friends wife husband partner mom mum dad mother father sister brother boyfriend
    girlfriend family always never really very just also still likes like loves love enjoys
    enjoy going being getting doing wants want needs need complains says thinks loves old new
    stuff things something anything""".split()  # noqa: SIM905
)


def focus_text(query: str, frequency: Callable[[str], int]) -> str:
    """A long message's search words: the words of ``query`` some product has (``frequency``
    of the analysed word > 0) that are not about the people or the telling ("My friend really
    likes being outdoors and going camping in the mountains with her dog" -> "outdoors
    camping mountains dog"). A short query is kept as it is, and so is a long one that tells
    no story (a list of wanted features: fewer than ``STORY_MIN_WORDS`` words about people or
    the telling) or has no product word."""
    words = re.findall(r"[a-z][a-z'-]*", query.lower())
    told = sum(w in _STORY_WORDS for w in words)
    if len(words) <= LONG_MESSAGE_WORDS or told < STORY_MIN_WORDS:
        return query
    kept: list[str] = []
    for word in words:
        if word in _STORY_WORDS or word in VAGUE or word in kept:
            continue
        stems = analyze(word)
        if stems and all(frequency(stem) > 0 for stem in stems):
            kept.append(word)
    return " ".join(kept) or query


# common words of other languages a shopper may write in (Spanish, French, German, Italian,
# Portuguese, Dutch): with one of them, a message not understood is asked for in English
_FOREIGN_WORDS = frozenset(
    """hola busco quiero necesito para una unos unas menos barato barata zapatos mochila gracias
    donde tienen cuanto precio je cherche veux voudrais une avec moins cher merci bonjour
    chaussures ich suche möchte brauche für eine einen einer billig danke bitte schuhe hast
    haben zelte unter cerco vorrei grazie scarpe zaino procuro quero obrigado sapatos
    alsjeblieft zoek goedkoop""".split()  # noqa: SIM905
)  # no word English shoppers use too ("rucksack", "per", "pour", "sac", "mit", "favor")
_WORDS = re.compile(r"[^\W\d_]+", re.UNICODE)


def looks_foreign(message: str) -> bool:
    """The message has a word of another language ("busco", "je cherche", "für"), or most of
    its words have letters English does not use ("ñ", "é"; not "a crème brûlée torch")."""
    words = [w.lower() for w in _WORDS.findall(message)]
    accented = sum(not w.isascii() for w in words)
    return any(w in _FOREIGN_WORDS for w in words) or (bool(words) and accented * 2 > len(words))


def names_something(query: str) -> bool:
    """The search text has a word that says what the product is ("tent", "waterproof");
    "anything", "gift ideas" and "something cheaper" do not."""
    return any(w not in VAGUE for w in tokens(query))


def content_words(message: str, entities: Entities) -> list[str]:
    """Words of a refinement that say something about the product ("waterproof")."""
    known: set[str] = set()
    for value in (
        entities.brand,
        entities.color,
        entities.size,
        entities.category,
        *entities.other_colors,
    ):
        if value:
            known.update(tokens(value.replace(">", " ")))
    for term in entities.exclude_terms:
        known.update(tokens(term))
    only = ONLY_NAME.search(message)
    if only:
        known.update(tokens(only.group("b")))
    words = tokens(clean_query(CLEAR_ONE.sub(" ", message), entities))  # not "any weight"
    return [w for w in words if w not in FILLER and w not in known and not w.isdigit()]
