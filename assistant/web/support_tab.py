"""The support-agent console: a customer message in; intent, sentiment, escalation, orders,
cited policy passages, an editable draft reply, alternatives and the hand-over summary.

One case is one engine session: the messages of a case share it (the case's order carries
over, "cancel my order" after "order 96112"); **New case** (or choosing another customer)
starts a fresh session, so nothing of the previous case leaks into the next one. A staff view:
the app shows it only when the operator asks (``web.views``), behind authentication."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import gradio as gr

from assistant.errors import ForeignSessionError
from assistant.web import render, support_view
from assistant.web.services import AppServices

log = logging.getLogger(__name__)
UNKNOWN = "unknown"
EXAMPLES = [
    "Where is my order? It was supposed to arrive three days ago.",
    "The headphones I got are broken and nobody answers my emails. This is ridiculous!",
    "How do I return a jacket that doesn't fit?",
    "I want to talk to a real person.",
]
SupportOutputs = tuple[str, str, str, str, str, str, str]


def new_case_id() -> str:
    return "agent-" + uuid.uuid4().hex[:12]


class SupportTab:
    def __init__(self, services: AppServices) -> None:
        self.services = services

    def analyse(self, message: str, customer: str | None, session: str | None) -> SupportOutputs:
        message = (message or "").strip()
        if not message:
            return self._blank("Paste or type the customer's message first.")
        session = session or new_case_id()
        user = None if customer in (None, "", UNKNOWN) else customer
        engine = self.services.engine
        try:
            try:
                turn = engine.respond(message, session, user, agent_view=True)
            except ForeignSessionError:  # the agent picked another customer: a new case
                session = new_case_id()
                turn = engine.respond(message, session, user, agent_view=True)
        except Exception:
            log.exception("support analysis failed")
            return self._blank("Something went wrong analysing that message; please try again.")
        info = turn.support
        reason = info.escalation_reason if info else None
        head = render.badges(
            turn.intent, turn.intent_confidence, turn.sentiment, turn.escalate, reason
        )
        if info is None:
            note = '<div class="note">This reads as a shopping request, not a support case.</div>'
            grid = render.product_grid(turn.products, self.services.images, "", actions=False)
            return (head + note, "", "", turn.reply, grid, "", session)
        return (
            head,
            support_view.orders_table(info.orders),
            render.passages(info.passages),
            info.draft or turn.reply,
            render.product_grid(
                info.alternatives, self.services.images, "No alternatives needed.", actions=False
            ),
            support_view.handover(info.summary),
            session,
        )

    def _blank(self, note: str) -> SupportOutputs:
        return (f'<div class="note">{render.esc(note)}</div>', "", "", "", "", "", "")

    def new_case(self) -> tuple[str, str, str, str, str, str, str, None]:
        """A clean slate: no session (the next message starts one), every panel empty."""
        note = '<div class="note">New case: earlier messages are not carried over.</div>'
        return ("", note, "", "", "", "", "", None)

    def build(self) -> None:
        customers = [("Unknown customer", UNKNOWN)] + [
            (f"{s.label} [{s.user_id}]", s.user_id) for s in self.services.shoppers if s.has_orders
        ]
        session = gr.State(None)
        with gr.Row():
            with gr.Column(scale=4):
                customer = gr.Dropdown(customers, value=UNKNOWN, label="Customer")
                message = gr.Textbox(label="Customer message", lines=4, elem_id="support-message")
                with gr.Row():
                    analyse = gr.Button("Analyse", variant="primary")
                    new_case = gr.Button("New case", elem_id="support-new-case")
                gr.Examples(EXAMPLES, inputs=[message], label="Example messages")
            with gr.Column(scale=6):
                head = gr.HTML(elem_id="support-badges")
                gr.Markdown("#### Draft reply (edit before sending)")
                draft = gr.Textbox(label="Draft reply", lines=6, interactive=True, elem_id="draft")
                gr.Markdown("#### Hand-over summary")
                summary = gr.HTML(elem_id="support-summary")
        with gr.Row():
            with gr.Column():
                gr.Markdown("#### Customer's orders")
                orders = gr.HTML(elem_id="support-orders")
            with gr.Column():
                gr.Markdown("#### Policy passages")
                passages = gr.HTML(elem_id="support-passages")
        gr.Markdown("#### Alternatives / replacements")
        alternatives = gr.HTML(elem_id="support-alternatives")
        outputs: list[Any] = [head, orders, passages, draft, alternatives, summary, session]
        analyse.click(self.analyse, [message, customer, session], outputs, api_name="support")
        message.submit(
            self.analyse, [message, customer, session], outputs, api_visibility="private"
        )
        new_case.click(
            self.new_case,
            None,
            [message, head, orders, passages, draft, alternatives, summary, session],
            api_visibility="private",
        )
        customer.change(lambda: None, None, session, api_visibility="private")
