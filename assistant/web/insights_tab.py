"""The insights tab: index facts, last measured evaluation figures, conversation charts."""

from __future__ import annotations

import logging
from typing import Any

import gradio as gr
import pandas as pd

from assistant.web import insights, render
from assistant.web.services import AppServices

log = logging.getLogger(__name__)


class InsightsTab:
    def __init__(self, services: AppServices) -> None:
        self.services = services
        self._titles: tuple[str, dict[str, str]] = ("", {})

    def _titles_for(self, fingerprint: str) -> dict[str, str]:
        if self._titles[0] != fingerprint:
            self._titles = (fingerprint, insights.product_titles(self.services.index_dir))
        return self._titles[1]

    def index_html(self) -> tuple[str, str]:
        try:
            info = insights.index_summary(self.services.index_dir)
        except Exception as exc:
            log.exception("index summary failed")
            return f'<div class="not-measured">Index not readable: {render.esc(exc)}</div>', ""
        return render.key_values("Served index", info), str(info["fingerprint"])

    def evaluations_html(self) -> str:
        found = insights.read_evaluations(self.services.data_dir)
        parts = []
        for suite in insights.SUITES:
            figures = found.get(suite)
            if figures is None:
                parts.append(
                    f'<div class="kv"><h4>{suite.upper()}</h4>'
                    '<p class="not-measured">not measured yet</p></div>'
                )
                continue
            data: dict[str, Any] = dict(figures.metrics)
            for name, values in figures.baselines.items():
                data.update({f"{name} {k}": v for k, v in values.items()})
            data["measured at"] = figures.measured_at or "(unknown)"
            if figures.dataset:
                data["dataset"] = figures.dataset
            parts.append(render.key_values(suite.upper(), data))
        return '<div class="evals">' + "".join(parts) + "</div>"

    def refresh(self) -> tuple[Any, ...]:
        index_html, fingerprint = self.index_html()
        try:
            turns = list(self.services.store.iter_turns())
        except Exception:
            log.exception("reading the conversation log failed")
            turns = []
        titles: dict[str, str] = {}
        if fingerprint:
            try:
                titles = self._titles_for(fingerprint)
            except Exception:
                log.exception("reading product titles failed")
        ratings = insights.ratings_summary(self.services.reply_ratings())
        users = sum(1 for t in turns if t.role == "user")
        log_html = render.key_values(
            "Conversation log",
            {"shopper messages": users, **ratings, "as of": insights.as_of()},
        )
        products = insights.asked_about_products(turns, titles)
        basis = str(products["basis"].iloc[0]) if len(products) else "asked about"
        return (
            index_html,
            self.evaluations_html(),
            log_html,
            _chart(insights.intent_mix(turns)),
            _chart(insights.sentiment_over_time(turns)),
            _chart(products, label=f"Most {basis} products"),
        )

    def build(self) -> gr.Button:
        refresh = gr.Button("Refresh", elem_id="insights-refresh")
        with gr.Row():
            index_info = gr.HTML(elem_id="index-info")
            log_info = gr.HTML(elem_id="log-info")
        evals = gr.HTML(elem_id="eval-figures")
        with gr.Row():
            # intents in words, slanted: long names do not run into each other
            intents = gr.BarPlot(
                x="intent",
                y="messages",
                label="Intent mix",
                elem_id="chart-intents",
                sort="-y",
                x_label_angle=-40,
                x_title=" ",
            )
            sentiment = gr.BarPlot(
                x="time",
                y="messages",
                color="sentiment",
                color_map={"negative": "#c0392b", "neutral": "#8e9aaf", "positive": "#27ae60"},
                label="Sentiment over time",
                elem_id="chart-sentiment",
            )
        products = gr.BarPlot(
            x="product",
            y="mentions",
            label="Most asked-about products",
            elem_id="chart-products",
            sort="-y",
        )
        outputs = [index_info, evals, log_info, intents, sentiment, products]
        refresh.click(self.refresh, None, outputs, api_name="insights")
        self.outputs = outputs
        return refresh


def _chart(frame: pd.DataFrame, **extra: Any) -> Any:
    """A chart update whose y axis starts at 0 (a single bar stays visible)."""
    if not len(frame):
        return gr.update(value=None, **extra)
    value = str(frame.select_dtypes("number").columns[0])
    top = float(frame.groupby(frame.columns[0])[value].sum().max())  # stacked bars add up
    return gr.update(value=frame, y_lim=[0, top * 1.1 + 1], **extra)
