"""The report as a two-page A4 PDF (fpdf2).

Page 1 is what a clinician reads first: safety, scores with their change since baseline, the
status rules and the daily ratings. Page 2 holds the body map, the program, the findings and
the data completeness with the methods. Fonts are Matplotlib's bundled DejaVu Sans, embedded,
so the PDF looks the same on every machine; charts are the same SVG as the HTML page, drawn as
vector paths by fpdf2's SVG import. Long lists are cut to what fits, saying how many more the
HTML report shows, so the PDF stays two pages.
"""

import io
from datetime import UTC, datetime, time
from pathlib import Path

import matplotlib
from fpdf import FPDF, XPos, YPos

from fibrotrack.reports import wording
from fibrotrack.reports.charts import ACTIVITY_SIZE_MM, BODY_SIZE_MM, DAILY_SIZE_MM, ReportCharts
from fibrotrack.reports.model import Report, ScoreLine

FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
MARGIN = 12.0
PAGE_WIDTH = 210.0
WIDTH = PAGE_WIDTH - 2 * MARGIN
INK = (31, 29, 36)
MUTED = (90, 85, 102)
ACCENT = (91, 63, 145)
RULE = (201, 196, 211)
SOFT = (244, 241, 250)
ALERT = (164, 22, 26)
ALERT_BG = (253, 236, 236)
OK = (30, 107, 58)
LINE = 3.9
SMALL = 3.5
EFFECTS_TITLE = (
    "After starting something (before/after model, calibrated on the person's own swings)"
)
MAX_ASSOCIATIONS = 6
MAX_EFFECTS = 4
MAX_PRACTICES = 4
MAX_FOODS = 4
MAX_TREATMENTS = 4
MAX_SAFETY_LINES = 4
LEFT_COLUMN = BODY_SIZE_MM[0]
GUTTER = 6.0


def font_path(style: str) -> Path:
    """A DejaVu Sans file shipped inside Matplotlib."""
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / FONT_FILES[style]


