"""The shopper tab: streamed chat, product cards with feedback, removable constraint chips,
a shopper selector, "new conversation" and the shopper's profile (items removable)."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.engine.state import REMOVABLE
from assistant.engine.turn import ProductCard, Turn, TurnPreview
from assistant.errors import AssistantError
from assistant.profile.panel import profile_panel_html
from assistant.web import render
from assistant.web.services import AppServices
from assistant.web.shopper_search import SearchWords
from assistant.web.style import ACTION_JS, FOCUS_MESSAGE_JS, PROFILE_JS

log = logging.getLogger(__name__)

FRIENDLY_ERROR = (
    "Sorry, something went wrong on my side while answering that. "
    "Please try again, or rephrase your request."
)
NEW_VISITOR = "new"
STREAM_EVERY_S = 0.05  # chunks arriving faster than this are shown together
NO_CARDS = "Products will appear here."
NO_PROFILE = '<div class="profile-panel profile-empty">No profile for this visitor.</div>'
Outputs = tuple[Any, Any, Any, Any, Any, Any]  # chat, message box, cards, chips, profile, state


def new_state(shopper: str | None = None) -> dict[str, Any]:
    return {
        "session": "web-" + uuid.uuid4().hex[:12],
        "visitor": "visitor-" + uuid.uuid4().hex[:8],
        "user": None if shopper in (None, "", NEW_VISITOR) else shopper,
        "turns": {},  # chat message index -> product ids shown with that reply
        "products": [],
        "constraints": {},
        "looking_for": "",  # the search the engine ran, in words (the chips' first line)
        "opinions": {},  # product id -> "like" / "dislike" said on a card (pressed buttons)
        "done": 0,  # completed turns (shown as data-turn on the cards)
        "profile": NO_PROFILE,  # the profile panel's HTML, refreshed after each turn
    }


def user_of(state: dict[str, Any]) -> str:
    return str(state["user"] or state["visitor"])


class ShopperTab:
    def __init__(self, services: AppServices) -> None:
        self.services = services
        self.search_words = SearchWords(services.engine)

    # rendering ---------------------------------------------------------------------------
    def cards_html(
        self,
        products: list[ProductCard],
        turn: int = 0,
        comparison: Any = None,
        opinions: dict[str, str] | None = None,
    ) -> str:
        grid = render.product_grid(
            products, self.services.images, NO_CARDS, turn=turn, opinions=opinions
        )
        return render.comparison_table(comparison, products) + grid

    def shopper_note(self, shopper_id: str | None) -> str:
        shopper = self.services.shopper(shopper_id)
        if shopper is None:
            return (
                "Shopping as a **new visitor**: the list follows popularity and what you like here."
            )
        brands = ", ".join(shopper.preferred_brands[:4])
        cats = ", ".join(shopper.preferred_categories[:3])
        return render.esc(
            f"Shopping as {shopper.display_name}: usually buys {cats}; likes {brands}."
        )

    def _outputs(self, history: list[dict[str, Any]], state: dict[str, Any]) -> Outputs:
        return (
            history,
            "",
            self.cards_html(
                state["products"], state["done"], state.get("comparison"), state.get("opinions")
            ),
            render.constraint_chips(state["constraints"], state.get("looking_for")),
            state.get("profile", NO_PROFILE),
            state,
        )

    def profile_html(self, state: dict[str, Any]) -> str:
        """The panel for the conversation's shopper, with the soft filters applied now."""
        view = self.services.profile_view(user_of(state))
        if view is None:
            return NO_PROFILE
        applied = state["constraints"].get("profile_filters") or []
        filters = [f for f in applied if isinstance(f, dict) and "key" in f and "label" in f]
        panel = profile_panel_html(view, filters, actions=True)
        return render.template_safe(f'<h3 class="profile-title">What I know about you</h3>{panel}')

    # events -------------------------------------------------------------------------------
    def send(
        self, message: str, history: list[dict[str, Any]] | None, state: dict[str, Any] | None
    ) -> Iterator[Outputs]:
        state = state or new_state()
        history = list(history or [])
        message = (message or "").strip()
        if not message:
            yield self._outputs(history, state)
            return
        yield from self._turn(message, message, history, state)

    def _turn(
        self,
        message: str,
        shown: str,
        history: list[dict[str, Any]],
        state: dict[str, Any],
    ) -> Iterator[Outputs]:
        stream = self.services.engine.stream(
            message, state["session"], user_of(state), preview=True
        )
        yield from self._run(stream, shown, history, state)

    def _run(
        self,
        stream: Iterator[str | TurnPreview | Turn],
        shown: str,
        history: list[dict[str, Any]],
        state: dict[str, Any],
    ) -> Iterator[Outputs]:
        """One engine turn into the page: ``shown`` as the shopper's message, the preview's
        cards and chips, the reply as it streams, then the Turn's final state."""
        history = [
            *history,
            {"role": "user", "content": render.chat_text(shown)},
            {"role": "assistant", "content": ""},
        ]
        yield self._outputs(history, state)
        before = {k: state.get(k) for k in ("products", "comparison", "constraints", "looking_for")}
        turn: Turn | None = None
        text = ""
        shown_at = 0.0  # the first chunk shows at once
        # preview: the turn's cards and chips come before its text (an LLM may take seconds)
        try:
            for item in stream:
                if isinstance(item, Turn):
                    turn = item
                elif isinstance(item, TurnPreview):  # the turn's products, before its text
                    self._show(item.products, item.comparison, item.constraints, state)
                    yield self._outputs(history, state)
                else:
                    text += str(item)
                    if time.monotonic() - shown_at >= STREAM_EVERY_S:
                        # only the chat changes while text streams: no card / chip re-render
                        shown_at = time.monotonic()
                        history[-1] = {"role": "assistant", "content": render.reply_text(text)}
                        yield (history, gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip())
            if turn is None:
                raise RuntimeError("the engine's stream ended without a Turn")
        except Exception:
            log.exception("turn failed (session %s)", state["session"])
            state.update(before)  # the engine kept its state: so do the cards and chips
            history[-1] = {"role": "assistant", "content": FRIENDLY_ERROR}
            state["done"] += 1
            yield self._outputs(history, state)
            return
        yield self._apply(turn, history, state)

    def _show(
        self,
        products: list[ProductCard],
        comparison: Any,
        constraints: dict[str, Any] | None,
        state: dict[str, Any],
    ) -> None:
        """A turn's cards (a turn without products keeps the list) and chips in the state."""
        if products:
            state["products"] = list(products)
            state["comparison"] = comparison
        state["constraints"] = dict(constraints or {})
        state["looking_for"] = self.search_words.text(state["constraints"].get("query"))

    def _apply(self, turn: Turn, history: list[dict[str, Any]], state: dict[str, Any]) -> Outputs:
        history[-1] = {"role": "assistant", "content": render.reply_text(turn.reply or "…")}
        self._show(turn.products, turn.comparison, turn.constraints, state)
        state["turns"][len(history) - 1] = [p.product_id for p in turn.products]
        state["done"] += 1
        state["profile"] = self.profile_html(state)  # stated facts, refreshed inferred items
        return self._outputs(history, state)

    def card_action(
        self, history: list[dict[str, Any]] | None, state: dict[str, Any] | None, evt: gr.EventData
    ) -> Iterator[Outputs]:
        state = state or new_state()
        history = list(history or [])
        action = str(getattr(evt, "_data", {}).get("action", ""))
        data = dict(getattr(evt, "_data", {}) or {})
        if action == "remove":
            yield from self._remove_constraint(
                str(data.get("key", "")), data.get("value"), history, state
            )
            return
        product_id = str(data.get("product", ""))
        card = next((p for p in state["products"] if p.product_id == product_id), None)
        if card is None or action not in {"like", "dislike", "more"}:
            yield self._outputs(history, state)
            return
        event = "click" if action == "more" else action
        try:
            self.services.engine.feedback(state["session"], user_of(state), product_id, event)
        except Exception:
            log.exception("feedback failed (session %s)", state["session"])
        if action == "more":
            # the click is already in the session's items; a search by the product's own name
            # keeps the active filters and brings its neighbours (the engine has no
            # "similar to product X" call yet)
            yield from self._turn(
                f"more like the {card.title}", f"More like this: {card.title}", history, state
            )
            return
        state.setdefault("opinions", {})[product_id] = action
        word = "Noted: you like" if action == "like" else "Noted: you don't like"
        history = [
            *history,
            {
                "role": "assistant",
                "content": render.chat_text(f"{word} {card.title}. I'll take that into account."),
            },
        ]
        state["done"] += 1
        yield self._outputs(history, state)

    def _remove_constraint(
        self, key: str, value: Any, history: list[dict[str, Any]], state: dict[str, Any]
    ) -> Iterator[Outputs]:
        label = next(
            (
                lab
                for k, v, lab in render.constraint_items(state["constraints"])
                if k == key and (v is None or str(v) == str(value))
            ),
            key,
        )
        if key not in REMOVABLE:  # the page sent a key no chip has: nothing to remove
            yield self._outputs(history, state)
            return
        one = str(value) if value not in (None, "") else None  # a list chip's own value
        stream = self.services.engine.remove_constraint_stream(
            state["session"], user_of(state), key, one, preview=True
        )
        yield from self._run(stream, f"Remove filter: {label}", history, state)

    def profile_action(
        self, state: dict[str, Any] | None, evt: gr.EventData
    ) -> tuple[str, dict[str, Any]]:
        """ "Remove" / "Correct" in the profile panel: the store changes, the panel re-renders
        and the next turn ranks with the changed profile."""
        state = state or new_state()
        data = dict(getattr(evt, "_data", {}) or {})
        action, key = str(data.get("action", "")), str(data.get("key", ""))
        service = self.services.profile_service
        problem = ""
        if action in {"forget", "correct"} and key and service is not None:
            try:
                if action == "forget":
                    service.remove(user_of(state), key)
                else:
                    service.correct(user_of(state), key, str(data.get("value", "")))
            except AssistantError as exc:
                problem = str(exc)
            except Exception:
                log.exception("profile %s of %r failed (session %s)", action, key, state["session"])
                problem = "Sorry, that change could not be saved. Please try again."
            if not problem:  # the soft filters shown came from the old item
                applied = state["constraints"].get("profile_filters") or []
                state["constraints"]["profile_filters"] = [
                    f for f in applied if not (isinstance(f, dict) and f.get("key") == key)
                ]
        state["profile"] = self.profile_html(state)
        note = f'<div class="profile-problem">{render.esc(problem)}</div>' if problem else ""
        return note + state["profile"], state

    def like_reply(self, state: dict[str, Any] | None, evt: gr.LikeData) -> None:
        if state is None:
            return
        index = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
        products = state["turns"].get(int(index), [])
        self.services.record_reply_rating(
            state["session"], user_of(state), int(index), bool(evt.liked), products
        )

    def new_conversation(self, shopper: str | None) -> tuple[Any, ...]:
        state = new_state(shopper)
        state["profile"] = self.profile_html(state)
        return (*self._outputs([], state), self.shopper_note(state["user"]))

    # layout --------------------------------------------------------------------------------
    def build(self) -> None:
        choices = [("New visitor", NEW_VISITOR)] + [
            (s.label, s.user_id) for s in self.services.shoppers
        ]
        state = gr.State(None)
        with gr.Row():
            shopper = gr.Dropdown(choices, value=NEW_VISITOR, label="Shopper", scale=3)
            new_chat = gr.Button("New conversation", scale=1)
        note = gr.Markdown(self.shopper_note(None))
        chips = gr.HTML(render.constraint_chips({}), js_on_load=ACTION_JS, elem_id="chips")
        with gr.Row():
            with gr.Column(scale=5):
                chatbot = gr.Chatbot(label="Chat", height=460, elem_id="shopper-chat")
                message = gr.Textbox(
                    label="Message",
                    placeholder="e.g. waterproof running shoes under $120",
                    lines=1,
                    max_lines=4,
                    elem_id="message",
                )
                send = gr.Button("Send", variant="primary")
            with gr.Column(scale=6):
                cards = gr.HTML(self.cards_html([]), js_on_load=ACTION_JS, elem_id="cards")
        with gr.Accordion("Your profile", open=True):
            profile = gr.HTML(NO_PROFILE, js_on_load=PROFILE_JS, elem_id="profile")
        outputs = [chatbot, message, cards, chips, profile, state]
        message.submit(self.send, [message, chatbot, state], outputs, api_name="chat")
        send.click(self.send, [message, chatbot, state], outputs, api_visibility="private")
        # a mouse click leaves focus on the button: give it back to the message box
        send.click(None, None, None, js=FOCUS_MESSAGE_JS, api_visibility="private")
        cards.click(self.card_action, [chatbot, state], outputs, api_visibility="private")
        chips.click(self.card_action, [chatbot, state], outputs, api_visibility="private")
        profile.click(self.profile_action, [state], [profile, state], api_visibility="private")
        chatbot.like(self.like_reply, [state], None, api_visibility="private")
        reset_out = [*outputs, note]
        new_chat.click(self.new_conversation, [shopper], reset_out, api_visibility="private")
        shopper.change(self.new_conversation, [shopper], reset_out, api_visibility="private")
        self.state = state
