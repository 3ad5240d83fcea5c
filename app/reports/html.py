"""The release report as one self-contained HTML file: styles and the timeline image inline,
a light palette whatever the reader's theme. The decision summary first, a page of its own in
print; printed pages carry the running header, the fingerprint and "Page n of N" (CSS page
margin boxes), repeat table headers, keep each heading with its table's first rows, and keep
the timeline on one page."""

from __future__ import annotations

import base64
import re
from functools import cache
from importlib.resources import files

import jinja2
from markupsafe import Markup, escape

from app.reports.cells import (
    TIMELINE_CAPTION,
    cover_rows,
    long_date,
    printed_rows,
    summary_rows,
    timestamp,
)
from app.reports.decision import clip
from app.reports.model import NUMERIC, ReleaseReport

TEMPLATE = "report.html.j2"
LONG_TOKEN = 30  # characters: a token longer than this may break; no shorter one ever does
RUNNING_CHARS = 90  # of the release's name in the printed running header: one line
TITLE_CHARS = 120  # of the release's name on the decision page; the cover has it whole
_TOKEN = re.compile(r"\S+")


def cell_markup(text: str) -> Markup:
    """A cell's text, escaped, with its hyphenated tokens (keys such as CR-307) kept whole,
    since a browser would break them after the hyphen, and its very long ones breakable."""
    out, pos = [], 0
    for m in _TOKEN.finditer(text):
        token = m.group()
        out.append(escape(text[pos:m.start()]))
        if len(token) > LONG_TOKEN:
            out.append(Markup('<span class="long">%s</span>') % token)
        elif "-" in token or "/" in token:
            out.append(Markup('<span class="nb">%s</span>') % token)
        else:
            out.append(escape(token))
        pos = m.end()
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def css_string(text: str) -> Markup:
    """`text` as a CSS string inside the page's <style>: quotes, backslashes, line breaks and
    anything HTML could read as markup (`<`, `>`, `&`) escaped the CSS way (`\\3C `)."""
    out = []
    for ch in text:
        if ch in '"\\<>&' or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\{ord(ch):X} ")
        else:
            out.append(ch)
    return Markup('"' + "".join(out) + '"')


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["cell"] = cell_markup
    return env.from_string(files("resources").joinpath(TEMPLATE).read_text(encoding="utf-8"))


def write_html(report: ReleaseReport, out, steps, timeline_png: bytes | None = None,
               **_options) -> None:
    sections = report.sections
    steps.begin(len(sections) + 1)
    context = {
        "r": report, "sections": sections, "printed": printed_rows,
        "cover": cover_rows(report), "facts": summary_rows(report),
        "generated": timestamp(report.generated_at),
        "verdict_class": "done" if report.deployable is None else
                         ("" if report.deployable else "no"),
        "caption": TIMELINE_CAPTION, "numeric": NUMERIC,
        "d": report.decision, "go_live": long_date(report.go_live),
        "decision_title": clip(f"{report.release} · {report.name}", TITLE_CHARS),
        "load_top": max([1.0, *(max(b.load_hours, b.capacity_hours)
                                for b in report.decision.loads)]),
        "running_title": css_string(clip(report.running_title, RUNNING_CHARS)),
        "running_status": css_string(report.status_text),
        "running_made": css_string(f"Generated {timestamp(report.generated_at)}"),
        "running_print": css_string(f"Fingerprint {report.fingerprint}"),
        "timeline": base64.b64encode(timeline_png).decode("ascii") if timeline_png else "",
    }
    # Streamed: the template yields as it goes, so a cancel is seen between sections.
    seen = 0
    for chunk in _template().generate(**context):
        out.write(chunk.encode("utf-8"))
        if "</section>" in chunk and seen < len(sections) + 1:
            seen += 1
            steps.step()
    steps.step(len(sections) + 1 - seen)
