"""A story as Markdown: headings, a dated timeline, tables of practices and scores, and the
findings, readable as plain text and by any Markdown viewer."""

from fibrotrack.stories import wording
from fibrotrack.stories.model import Section, Story


def _escaped(text: str) -> str:
    """Text as it reads, with Markdown's own characters escaped and lines joined."""
    out = " ".join(text.split())
    for character in "\\`*_[]<>|#":
        out = out.replace(character, "\\" + character)
    return out


def render_markdown(story: Story) -> str:
    lines = [f"# {_escaped(story.title)}", "", wording.span_text(story), "", wording.INTRO, ""]
    if story.timeline_sections:
        lines += ["## Timeline", ""]
        for event in story.events:
            detail = f" — {_escaped(event.detail)}" if event.detail else ""
            lines.append(
                f"- **{wording.event_when(event)}** · {wording.event_kind(event)}: "
                f"{_escaped(event.title)}{detail}"
            )
        if not story.events:
            lines.append("Nothing on the timeline yet.")
        lines.append("")
        for section in story.timeline_sections:
            lines += [f"> {_escaped(note)}" for note in story.notes.get(section, ())]
        lines.append("")
    if story.includes(Section.PRACTICES) and story.practices:
        lines += [f"## {Section.PRACTICES.heading}", ""]
        lines += ["| Practice | When | How much | Evidence |", "|---|---|---|---|"]
        for span in story.practices:
            lines.append(
                f"| {_escaped(span.name)} | {wording.practice_period(span)} | "
                f"{_escaped(wording.practice_amount(span))} | {_escaped(span.evidence)} |"
            )
        lines.append("")
    if story.includes(Section.SCORES):
        lines += [f"## {Section.SCORES.heading}", ""]
        scores = story.scores
        if scores.visits:
            header = " | ".join(f"{_escaped(i.name)} (0–{i.maximum:g})" for i in scores.instruments)
            lines += [f"| Visit | {header} |", "|---" * (len(scores.instruments) + 1) + "|"]
            for visit in scores.visits:
                cells = " | ".join(
                    wording.score_text(visit.scores.get(i.id)) for i in scores.instruments
                )
                lines.append(f"| {wording.day_text(visit.day)} | {cells} |")
            bands = ", ".join(f"{b.label.lower()} up to {b.high:g}" for b in scores.fiqr_bands)
            lines += ["", f"FIQR bands (Salaffi 2020): {bands}."]
        lines += [f"> {_escaped(note)}" for note in story.notes.get(Section.SCORES, ())]
        lines.append("")
    if story.includes(Section.FINDINGS):
        lines += [f"## {Section.FINDINGS.heading}", ""]
        lines += [f"- {_escaped(sentence)}" for sentence in story.findings]
        if story.findings:
            lines.append("")
        lines += [f"> {_escaped(note)}" for note in story.notes.get(Section.FINDINGS, ())]
        lines.append("")
    lines += ["---", "", wording.CLOSING, ""]
    return "\n".join(lines)
