"""Shop insight report over logged conversations: what customers ask about and how they feel.

Reads the store's turns (``Store.iter_turns``). A user turn carries the intent and sentiment;
the assistant turn that answers it carries in ``data``: ``products`` (cards or bare ids),
``escalate`` and, when logged, ``support`` (SupportInfo JSON: orders, escalation reason and
summary). Either turn may carry ``intent``, ``sentiment`` or ``escalate`` in ``data``; the
report takes what is there (an escalation without a logged reason counts as "unspecified").

Figures:
- intent mix: share of customer messages per intent;
- sentiment over time: per day, the share of negative / neutral / positive messages;
- complaint topics: complaint messages (and negative return / refund messages) sorted into
  topics by a documented keyword list (``TOPICS``: the topic with most keyword hits, "other"
  when none matches);
- escalation rate: escalated sessions / sessions with a support intent, with the reasons;
- products most asked about: products shown for product questions and comparisons, and the
  items of the order a support turn was about.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from assistant.store import TurnRecord
from assistant.support.types import SUPPORT_INTENTS

PRODUCT_INTENTS = ("product_question", "compare")
SENTIMENTS = ("negative", "neutral", "positive")
TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("refund or charge", r"\b(refund\w*|charged|charge|money back|double|overcharg\w*)\b"),
        ("late or missing delivery", r"\b(late|delay\w*|never (arrived|came)|not arrived|"
         r"hasn'?t (arrived|come)|where is|lost|missing|tracking|still waiting|parcel|"
         r"package|delivery|courier)\b"),
        ("damaged on arrival", r"\b(damaged|smashed|crushed|dented|cracked|torn)\b"),
        ("faulty or poor quality", r"\b(broken|broke|faulty|defect\w*|stopped working|"
         r"not working|falling apart|fell apart|cheap|quality|ripped)\b"),
        ("wrong item or size", r"\b(wrong (item|size|colou?r|product)|too (small|big|large|"
         r"tight|loose)|doesn'?t fit|not what i ordered)\b"),
        ("customer service", r"\b(rude|no one|nobody|ignored|no answer|no response|"
         r"waiting for (a )?reply|support)\b"),
        ("price", r"\b(expensive|overpriced|price|cheaper)\b"),
    )
)  # fmt: skip
OTHER_TOPIC = "other"


@dataclass
class Exchange:
    """One customer message and the answer to it."""

    session_id: str
    user_id: str
    day: str  # YYYY-MM-DD (UTC)
    text: str
    intent: str
    sentiment: str
    escalate: bool = False
    escalation_reason: str | None = None
    products: list[tuple[str, str]] = field(default_factory=list)  # (product_id, title)


@dataclass
class ReportData:
    messages: int
    sessions: int
    days: list[str]
    intent_mix: dict[str, int]
    sentiment_by_day: dict[str, dict[str, int]]
    complaint_topics: dict[str, int]
    topic_examples: dict[str, list[str]]
    support_sessions: int
    escalated_sessions: int
    escalation_reasons: dict[str, int]
    top_products: list[dict[str, Any]]

    @property
    def escalation_rate(self) -> float:
        return self.escalated_sessions / self.support_sessions if self.support_sessions else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "messages": self.messages,
            "sessions": self.sessions,
            "days": self.days,
            "intent_mix": self.intent_mix,
            "sentiment_by_day": self.sentiment_by_day,
            "complaint_topics": self.complaint_topics,
            "topic_examples": self.topic_examples,
            "support_sessions": self.support_sessions,
            "escalated_sessions": self.escalated_sessions,
            "escalation_rate": round(self.escalation_rate, 4),
            "escalation_reasons": self.escalation_reasons,
            "top_products": self.top_products,
        }


def complaint_topic(text: str) -> str:
    """The topic whose keywords occur most often in ``text`` (list order breaks ties)."""
    best, hits = OTHER_TOPIC, 0
    for name, pattern in TOPICS:
        n = len(pattern.findall(text))
        if n > hits:
            best, hits = name, n
    return best


def exchanges_from_turns(turns: Iterable[TurnRecord]) -> list[Exchange]:
    """Pair each user turn with the assistant turn that follows it in the same session."""
    out: list[Exchange] = []
    open_by_session: dict[str, Exchange] = {}
    for turn in turns:
        data = turn.data if isinstance(turn.data, dict) else {}
        if turn.role == "user":
            day = datetime.fromtimestamp(turn.created_at, UTC).date().isoformat()
            exchange = Exchange(
                turn.session_id,
                turn.user_id,
                day,
                turn.text,
                str(turn.intent or data.get("intent") or "unknown"),
                str(turn.sentiment or data.get("sentiment") or "unknown"),
            )
            _absorb(exchange, data)
            out.append(exchange)
            open_by_session[turn.session_id] = exchange
        else:
            answered = open_by_session.pop(turn.session_id, None)
            if answered is not None:
                if answered.intent == "unknown" and data.get("intent"):
                    answered.intent = str(data["intent"])
                if answered.sentiment == "unknown" and data.get("sentiment"):
                    answered.sentiment = str(data["sentiment"])
                _absorb(answered, data)
    return out


def _absorb(exchange: Exchange, data: dict[str, Any]) -> None:
    support = data.get("support") if isinstance(data.get("support"), dict) else None
    if data.get("escalate") or (support and support.get("escalation_reason")):
        exchange.escalate = True
        if support and support.get("escalation_reason"):
            summary = support.get("summary") or {}
            code = summary.get("escalation_code") if isinstance(summary, dict) else None
            exchange.escalation_reason = str(code or support["escalation_reason"])
    if exchange.intent in PRODUCT_INTENTS:
        for product in data.get("products") or []:  # Turn cards, or bare product ids
            if isinstance(product, dict) and product.get("product_id"):
                exchange.products.append(
                    (str(product["product_id"]), str(product.get("title") or ""))
                )
            elif isinstance(product, str) and product:
                exchange.products.append((product, ""))
    if support and support.get("orders"):
        focus = support["orders"][0]
        for item in focus.get("items", []) if isinstance(focus, dict) else []:
            if isinstance(item, dict) and item.get("product_id"):
                exchange.products.append((str(item["product_id"]), str(item.get("title") or "")))


def build_report(
    turns: Iterable[TurnRecord],
    top_n: int = 10,
    examples: int = 2,
    titles: Mapping[str, str] | None = None,
) -> ReportData:
    """The report's numbers; ``titles`` (product id -> title) names products logged by id."""
    exchanges = exchanges_from_turns(turns)
    intents = Counter(e.intent for e in exchanges)
    by_day: dict[str, Counter[str]] = defaultdict(Counter)
    topics: Counter[str] = Counter()
    topic_examples: dict[str, list[str]] = defaultdict(list)
    support_sessions: set[str] = set()
    escalated: dict[str, str] = {}
    product_counts: Counter[str] = Counter()
    logged_titles: dict[str, str] = {}
    for e in exchanges:
        by_day[e.day][e.sentiment] += 1
        is_complaint = e.intent == "complaint" or (
            e.intent == "return_refund" and e.sentiment == "negative"
        )
        if is_complaint:
            topic = complaint_topic(e.text)
            topics[topic] += 1
            shown = topic_examples[topic]
            if len(shown) < examples and e.text[:160] not in shown:
                shown.append(e.text[:160])
        if e.intent in SUPPORT_INTENTS:
            support_sessions.add(e.session_id)
        if e.escalate and e.session_id not in escalated:
            escalated[e.session_id] = e.escalation_reason or "unspecified"
        for product_id, title in dict.fromkeys(e.products):
            product_counts[product_id] += 1
            if title:
                logged_titles.setdefault(product_id, title)
    support_sessions |= set(escalated)
    days = sorted(by_day)
    return ReportData(
        messages=len(exchanges),
        sessions=len({e.session_id for e in exchanges}),
        days=days,
        intent_mix=dict(intents.most_common()),
        sentiment_by_day={d: {s: by_day[d].get(s, 0) for s in SENTIMENTS} for d in days},
        complaint_topics=dict(topics.most_common()),
        topic_examples=dict(topic_examples),
        support_sessions=len(support_sessions),
        escalated_sessions=len(escalated),
        escalation_reasons=dict(Counter(escalated.values()).most_common()),
        top_products=[
            {
                "product_id": pid,
                "title": logged_titles.get(pid) or (titles or {}).get(pid, ""),
                "mentions": n,
            }
            for pid, n in product_counts.most_common(top_n)
        ],
    )
