"""Bar labels never cover another bar or another label, and say the CR's key."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.timeline.labels import BarBox, place_row


def width(text: str) -> float:
    return 7.0 * len(text)  # a monospaced stand-in for font metrics


def fit(text: str, room: float) -> str:
    keep = int(room // 7) - 3
    return text[:keep] + "..." if keep > 0 else ""


@st.composite
def rows(draw):
    """Bars of one row, left to right, never overlapping (as the layout packs them)."""
    x, boxes = 0.0, []
    for n in range(draw(st.integers(1, 12))):
        x += draw(st.floats(0, 300))
        w = draw(st.floats(2, 250))
        boxes.append(BarBox(x, x + w, f"CR-{n:03}", draw(st.sampled_from(["", "Price", "A long "
                                                                          "title here"])), n))
        x += w
    return boxes


@settings(max_examples=200, deadline=None)
@given(rows())
def test_labels_overlap_no_bar_and_no_label(boxes):
    labels = place_row(boxes, 0.0, 4000.0, width, fit)
    for label in labels:
        box = boxes[label.ref]
        assert label.text.startswith(box.key)
        assert label.right - label.left >= width(label.text) - 1e-6 or label.inside
        for other in boxes:
            if other is box and label.inside:
                continue
            assert label.right <= other.left or label.left >= other.right, (label, other)
    spans = sorted((lab.left, lab.right) for lab in labels)
    for (_, right), (left, _) in itertools.pairwise(spans):
        assert right <= left


def test_a_lone_narrow_bar_gets_its_key_and_title_beside_it():
    labels = place_row([BarBox(500, 505, "CR-1", "Price drop", 0)], 0, 1000, width, fit)
    assert [(lab.text, lab.inside) for lab in labels] == [("CR-1  Price drop", False)]
    assert labels[0].right <= 500
