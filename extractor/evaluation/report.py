"""Write an evaluation result (extractor.evaluation.score.evaluate_run) as report.json, report.md and report.html.

The HTML page is self-contained (inline CSS and SVG, no scripts, no network) so it can be
mailed or archived with a run. Article text and every string the model produced pass
through html.escape: articles are untrusted input and may contain markup.
"""

from __future__ import annotations

import html
import importlib.resources
import json
import string
from pathlib import Path
from typing import Any

from extractor import articles, errors
from extractor.evaluation import score

# The page is a file beside this module (package data), so it can be edited and previewed as HTML.
_PAGE = string.Template(importlib.resources.files("extractor.evaluation").joinpath("report.html")
                        .read_text(encoding="utf-8"))


def write_reports(result: dict, out_dir: Path, texts: dict[str, str]) -> list[Path]:
    """Write the three reports into out_dir and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "report.json", out_dir / "report.md", out_dir / "report.html"]
    paths[0].write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    paths[1].write_text(render_markdown(result, texts), encoding="utf-8")
    paths[2].write_text(render_html(result, texts), encoding="utf-8")
    return paths


def article_texts(result: dict) -> dict[str, str]:
    """Each scored article's text, re-read from its record's source with the run's own loader so that the
    offsets match. A source that is gone, or changed since the run (sha256 differs), is left out:
    highlights at stale offsets would point at the wrong words."""
    by_file: dict[str, dict[str, articles.Article]] = {}
    texts: dict[str, str] = {}
    for aid, a in result["articles"].items():
        source = a.get("source")
        if not source:
            continue
        head, _, line = source.rpartition(":")
        file = head if line.isdigit() and head.lower().endswith(".jsonl") else source
        if file not in by_file:
            try:
                by_file[file] = {x.source: x for x in articles.load(Path(file)) if isinstance(x, articles.Article)}
            except (errors.ExtractorError, OSError):
                by_file[file] = {}
        article = by_file[file].get(source)
        if article and (not a.get("sha256") or a["sha256"] == article.sha256):
            texts[aid] = article.text
    return texts


def summary_lines(result: dict) -> list[str]:
    """A few lines for the end of `extract run` / `extract eval`."""
    lines = [f"headline F1 {result['headline']:.3f} over {result['articles_scored']} article(s) "
             f"(macro of five micro F1s; macro over articles {result['macro_over_articles']['headline']:.3f})"]
    for c in score.CATEGORIES:
        m = result["micro"][c]
        lines.append(f"  {c:<10} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}"
                     f"  (tp {m['tp']} fp {m['fp']} fn {m['fn']})")
    return lines


def _f(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def _snippet(text: str, span: list[int] | None, description: str, limit: int = 160) -> str:
    """The words an entry points at, unless its description already quotes them."""
    s = text[span[0]:span[1]].replace("\n", " ") if span and text else ""
    return "" if s in description else s if len(s) <= limit else s[: limit - 1] + "…"


def _cost_rows(result: dict) -> list[list[str]]:
    rows = [[aid, a["cost"]["status"], str(a["cost"]["attempts"]), str(a["cost"]["prompt_tokens"]),
             str(a["cost"]["completion_tokens"]), f"{a['cost']['seconds']:.1f}", str(a["dropped"])]
            for aid, a in result["articles"].items()]
    t = result["cost_totals"]
    status = ", ".join(f"{k} {v}" for k, v in t["status_counts"].items())
    return rows + [["total", status, str(t["attempts"]), str(t["prompt_tokens"]), str(t["completion_tokens"]),
                    f"{t['seconds']:.1f}", ""]]


_DETAILS = (("misses", "Misses (in gold, not predicted)"), ("inventions", "Inventions (predicted, not in gold)"),
            ("wrong", "Wrong values (on paired items)"))
_COST_HEAD = ["article", "status", "attempts", "prompt tokens", "completion tokens", "seconds", "dropped"]
_CAT_HEAD = ["category", "tp", "fp", "fn", "precision", "recall", "F1"]


def _cat_rows(result: dict) -> list[list[str]]:
    return [[c] + [str(m[k]) for k in ("tp", "fp", "fn")] + [_f(m[k]) for k in ("precision", "recall", "f1")]
            for c, m in ((c, result["micro"][c]) for c in score.CATEGORIES)]


def _md_table(head: list[str], rows: list[list[str]]) -> str:
    cell = lambda s: str(s).replace("|", "\\|").replace("\n", " ")  # noqa: E731
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]) + "\n"


def render_markdown(result: dict, texts: dict[str, str]) -> str:
    """Tables of figures, then each article's misses, inventions and wrong values with the text they point at."""
    out = [f"# Evaluation of {result['run_dir']}\n",
           f"Gold: `{result['gold_dir']}`, articles scored: {result['articles_scored']}\n",
           f"**Headline F1: {result['headline']:.3f}** (macro average of the five micro F1s); "
           f"macro over articles: {result['macro_over_articles']['headline']:.3f}; "
           f"motive holder accuracy: {_f(result['motive_holder_accuracy']['accuracy'])} "
           f"({result['motive_holder_accuracy']['correct']}/{result['motive_holder_accuracy']['pairs']} pairs)\n",
           "## Per category (micro over articles)\n", _md_table(_CAT_HEAD, _cat_rows(result)),
           "## Per category (macro over articles)\n",
           _md_table(["category", "precision", "recall", "F1"],
                     [[c] + [_f(result["macro_over_articles"][c][k]) for k in ("precision", "recall", "f1")]
                      for c in score.CATEGORIES]),
           "## Per article (F1)\n",
           _md_table(["article", "status", "headline", *score.CATEGORIES],
                     [[aid, a["cost"]["status"], _f(a["headline"])]
                      + [_f(a["scores"][c]["f1"]) for c in score.CATEGORIES] for aid, a in result["articles"].items()]),
           "## Costs\n", _md_table(_COST_HEAD, _cost_rows(result))]
    for aid, a in result["articles"].items():
        out.append(f"## {aid}\n\nsource: `{a.get('source')}`, status {a['cost']['status']}, "
                   f"headline {_f(a['headline'])}\n")
        for key, title in _DETAILS:
            out.append(f"### {title}\n")
            entries = a[key] or [{"category": "", "description": "none"}]
            for e in entries:
                snip = _snippet(texts.get(aid, ""), e.get("gold_span") or e.get("pred_span"), e["description"])
                category = f"**{e['category']}** " if e["category"] else ""
                out.append(f"- {category}{e['description']}" + (f" — “{snip}”" if snip else ""))
            out.append("")
    return "\n".join(out) + "\n"


