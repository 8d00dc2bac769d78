"""Charts people read at a glance, drawn on the server as SVG: pure geometry, no I/O.

The functions here turn numbers into shapes (rectangles, text positions and anchors); the
templates in ``templates/charts/`` draw them with ``role="img"``, a ``<title>``, a ``<desc>``
and a table of the same numbers. Every value is also written as a number next to its bar, so
the chart never relies on colour alone. With ``rtl=True`` the chart is mirrored: labels on the
right, bars growing leftwards, as a Hebrew or Arabic reader expects.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Colours that keep at least 4.5:1 against white (bars and their text) - checked by tests.
BAR_COLOUR = "#1d5b86"
MUTED_COLOUR = "#595f66"
TEXT_COLOUR = "#212529"
BACKGROUND = "#ffffff"

#: A compact layout (labels above their bars) that stays legible when a phone scales it down:
#: the SVG is drawn at most ~1.4x (CSS max-width) and at least ~0.9x this width.
WIDTH = 400
VALUE_WIDTH = 48
GAP = 6
LABEL_HEIGHT = 18  # the label's line above its bar
BAR_HEIGHT = 16
ROW_HEIGHT = LABEL_HEIGHT + BAR_HEIGHT + 12
TOP = 4
MAX_LABEL_CHARS = 56
FONT_SIZE = 13


def _anchor(edge: str, rtl: bool) -> str:
    """SVG text-anchor for text whose `edge` ("left"/"right") sits at x, given the direction
    the text is laid out in (direction="rtl" makes "start" the right edge)."""
    if edge == "left":
        return "end" if rtl else "start"
    return "start" if rtl else "end"


def shorten(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Bar:
    label: str  # shown, perhaps shortened
    full_label: str  # the bar's <title>
    value: int
    value_text: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_anchor: str
    label_y: float
    value_x: float
    value_anchor: str
    text_y: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    max_value: int
    rtl: bool
    direction: str
    axis_x: float  # where the bars start (the baseline)
    font_size: int = FONT_SIZE
    colour: str = BAR_COLOUR
    text_colour: str = TEXT_COLOUR
    muted_colour: str = MUTED_COLOUR

    @property
    def is_empty(self) -> bool:
        return not self.bars


def bar_chart(
    items: list[tuple[str, int]],
    *,
    max_value: int | None = None,
    rtl: bool = False,
    value_format: str = "{value}",
    width: int = WIDTH,
) -> BarChart:
    """Horizontal bars, one row per (label, value), in the given order; each label on its own
    line above its bar, the value written just after the bar's end.

    `max_value` fixes the scale (e.g. the number of stories, so a full bar means "all");
    `value_format` may use {value} and {max}."""
    values = [max(0, int(v)) for _label, v in items]
    top = max([max_value or 0, *values, 1])
    bar_room = width - VALUE_WIDTH
    bars = []
    for i, ((label, _v), value) in enumerate(zip(items, values, strict=True)):
        row_y = TOP + i * ROW_HEIGHT
        bar_y = row_y + LABEL_HEIGHT + 2
        length = round(bar_room * value / top, 2)
        x, label_x, label_edge = 0.0, 0.0, "left"
        value_x, value_edge = length + GAP, "left"
        if rtl:  # mirror every x about the middle
            x = width - length
            label_x, label_edge = float(width), "right"
            value_x, value_edge = width - value_x, "right"
        bars.append(
            Bar(
                label=shorten(str(label)),
                full_label=str(label),
                value=value,
                value_text=value_format.format(value=value, max=top),
                x=round(x, 2),
                y=bar_y,
                width=length,
                height=BAR_HEIGHT,
                label_x=label_x,
                label_anchor=_anchor(label_edge, rtl),
                label_y=row_y + LABEL_HEIGHT - 4,
                value_x=round(value_x, 2),
                value_anchor=_anchor(value_edge, rtl),
                text_y=bar_y + BAR_HEIGHT - 3,
            )
        )
    height = TOP * 2 + len(bars) * ROW_HEIGHT
    return BarChart(
        width=width,
        height=height,
        bars=bars,
        max_value=top,
        rtl=rtl,
        direction="rtl" if rtl else "ltr",
        axis_x=float(width) if rtl else 0.0,
    )


@dataclass(frozen=True)
class Step:
    number: int
    label: str
    state: str  # "done", "current" or "todo"
    x: float
    width: float
    text_x: float
    rect_x: float  # inset so that the outline stays inside the segment
    rect_width: float


#: How far each state's outline is drawn inside its segment (half its stroke).
_INSET = {"done": 0, "current": 2, "todo": 1}


@dataclass(frozen=True)
class StepChart:
    width: int
    height: int
    steps: list[Step] = field(default_factory=list)
    current: int = 0
    total: int = 0
    rtl: bool = False
    direction: str = "ltr"
    colour: str = BAR_COLOUR
    text_colour: str = TEXT_COLOUR
    muted_colour: str = MUTED_COLOUR


def step_chart(
    labels: list[str], current: int, *, rtl: bool = False, width: int = WIDTH
) -> StepChart:
    """The program's stages as equal segments: done (filled, with a check), current (outlined
    thick) and still to come (outlined dashed) - shape as well as colour tells them apart."""
    n = len(labels)
    gap = 4
    seg = (width - gap * (n - 1)) / n if n else 0
    steps = []
    for i, label in enumerate(labels):
        x = i * (seg + gap)
        if rtl:
            x = width - x - seg
        state = "done" if i < current else "current" if i == current else "todo"
        steps.append(
            Step(
                number=i + 1,
                label=label,
                state=state,
                x=round(x, 2),
                width=round(seg, 2),
                text_x=round(x + seg / 2, 2),
                rect_x=round(x + _INSET[state], 2),
                rect_width=round(seg - 2 * _INSET[state], 2),
            )
        )
    return StepChart(
        width=width,
        height=36,
        steps=steps,
        current=current + 1,
        total=n,
        rtl=rtl,
        direction="rtl" if rtl else "ltr",
    )


def contrast_ratio(foreground: str, background: str = BACKGROUND) -> float:
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return round((light + 0.05) / (dark + 0.05), 2)


#: The steps a story goes through, in the order of the progress chart.
PROGRESS_STEPS = ("nominated", "selected", "documented", "approved", "published")


def progress_chart(
    counts: dict[str, int], labels: dict[str, str], *, rtl: bool = False
) -> BarChart:
    """Stories by step (nominated, selected, documented, approved, published) on one scale:
    the number nominated is a full bar."""
    items = [(labels[step], counts.get(step, 0)) for step in PROGRESS_STEPS]
    return bar_chart(items, max_value=counts.get("nominated", 0), rtl=rtl)


def principles_chart(
    rows: list[tuple[str, int]],
    total: int,
    *,
    rtl: bool = False,
    value_format: str = "{value}/{max}",
) -> BarChart:
    """How many of the `total` selected stories each common principle appears in, most shared
    first (ties keep their order): a full bar is "common to all"."""
    ordered = sorted(rows, key=lambda r: -r[1])
    return bar_chart(ordered, max_value=total, rtl=rtl, value_format=value_format)
