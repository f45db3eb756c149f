"""The suggested reply for the agent: deterministic templates over the facts in view.

Shape: greeting, an apology first when the customer is upset, the order facts (status,
carrier, tracking, dates), what the policy means for this order (``Ruling.statement``: "it can
still be cancelled", "the 7-day window has passed"), the cited policy sentence with its page
and heading, what happens next (hand-over, carrier trace), alternatives when the item is
returned or broken, a closing line. With nobody identified and an order id given, the reply
says nothing about the order (not even whether it exists) and asks for the email address on
it, the identity check the contact page names; the agent still sees the order. Every order id, date and amount in the text comes from the order facts, the cited
passage or the offered products; ``GroundingCheck`` verifies that, and a draft that fails it
is replaced by the same reply without the order and product sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.engine.turn import ProductCard
from assistant.support.case import CaseAction, in_case_order
from assistant.support.escalation import EscalationDecision
from assistant.support.grounding import GroundingCheck, GroundingFacts, GroundingReport, human_date
from assistant.support.orders import OrderFacts, OrderLookupResult, order_in_question
from assistant.support.policies import PassageHit
from assistant.support.rulings import Ruling

# the shop's chat cannot check an email address: the order's details need the account
SIGN_IN = (
    "To keep your order details private, I can only share them once you are signed in: please "
    "sign in and ask me about order {order} again. If you cannot sign in, our support team can "
    "check the email address used for the order with you."
)


@dataclass
class DraftInput:
    intent: str
    sentiment: str
    first_name: str | None
    lookup: OrderLookupResult
    passages: Sequence[PassageHit]
    decision: EscalationDecision
    alternatives: Sequence[ProductCard] = ()
    message: str = ""  # the customer's message (only read for what it is about)
    ruling: Ruling | None = None  # what the policy means for the order in question
    signed_in: bool = True  # False: no account to look in ("your account" would be untrue)
    # an agent reads the draft and can check the email the customer gives; the shop's own
    # chat cannot, so it asks the customer to sign in instead
    agent_view: bool = False


@dataclass
class Draft:
    text: str
    citation: dict[str, str] | None  # page, title, heading of the cited passage
    grounding: GroundingReport
    fallback: bool = False  # True when the first draft failed the grounding check
    facts_used: list[str] = field(default_factory=list)
    # what the shown text does (asked for the email, quoted a policy, ...), in CASE_ACTIONS order
    actions: tuple[CaseAction, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "citation": self.citation,
            "grounding": self.grounding.to_dict(),
            "fallback": self.fallback,
        }


def order_sentence(facts: OrderFacts, intent: str) -> str:
    o = facts.order
    oid = o.order_id
    if o.status == "processing":
        return f"Your order {oid}, placed on {human_date(o.placed_at)}, is being prepared."
    if o.status == "shipped":
        parts = [f"Your order {oid} has shipped"]
        if o.carrier:
            parts.append(f" with {o.carrier}")
        if o.tracking:
            parts.append(f" (tracking number {o.tracking})")
        text = "".join(parts) + "."
        if o.estimated_delivery:
            text += f" The estimated delivery date was {human_date(o.estimated_delivery)}"
            if facts.business_days_late > 0:
                text += f", so it is now {facts.business_days_late} business days late."
            else:
                text = text.replace("date was", "date is") + "."
        return text
    if o.status == "delivered":
        text = f"Your order {oid} was delivered on {human_date(o.delivered_at)}."
        if intent in ("return_refund", "complaint") and facts.return_window_ends:
            ends = human_date(facts.return_window_ends)
            if facts.return_window_open:
                text += f" It can be returned until {ends}."
            else:
                days = facts.return_window_days
                text += f" Its {days}-day return window ended on {ends}."
        return text
    if o.status == "returned":
        return f"We have received the return of your order {oid}."
    if o.status == "refunded":
        return f"The refund for your order {oid} has been issued."
    return f"Your order {oid} was {o.status}."


def citation_sentence(hit: PassageHit) -> str:
    return f'Our {hit.passage.title} policy ("{hit.passage.heading}") says: {hit.best_sentence}'


def next_step(
    decision: EscalationDecision, focus: OrderFacts | None
) -> tuple[str, CaseAction | None] | None:
    """What happens next when the case is escalated: the sentence and the action it takes."""
    if not decision.escalate:
        return None
    about_focus = focus is not None and decision.order_id in (None, focus.order_id)
    if decision.code == "late_parcel" and focus is not None and about_focus:
        return (
            f"I have asked our team to open a trace with the carrier for order "
            f"{focus.order_id}, and a member of our support team will follow up with you.",
            "trace_requested",
        )
    if decision.code == "lost_parcel" and focus is not None and about_focus:
        return (
            "Just let me know which you prefer, and a member of our support team will arrange it.",
            None,  # the ruling's replacement-or-refund offer: the customer chooses first
        )
    if decision.code == "human_agent":
        return "I am handing this conversation to a member of our support team.", "handed_over"
    return (
        "I have passed your case to a member of our support team, who will follow up with you.",
        "handed_over",
    )


def alternatives_sentence(products: Sequence[ProductCard]) -> str | None:
    shown = [p for p in products if p.price is not None][:3]
    if not shown:
        return None
    items = "; ".join(f"{p.title} (${p.price:.2f})" for p in shown)
    return f"If you would like a replacement, these similar items are in stock: {items}."


class ReplyDrafter:
    """Component: ``run(DraftInput) -> Draft`` (deterministic; checked for grounding)."""

    def __init__(self, check: GroundingCheck | None = None) -> None:
        self.check = check or GroundingCheck()

    def run(self, case: DraftInput) -> Draft:
        facts = GroundingFacts.collect(
            orders=[o.to_dict() for o in case.lookup.orders],
            texts=[h.passage.text for h in case.passages],
            amounts=[p.price for p in case.alternatives if p.price is not None],
            order_ids=[case.lookup.requested_id] if case.lookup.requested_id else [],
        )
        top = case.passages[0] if case.passages else None
        citation = (
            {"page": top.passage.page, "title": top.passage.title, "heading": top.passage.heading}
            if top is not None
            else None
        )
        text, actions = self._compose(case, with_facts=True)
        report = self.check.run(text, facts)
        if report.ok:
            return Draft(text, citation, report, actions=actions)
        safe, actions = self._compose(case, with_facts=False)
        return Draft(safe, citation, self.check.run(safe, facts), fallback=True, actions=actions)

    def _compose(self, case: DraftInput, with_facts: bool) -> tuple[str, tuple[CaseAction, ...]]:
        """The reply text and the actions it takes (recorded with the turn, so nothing has
        to be read back out of the wording)."""
        actions: list[CaseAction] = []
        identity = case.lookup.needs_identity
        name = None if identity else case.first_name
        lines = [f"Hi {name}," if name else "Hello,"]
        upset = case.sentiment == "negative" or case.intent == "complaint"
        if upset:
            lines.append("I am sorry for the trouble, and thank you for letting us know.")
        else:
            lines.append("Thank you for getting in touch.")
        focus = None if identity else case.lookup.focus
        ruling = case.ruling
        if identity and case.agent_view:
            lines.append(
                "To keep your order details private, could you confirm the email address "
                f"used for order {case.lookup.requested_id}? Then I can look into it for you."
            )
            actions.append("asked_email")
        elif identity:
            lines.append(SIGN_IN.format(order=case.lookup.requested_id))
            actions.append("asked_sign_in")
        elif with_facts:
            in_question = order_in_question(case.intent, case.lookup, case.message)
            if case.lookup.not_found:  # the number they gave comes first; no other order
                lines.append(
                    f"I could not find order {case.lookup.requested_id} on your account; "
                    "could you check the number in your confirmation email?"
                )
                actions.append("order_not_found")
            elif (
                focus is not None
                and not in_question
                and case.intent in ("return_refund", "complaint")
            ):
                lines.append(
                    "Could you tell me which order this is about? "
                    "The order number is in your confirmation email."
                )
                actions.append("asked_order")
            elif focus is not None and in_question:
                statement = ruling.statement if ruling is not None else None
                # the ruling says what the return window means; the order sentence need not
                lines.append(order_sentence(focus, "order_status" if statement else case.intent))
                if statement:
                    lines.append(statement)
            elif (
                focus is None
                and not case.lookup.not_found
                and case.intent in ("order_status", "return_refund")
            ):
                lines.append(
                    "I could not find any orders on your account; could you share the order number?"
                    if case.signed_in
                    else "Could you share the order number? It is in your confirmation email."
                )
                actions.append("asked_order")
        if case.passages:
            lines.append(citation_sentence(case.passages[0]))
            actions.append("policy_quoted")
        step = next_step(case.decision, focus if with_facts else None)
        if step and not (identity and case.decision.code in ("late_parcel", "lost_parcel")):
            sentence, action = step
            lines.append(sentence)
            if action is not None:
                actions.append(action)
        if with_facts and not identity:
            alt = alternatives_sentence(case.alternatives)
            if alt:
                lines.append(alt)
        lines.append(
            "Thank you for your patience."
            if upset
            else "Is there anything else I can help you with?"
        )
        return lines[0] + "\n\n" + " ".join(lines[1:]), in_case_order(actions)
