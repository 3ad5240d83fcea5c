"""The timeline image of the reports and the `timeline` command: what a reader sees in it."""

import xml.etree.ElementTree as ET
from datetime import date
from importlib.resources import files

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from app.plan_file.document import parse_plan
from app.views.timeline_layout import day_number, layout_timeline
from widgets.common.palette import apply_theme
from widgets.common.style import STAGE_COLORS
from widgets.images.timeline_image import release_window, render_timeline


@pytest.fixture(scope="module")
def demo():
    return parse_plan(files("resources").joinpath("demo_plan.json").read_bytes())


@pytest.fixture(scope="module")
def layout(demo):
    return layout_timeline(demo, demo.settings.today)


def svg_texts(data: bytes) -> str:
    return " ".join(t.text or "" for t in ET.fromstring(data).iter() if t.tag.endswith("text"))


def image(data: bytes) -> QImage:
    img = QImage()
    assert img.loadFromData(data, "PNG")
    return img


def colours(img: QImage) -> set[str]:
    return {img.pixelColor(x, y).name() for x in range(0, img.width(), 3)
            for y in range(0, img.height(), 3)}


def test_png_is_light_and_sharp_even_in_a_dark_desktop_theme(qapp, layout):
    apply_theme(qapp, "dark")
    try:
        img = image(render_timeline(layout, "png", width=1000))
    finally:
        apply_theme(qapp, "light")
        QApplication.setPalette(qapp.style().standardPalette())
    assert img.width() == 2000  # twice the pixels: sharp when printed
    assert img.pixelColor(2, 2) == QColor("white")
    dark = sum(1 for c in colours(img) if QColor(c).lightness() < 60)
    assert dark < len(colours(img)) / 4  # text and lines, not a dark background


def test_bars_are_coloured_by_stage(qapp, layout):
    seen = colours(image(render_timeline(layout, "png", width=1200)))
    for stage in ("approved", "build", "test", "draft"):
        assert STAGE_COLORS[stage] in seen, stage


def test_svg_names_the_lanes_the_releases_and_today(qapp, layout, demo):
    text = svg_texts(render_timeline(layout, "svg"))
    for team in demo.teams.values():
        assert team.name in text
    for release in demo.releases.values():
        assert release.key in text and release.name in text
    assert text.count("today") == 2  # the line's label and the legend
    assert "freeze window" in text  # the legend


def test_a_date_range_shows_only_what_falls_in_it(qapp, layout):
    text = svg_texts(render_timeline(layout, "svg", date(2027, 2, 15), date(2027, 3, 5)))
    assert "R-MAR" in text
    assert "R-JAN" not in text and "R-APR" not in text
    assert text.count("today") == 1  # the legend only: 8 February is before the range


def test_the_window_of_a_release_holds_its_work_and_its_go_live(layout):
    start, end = release_window(layout, "R-MAR")
    mar = [b for b in layout.bars if b.release == "R-MAR"]
    assert day_number(start) <= min(b.start for b in mar)
    assert day_number(end) > next(r.go_live for r in layout.releases if r.key == "R-MAR")
    assert start <= date(2027, 2, 11)  # February's go-live, the release before it, is in view


def test_lanes_without_work_in_the_range_are_left_out(qapp, demo):
    layout = layout_timeline(demo, demo.settings.today, keep=lambda cr: cr.team == "ACQ")
    text = svg_texts(render_timeline(layout, "svg"))
    assert "Acquisition" in text and "Brand & Content" not in text


def test_an_unknown_image_format_is_refused(qapp, layout):
    with pytest.raises(ValueError, match="png or svg"):
        render_timeline(layout, "jpg")


SVG = "{http://www.w3.org/2000/svg}"