class _Document(FPDF):
    def __init__(self, report: Report) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = report
        for style in FONT_FILES:
            self.add_font(FONT, style, str(font_path(style)))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 4)
        self.c_margin = 0.6
        header = report.header
        period = wording.period_text(header.period.start, header.period.end)
        self.set_title(f"fibrotrack clinician report, {period}")
        self.set_creator(f"fibrotrack {header.version}")
        self.set_lang("en")
        self.set_creation_date(datetime.combine(header.generated_on, time(0), tzinfo=UTC))

    def footer(self) -> None:
        header = self.report.header
        self.set_y(-MARGIN - 1)
        self.font(6.5, colour=MUTED)
        self.cell(
            WIDTH / 2,
            3,
            f"fibrotrack {header.version} · generated {wording.day_text(header.generated_on)}",
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

    def text_lines(
        self,
        lines: list[str],
        *,
        x: float = MARGIN,
        width: float = WIDTH,
        size: float = 8,
        colour: tuple[int, int, int] = INK,
        bullet: bool = False,
        style: str = "",
    ) -> None:
        height = LINE * size / 8.5
        for line in lines:
            self.font(size, style, colour)
            self.set_x(x)
            if bullet:
                self.cell(3, height, "•")
                self.multi_cell(width - 3, height, line, align="L", new_x=XPos.LEFT)
            else:
                self.multi_cell(width, height, line, align="L", new_x=XPos.LEFT)
            self.set_y(self.get_y() + 0.5)

    def svg(self, svg: str, *, x: float, width: float) -> float:
        """Draw an SVG chart at the current y; returns its height."""
        y = self.get_y()
        info = self.image(io.BytesIO(svg.encode("utf-8")), x=x, y=y, w=width)
        self.set_y(y + info.rendered_height)
        return float(info.rendered_height)


def render_pdf(report: Report, charts: ReportCharts) -> bytes:
    """The report as the bytes of a two-page PDF."""
    document = _Document(report)
    document.alias_nb_pages()
    document.add_page()
    _header(document, report)
    _safety(document, report)
    _scores(document, report)
    _status(document, report)
    _daily(document, report, charts)
    document.add_page()
    top = document.get_y()
    _body_map(document, report, charts)
    left_bottom = document.get_y()
    document.set_y(top)
    _program(document, report, charts)
    document.set_y(max(left_bottom, document.get_y()))
    _findings(document, report)
    _completeness(document, report)
    return bytes(document.output())


def _header(document: _Document, report: Report) -> None:
    header = report.header
    document.font(16, "B", ACCENT)
    document.cell(WIDTH * 0.55, 8, "Clinician report")
    document.font(11, "B")
    document.cell(WIDTH * 0.45, 8, header.person_name or "Name not shown", align="R")
    document.ln(8)
    completeness = report.completeness
    document.font(8, colour=MUTED)
    document.cell(
        WIDTH,
        4,
        f"Period {wording.period_text(header.period.start, header.period.end)} · "
        f"{completeness.days_logged} of {completeness.days_in_period} days logged "
        f"({wording.percent(completeness.share * 100)}) · generated "
        f"{wording.day_text(header.generated_on)} · fibrotrack {header.version}",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    document.set_draw_color(*ACCENT)
    document.set_line_width(0.6)
    document.line(MARGIN, document.get_y() + 1, MARGIN + WIDTH, document.get_y() + 1)
    document.set_y(document.get_y() + 2)


def _safety(document: _Document, report: Report) -> None:
    safety = report.safety
    if safety.clear:
        document.set_y(document.get_y() + 1.5)
        document.text_lines(
            [
                f"Safety: no PHQ-9 item 9 answer above 0 ({safety.phq9_forms} PHQ-9 in the "
                "period) and no red-flag symptom marked."
            ],
            size=8,
            colour=OK,
        )
        return
    lines = [wording.self_harm_text(answer) for answer in safety.self_harm]
    lines += [wording.red_flag_text(flag) for flag in safety.red_flags]
    more = len(lines) - MAX_SAFETY_LINES
    lines = lines[:MAX_SAFETY_LINES] + (
        [f"And {more} more in the HTML report."] if more > 0 else []
    )
    y = document.get_y() + 2
    document.set_xy(MARGIN + 3, y + 2)
    document.font(9.5, "B", ALERT)
    document.cell(WIDTH - 6, 4.6, "Safety: please review", new_x=XPos.LEFT, new_y=YPos.NEXT)
    document.text_lines(lines, x=MARGIN + 3, width=WIDTH - 6, size=8, bullet=True)
    bottom = document.get_y() + 1.2
    document.set_draw_color(*ALERT)
    document.set_line_width(0.5)
    document.rect(MARGIN, y, WIDTH, bottom - y)
    document.set_y(bottom)


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


def _scores(document: _Document, report: Report) -> None:
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
        document.text_lines([wording.criteria_text(scores.criteria)], size=8, style="B")
    document.text_lines(list(scores.notes), size=7.5, colour=MUTED)


def _score_row(document: _Document, line: ScoreLine) -> None:
    y = document.get_y()
    if not line.domain:
        document.set_draw_color(*RULE)
        document.set_line_width(0.2)
        document.line(MARGIN, y, MARGIN + WIDTH, y)
    size, style, colour = (7.5, "", MUTED) if line.domain else (8.5, "B", INK)
    label = (
        f"   {line.label} (0–{line.maximum:g})"
        if line.domain
        else f"{line.label} (0–{line.maximum:g})"
    )
    cells = (
        label,
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


def _status(document: _Document, report: Report) -> None:
    status = report.status
    day = f" ({wording.day_text(status.visit_day)})" if status.visit_day else ""
    document.heading(f"Status at the latest visit{day}")
    lines = [*wording.status_lines(status), wording.flare_text(status.flares)]
    document.text_lines(lines, size=8, bullet=True)
    document.text_lines(list(status.notes), size=7.5, colour=MUTED)


def _daily(document: _Document, report: Report, charts: ReportCharts) -> None:
    charts_model = report.charts
    document.heading("Daily ratings")
    series = ", ".join(f"{s.label.lower()} {s.days_logged}" for s in charts_model.series)
    document.text_lines(
        [f"Days logged in the period: {series}. Shaded: flares. Dashed lines: starts and stops."],
        size=7.5,
        colour=MUTED,
    )
    document.svg(charts.daily, x=MARGIN, width=DAILY_SIZE_MM[0])
    if charts.markers:
        document.text_lines(
            [
                "   ".join(
                    f"{number}  {marker.label} ({wording.day_text(marker.day)})"
                    for number, marker in charts.markers
                )
            ],
            size=7.5,
        )


def _body_map(document: _Document, report: Report, charts: ReportCharts) -> None:
    body = report.body_map
    document.heading("Painful areas (ACR forms)", width=LEFT_COLUMN)
    if charts.body_map is not None and body.first and body.last:
        document.text_lines(
            [
                f"{body.forms} form{'s' if body.forms != 1 else ''}, "
                f"{wording.short_day(body.first)} – {wording.day_text(body.last)}"
            ],
            width=LEFT_COLUMN,
            size=7.5,
            colour=MUTED,
        )
        document.svg(charts.body_map, x=MARGIN, width=BODY_SIZE_MM[0])
        document.text_lines(wording.body_map_lines(body), width=LEFT_COLUMN, size=7.5)
    document.text_lines(list(body.notes), width=LEFT_COLUMN, size=7.5, colour=MUTED)


def _cut(lines: list[str], limit: int, what: str) -> list[str]:
    more = len(lines) - limit
    return lines[:limit] + ([f"And {more} more {what} in the HTML report."] if more > 0 else [])


def _program(document: _Document, report: Report, charts: ReportCharts) -> None:
    program = report.program
    x = MARGIN + LEFT_COLUMN + GUTTER
    width = WIDTH - LEFT_COLUMN - GUTTER
    document.heading("Program", x=x, width=width)
    if program.practices:
        document.text_lines(
            ["Practices and adherence (complete weeks)"], x=x, width=width, size=8, style="B"
        )
        document.text_lines(
            _cut([wording.practice_text(p) for p in program.practices], MAX_PRACTICES, "practices"),
            x=x,
            width=width,
            size=7.5,
            bullet=True,
        )
    if program.activity is not None:
        document.text_lines(["Graded activity"], x=x, width=width, size=8, style="B")
        document.text_lines([wording.activity_text(program.activity)], x=x, width=width, size=7.5)
        if charts.activity is not None:
            document.svg(charts.activity, x=x, width=min(width, ACTIVITY_SIZE_MM[0]))
    if program.sleep is not None:
        document.text_lines(["Sleep"], x=x, width=width, size=8, style="B")
        document.text_lines([wording.sleep_text(program.sleep)], x=x, width=width, size=7.5)
    if program.foods:
        document.text_lines(["Diet protocol verdicts"], x=x, width=width, size=8, style="B")
        document.text_lines(
            _cut([wording.food_text(food) for food in program.foods], MAX_FOODS, "foods"),
            x=x,
            width=width,
            size=7.5,
            bullet=True,
        )
    document.text_lines(list(program.food_notes), x=x, width=width, size=7, colour=MUTED)
    if program.treatments:
        document.text_lines(
            ["Medications and supplements recorded"], x=x, width=width, size=8, style="B"
        )
        document.text_lines(
            _cut(
                [wording.treatment_text(t) for t in program.treatments],
                MAX_TREATMENTS,
                "treatments",
            ),
            x=x,
            width=width,
            size=7.5,
            bullet=True,
        )
    document.text_lines(list(program.notes), x=x, width=width, size=7.5, colour=MUTED)


def _findings(document: _Document, report: Report) -> None:
    findings = report.findings
    document.heading(f"Findings: what goes with {findings.outcome}")
    if findings.first and findings.last:
        document.text_lines([wording.findings_summary(findings)], size=7.5, colour=MUTED)
    lines = [wording.association_text(line, findings.outcome) for line in findings.associations]
    if lines:
        document.text_lines(_cut(lines, MAX_ASSOCIATIONS, "associations"), size=7.5, bullet=True)
    document.text_lines(list(findings.notes), size=7, colour=MUTED)
    if findings.effects:
        document.text_lines(
            [EFFECTS_TITLE],
            size=8,
            style="B",
        )
        effects = findings.effects[:MAX_EFFECTS]
        for effect in effects:
            document.text_lines(
                [wording.effect_text(effect, findings.outcome)], size=7.5, bullet=True
            )
            document.text_lines(
                list(effect.warnings), x=MARGIN + 3, width=WIDTH - 3, size=7, colour=MUTED
            )
        more = len(findings.effects) - len(effects)
        if more > 0:
            document.text_lines([f"And {more} more in the HTML report."], size=7, colour=MUTED)
    if findings.experiment is not None:
        document.text_lines(["Self-experiment (randomised on/off periods)"], size=8, style="B")
        document.text_lines([wording.experiment_text(findings.experiment)], size=7.5)


def _completeness(document: _Document, report: Report) -> None:
    completeness = report.completeness
    document.heading("Data completeness and methods")
    ratings = ", ".join(f"{label.lower()} {days}" for label, days in completeness.ratings)
    questionnaires = ", ".join(f"{name} {count}" for name, count in completeness.questionnaires)
    document.text_lines(
        [
            f"{wording.completeness_text(completeness)} Ratings: {ratings}. Questionnaires in "
            f"the period: {questionnaires}."
        ],
        size=7.5,
    )
    document.text_lines(
        ["How each number is computed, with its sources, in the fibrotrack documentation:"],
        size=7,
        colour=MUTED,
    )
    document.text_lines(
        [f"{doc}: {what}" for what, doc in report.methods], size=7, colour=MUTED, bullet=True
    )
