"""Write the insight report: PNG charts (matplotlib, no display needed), Markdown, HTML, JSON.

Customer text (complaint examples) and catalog titles are untrusted: escaped in the HTML
(``html.escape``) and in the Markdown (table pipes, emphasis and link characters).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.support.report import SENTIMENTS, ReportData
from assistant.text_cut import shorten

CHARTS = {
    "intent_mix": "intent_mix.png",
    "sentiment_over_time": "sentiment_over_time.png",
    "complaint_topics": "complaint_topics.png",
    "escalation": "escalation.png",
    "top_products": "top_products.png",
}
COLOURS = {"negative": "#d1495b", "neutral": "#8d99ae", "positive": "#2a9d8f"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


@dataclass
class WrittenReport:
    markdown: Path
    html: Path
    json: Path
    charts: dict[str, Path]

    def to_dict(self) -> dict[str, Any]:
        return {
            "markdown": str(self.markdown),
            "html": str(self.html),
            "json": str(self.json),
            "charts": {k: str(v) for k, v in self.charts.items()},
        }


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def write_report(
    data: ReportData, out_dir: str | Path, title: str = "Customer insights"
) -> WrittenReport:
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AssistantError(f"cannot write the report into {out}: {exc}") from None
    charts = draw_charts(data, out)
    markdown = out / "report.md"
    page = out / "report.html"
    as_json = out / "report.json"
    markdown.write_text(render_markdown(data, charts, title), encoding="utf-8")
    page.write_text(render_html(data, charts, title), encoding="utf-8")
    as_json.write_text(json.dumps(data.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")
    return WrittenReport(markdown, page, as_json, charts)


def draw_charts(data: ReportData, out: Path) -> dict[str, Path]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paths = {name: out / file for name, file in CHARTS.items()}

    def save(fig: Any, name: str) -> None:
        fig.tight_layout()
        fig.savefig(paths[name], dpi=110)
        plt.close(fig)

    fig, ax = plt.subplots(figsize=(7, 3.6))
    names = list(data.intent_mix)[::-1]
    ax.barh(names, [data.intent_mix[n] for n in names], color="#457b9d")
    ax.set_xlabel("customer messages")
    ax.set_title("Intent mix")
    save(fig, "intent_mix")

    fig, ax = plt.subplots(figsize=(7, 3.6))
    for s in SENTIMENTS:
        shares = [
            data.sentiment_by_day[d][s] / max(1, sum(data.sentiment_by_day[d].values()))
            for d in data.days
        ]
        ax.plot(data.days, shares, marker="o", label=s, color=COLOURS[s])
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of messages")
    ax.set_title("Sentiment over time")
    ax.legend(loc="upper right", fontsize=8)
    ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    save(fig, "sentiment_over_time")

    fig, ax = plt.subplots(figsize=(7, 3.2))
    topics = list(data.complaint_topics)[::-1]
    ax.barh(topics, [data.complaint_topics[t] for t in topics], color=COLOURS["negative"])
    ax.set_xlabel("complaints")
    ax.set_title("Top complaint topics" if topics else "Top complaint topics (none)")
    save(fig, "complaint_topics")

    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.2))
    kept = data.support_sessions - data.escalated_sessions
    left.pie(
        [data.escalated_sessions, kept] if data.support_sessions else [1],
        labels=["escalated", "handled"] if data.support_sessions else ["no support sessions"],
        colors=[COLOURS["negative"], COLOURS["positive"]] if data.support_sessions else ["#ccc"],
        autopct="%1.0f%%" if data.support_sessions else None,
    )
    left.set_title(f"Escalation rate {data.escalation_rate:.0%}")
    reasons = list(data.escalation_reasons)[::-1]
    right.barh(reasons, [data.escalation_reasons[r] for r in reasons], color="#e9c46a")
    right.set_title("Escalation reasons")
    save(fig, "escalation")

    fig, ax = plt.subplots(figsize=(7, 3.8))
    products = data.top_products[::-1]
    labels = [shorten(p["title"] or p["product_id"], 38) for p in products]
    ax.barh(labels, [p["mentions"] for p in products], color="#2a9d8f")
    ax.set_xlabel("conversations")
    ax.set_title("Products most asked about")
    ax.tick_params(axis="y", labelsize=7)
    save(fig, "top_products")
    return paths


def _sections(data: ReportData) -> list[tuple[str, str, list[list[str]], list[str]]]:
    """(heading, chart key, table rows, notes) shared by the Markdown and HTML renderers."""
    total = max(1, data.messages)
    negative = [data.sentiment_by_day[d]["negative"] for d in data.days]
    return [
        (
            "Intent mix",
            "intent_mix",
            [["intent", "messages", "share"]]
            + [[k, str(v), f"{v / total:.0%}"] for k, v in data.intent_mix.items()],
            [],
        ),
        (
            "Sentiment over time",
            "sentiment_over_time",
            [["day", *SENTIMENTS]]
            + [[d, *(str(data.sentiment_by_day[d][s]) for s in SENTIMENTS)] for d in data.days],
            [f"{sum(negative)} negative messages out of {data.messages}."],
        ),
        (
            "Top complaint topics",
            "complaint_topics",
            [["topic", "complaints", "example"]]
            + [
                [t, str(n), " / ".join(data.topic_examples.get(t, []))]
                for t, n in data.complaint_topics.items()
            ],
            [],
        ),
        (
            "Escalation",
            "escalation",
            [["reason", "sessions"]] + [[r, str(n)] for r, n in data.escalation_reasons.items()],
            [
                f"{data.escalated_sessions} of {data.support_sessions} support sessions "
                f"escalated ({data.escalation_rate:.1%})."
            ],
        ),
        (
            "Products most asked about",
            "top_products",
            [["product", "title", "conversations"]]
            + [[p["product_id"], p["title"], str(p["mentions"])] for p in data.top_products],
            [],
        ),
    ]


def render_markdown(data: ReportData, charts: dict[str, Path], title: str) -> str:
    lines = [
        f"# {md_escape(title)}",
        "",
        f"{data.messages} customer messages in {data.sessions} conversations"
        + (f", {data.days[0]} to {data.days[-1]}." if data.days else "."),
        "",
    ]
    for heading, chart, rows, notes in _sections(data):
        lines += [f"## {heading}", "", f"![{heading}]({charts[chart].name})", ""]
        lines += [*notes, ""] if notes else []
        if len(rows) > 1:
            lines.append("| " + " | ".join(rows[0]) + " |")
            lines.append("|" + "---|" * len(rows[0]))
            lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in rows[1:]]
            lines.append("")
    return "\n".join(lines)


def render_html(data: ReportData, charts: dict[str, Path], title: str) -> str:
    e = html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{e(title)}</title>",
        "<style>body{font-family:sans-serif;max-width:900px;margin:2em auto}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
        "img{max-width:100%}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f"<p>{data.messages} customer messages in {data.sessions} conversations</p>",
    ]
    for heading, chart, rows, notes in _sections(data):
        parts.append(f"<h2>{e(heading)}</h2>")
        parts.append(f"<img src='{e(charts[chart].name)}' alt='{e(heading)}'>")
        parts += [f"<p>{e(n)}</p>" for n in notes]
        if len(rows) > 1:
            head = "".join(f"<th>{e(c)}</th>" for c in rows[0])
            body = "".join(
                "<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows[1:]
            )
            parts.append(f"<table><tr>{head}</tr>{body}</table>")
    parts.append("</body></html>")
    return "\n".join(parts)
