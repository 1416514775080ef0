"""A story as an A4 PDF, written with the clinician report's document (``reports.pdf``): the
same embedded DejaVu fonts, colours, footer and chart import. A story is as long as it needs
to be: pages break where the text does."""

import io

from fibrotrack.reports.pdf import (
    ACCENT,
    BOTTOM,
    INK,
    MARGIN,
    MUTED,
    RULE,
    WIDTH,
    Document,
    Text,
)
from fibrotrack.stories import wording
from fibrotrack.stories.charts import SIZE_MM, fiqr_chart
from fibrotrack.stories.html import chart_text
from fibrotrack.stories.model import Section, Story

VISIT_COLUMN = 30.0
ROW = 4.6
HEADING = 9.0


def render_pdf(story: Story) -> bytes:
    """The story as the bytes of a PDF."""
    document = Document(title=story.title, version=story.version, generated_on=story.generated_on)
    document.alias_nb_pages()
    document.add_page()
    document.font(16, "B", ACCENT)
    document.multi_cell(WIDTH, 8, story.title, new_x="LMARGIN", new_y="NEXT")
    muted = Text(size=8, colour=MUTED)
    document.write_line(wording.span_text(story), muted)
    document.write_line(wording.INTRO, muted)
    if story.timeline_sections:
        _timeline(document, story)
    if story.includes(Section.PRACTICES) and story.practices:
        if not document.fits(HEADING + 2 * ROW):
            document.add_page()
        document.heading(Section.PRACTICES.heading)
        for span in story.practices:
            document.write_line(
                f"{span.name}, {wording.practice_period(span)}: {wording.practice_amount(span)}. "
                f"Evidence: {span.evidence}.",
                Text(bullet=True),
            )
    if story.includes(Section.SCORES):
        _scores(document, story)
    if story.includes(Section.FINDINGS):
        if not document.fits(HEADING + 2 * ROW):
            document.add_page()
        document.heading(Section.FINDINGS.heading)
        for sentence in story.findings:
            document.write_line(sentence, Text(bullet=True))
        for note in story.notes.get(Section.FINDINGS, ()):
            document.write_line(note, Text(size=7.5, colour=MUTED))
    document.set_draw_color(*RULE)
    document.line(MARGIN, document.get_y() + 2, MARGIN + WIDTH, document.get_y() + 2)
    document.set_y(document.get_y() + 3)
    document.write_line(wording.CLOSING, Text(size=7.5, colour=MUTED))
    return bytes(document.output())


def _timeline(document: Document, story: Story) -> None:
    if not document.fits(HEADING + 4 * ROW):
        document.add_page()
    document.heading("Timeline")
    when = Text(size=7.5, colour=MUTED)
    title = Text(x=MARGIN + 4, width=WIDTH - 4, size=8.5, style="B")
    detail = Text(x=MARGIN + 4, width=WIDTH - 4, size=7.5, colour=MUTED)
    for event in story.events:
        lines = [(f"{wording.event_when(event)} · {wording.event_kind(event)}", when)]
        lines.append((event.title, title))
        if event.detail:
            lines.append((event.detail, detail))
        if not document.fits(sum(document.measure(line, text) for line, text in lines)):
            document.add_page()
        for line, text in lines:
            document.write_line(line, text)
    if not story.events:
        document.write_line("Nothing on the timeline yet.", Text())
    for section in story.timeline_sections:
        for note in story.notes.get(section, ()):
            document.write_line(note, Text(size=7.5, colour=MUTED))


def _scores(document: Document, story: Story) -> None:
    chart = fiqr_chart(story)
    if not document.fits(HEADING + (SIZE_MM[1] if chart is not None else 3 * ROW)):
        document.add_page()
    document.heading(Section.SCORES.heading)
    if chart is not None:
        y = document.get_y()
        info = document.image(io.BytesIO(chart.encode("utf-8")), x=MARGIN, y=y, w=SIZE_MM[0])
        document.set_y(y + info.rendered_height)
        document.write_line(chart_text(story), Text(size=7, colour=MUTED))
    scores = story.scores
    if scores.visits:
        width = (WIDTH - VISIT_COLUMN) / len(scores.instruments)
        _score_header(document, story, width)
        for visit in scores.visits:
            if document.get_y() + ROW > BOTTOM:
                document.add_page()
                _score_header(document, story, width)
            document.font(8, "B", INK)
            document.cell(VISIT_COLUMN, ROW, wording.day_text(visit.day))
            document.font(8, "", INK)
            for instrument in scores.instruments:
                document.cell(width, ROW, wording.score_text(visit.scores.get(instrument.id)))
            document.ln(ROW)
        bands = ", ".join(f"{b.label.lower()} up to {b.high:g}" for b in scores.fiqr_bands)
        document.write_line(f"FIQR bands (Salaffi 2020): {bands}.", Text(size=7, colour=MUTED))
    for note in story.notes.get(Section.SCORES, ()):
        document.write_line(note, Text(size=7.5, colour=MUTED))


def _score_header(document: Document, story: Story, width: float) -> None:
    document.font(7, "B", MUTED)
    document.cell(VISIT_COLUMN, 4, "Visit")
    for instrument in story.scores.instruments:
        document.cell(width, 4, f"{instrument.name} (0–{instrument.maximum:g})")
    document.ln(4)
