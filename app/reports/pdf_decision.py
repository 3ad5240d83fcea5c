"""The PDF's first page: the decision summary (app.reports.decision). Everything on it is
bounded, and it is laid out in a frame that shrinks its content should it still not fit, so
that it is always exactly one page, on A4 and on Letter."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, PageBreak, Paragraph, Spacer, Table, TableStyle

from app.reports.cells import long_date
from app.reports.decision import clip
from app.reports.model import Decision, ReleaseReport
from app.reports.pdf_fonts import Fonts
from app.reports.pdf_style import (
    ACCENT,
    BAD,
    CELL_SIZE,
    DONE,
    GOOD,
    HEAD_BG,
    INK,
    MUTED,
    RULE,
    STYLES,
)

TITLE_CHARS = 160  # of the release's name on this page; the next page has it whole
BAR_H, BAR_GAP = 9.0, 4.0


def decision_page(r: ReleaseReport, width: float, height: float, fonts: Fonts,
                  heading) -> list:
    """The flowables of the decision page, then a page break. `heading(text, style, mark)`
    makes a bookmarked heading."""
    d: Decision = r.decision
    para = _para(fonts)
    facts = [f"Go-live {long_date(r.go_live)}", r.status_text,
             f"Fingerprint {r.fingerprint}"]
    kicker = heading("RELEASE DECISION", STYLES["kicker"], ("decision", "Decision summary", 0))
    story = [para(clip(f"{r.release} · {r.name}", TITLE_CHARS), "title"),
             para("   ·   ".join(facts), "label"),
             *([para(d.since, "label_bold")] if d.since else []),
             Spacer(1, 3 * mm), verdict_box(r, width, fonts),
             Spacer(1, 3 * mm), _counts(d, width, para)]
    if d.risks:
        story += [para("Top risks", "h3"), _risks(d, width, para)]
        if d.more_risks:
            story.append(para(d.more_risks, "small"))
    if d.loads:
        story += [para("Team load against capacity before the freeze", "h3"),
                  LoadChart(d, width, fonts)]
    story += [para(d.load_note, "small"), para("Sign-off", "h3"),
              para("Tick one decision per line; for a conditional approval, write the "
                   "conditions below.", "small"), _signoff(d, width, para),
              Spacer(1, 2 * mm), para("Conditions:", "label_bold"), _lines(width)]
    # The bookmarked heading outside the shrinking frame: only top-level flowables are seen
    # by the document (and so bookmarked).
    room = height - kicker.wrap(width, height)[1] - STYLES["kicker"].spaceAfter
    return [kicker, KeepInFrame(width, room, story, mode="shrink"), PageBreak()]


def _para(fonts: Fonts):
    def para(text: str, style: str) -> Paragraph:
        bold = STYLES[style].fontName.endswith("Bold")
        return Paragraph(fonts.markup(text, bold=bold), STYLES[style])
    return para


def verdict_box(r: ReleaseReport, width: float, fonts: Fonts) -> Table:
    tint = DONE if r.deployable is None else (GOOD if r.deployable else BAD)
    box = Table([[Paragraph(fonts.markup(r.verdict, bold=True), STYLES["verdict"])]],
                colWidths=[width])
    box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), tint[1]),
                             ("LINEBEFORE", (0, 0), (0, -1), 4, tint[0]),
                             ("LEFTPADDING", (0, 0), (-1, -1), 8),
                             ("TOPPADDING", (0, 0), (-1, -1), 6),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 7)]))
    return box


def _counts(d: Decision, width: float, para) -> Table:
    cells = [[para(f"{n:,}", "big") for _label, n in d.counts],
             [para(label, "small") for label, _n in d.counts]]
    table = Table(cells, colWidths=[width / len(d.counts)] * len(d.counts), hAlign="LEFT")
    table.setStyle(TableStyle([("LINEABOVE", (0, 0), (-1, 0), 0.5, RULE),
                               ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _risks(d: Decision, width: float, para) -> Table:
    rows = [[para("Risk", "head"), para("About", "head"), para("What to do", "head")]]
    rows += [[para(x.title, "risk_bold"), para(x.about, "risk"), para(x.todo, "risk")]
             for x in d.risks]
    table = Table(rows, colWidths=[width * 0.2, width * 0.4, width * 0.4], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                               ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
                               ("TOPPADDING", (0, 0), (-1, -1), 2),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _signoff(d: Decision, width: float, para) -> Table:
    choices = Paragraph("<br/>".join(para(f"☐ {c}", "risk").text for c in d.choices),
                        STYLES["risk"])
    rows = [[para(t, "head") for t in ("Role", "Name", "Decision", "Date", "Signature")]]
    rows += [[para(role, "risk"), "", choices, "", ""] for role in d.signers]
    table = Table(rows, colWidths=[width * f for f in (0.17, 0.22, 0.25, 0.12, 0.24)],
                  rowHeights=[None] + [13 * mm] * len(d.signers), hAlign="LEFT")
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, RULE),
                               ("BACKGROUND", (0, 0), (-1, 0), HEAD_BG),
                               ("VALIGN", (0, 1), (-1, -1), "MIDDLE")]))
    return table


def _lines(width: float) -> Table:
    table = Table([[""]] * 2, colWidths=[width], rowHeights=[8 * mm] * 2)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, MUTED)]))
    return table


class LoadChart(Flowable):
    """A bar per team: its open work, with a mark at its capacity; red when over."""

    def __init__(self, d: Decision, width: float, fonts: Fonts):
        super().__init__()
        self.bars, self.fonts, self.width = d.loads, fonts, width
        self.height = len(self.bars) * (BAR_H + BAR_GAP) + 2

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self) -> None:
        c, fonts = self.canv, self.fonts
        label_w, number_w = self.width * 0.28, self.width * 0.2
        plot = self.width - label_w - number_w - 8
        top = max(max(b.load_hours, b.capacity_hours) for b in self.bars) or 1.0
        y = self.height - BAR_H - 1
        for bar in self.bars:
            c.setFillColor(INK)
            fonts.draw(c, 0, y + 2, fonts.fit(bar.team, CELL_SIZE, label_w - 6), CELL_SIZE)
            x0 = label_w
            c.setFillColor(HEAD_BG)
            c.rect(x0, y, plot, BAR_H, stroke=0, fill=1)
            c.setFillColor(BAD[0] if bar.over else ACCENT)
            c.rect(x0, y, plot * bar.load_hours / top, BAR_H, stroke=0, fill=1)
            cap = x0 + plot * bar.capacity_hours / top
            c.setStrokeColor(INK)
            c.setLineWidth(1.2)
            c.line(cap, y - 1.5, cap, y + BAR_H + 1.5)
            c.setFillColor(BAD[0] if bar.over else MUTED)
            words = f"{bar.load_hours:,g} h of {bar.capacity_hours:,g} h" + \
                (" (over)" if bar.over else "")
            fonts.draw(c, label_w + plot + 6, y + 2, words, CELL_SIZE - 0.5)
            y -= BAR_H + BAR_GAP
