"""HTML to the text a reader sees (SPEC §2: offsets then index this text).

Boundaries a browser draws stay boundaries: a paragraph, heading or table ends in a blank line,
a line break, list item or table row in a newline, and table cells are separated by a tab, so
``<td>Israel</td><td>No</td>`` reads "Israel\\tNo", not "IsraelNo". Whitespace inside a block
collapses as a browser collapses it. Scripts, styles and templates never reach the text.
"""

from __future__ import annotations

import html.parser
import re

_PARAGRAPH, _LINE, _CELL = "\x1d", "\x1e", "\x1f"   # markers; stripped from the page's own text first
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "main",
           "aside", "nav", "blockquote", "pre", "table", "ul", "ol", "dl", "figure", "figcaption", "title",
           "address", "hr", "form", "fieldset", "details", "summary"}
_LINES = {"br", "li", "tr", "dt", "dd", "caption", "thead", "tbody", "tfoot"}
_CELLS = {"td", "th"}
_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object"}
_MARKERS = re.compile(f"[{_PARAGRAPH}{_LINE}]+")


class _Parser(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append(_PARAGRAPH)
        elif tag in _LINES:
            self.parts.append(_LINE)
        elif tag in _CELLS:
            self.parts.append(_CELL)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        if tag not in _SKIP:            # <br/>, <hr/>: one boundary, not an opening and a closing one
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append(_PARAGRAPH)
        elif tag in _LINES and tag != "br":
            self.parts.append(_LINE)
        elif tag in _CELLS:
            self.parts.append(_CELL)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(re.sub(f"[{_PARAGRAPH}{_LINE}{_CELL}]", " ", data))


def _line(segment: str) -> str:
    cells = (" ".join(cell.split()) for cell in segment.split(_CELL))
    return "\t".join(cell for cell in cells if cell)


def to_text(markup: str) -> str:
    """Visible text: blocks apart by a blank line, lines by a newline, cells by a tab."""
    parser = _Parser()
    parser.feed(markup)
    parser.close()
    raw = "".join(parser.parts)
    out: list[str] = []
    pending = ""
    pos = 0
    for m in [*_MARKERS.finditer(raw), None]:
        line = _line(raw[pos:m.start() if m else len(raw)])
        if line:
            out.append(pending if out else "")
            out.append(line)
            pending = ""
        if m:
            gap = "\n\n" if _PARAGRAPH in m.group() else "\n"
            pending = "\n\n" if "\n\n" in (pending, gap) else gap
            pos = m.end()
    return "".join(out)
