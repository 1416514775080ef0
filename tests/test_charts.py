"""Trend charts: the 7-day mean respects missing days, lines break at gaps, SVG is accessible."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fibrotrack.charts import (
    DailyPoints,
    DayMark,
    DayMarkers,
    DaySpan,
    JoinedPoints,
    MeanLine,
    MeanWindow,
    Scale,
    ShadedSpans,
    ValueBand,
    ValueBands,
    rolling_mean,
    time_chart,
)
from fibrotrack.charts.svg import day_ticks

START = date(2026, 3, 1)


def days(*offsets: int) -> list[date]:
    return [START + timedelta(days=o) for o in offsets]


def test_the_mean_leaves_missing_days_out_instead_of_counting_them_as_zero() -> None:
    values = dict(zip(days(0, 1, 2, 3, 5, 6), [6.0, 6.0, 8.0, 8.0, 4.0, 4.0], strict=True))
    means = rolling_mean(values, START + timedelta(days=6), START + timedelta(days=6))
    assert means == {START + timedelta(days=6): 36 / 6}


def test_no_mean_stands_on_fewer_than_four_of_seven_days() -> None:
    values = dict.fromkeys(days(0, 2, 4), 5.0)
    assert rolling_mean(values, START, START + timedelta(days=10)) == {}
    values[START + timedelta(days=6)] = 9.0
    means = rolling_mean(values, START, START + timedelta(days=10))
    assert means == {START + timedelta(days=6): 6.0}


@given(
    st.dictionaries(
        st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=10), max_size=41
    )
)
def test_every_mean_is_the_mean_of_the_logged_days_in_its_window(raw: dict[int, int]) -> None:
    values = {START + timedelta(days=k): float(v) for k, v in raw.items()}
    end = START + timedelta(days=40)
    means = rolling_mean(values, START, end, MeanWindow(days=7, min_days=4))
    for day in (START + timedelta(days=k) for k in range(41)):
        window = [values[d] for d in (day - timedelta(days=i) for i in range(7)) if d in values]
        if len(window) >= 4:
            assert abs(means[day] - sum(window) / len(window)) < 1e-9
            assert min(window) <= means[day] <= max(window)
        else:
            assert day not in means


def test_the_mean_line_breaks_where_days_are_missing() -> None:
    scale = Scale(start=START, end=START + timedelta(days=9), low=0, high=10)
    svg = MeanLine(dict.fromkeys(days(0, 1, 2, 5, 6, 9), 5.0)).svg(scale)
    assert svg.count("<polyline") == 2  # days 0–2 and 5–6
    assert svg.count("<circle") == 1  # day 9 alone


def test_points_are_drawn_only_for_logged_days_inside_the_period() -> None:
    scale = Scale(start=START, end=START + timedelta(days=9), low=0, high=10)
    svg = DailyPoints(dict.fromkeys(days(-3, 0, 4, 12), 5.0)).svg(scale)
    assert svg.count("<circle") == 2


def test_values_map_to_the_chart_with_higher_values_drawn_higher() -> None:
    scale = Scale(start=START, end=START + timedelta(days=10), low=0, high=10)
    assert scale.y(10) < scale.y(5) < scale.y(0)
    assert scale.x(START) < scale.x(START + timedelta(days=5)) < scale.x(START + timedelta(days=10))


def test_the_chart_is_an_image_named_and_described_in_words() -> None:
    scale = Scale(start=START, end=START + timedelta(days=29), low=0, high=10)
    svg = time_chart(
        chart_id="c1",
        title="Pain <March>",
        description="Pain: logged on 3 of 30 days.",
        scale=scale,
        value_ticks=[0, 5, 10],
        layers=[DailyPoints(dict.fromkeys(days(0, 1, 2), 4.0))],
    )
    assert 'role="img" aria-labelledby="c1-title c1-desc"' in svg
    assert '<title id="c1-title">Pain &lt;March&gt;</title>' in svg
    assert "style=" not in svg and "fill=" not in svg  # coloured by the page's stylesheet


def test_ticks_suit_the_length_of_the_period() -> None:
    assert all(d.weekday() == 0 for d in day_ticks(START, START + timedelta(days=60)))
    months = day_ticks(date(2026, 1, 15), date(2026, 6, 30))
    assert [d.month for d in months] == [2, 3, 4, 5, 6] and all(d.day == 1 for d in months)
    year = day_ticks(date(2025, 11, 28), date(2026, 11, 27))
    assert [(d.year, d.month) for d in year] == [(2026, m) for m in (1, 3, 5, 7, 9, 11)]
    years = day_ticks(date(2021, 6, 1), date(2026, 5, 31))
    assert [d.year for d in years] == [2022, 2023, 2024, 2025, 2026]


def test_a_flare_is_shaded_over_its_days_and_clipped_to_the_period() -> None:
    scale = Scale(start=START, end=START + timedelta(days=9), low=0, high=10)
    inside = DaySpan(START + timedelta(days=2), START + timedelta(days=4), "Flare, 3 days", "flare")
    across_end = DaySpan(START + timedelta(days=8), START + timedelta(days=20), "Long flare")
    before = DaySpan(START - timedelta(days=9), START - timedelta(days=2), "Earlier flare")
    svg = ShadedSpans([across_end, inside, before], css_class="flares").svg(scale)
    assert svg.startswith('<g class="flares">')
    assert svg.count("<rect") == 2 and "Earlier flare" not in svg
    assert '<rect class="flare"' in svg and "<title>Flare, 3 days</title>" in svg
    day = scale.x(START + timedelta(days=1)) - scale.x(START)
    first = svg.split('x="')[1].split('"')[0]
    width = svg.split('width="')[1].split('"')[0]
    assert float(first) == round(scale.x(START + timedelta(days=2)) - day / 2, 1)
    assert abs(float(width) - 3 * day) < 0.2  # three days wide
    last_width = float(svg.split('width="')[2].split('"')[0])
    assert abs(last_width - 1.5 * day) < 0.2  # the last day and a half, up to the frame


def test_marks_stand_on_their_day_with_their_kind_as_class_and_words_as_title() -> None:
    scale = Scale(start=START, end=START + timedelta(days=9), low=0, high=10)
    marks = [
        DayMark(START + timedelta(days=3), "Started Walking <20 min>", "started"),
        DayMark(START + timedelta(days=7), "Stopped Walking", "stopped"),
        DayMark(START + timedelta(days=30), "Later change", "changed"),
    ]
    svg = DayMarkers(marks).svg(scale)
    assert svg.count("<line") == 2 and "Later change" not in svg
    assert '<g class="started"><title>Started Walking &lt;20 min&gt;</title>' in svg
    x = f"{scale.x(START + timedelta(days=3)):.1f}"
    assert f'<line x1="{x}" x2="{x}"' in svg
    assert '<g class="stopped">' in svg


def test_bands_fill_their_value_ranges_and_are_labelled_when_tall_enough() -> None:
    scale = Scale(start=START, end=START + timedelta(days=9), low=0, high=27)
    bands = [
        ValueBand(0, 4, "Minimal", 1),
        ValueBand(4, 9, "Mild", 2),
        ValueBand(9, 27, "Severe", 3),
        ValueBand(27, 40, "Off the scale", 4),
    ]
    svg = ValueBands(bands).svg(scale)
    assert svg.count("<rect") == 3 and "Off the scale" not in svg
    assert '<g class="band-1"><title>Minimal</title>' in svg
    top = f"{scale.y(27):.1f}"
    height = f"{scale.y(9) - scale.y(27):.1f}"
    assert f'y="{top}" width="{322:g}" height="{height}"/>' in svg
    assert ">Severe</text>" in svg


def test_scores_are_joined_in_date_order_and_only_inside_the_period() -> None:
    scale = Scale(start=START, end=START + timedelta(days=60), low=0, high=27)
    scores = {START + timedelta(days=40): 8.0, START: 14.0, START + timedelta(days=90): 3.0}
    svg = JoinedPoints(scores).svg(scale)
    assert svg.count("<circle") == 2 and svg.count("<polyline") == 1
    points = svg.split('points="')[1].split('"')[0].split()
    assert points == [
        f"{scale.x(START):.1f},{scale.y(14):.1f}",
        f"{scale.x(START + timedelta(days=40)):.1f},{scale.y(8):.1f}",
    ]
    assert JoinedPoints({START: 5.0}).svg(scale).count("<polyline") == 0


def test_overlays_carry_classes_never_colours() -> None:
    scale = Scale(start=START, end=START + timedelta(days=29), low=0, high=27)
    svg = time_chart(
        chart_id="q",
        title="PHQ-9",
        description="Two responses.",
        scale=scale,
        value_ticks=[0, 9, 18, 27],
        layers=[
            ValueBands([ValueBand(0, 9, "Mild", 1), ValueBand(9, 27, "Severe", 2)]),
            ShadedSpans([DaySpan(START, START + timedelta(days=3), "Flare")]),
            DayMarkers([DayMark(START + timedelta(days=5), "Started", "started")]),
            JoinedPoints({START: 5.0, START + timedelta(days=14): 12.0}),
        ],
    )
    assert "style=" not in svg and "fill=" not in svg and "stroke=" not in svg
    assert svg.index('class="bands"') < svg.index('class="spans"') < svg.index('class="scores"')
