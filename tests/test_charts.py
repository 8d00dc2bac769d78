"""Server-rendered SVG charts: the pure geometry, its mirroring in RTL, and the charts on the
program dashboard and the principles matrix (accessible, localized, correct numbers)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from lfs_site import charts
from stories.models import CommonPrinciple, Principle, StoryApproval


def test_bars_scale_to_the_maximum_and_keep_their_order():
    chart = charts.bar_chart([("a", 4), ("b", 2), ("c", 0)], max_value=4)
    full, half, empty = chart.bars
    assert [b.label for b in chart.bars] == ["a", "b", "c"]
    assert half.width == pytest.approx(full.width / 2)
    assert empty.width == 0
    assert full.x == half.x == 0
    assert full.x + full.width + charts.VALUE_WIDTH == pytest.approx(charts.WIDTH)
    # Each label sits on its own line above its bar, the value just after the bar's end.
    assert all(b.label_y < b.y for b in chart.bars)
    assert full.value_x > full.x + full.width
    assert [b.y for b in chart.bars] == sorted(b.y for b in chart.bars)
    assert chart.height == charts.TOP * 2 + 3 * charts.ROW_HEIGHT


def test_a_bar_never_overflows_even_above_the_given_maximum():
    chart = charts.bar_chart([("x", 10)], max_value=5)
    bar = chart.bars[0]
    assert chart.max_value == 10
    assert bar.x + bar.width <= charts.WIDTH - charts.VALUE_WIDTH + 0.01
    assert bar.value_x < charts.WIDTH


def test_right_to_left_mirrors_every_bar_and_label():
    items = [("שלום", 3), ("עולם", 1)]
    ltr = charts.bar_chart(items, max_value=3)
    rtl = charts.bar_chart(items, max_value=3, rtl=True)
    assert rtl.direction == "rtl" and ltr.direction == "ltr"
    for a, b in zip(ltr.bars, rtl.bars, strict=True):
        # The rectangle is the mirror image about the middle of the chart.
        assert b.x == pytest.approx(charts.WIDTH - a.x - a.width)
        assert b.width == a.width and b.y == a.y
        assert b.label_x == pytest.approx(charts.WIDTH - a.label_x)
        assert b.value_x == pytest.approx(charts.WIDTH - a.value_x)
    # Bars grow leftwards from the right edge, where the labels start.
    assert rtl.axis_x == pytest.approx(charts.WIDTH - ltr.axis_x) == charts.WIDTH
    assert all(b.x + b.width == pytest.approx(charts.WIDTH) for b in rtl.bars)
    assert all(b.label_x == charts.WIDTH for b in rtl.bars)
    assert all(b.value_x < b.x for b in rtl.bars)
    # In its own direction every text begins at its x: the left edge in LTR, the right in RTL.
    for bar in ltr.bars + rtl.bars:
        assert bar.label_anchor == "start" and bar.value_anchor == "start"


def test_an_empty_chart_has_no_bars():
    chart = charts.bar_chart([], max_value=0)
    assert chart.is_empty and chart.height == charts.TOP * 2


def test_long_labels_are_shortened_but_kept_whole_in_the_title():
    long = "In a crisis with a family that has lost its home, to achieve trust, we visit"
    bar = charts.bar_chart([(long, 1)]).bars[0]
    assert len(bar.label) <= charts.MAX_LABEL_CHARS and bar.label.endswith("…")
    assert bar.full_label == long


def test_value_text_can_say_of_how_many():
    chart = charts.principles_chart([("a", 1), ("b", 3)], 4, value_format="{value} of {max}")
    assert [b.label for b in chart.bars] == ["b", "a"]  # most shared first
    assert [b.value_text for b in chart.bars] == ["3 of 4", "1 of 4"]


def test_the_stage_chart_marks_done_current_and_to_come_and_mirrors():
    labels = ["one", "two", "three", "four"]
    ltr = charts.step_chart(labels, 1)
    assert [s.state for s in ltr.steps] == ["done", "current", "todo", "todo"]
    assert ltr.current == 2 and ltr.total == 4
    xs = [s.x for s in ltr.steps]
    assert xs == sorted(xs)
    rtl = charts.step_chart(labels, 1, rtl=True)
    rxs = [s.x for s in rtl.steps]
    assert rxs == sorted(rxs, reverse=True)  # stage 1 on the right
    for a, b in zip(ltr.steps, rtl.steps, strict=True):
        assert b.x == pytest.approx(charts.WIDTH - a.x - a.width)
        assert b.rect_x >= b.x and b.rect_x + b.rect_width <= b.x + b.width + 0.01


def test_the_progress_chart_puts_the_steps_in_order_on_the_nominated_scale():
    counts = {"nominated": 8, "selected": 4, "documented": 3, "approved": 2, "published": 1}
    labels = {k: k.title() for k in counts}
    chart = charts.progress_chart(counts, labels)
    assert [b.label for b in chart.bars] == [
        "Nominated",
        "Selected",
        "Documented",
        "Approved",
        "Published",
    ]
    assert chart.max_value == 8
    assert chart.bars[1].width == pytest.approx(chart.bars[0].width / 2)


@pytest.mark.parametrize("colour", [charts.BAR_COLOUR, charts.TEXT_COLOUR, charts.MUTED_COLOUR])
def test_chart_colours_have_enough_contrast_on_white(colour):
    assert charts.contrast_ratio(colour) >= 4.5


def test_white_on_the_bar_colour_is_readable():
    assert charts.contrast_ratio("#ffffff", charts.BAR_COLOUR) >= 4.5


def test_contrast_ratio_matches_wcag_examples():
    assert charts.contrast_ratio("#000000") == 21.0
    assert charts.contrast_ratio("#ffffff") == 1.0
    assert charts.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)


# On the pages -------------------------------------------------------------------------------


def _svgs(body: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", body, flags=re.S)


def _approve(world):
    StoryApproval.objects.create(
        story=world.doc_story, draft=world.draft, approved_by=world.director
    )


def test_the_dashboard_draws_the_stage_and_progress_charts(world, login):
    _approve(world)
    body = login(world.director).get(
        reverse("dashboard:program_dashboard", args=[world.program.pk])
    )
    html = body.content.decode()
    svgs = _svgs(html)
    assert len(svgs) == 2
    for svg in svgs:
        assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
        assert "aria-labelledby" in svg
    progress = next(s for s in svgs if "progress-chart-title" in s)
    # Two nominated (Back to work, A home at last), one selected, documented and approved.
    assert re.findall(r'font-weight="600"[^>]*>&#x2068;(\d+)&#x2069;</text>', progress) == [
        "2",
        "1",
        "1",
        "1",
        "0",
    ]
    # The same numbers in a table.
    assert "Show the numbers as a table" in html
    assert (
        '<th scope="row" class="fw-normal" dir="auto">Approved</th><td class="text-end">1</td>'
        in html
    )
    assert "Stage 2 of 6." in html  # the conftest program is in its selection stage


def test_the_dashboard_has_a_helpful_empty_state_without_nominations(world, login):
    from organizations.services import program_create

    program = program_create(organization=world.org, title="An empty program")
    body = login(world.director).get(reverse("dashboard:program_dashboard", args=[program.pk]))
    html = body.content.decode()
    assert "No story has been nominated yet" in html
    assert len(_svgs(html)) == 1  # the stages only


def test_the_unit_sees_the_progress_chart_without_any_story_title(world, login):
    html = login(world.unit).get(reverse("dashboard:program_dashboard", args=[world.program.pk]))
    html = html.content.decode()
    assert "progress-chart" in html
    assert "A home at last" not in html


def test_charts_are_mirrored_and_unlocalized_numbers_in_hebrew_and_arabic(world, login):
    client = login(world.director)
    for language in ("he", "ar"):
        with translation.override(language):
            client.cookies["django_language"] = language
            html = client.get(
                reverse("dashboard:program_dashboard", args=[world.program.pk]),
                HTTP_ACCEPT_LANGUAGE=language,
            ).content.decode()
        assert 'dir="rtl"' in html
        progress = next(s for s in _svgs(html) if "progress-chart-title" in s)
        assert 'direction="rtl"' in progress
        # Coordinates stay machine-readable (no decimal comma in Arabic).
        for value in re.findall(r' (?:x|width)="([^"%]+)"', progress):
            float(value)
        first_rect = re.search(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', progress)
        x, width = float(first_rect.group(1)), float(first_rect.group(2))
        assert x + width == pytest.approx(charts.WIDTH)  # the bar grows from the right


def _principles(world):
    """Two common principles: one in the selected story, one in none."""
    shared = CommonPrinciple.objects.create(program=world.program, text="Build trust first")
    CommonPrinciple.objects.create(program=world.program, text="Write it down together")
    Principle.objects.create(
        story=world.doc_story, situation="a crisis", goal="trust", action="visit", common=shared
    )


def test_the_principle_matrix_draws_a_bar_per_common_principle(world, login):
    _principles(world)
    html = login(world.committee).get(
        reverse("principles:principle_matrix", args=[world.program.pk])
    )
    html = html.content.decode()
    svgs = _svgs(html)
    assert len(svgs) == 1
    svg = svgs[0]
    assert 'role="img"' in svg and "principles-chart-desc" in svg
    assert "<title>Build trust first: 1 of 1</title>" in svg
    assert "<title>Write it down together: 0 of 1</title>" in svg
    assert svg.index("Build trust first") < svg.index("Write it down together")
    assert "principle-matrix" in html  # the table stays as the data alternative


def test_the_matrix_chart_is_absent_with_nothing_to_draw(world, login):
    html = login(world.committee).get(
        reverse("principles:principle_matrix", args=[world.program.pk])
    )
    html = html.content.decode()
    assert not _svgs(html)
    assert "No common principle yet." in html