def _html_table(head: list[str], rows: list[list[str]]) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{th}</tr>{body}</table>"


def render_chart(result: dict) -> str:
    """Horizontal bars of the micro F1 per category (rect.bar) and the headline (rect.headline)."""
    scale, left, row = 360, 110, 30
    items = [(c, result["micro"][c]["f1"], "bar") for c in score.CATEGORIES]
    items.append(("headline", result["headline"], "headline"))
    parts = []
    for i, (label, value, cls) in enumerate(items):
        y = 10 + i * row
        parts.append(f'<text x="{left - 8}" y="{y + 15}" text-anchor="end">{html.escape(label)}</text>'
                     f'<rect class="{cls}" x="{left}" y="{y}" width="{value * scale:.1f}" height="20">'
                     f'<title>{html.escape(label)} F1 {value:.3f}</title></rect>'
                     f'<text x="{left + value * scale + 6:.1f}" y="{y + 15}">{value:.3f}</text>')
    height = 20 + len(items) * row
    axis = (f'<line x1="{left}" y1="5" x2="{left}" y2="{height - 5}" stroke="#888"/>'
            f'<line x1="{left + scale}" y1="5" x2="{left + scale}" y2="{height - 5}" stroke="#ccc" stroke-dasharray="4"/>')
    return (f'<svg id="chart" xmlns="http://www.w3.org/2000/svg" width="{left + scale + 70}" height="{height}" '
            f'role="img" aria-label="F1 per category">{axis}{"".join(parts)}</svg>')


def highlight(text: str, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> str:
    """Escaped text with <mark> per segment; the text is cut at every span boundary so nested and
    overlapping spans become flat segments, each marked gold, pred or both."""
    n = len(text)
    clip = lambda s: (max(0, min(n, s["span"][0])), max(0, min(n, s["span"][1])), s["label"])  # noqa: E731
    g = [clip(s) for s in gold if s.get("span")]
    p = [clip(s) for s in pred if s.get("span")]
    cuts = sorted({0, n} | {b for s, e, _ in g + p for b in (s, e)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        in_g = [f"gold {lab}" for s, e, lab in g if s <= a and b <= e]
        in_p = [f"predicted {lab}" for s, e, lab in p if s <= a and b <= e]
        seg = html.escape(text[a:b])
        if in_g or in_p:
            cls = "both" if in_g and in_p else "gold" if in_g else "pred"
            seg = f'<mark class="{cls}" title="{html.escape(chr(10).join(in_g + in_p))}">{seg}</mark>'
        out.append(seg)
    return "".join(out)


def _html_article(aid: str, a: dict, text: str | None) -> str:
    scores = ", ".join(f"{c} {a['scores'][c]['f1']:.2f}" for c in score.CATEGORIES)
    body = ("<i>(article text not available)</i>" if text is None
            else highlight(text, a["spans"]["gold"], a["spans"]["pred"]))
    side = []
    for key, title in _DETAILS:
        items = ""
        for e in a[key]:
            snip = _snippet(text or "", e.get("gold_span") or e.get("pred_span"), e["description"])
            snip = f' <span class="snip">“{html.escape(snip)}”</span>' if snip else ""
            items += f"<li><b>{html.escape(e['category'])}</b> {html.escape(e['description'])}{snip}</li>"
        side.append(f'<h3 class="{key}">{title} ({len(a[key])})</h3><ul>{items or "<li>none</li>"}</ul>')
    return (f'<section class="article" id="{html.escape(aid)}"><div><h2>{html.escape(aid)}</h2>'
            f"<p>source: {html.escape(str(a.get('source')))} &middot; "
            f"status {html.escape(a['cost']['status'])} &middot; "
            f"headline {a['headline']:.3f} &middot; F1: {html.escape(scores)}</p>"
            f'<div class="text">{body}</div></div><div class="side">{"".join(side)}</div></section>')


def render_html(result: dict, texts: dict[str, str]) -> str:
    """The whole page; see the module docstring for why it is self-contained and escaped."""
    holders = result["motive_holder_accuracy"]
    return _PAGE.substitute(
        run_dir=html.escape(result["run_dir"]), gold_dir=html.escape(result["gold_dir"]), n=result["articles_scored"],
        headline=f"{result['headline']:.3f}", macro_headline=f"{result['macro_over_articles']['headline']:.3f}",
        holders=f"{_f(holders['accuracy'])} ({holders['correct']}/{holders['pairs']})",
        chart=render_chart(result), micro=_html_table(_CAT_HEAD, _cat_rows(result)),
        costs=_html_table(_COST_HEAD, _cost_rows(result)),
        articles="\n".join(_html_article(aid, a, texts.get(aid)) for aid, a in result["articles"].items()))
