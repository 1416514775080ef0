"""The report as a two-page A4 PDF (fpdf2).

Page 1 is what a clinician reads first: safety, scores with their change since baseline, the
status rules and the daily ratings. Page 2 holds the body map, the program, the findings and
the data completeness with the methods. Fonts are Matplotlib's bundled DejaVu Sans, embedded,
so the PDF looks the same on every machine; charts are the same SVG as the HTML page, drawn as
vector paths by fpdf2's SVG import.

Every list is measured before it is written: what does not fit in its part of the page is
left out with a line saying how many more the HTML report shows, and the daily chart shrinks
(down to 70%) when page 1 is crowded. So the PDF is always two pages.
"""

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

import matplotlib
from fpdf import FPDF, XPos, YPos
from fpdf.enums import MethodReturnValue

from fibrotrack.reports import wording
from fibrotrack.reports.charts import ACTIVITY_SIZE_MM, BODY_SIZE_MM, DAILY_SIZE_MM, ReportCharts
from fibrotrack.reports.model import Report, ScoreLine

FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
MARGIN = 12.0
PAGE_WIDTH, PAGE_HEIGHT = 210.0, 297.0
WIDTH = PAGE_WIDTH - 2 * MARGIN
BOTTOM = PAGE_HEIGHT - MARGIN - 5
INK = (31, 29, 36)
MUTED = (90, 85, 102)
ACCENT = (91, 63, 145)
RULE = (201, 196, 211)
ALERT = (164, 22, 26)
OK = (30, 107, 58)
LINE = 3.9
LEFT_COLUMN = BODY_SIZE_MM[0]
GUTTER = 6.0
RIGHT_X = MARGIN + LEFT_COLUMN + GUTTER
RIGHT_WIDTH = WIDTH - LEFT_COLUMN - GUTTER
SAFETY_HEIGHT = 34.0
CHART_MINIMUM = 0.7
CHART_BLOCK = 17.0  # heading, the days-logged line and the markers line around the chart
FINDINGS_MINIMUM = 80.0
EFFECTS_TITLE = (
    "After starting something (before/after model, calibrated on the person's own swings)"
)
SCORE_COLUMNS = (
    ("Measure", 58.0),
    ("Latest", 16.0),
    ("", 5.0),
    ("Taken", 25.0),
    ("Band", 24.0),
    ("Baseline", 18.0),
    ("Change since baseline", 40.0),
)
LEFT_ALIGNED = {"Measure", "Taken", "Band"}


