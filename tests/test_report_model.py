"""The report's pure parts: the day-by-day arithmetic, the body figure, the words, and a PDF of
a crowded report that must still fit on two pages."""

import io
import re
from datetime import date, timedelta

import pypdf
import pytest

from fibrotrack.diary import InvalidEntry
from fibrotrack.instruments.acr_criteria import AREA_IDS
from fibrotrack.reports import render_charts, render_page, render_pdf
from fibrotrack.reports.body_figure import BACK, FRONT, area_names
from fibrotrack.reports.model import (
    Activity,
    ActivityWeek,
    AssociationLine,
    BodyMap,
    Completeness,
    Criteria,
    DailyCharts,
    DailySeries,
    EffectLine,
    Findings,
    FlareSummary,
    FoodLine,
    Header,
    Marker,
    Measurement,
    Period,
    PracticeLine,
    Program,
    RedFlagLine,
    Report,
    Safety,
    ScoreLine,
    Scores,
    SelfHarmAnswer,
    SleepLine,
    StatusSection,
    TreatmentLine,
)
from fibrotrack.reports.series import date_ticks, flares_in, seven_day_means, week_mean
from fibrotrack.reports.wording import (
    activity_text,
    change_text,
    flare_text,
    food_text,
    signed,
)
from fibrotrack.services.report import _line


def pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_a_period_runs_from_its_first_to_its_last_day_and_refuses_nonsense() -> None:
    period = Period(date(2026, 1, 1), date(2026, 1, 31))
    assert period.days == 31
    assert period.each_day()[-1] == date(2026, 1, 31)
    with pytest.raises(InvalidEntry, match="after the end"):
        Period(date(2026, 2, 1), date(2026, 1, 1))
    with pytest.raises(InvalidEntry, match="at most two years"):
        Period(date(2023, 1, 1), date(2026, 1, 1))


def test_seven_day_means_skip_missing_days_and_need_four_of_seven() -> None:
    period = Period(date(2026, 3, 7), date(2026, 3, 10))
    by_day = {
        date(2026, 3, 1): 2.0,
        date(2026, 3, 2): 4.0,
        date(2026, 3, 4): 6.0,
        date(2026, 3, 7): 8.0,
        date(2026, 3, 10): 3.0,
    }
    means = seven_day_means(period, by_day)
    # 7 Mar: 1–7 Mar holds 2, 4, 6, 8 (four days; the missing ones are not zeros).
    assert means[0] == pytest.approx(5.0)
    # 8 Mar: 2–8 Mar holds 4, 6, 8: only three days, so no mean.
    assert means[1] is None
    assert means[3] is None


def test_flares_are_clipped_to_the_period() -> None:
    period = Period(date(2026, 3, 1), date(2026, 3, 31))
    summary = flares_in(
        period,
        [
            (date(2026, 2, 25), date(2026, 3, 3)),
            (date(2026, 3, 10), date(2026, 3, 16)),
            (date(2026, 4, 2), date(2026, 4, 9)),
        ],
        period.each_day(),
    )
    assert summary.episodes == (
        (date(2026, 3, 1), date(2026, 3, 3)),
        (date(2026, 3, 10), date(2026, 3, 16)),
    )
    assert (summary.count, summary.total_days, summary.longest_days) == (2, 10, 7)
    assert flare_text(summary) == (
        "2 flares in the period (1 Mar – 3 Mar, 10 Mar – 16 Mar), 10 days in all; the longest "
        "7 days."
    )
    assert flare_text(flares_in(period, [], period.each_day())) == "No flares in the period."


def test_no_flare_is_claimed_for_days_the_rule_could_not_judge() -> None:
    period = Period(date(2026, 3, 1), date(2026, 3, 31))
    assert flare_text(flares_in(period, [], [])) == (
        "Flares could not be checked in the period: the rule needs a pain or fatigue rating and "
        "about a month of earlier ratings for each day."
    )
    judged = [date(2026, 2, 27), *(date(2026, 3, day) for day in range(20, 32))]
    assert flare_text(flares_in(period, [], judged)) == (
        "No flares in the period. 12 of the period's 31 days could be checked (the others had no "
        "pain or fatigue rating, or too few earlier ones)."
    )
    found = flares_in(period, [(date(2026, 3, 25), date(2026, 3, 28))], judged)
    assert flare_text(found).startswith("1 flare in the period (25 Mar – 28 Mar), 4 days. 12 of")


def test_a_change_in_percent_is_worked_out_before_rounding() -> None:
    """Mean daily pain 40/6 at baseline and 39/7 now: −16.4%, as the FM30 line says, not the
    −16.5% the rounded change (−1.1) would give."""
    line = _line(
        "Mean daily pain, 7 days",
        10,
        Measurement(39 / 7, date(2026, 11, 27)),
        Measurement(40 / 6, date(2026, 9, 1)),
    )
    assert (line.change, line.percent) == (-1.1, -16.4)