def test_svg_plot_is_clipped_and_the_hatching_stays_inside_each_freeze_window(qapp, layout):
    from widgets.images.timeline_image import FREEZE, HATCH, LABEL_W

    root = ET.fromstring(render_timeline(layout, "svg", date(2027, 2, 1), date(2027, 3, 5),
                                         focus="R-MAR", width=1200))
    clip = root.find(f".//{SVG}clipPath[@id='clip-plot']/{SVG}rect")
    assert float(clip.get("x")) == LABEL_W
    clipped = root.find(f".//{SVG}g[@clip-path='url(#clip-plot)']")
    windows = [(float(r.get("x")), float(r.get("x")) + float(r.get("width")))
               for g in clipped.iter(f"{SVG}g") if g.get("fill") == FREEZE.name()
               for r in g.iter(f"{SVG}rect")]
    assert len(windows) == 2  # R-FEB's and R-MAR's freeze in these weeks
    plot_bottom = float(clip.get("y")) + float(clip.get("height"))

    def ys(line):
        return [float(point.split(",")[1]) for point in line.get("points").split()]

    hatch = [line for g in root.iter(f"{SVG}g") if g.get("stroke") == HATCH.name()
             for line in g.iter(f"{SVG}polyline") if max(ys(line)) < plot_bottom]  # not legend
    inside = {id(line) for g in clipped.iter(f"{SVG}g") if g.get("stroke") == HATCH.name()
              for line in g.iter(f"{SVG}polyline")}
    assert hatch and all(id(line) in inside for line in hatch)
    for line in hatch:
        xs = [float(point.split(",")[0]) for point in line.get("points").split()]
        assert any(a - 0.01 <= min(xs) and max(xs) <= b + 0.01 for a, b in windows), xs


def test_svg_text_is_dejavu_sans_with_fallbacks_a_browser_resolves(qapp, layout):
    data = render_timeline(layout, "svg")
    families = {el.get("font-family") for el in ET.fromstring(data).iter()
                if el.get("font-family")}
    assert families and all(f.startswith("'DejaVu Sans'") and f.endswith("sans-serif")
                            for f in families)


def test_the_legend_explains_faded_bars_and_dashed_lines(qapp, layout):
    text = svg_texts(render_timeline(layout, "svg", focus="R-MAR"))
    for words in ("faded: other releases' work", "deployed release (dashed)",
                  "this release's go-live", "emergency (red edge)", "conflict (outline)"):
        assert words in text, words


def test_a_release_that_fits_shows_the_key_of_each_of_its_crs(qapp, layout, demo):
    start, end = release_window(layout, "R-MAR")
    text = svg_texts(render_timeline(layout, "svg", start, end, focus="R-MAR", width=900))
    for key in (k for k, c in demo.crs.items() if c.release == "R-MAR"):
        assert key in text, key
    others = [k for k, c in demo.crs.items() if c.release == "R-FEB"]
    assert not any(k in text for k in others)  # other releases' work is the faded strip


def test_a_release_too_big_for_rows_shows_density_and_each_lanes_count(qapp):
    import re

    from app.generate.synthetic import generate_plan

    big = generate_plan(6000, releases=12)
    layout = layout_timeline(big, big.settings.today)
    start, end = release_window(layout, "R-0002")
    text = svg_texts(render_timeline(layout, "svg", start, end, focus="R-0002", width=900))
    counts = [int(n) for n in re.findall(r"Team \d+ \((\d+)\)", text)]
    in_view = [b for b in layout.bars if b.release == "R-0002"
               and b.end >= day_number(start) and b.start <= day_number(end) + 1]
    assert counts and sum(counts) == len(in_view)
    assert not re.search(r"CR-\d{6}", text)  # no keys: they could not be read


@pytest.mark.parametrize("width", [800, 1600, 4000])
def test_the_svg_is_16_cm_wide_when_placed_in_a_document(qapp, layout, width):
    # Word and PowerPoint size a placed SVG by its width and height: 1,600 pixels at Qt's
    # default 72 dpi were 56 cm. The picture itself (the viewBox) keeps its pixels.
    root = ET.fromstring(render_timeline(layout, "svg", width=width))
    w, h = root.get("width"), root.get("height")
    assert w.endswith("mm") and h.endswith("mm")
    assert 158 <= float(w[:-2]) <= 162
    box = [float(v) for v in root.get("viewBox").split()]
    assert box[2] == width
    assert float(h[:-2]) / float(w[:-2]) == pytest.approx(box[3] / box[2], rel=0.02)