def font_path(style: str) -> Path:
    """A DejaVu Sans file shipped inside Matplotlib."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / FONT_FILES[style]


@dataclass(frozen=True)
class Text:
    """How a run of lines is set: where, how wide, how big, in which colour."""

    x: float = MARGIN
    width: float = WIDTH
    size: float = 8.0
    colour: tuple[int, int, int] = INK
    style: str = ""
    bullet: bool = False

    @property
    def height(self) -> float:
        return LINE * self.size / 8.5


class Document(FPDF):
    """An A4 page in fibrotrack's fonts and colours, with its footer and the helpers that
    measure and set text; the report and the recovery story are both written with it."""

    def __init__(self, *, title: str, version: str, generated_on: date) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.version = version
        self.generated_on = generated_on
        for style in FONT_FILES:
            self.add_font(FONT, style, str(font_path(style)))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=PAGE_HEIGHT - BOTTOM)
        self.c_margin = 0.6
        self.set_title(title)
        self.set_creator(f"fibrotrack {version}")
        self.set_lang("en")
        self.set_creation_date(datetime.combine(generated_on, time(0), tzinfo=UTC))

    def footer(self) -> None:
        self.set_y(-MARGIN - 1)
        self.font(6.5, colour=MUTED)
        self.cell(
            WIDTH / 2,
            3,
            f"fibrotrack {self.version} · generated {wording.day_text(self.generated_on)}",
        )
        self.cell(WIDTH / 2, 3, f"Page {self.page_no()} of {{nb}}", align="R")

    def font(self, size: float, style: str = "", colour: tuple[int, int, int] = INK) -> None:
        self.set_font(FONT, style, size)
        self.set_text_color(*colour)

    def heading(self, text: str, *, x: float = MARGIN, width: float = WIDTH) -> None:
        self.set_xy(x, self.get_y() + 2.2)
        self.font(10.5, "B", ACCENT)
        self.cell(width, 5.2, text, new_x=XPos.LEFT, new_y=YPos.NEXT)
        self.set_draw_color(*RULE)
        self.set_line_width(0.3)
        self.line(x, self.get_y(), x + width, self.get_y())
        self.set_y(self.get_y() + 1.2)

    def measure(self, line: str, text: Text) -> float:
        """The height ``line`` takes when set as ``text``."""
        self.font(text.size, text.style, text.colour)
        width = text.width - 3 if text.bullet else text.width
        height = self.multi_cell(
            width, text.height, line, align="L", dry_run=True, output=MethodReturnValue.HEIGHT
        )
        assert isinstance(height, float | int)
        return float(height) + 0.5

    def write_line(self, line: str, text: Text) -> None:
        self.font(text.size, text.style, text.colour)
        self.set_x(text.x)
        if text.bullet:
            self.cell(3, text.height, "•")
            self.multi_cell(text.width - 3, text.height, line, align="L", new_x=XPos.LEFT)
        else:
            self.multi_cell(text.width, text.height, line, align="L", new_x=XPos.LEFT)
        self.set_y(self.get_y() + 0.5)

    def lines(self, lines: list[str], text: Text, *, bottom: float = BOTTOM, what: str = "") -> int:
        """Write the lines that fit above ``bottom``; if some do not, say how many more the
        HTML report shows. Returns how many were written."""
        for index, line in enumerate(lines):
            left = len(lines) - index
            more = (
                f"And {left - 1} more{' ' + what if what else ''} in the HTML report."
                if left > 1
                else ""
            )
            reserve = self.measure(more, Text(text.x, text.width, 7, MUTED)) if more else 0.0
            if self.get_y() + self.measure(line, text) + reserve > bottom:
                self.write_line(
                    f"And {left} more{' ' + what if what else ''} in the HTML report.",
                    Text(text.x, text.width, 7, MUTED),
                )
                return index
            self.write_line(line, text)
        return len(lines)

    def fits(self, height: float, bottom: float = BOTTOM) -> bool:
        return self.get_y() + height <= bottom

    def svg(self, svg: str, *, x: float, width: float) -> None:
        y = self.get_y()
        info = self.image(io.BytesIO(svg.encode("utf-8")), x=x, y=y, w=width)
        self.set_y(y + info.rendered_height)


def render_pdf(report: Report, charts: ReportCharts) -> bytes:
    """The report as the bytes of a two-page PDF."""
    header = report.header
    period = wording.period_text(header.period.start, header.period.end)
    document = Document(
        title=f"fibrotrack clinician report, {period}",
        version=header.version,
        generated_on=header.generated_on,
    )
    document.alias_nb_pages()
    document.add_page()
    _header(document, report)
    _safety(document, report)
    _scores(document, report)
    _status(document, report)
    _daily(document, report, charts)
    document.add_page()
    closing = _completeness_lines(report)
    closing_height = 9 + sum(document.measure(line, text) for line, text in closing)
    columns_bottom = BOTTOM - closing_height - FINDINGS_MINIMUM
    top = document.get_y()
    _body_map(document, report, charts, columns_bottom)
    left_bottom = document.get_y()
    document.set_y(top)
    _program(document, report, charts, columns_bottom)
    document.set_y(max(left_bottom, document.get_y()))
    _findings(document, report, BOTTOM - closing_height)
    document.heading("Data completeness and methods")
    for line, text in closing:
        document.write_line(line, text)
    return bytes(document.output())


def _header(document: Document, report: Report) -> None:
    header = report.header
    document.font(16, "B", ACCENT)
    document.cell(WIDTH * 0.45, 8, "Clinician report")
    document.font(11, "B")
    document.cell(WIDTH * 0.55, 8, wording.clip(wording.person_text(header), 48), align="R")
    document.ln(8)
    completeness = report.completeness
    document.lines(
        [
            f"Period {wording.period_text(header.period.start, header.period.end)} · "
            f"{completeness.days_logged} of {completeness.days_in_period} days logged "
            f"({wording.percent(completeness.share * 100)}) · generated "
            f"{wording.day_text(header.generated_on)} · fibrotrack {header.version}"
        ],
        Text(colour=MUTED),
    )
    document.set_draw_color(*ACCENT)
    document.set_line_width(0.6)
    document.line(MARGIN, document.get_y() + 0.5, MARGIN + WIDTH, document.get_y() + 0.5)
    document.set_y(document.get_y() + 1.5)


def _safety(document: Document, report: Report) -> None:
    safety = report.safety
    if safety.clear:
        document.set_y(document.get_y() + 1.5)
        document.lines([wording.safety_clear_text(safety)], Text(colour=OK))
        return
    lines = [wording.self_harm_text(answer) for answer in safety.self_harm]
    lines += [wording.red_flag_text(flag) for flag in safety.red_flags]
    if safety.item9_unanswered:
        lines.append(f"{wording.item9_unanswered_text(safety)}.")
    y = document.get_y() + 2
    document.set_xy(MARGIN + 3, y + 2)
    document.font(9.5, "B", ALERT)
    document.cell(WIDTH - 6, 4.6, "Safety: please review", new_x=XPos.LEFT, new_y=YPos.NEXT)
    document.lines(
        lines, Text(x=MARGIN + 3, width=WIDTH - 6, bullet=True), bottom=y + SAFETY_HEIGHT
    )
    bottom = document.get_y() + 1.2
    document.set_draw_color(*ALERT)
    document.set_line_width(0.5)
    document.rect(MARGIN, y, WIDTH, bottom - y)
    document.set_y(bottom)


def _scores(document: Document, report: Report) -> None:
    scores = report.scores
    baseline = (
        f" (baseline visit {wording.day_text(scores.baseline_day)})" if scores.baseline_day else ""
    )
    document.heading(f"Scores and change since baseline{baseline}")
    document.font(7, "B", MUTED)
    for title, width in SCORE_COLUMNS:
        document.cell(width, 4, title, align="L" if title in LEFT_ALIGNED else "R")
    document.ln(4)
    for line in scores.lines:
        _score_row(document, line)
    if scores.criteria:
        document.set_y(document.get_y() + 1)
        document.lines([wording.criteria_text(scores.criteria)], Text(style="B"))
    document.lines(list(scores.notes), Text(size=7.5, colour=MUTED))


def _score_row(document: Document, line: ScoreLine) -> None:
    y = document.get_y()
    if not line.domain:
        document.set_draw_color(*RULE)
        document.set_line_width(0.2)
        document.line(MARGIN, y, MARGIN + WIDTH, y)
    size, style, colour = (7.5, "", MUTED) if line.domain else (8.5, "B", INK)
    label = wording.clip(f"{line.label} (0–{line.maximum:g})", 34)
    cells = (
        f"   {label}" if line.domain else label,
        wording.score_value(line),
        "",
        "" if line.latest is None or line.domain else wording.day_text(line.latest.day),
        line.band or "",
        wording.baseline_value(line),
        wording.change_text(line),
    )
    height = 4.2 if line.domain else 4.8
    for (title, width), text in zip(SCORE_COLUMNS, cells, strict=True):
        document.font(size, style if title in {"Measure", "Latest"} else "", colour)
        document.cell(width, height, text, align="L" if title in LEFT_ALIGNED else "R")
    document.ln(height)


def _status(document: Document, report: Report) -> None:
    status = report.status
    day = f" ({wording.day_text(status.visit_day)})" if status.visit_day else ""
    document.heading(f"Status at the latest visit{day}")
    bottom = BOTTOM - CHART_BLOCK - DAILY_SIZE_MM[1] * CHART_MINIMUM
    lines = [*wording.status_lines(status), wording.flare_text(status.flares)]
    document.lines(lines, Text(bullet=True), bottom=bottom, what="status lines")
    document.lines(list(status.notes), Text(size=7.5, colour=MUTED), bottom=bottom)


def _daily(document: Document, report: Report, charts: ReportCharts) -> None:
    document.heading("Daily ratings")
    series = ", ".join(f"{s.label.lower()} {s.days_logged}" for s in report.charts.series)
    document.lines(
        [f"Days logged in the period: {series}. Shaded: flares. Dashed lines: starts and stops."],
        Text(size=7.5, colour=MUTED),
    )
    markers = [
        f"{number}  {wording.clip(marker.label, 40)} ({wording.day_text(marker.day)})"
        for number, marker in charts.markers
    ]
    text = Text(size=7.5)
    joined = "   ".join(markers)
    reserve = min(document.measure(joined, text), 12.0) if markers else 0.0
    room = BOTTOM - document.get_y() - reserve
    scale = max(CHART_MINIMUM, min(1.0, room / DAILY_SIZE_MM[1]))
    document.svg(charts.daily, x=MARGIN, width=DAILY_SIZE_MM[0] * scale)
    for shown in range(len(markers), 0, -1):
        left = len(markers) - shown
        line = "   ".join(markers[:shown]) + (
            f"   … and {left} more in the HTML report" if left else ""
        )
        if document.fits(document.measure(line, text)):
            document.write_line(line, text)
            break


def _body_map(document: Document, report: Report, charts: ReportCharts, bottom: float) -> None:
    body = report.body_map
    text = Text(width=LEFT_COLUMN, size=7.5)
    document.heading("Painful areas (ACR forms)", width=LEFT_COLUMN)
    if charts.body_map is not None and body.first and body.last:
        forms = "form" if body.forms == 1 else "forms"
        document.lines(
            [
                f"{body.forms} {forms}, {wording.day_text(body.first)} – "
                f"{wording.day_text(body.last)}"
            ],
            Text(width=LEFT_COLUMN, size=7.5, colour=MUTED),
        )
        document.svg(charts.body_map, x=MARGIN, width=BODY_SIZE_MM[0])
        document.lines(wording.body_map_lines(body), text, bottom=bottom, what="lines")
    document.lines(list(body.notes), Text(width=LEFT_COLUMN, size=7.5, colour=MUTED), bottom=bottom)


def _subheading(document: Document, title: str, first: str, text: Text, bottom: float) -> bool:
    """A small heading, written only if it and the first line under it fit."""
    heading = Text(text.x, text.width, 8, INK, "B")
    if not document.fits(document.measure(title, heading) + document.measure(first, text), bottom):
        return False
    document.write_line(title, heading)
    return True


def _program(document: Document, report: Report, charts: ReportCharts, bottom: float) -> None:
    program = report.program
    document.heading("Program", x=RIGHT_X, width=RIGHT_WIDTH)
    text = Text(x=RIGHT_X, width=RIGHT_WIDTH, size=7.5)
    items = Text(x=RIGHT_X, width=RIGHT_WIDTH, size=7.5, bullet=True)
    muted = Text(x=RIGHT_X, width=RIGHT_WIDTH, size=7, colour=MUTED)
    practices = [wording.practice_text(line) for line in program.practices]
    if practices and _subheading(
        document, "Practices and adherence (complete weeks)", practices[0], items, bottom
    ):
        document.lines(practices, items, bottom=bottom, what="practices")
    if program.activity is not None:
        activity = wording.activity_text(program.activity)
        if _subheading(document, "Graded activity", activity, text, bottom):
            document.lines([activity], text, bottom=bottom)
            width = min(RIGHT_WIDTH, ACTIVITY_SIZE_MM[0])
            if charts.activity is not None and document.fits(
                ACTIVITY_SIZE_MM[1] * width / ACTIVITY_SIZE_MM[0], bottom
            ):
                document.svg(charts.activity, x=RIGHT_X, width=width)
    if program.sleep is not None:
        sleep = wording.sleep_text(program.sleep)
        if _subheading(document, "Sleep", sleep, text, bottom):
            document.lines([sleep], text, bottom=bottom)
    foods = [wording.food_text(food) for food in program.foods]
    if foods and _subheading(document, "Diet protocol verdicts", foods[0], items, bottom):
        document.lines(foods, items, bottom=bottom, what="foods")
        document.lines(list(program.food_notes), muted, bottom=bottom)
    elif not foods:
        document.lines(list(program.food_notes), muted, bottom=bottom)
    treatments = [wording.treatment_text(line) for line in program.treatments]
    if treatments and _subheading(
        document, "Medications and supplements recorded", treatments[0], items, bottom
    ):
        document.lines(treatments, items, bottom=bottom, what="medications and supplements")
    if program.review is not None:
        answers = wording.review_lines(program.review)
        heading = wording.review_heading(program.review)
        if _subheading(document, heading, answers[0], items, bottom):
            document.lines(answers, items, bottom=bottom, what="answers")
    document.lines(list(program.notes), muted, bottom=bottom)


def _findings(document: Document, report: Report, bottom: float) -> None:
    findings = report.findings
    document.heading(f"Findings: what goes with {findings.outcome}")
    muted = Text(size=7, colour=MUTED)
    if findings.first and findings.last:
        document.lines([wording.findings_summary(findings)], Text(size=7.5, colour=MUTED))
    lines = [wording.association_text(line, findings.outcome) for line in findings.associations]
    item = Text(size=7.5, bullet=True)
    warning = Text(x=MARGIN + 3, width=WIDTH - 3, size=7, colour=MUTED)
    effects = [
        (wording.effect_text(effect, findings.outcome), list(effect.warnings))
        for effect in findings.effects
    ]
    heights = [
        document.measure(line, item) + sum(document.measure(w, warning) for w in warnings)
        for line, warnings in effects
    ]
    title = Text(size=8, style="B")
    room = min(document.measure(EFFECTS_TITLE, title) + heights[0], 36.0) if effects else 0.0
    document.lines(lines, item, bottom=bottom - room, what="associations")
    document.lines(list(findings.notes), muted, bottom=bottom - room, what="notes")
    if effects and document.fits(document.measure(EFFECTS_TITLE, title) + heights[0], bottom):
        document.write_line(EFFECTS_TITLE, title)
        for index, ((line, warnings), height) in enumerate(zip(effects, heights, strict=True)):
            reserve = 4.0 if index < len(effects) - 1 else 0.0
            if not document.fits(height + reserve, bottom):
                document.lines(
                    [f"And {len(effects) - index} more in the HTML report."], muted, bottom=BOTTOM
                )
                break
            document.write_line(line, item)
            for text in warnings:
                document.write_line(text, warning)
    if findings.experiment is not None:
        sentence = wording.experiment_text(findings.experiment)
        item = Text(size=7.5)
        if _subheading(
            document, "Self-experiment (randomised on/off periods)", sentence, item, bottom
        ):
            document.lines([sentence], item, bottom=bottom)


def _completeness_lines(report: Report) -> list[tuple[str, Text]]:
    completeness = report.completeness
    ratings = ", ".join(f"{label.lower()} {days}" for label, days in completeness.ratings)
    questionnaires = ", ".join(f"{name} {count}" for name, count in completeness.questionnaires)
    muted = Text(size=7, colour=MUTED)
    return [
        (
            f"{wording.completeness_text(completeness)} Ratings: {ratings}. Questionnaires in "
            f"the period: {questionnaires}.",
            Text(size=7.5),
        ),
        ("How each number is computed, with its sources, in the fibrotrack documentation:", muted),
        *(
            (f"{doc}: {what}", Text(size=7, colour=MUTED, bullet=True))
            for what, doc in report.methods
        ),
    ]