def test_the_activity_line_reads_the_last_whole_week() -> None:
    monday = date(2026, 11, 16)
    weeks = (
        ActivityWeek(monday, 27, 31.0, 7),
        ActivityWeek(monday + timedelta(weeks=1), 30, 30.0, 1, complete=False),
    )
    activity = Activity("Active minutes", "min", 10, 10, 30, "raise", weeks)
    assert "Week of 16 Nov: 31 min/day on 7 logged days (target 27)." in activity_text(activity)
    started = Activity("Active minutes", "min", 10, 10, 30, "raise", weeks[1:])
    assert "Week of 23 Nov so far: 30 min/day on 1 logged day (target 30)." in activity_text(
        started
    )


def test_a_food_verdict_states_its_interval_and_which_way_is_better() -> None:
    one = FoodLine("gluten", "likely worsens symptoms", "gi_symptoms", 2.1, 1.2, 3.0)
    assert food_text(one) == (
        "gluten: likely worsens symptoms (gi symptoms +2.1; 95% interval +1.2 to +3)"
    )
    mood = FoodLine("gluten", "likely worsens symptoms", "mood", -5.1, -6.2, -4.0, 0.975, True)
    assert food_text(mood) == (
        "gluten: likely worsens symptoms (mood −5.1, higher is better; 97.5% interval −6.2 to −4)"
    )


def test_a_week_mean_counts_logged_days_only() -> None:
    monday = date(2026, 3, 2)
    by_day = {monday: 10.0, monday + timedelta(days=2): 20.0, monday + timedelta(days=6): 60.0}
    assert week_mean(by_day, monday, monday + timedelta(days=6)) == (30.0, 3)
    assert week_mean(by_day, monday, monday + timedelta(days=3)) == (15.0, 2)
    assert week_mean({}, monday, monday) == (None, 0)


def test_date_ticks_suit_the_length_of_the_period() -> None:
    weeks = date_ticks(date(2026, 3, 4), date(2026, 3, 31))
    assert [day.weekday() for day, _ in weeks] == [0, 0, 0, 0]
    assert weeks[0] == (date(2026, 3, 9), "9 Mar")
    quarter = date_ticks(date(2026, 8, 30), date(2026, 11, 27))
    assert quarter[:3] == [
        (date(2026, 9, 1), "Sep 2026"),
        (date(2026, 9, 15), "15"),
        (date(2026, 10, 1), "Oct"),
    ]
    year = date_ticks(date(2025, 11, 28), date(2026, 11, 27))
    assert [label for _, label in year][:3] == ["Dec 2025", "Jan 2026", "Feb"]
    assert len(year) == 12


def test_the_body_figure_draws_each_of_the_19_areas() -> None:
    drawn = {shape.area for shape in (*FRONT, *BACK) if shape.area is not None}
    assert drawn == set(AREA_IDS)
    assert area_names({"hip_left", "hip_right", "neck", "jaw_left"}) == ["neck", "hips", "left jaw"]


def test_changes_are_signed_with_a_true_minus() -> None:
    line = ScoreLine(
        "FIQR total", 100, Measurement(42.17, date(2026, 1, 1)), change=-16.33, percent=-27.9
    )
    assert change_text(line) == "−16.33 (−27.9%)"
    assert signed(0.0) == "0"
    assert signed(1.5) == "+1.5"


def crowded_report() -> Report:
    """A report with every section full: long lists, long names, every warning."""
    period = Period(date(2025, 11, 28), date(2026, 11, 27))
    days = period.days
    values = tuple(float((i * 7) % 11) if i % 5 else None for i in range(days))
    series = tuple(
        DailySeries(
            key,
            key.replace("_", " ").capitalize(),
            10,
            key != "sleep_quality",
            values,
            seven_day_means(
                period,
                {d: v for d, v in zip(period.each_day(), values, strict=True) if v is not None},
            ),
        )
        for key in ("pain", "fatigue", "sleep_quality")
    )
    long_name = "An intervention with a long name that goes on and on"
    return Report(
        header=Header("A person with a rather long name indeed", period, period.end, "0.1.0"),
        safety=Safety(
            phq9_forms=12,
            self_harm=tuple(
                SelfHarmAnswer(
                    period.start + timedelta(days=30 * i), 2, "More than half the days", 16.0, True
                )
                for i in range(6)
            ),
            red_flags=tuple(
                RedFlagLine(
                    period.start + timedelta(days=40 * i),
                    "New weakness or numbness",
                    "today",
                    "Left arm since Tuesday, getting worse when walking",
                )
                for i in range(4)
            ),
            item9_unanswered=(period.end,),
        ),
        scores=Scores(
            tuple(
                ScoreLine(
                    f"Measure {i}",
                    100,
                    Measurement(42.17, period.end),
                    "Moderate",
                    Measurement(58.5, period.start),
                    -16.33,
                    -27.9,
                    domain=i % 2 == 1,
                )
                for i in range(10)
            ),
            period.start,
            Criteria(period.end, True),
            ("Not taken up to 27 Nov 2026: GAD-7.",),
        ),
        status=StatusSection(
            period.end,
            (),
            "moderately important",
            False,
            False,
            "FIQR 42.17 on 2026-11-27 is above 23",
            True,
            FlareSummary(
                tuple(
                    (
                        period.start + timedelta(days=30 * i),
                        period.start + timedelta(days=30 * i + 5),
                    )
                    for i in range(10)
                ),
                60,
                6,
                period.days - 10,
                period.days,
            ),
            notes=("The latest visit is the baseline: response and change need a later visit.",),
        ),
        charts=DailyCharts(
            period,
            series,
            tuple(
                (period.start + timedelta(days=30 * i), period.start + timedelta(days=30 * i + 5))
                for i in range(10)
            ),
            tuple(
                Marker(period.start + timedelta(days=3 * i), f"{long_name} {i}") for i in range(12)
            ),
        ),
        body_map=BodyMap(
            12, {area: i % 12 + 1 for i, area in enumerate(AREA_IDS)}, period.start, period.end
        ),
        program=Program(
            practices=tuple(
                PracticeLine(
                    f"{long_name} {i}",
                    "Not graded: trials with mixed or limited results",
                    "30 min, 5 days a week",
                    period.start,
                    None,
                    52,
                    40,
                    0.77,
                )
                for i in range(8)
            ),
            activity=Activity(
                "Active minutes",
                "min",
                10,
                12.0,
                44.0,
                "hold_not_reached",
                tuple(
                    ActivityWeek(period.start + timedelta(weeks=w), 10 + w, 9.0 + w, 6)
                    for w in range(52)
                ),
            ),
            sleep=SleepLine(60, 450, 84, 32, 30, 8.4),
            foods=tuple(
                FoodLine(f"food {i}", "inconclusive", "gi_symptoms", 0.3, -0.8, 1.4)
                for i in range(8)
            ),
            treatments=tuple(
                TreatmentLine(
                    "medication", f"{long_name} {i}", "10 mg at night", period.start, None
                )
                for i in range(8)
            ),
            notes=("No sleep diary in the period.",),
            food_notes=("Food verdicts are patterns in a few days of this person's diary.",),
        ),
        findings=Findings(
            outcome="pain",
            first=period.start,
            last=period.end,
            tests=400,
            fdr=0.05,
            associations=tuple(
                AssociationLine(f"{long_name} {i}", i % 4, 0.61, (0.54, 0.69), True, 315, 78)
                for i in range(20)
            ),
            effects=tuple(
                EffectLine(
                    f"{long_name} {i}",
                    period.start + timedelta(days=20 * i),
                    -0.7,
                    (-2.6, 1.3),
                    66,
                    238,
                    (
                        "You started it during or right after a flare "
                        "(2026-02-01 to 2026-02-09). Symptoms usually ease after a flare "
                        "anyway (regression to the mean).",
                    )
                    * 2,
                    "",
                )
                for i in range(9)
            ),
            experiment=None,
            notes=("Only 60 days of pain: patterns found in under three months often fade.",) * 3,
        ),
        completeness=Completeness(
            300, days, (("Pain", 300), ("Fatigue", 300)), (("FIQR", 12), ("PHQ-9", 12))
        ),
    )


def test_a_crowded_report_still_fits_on_two_pages_and_says_what_it_left_out() -> None:
    report = crowded_report()
    charts = render_charts(report.charts, report.program.activity, report.body_map)
    pages, text = pdf_text(render_pdf(report, charts))
    assert pages == 2
    flat = " ".join(text.split())
    shown = flat.count("pain +0.6 (95% CI +0.5 to +0.7)")
    left_out = re.search(r"And (\d+) more associations in the HTML report\.", flat)
    assert left_out and shown + int(left_out.group(1)) == 20
    alerts = flat.count("PHQ-9 item 9 answered 2") + flat.count("New weakness or numbness")
    alerts_left_out = re.search(r"And (\d+) more in the HTML report\. Scores", flat)
    # six item 9 answers, four red flags and the day item 9 was not answered
    assert alerts_left_out and alerts + int(alerts_left_out.group(1)) == 6 + 4 + 1
    html = render_page(report, charts)
    assert html.count("pain +0.6 (95% CI +0.5 to +0.7)") == 20
    assert html.count("New weakness or numbness") == 4
    assert html.count("PHQ-9 item 9 answered 2") == 6
    assert html.count("PHQ-9 item 9 was not answered on 27 Nov 2026: not checked that day.") == 1
