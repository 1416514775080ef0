"""``fibrotrack program``, ``plan``, ``practice``, ``pacing`` and ``redflag``: the recovery
program from the command line."""

import json
from datetime import date
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from fibrotrack.cli import insights
from fibrotrack.cli.context import (
    JsonFlag,
    cli_of,
    confirm_or_refuse,
    console,
    today_of,
)
from fibrotrack.diary import InvalidEntry, Pillar, parse_day
from fibrotrack.program import (
    DEFAULT_STEP_PERCENT,
    PLAN_QUESTION,
    RED_FLAGS,
    REVIEW_QUESTIONS,
    Practice,
    ReviewAnswers,
    catalogue,
    overall,
)
from fibrotrack.services.pacing import parse_measure, start_pacing, stop_pacing
from fibrotrack.services.plan import (
    add_practice,
    adherence,
    change_practice,
    current_plan,
    delete_practice_log,
    log_practice,
    plan_history,
    plan_item_json,
    practice_log,
    recent_practice_logs,
    review_json,
    review_week,
    schedule_of,
    stop_practice,
    week_adherence_json,
)
from fibrotrack.services.red_flags import mark_red_flag
from fibrotrack.services.review_answers import (
    WeekAnswers,
    review_answers,
    review_answers_json,
    save_review_answers,
)
from fibrotrack.storage.types import utc_now

CLINICIAN_NOTE = "fibrotrack supports, and does not replace, care by a clinician."

program_app = typer.Typer(help="The recovery program: its practices and evidence.")
plan_app = typer.Typer(help="Your plan: add, change, stop and review practices.")
practice_app = typer.Typer(help="Log a session of a practice.")
pacing_app = typer.Typer(
    help="Graded activity: a daily target that rises slowly and safely (start, status, stop). "
    "Without a command: the boom-bust report.",
    invoke_without_command=True,
)
redflag_app = typer.Typer(help="Symptoms that need a doctor rather than a program.")

AsJson = JsonFlag
DayOption = Annotated[str | None, typer.Option("--date", help="YYYY-MM-DD; default today.")]
Days = Annotated[int | None, typer.Option("--days", help="Days a week, 1 to 7.")]
Minutes = Annotated[int | None, typer.Option("--minutes", help="Minutes each time.")]


def _day(text: str | None) -> date | None:
    return parse_day(text) if text else None


def _print_json(document: Any) -> None:
    print(json.dumps(document, ensure_ascii=False))


def practice_json(practice: Practice) -> dict[str, Any]:
    return {
        "id": practice.id,
        "name": practice.name,
        "pillar": practice.pillar.value,
        "kind": practice.kind.value,
        "summary": practice.summary,
        "dose": practice.dose,
        "safety": practice.safety,
        "evidence": practice.evidence.value,
        "evidence_note": practice.evidence_note,
        "source": practice.source,
        "days_per_week": practice.days_per_week,
        "minutes": practice.minutes,
    }


@program_app.command("catalogue")
def show_catalogue(
    pillar: Annotated[
        str | None, typer.Option(help="Only this pillar, e.g. movement or nervous_system.")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Every practice of the program, by pillar, with its evidence grade and source."""
    shown = catalogue()
    if pillar is not None:
        try:
            chosen = Pillar(pillar)
        except ValueError:
            known = ", ".join(p.value for p in Pillar)
            raise InvalidEntry("pillar", f"{pillar!r} is not one of {known}") from None
        pillars = [shown.pillar_info(chosen)]
    else:
        pillars = list(shown.pillars)
    if as_json:
        _print_json(
            {
                "practices": [
                    practice_json(practice)
                    for info in pillars
                    for practice in shown.in_pillar(info.pillar)
                ]
            }
        )
        return
    for info in pillars:
        console.rule(f"[bold]{info.title}[/] ({info.pillar.value})")
        for practice in shown.in_pillar(info.pillar):
            console.print(
                f"[bold]{practice.name}[/] [dim]{practice.id}[/] — {practice.evidence.label}",
                highlight=False,
            )
            console.print(f"  {practice.summary}", highlight=False)
            console.print(f"  Start: {practice.dose}", highlight=False)
            console.print(f"  Safety: {practice.safety}", highlight=False)
            console.print(f"  Evidence: {practice.evidence_note}", highlight=False)
            console.print(f"  Source: {practice.source}", highlight=False, style="dim")
    console.print(CLINICIAN_NOTE)


@plan_app.command("show")
def show_plan(
    ctx: typer.Context,
    history: Annotated[bool, typer.Option(help="Include stopped and changed versions.")] = False,
    as_json: AsJson = False,
) -> None:
    """Your plan today, with this week's adherence."""
    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        today = today_of(person)
        items = (
            plan_history(session, person=person)
            if history
            else current_plan(session, person=person, today=today)
        )
        weeks = adherence(session, person=person, today=today, weeks=8)
        if as_json:
            _print_json(
                {
                    "today": today.isoformat(),
                    "plan": [plan_item_json(item) for item in items],
                    "adherence": [week_adherence_json(week) for week in weeks],
                    "overall_adherence": _round(overall(weeks)),
                }
            )
            return
        if not items:
            console.print("Your plan is empty. Add a practice: fibrotrack plan add walking")
            return
        this_week = {w.practice_id: w for w in weeks if w.week_start <= today and not w.complete}
        table = Table()
        for column in ("Practice", "Schedule", "From", "Until", "This week"):
            table.add_column(column)
        for item in items:
            week = this_week.get(item.practice_id)
            done = f"{week.done_sessions} of {week.planned_sessions}" if week else "–"
            table.add_row(
                catalogue().practice(item.practice_id).name,
                schedule_of(item).describe(),
                item.start_day.isoformat(),
                item.stop_day.isoformat() if item.stop_day else "",
                done if item.stop_day is None else (item.end_reason or ""),
            )
        console.print(table)
        rate = overall(weeks)
        if rate is not None:
            console.print(f"Sessions done in the last 8 complete weeks: {rate:.0%} of planned.")
    console.print(CLINICIAN_NOTE)


def _round(value: float | None) -> float | None:
    return round(value, 3) if value is not None else None


@plan_app.command("add")
def add(
    ctx: typer.Context,
    practice_id: Annotated[str, typer.Argument(metavar="ID", help="A practice id.")],
    days: Days = None,
    minutes: Minutes = None,
    start: Annotated[str | None, typer.Option("--start", help="YYYY-MM-DD; default today.")] = None,
    note: Annotated[str | None, typer.Option(help="Why, or what was agreed.")] = None,
    as_json: AsJson = False,
) -> None:
    """Put a practice in your plan (without --days, the catalogue's starting schedule)."""
    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        item = add_practice(
            session,
            person=person,
            practice_id=practice_id,
            today=today_of(person),
            start=_day(start),
            days_per_week=days,
            minutes=minutes,
            note=note,
        )
        if as_json:
            _print_json(plan_item_json(item))
            return
        practice = catalogue().practice(item.practice_id)
        console.print(
            f"[green]Added[/] {practice.name} from {item.start_day.isoformat()}: "
            f"{schedule_of(item).describe()}.",
            highlight=False,
        )
        console.print(f"Start: {practice.dose}\nSafety: {practice.safety}", highlight=False)


@plan_app.command("change")
def change(
    ctx: typer.Context,
    practice_id: Annotated[str, typer.Argument(metavar="ID")],
    days: Days = None,
    minutes: Minutes = None,
    day: DayOption = None,
    as_json: AsJson = False,
) -> None:
    """Change a practice's schedule from a day on; the old schedule stays in the history."""
    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        item = change_practice(
            session,
            person=person,
            practice_id=practice_id,
            today=today_of(person),
            day=_day(day),
            days_per_week=days,
            minutes=minutes,
        )
        if as_json:
            _print_json(plan_item_json(item))
            return
        console.print(
            f"[green]Changed[/] {item.practice_id} from {item.start_day.isoformat()}: "
            f"{schedule_of(item).describe()}.",
            highlight=False,
        )


@plan_app.command("stop")
def stop(
    ctx: typer.Context,
    practice_id: Annotated[str, typer.Argument(metavar="ID")],
    day: Annotated[str | None, typer.Option("--date", help="Its last day; default today.")] = None,
    as_json: AsJson = False,
) -> None:
    """Stop a practice. It stays in your history, and its effect can still be evaluated."""
    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        item = stop_practice(
            session, person=person, practice_id=practice_id, today=today_of(person), day=_day(day)
        )
        if as_json:
            _print_json(plan_item_json(item))
            return
        console.print(
            f"[green]Stopped[/] {item.practice_id}; its last day was {item.stop_day}.",
            highlight=False,
        )


@plan_app.command("review")
def review(
    ctx: typer.Context,
    day: DayOption = None,
    insights: Annotated[
        bool,
        typer.Option(
            "--insights",
            help="Also estimate how pain changed after each practice started (slow: seconds "
            "a practice).",
        ),
    ] = False,
    as_json: AsJson = False,
) -> None:
    """The weekly review: what was planned, what was done, how symptoms moved, and your answers
    to its questions."""
    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        today = today_of(person)
        week = review_week(session, person=person, day=_day(day) or today, today=today)
        answers = review_answers(session, person=person, day=week.week_start)
        effects = []
        if insights:
            # The insight engine loads SciPy and statsmodels: only when asked.
            from fibrotrack.services.practice_effects import practice_effects

            effects = practice_effects(session, person=person, today=today)
    if as_json:
        document = review_json(week)
        document["answers"] = review_answers_json(answers)
        if insights:
            from fibrotrack.services.practice_effects import practice_effects_json

            document["insights"] = practice_effects_json(effects)
        _print_json(document)
        return
    console.print(
        f"[bold]Week of {week.week_start.isoformat()} to {week.week_end.isoformat()}[/]",
        highlight=False,
    )
    if week.planned:
        table = Table(title="Planned and done")
        for column in ("Practice", "Sessions", "Minutes"):
            table.add_column(column)
        for entry in week.planned:
            minutes = (
                f"{entry.done_minutes:g} of {entry.planned_minutes}"
                if entry.planned_minutes is not None
                else f"{entry.done_minutes:g}"
            )
            if entry.sessions_without_minutes:
                minutes += f" (+{entry.sessions_without_minutes} without minutes)"
            table.add_row(
                catalogue().practice(entry.practice_id).name,
                f"{entry.done_sessions} of {entry.planned_sessions}",
                minutes,
            )
        console.print(table)
    else:
        console.print("Nothing with a weekly schedule was planned this week.")
    for practice_id, count in week.unplanned_sessions.items():
        console.print(f"Also done, outside the plan: {practice_id} × {count}", highlight=False)
    table = Table(title="Symptoms: mean of the days logged (0–10)")
    for column in ("", "This week", "Last week", "Change"):
        table.add_column(column)
    for move in week.symptoms:
        table.add_row(
            move.key,
            f"{move.mean:.1f} ({move.days_logged} d)" if move.mean is not None else "not logged",
            f"{move.previous_mean:.1f} ({move.previous_days_logged} d)"
            if move.previous_mean is not None
            else "not logged",
            f"{round(move.change, 1) + 0.0:+.1f}" if move.change is not None else "too few days",
        )
    console.print(table)
    for practice_id, effect in effects:
        if isinstance(effect, InvalidEntry):
            console.print(
                f"- {practice_id}: no estimate yet: {effect.message}", markup=False, highlight=False
            )
            continue
        console.print(f"- {effect.sentence}", markup=False, highlight=False)
        for warning in effect.warnings:
            console.print(f"  Beware: {warning}", markup=False, highlight=False)
    _print_answers(answers)
    console.print(
        "A change between two weeks describes what moved, not why. " + CLINICIAN_NOTE,
        highlight=False,
    )


AnswerOption = Annotated[str | None, typer.Option(help='Your answer; "" clears it.')]
# The review's answers whose option is not named after their field.
ANSWER_OPTIONS = {"change_next_week": "change", "plan_choice": "plan"}


@plan_app.command("answer")
def answer(
    ctx: typer.Context,
    day: DayOption = None,
    went_well: AnswerOption = None,
    got_in_the_way: AnswerOption = None,
    change: Annotated[
        str | None, typer.Option(help='What to change next week; "" clears it.')
    ] = None,
    plan: Annotated[str | None, typer.Option(help='keep or adjust the plan; "" clears it.')] = None,
    as_json: AsJson = False,
) -> None:
    """Answer the weekly review's questions for the week of --date (default this week).
    Answers not given keep what was saved before."""
    with cli_of(ctx).person_session() as (session, person):
        today = today_of(person)
        week_day = _day(day) or today
        before = review_answers(session, person=person, day=week_day)
        earlier = before.answers if before else ReviewAnswers()
        plan_before = earlier.plan_choice.value if earlier.plan_choice else None
        try:
            saved = save_review_answers(
                session,
                person=person,
                day=week_day,
                today=today,
                now=utc_now(),
                went_well=_given_or(went_well, earlier.went_well),
                got_in_the_way=_given_or(got_in_the_way, earlier.got_in_the_way),
                change_next_week=_given_or(change, earlier.change_next_week),
                plan_choice=_given_or(plan, plan_before),
            )
        except InvalidEntry as refused:
            option = ANSWER_OPTIONS.get(refused.field, refused.field)
            raise InvalidEntry(option, refused.message) from None
    if as_json:
        _print_json(review_answers_json(saved))
        return
    console.print(
        f"[green]Saved[/] your answers for the week of {saved.week_start.isoformat()}.",
        highlight=False,
    )
    _print_answers(saved)


def _given_or(given: str | None, saved: str | None) -> str | None:
    return saved if given is None else given


def _print_answers(week: WeekAnswers | None) -> None:
    if week is None:
        console.print(
            "Your answers: none yet for this week (`fibrotrack plan answer`, or on the web: "
            "Program → Weekly review)."
        )
        return
    console.print("[bold]Your answers[/]", highlight=False)
    for question in REVIEW_QUESTIONS:
        text = week.answers.text_of(question.field)
        if text:
            console.print(f"{question.text}\n  {text}", markup=False, highlight=False)
    if week.answers.plan_choice:
        console.print(f"{PLAN_QUESTION.text}\n  {week.answers.plan_choice.label}", highlight=False)


@practice_app.command("log")
def log(
    ctx: typer.Context,
    practice_id: Annotated[str, typer.Argument(metavar="ID", help="A practice id.")],
    minutes: Annotated[float | None, typer.Option(help="How long, in minutes.")] = None,
    day: DayOption = None,
    note: Annotated[str | None, typer.Option(help="A note about the session.")] = None,
) -> None:
    """Log a session of a practice, today or on an earlier day."""
    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        today = today_of(person)
        entry = log_practice(
            session,
            person=person,
            practice_id=practice_id,
            day=_day(day) or today,
            today=today,
            minutes=minutes,
            note=note,
        )
        length = f", {entry.minutes:g} min" if entry.minutes is not None else ""
        console.print(
            f"[green]Logged[/] {entry.practice_id} on {entry.day.isoformat()}{length} "
            f"(session {entry.id}; `fibrotrack practice delete {entry.id}` takes it back).",
            highlight=False,
        )


@practice_app.command("list")
def list_sessions(ctx: typer.Context, as_json: AsJson = False) -> None:
    """The sessions logged in the last four weeks, the latest first, with their ids."""
    with cli_of(ctx).person_session() as (session, person):
        rows = recent_practice_logs(session, person=person, today=today_of(person))
        sessions = [
            {
                "id": row.id,
                "practice": row.practice_id,
                "date": row.day.isoformat(),
                "minutes": row.minutes,
                "note": row.note,
            }
            for row in rows
        ]
    if as_json:
        print(json.dumps({"sessions": sessions}, ensure_ascii=False))
        return
    if not sessions:
        console.print("No session logged in the last four weeks.")
    for item in sessions:
        length = "without minutes" if item["minutes"] is None else f"{item['minutes']:g} min"
        console.print(
            f"{item['id']}: {item['practice']} on {item['date']}, {length}",
            markup=False,
            highlight=False,
        )


@practice_app.command("delete")
def delete_session(
    ctx: typer.Context,
    session_id: Annotated[int, typer.Argument(metavar="ID", help="The session's id (list).")],
    yes: Annotated[bool, typer.Option("--yes", help="Delete without asking.")] = False,
) -> None:
    """Delete a session logged by mistake (a double entry, a wrong day)."""
    with cli_of(ctx).person_session() as (session, person):
        row = practice_log(session, person=person, log_id=session_id)
        what = f"{row.practice_id} on {row.day.isoformat()}"
        confirm_or_refuse(f"Delete the session of {what}?", yes=yes, nothing="deleted")
        delete_practice_log(session, person=person, log_id=session_id)
    console.print(f"[green]Deleted[/] the session of {escape(what)}.", highlight=False)


@pacing_app.callback()
def pacing_report(
    ctx: typer.Context,
    activity: Annotated[
        str | None, typer.Option(help="steps or activity_minutes; default the one logged more.")
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Boom and bust: big activity days and the symptom rises 1–3 days after them (the insight
    engine's report), or a graded activity command."""
    if ctx.invoked_subcommand is None:
        insights.pacing(ctx, activity=activity, as_json=as_json)


@pacing_app.command("start")
def pacing_start(
    ctx: typer.Context,
    measure: Annotated[
        str, typer.Option(help="activity_minutes or steps, from your daily check-in.")
    ] = "activity_minutes",
    step: Annotated[
        float, typer.Option(help="Weekly rise of the target, in percent (1 to 50).")
    ] = DEFAULT_STEP_PERCENT,
    start: Annotated[str | None, typer.Option("--start", help="YYYY-MM-DD; default today.")] = None,
) -> None:
    """Start a graded activity plan; the baseline comes from the 14 days before it."""
    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        plan = start_pacing(
            session,
            person=person,
            today=today_of(person),
            measure=parse_measure(measure),
            step_percent=step,
            start=_day(start),
        )
        console.print(
            f"[green]Started[/] a graded plan for {plan.measure} from "
            f"{plan.start_day.isoformat()}, rising {plan.weekly_step:.0%} a week when it is "
            "safe to. See: fibrotrack pacing status",
            highlight=False,
        )


@pacing_app.command("status")
def pacing_status_command(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Your baseline, today's target and the rule that set it."""
    # The insight engine loads SciPy and statsmodels: only for this command.
    from fibrotrack.services.pacing_status import pacing_json, pacing_view

    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        view = pacing_view(session, person=person, today=today_of(person))
    if view is None:
        if as_json:
            _print_json({"plan": None})
        else:
            console.print("No graded activity plan runs. Start one: fibrotrack pacing start")
        return
    document = pacing_json(view)
    if as_json:
        _print_json(document)
        return
    unit = document["unit"]
    baseline = document["baseline"]
    if baseline["value"] is not None:
        console.print(
            f"Baseline: {baseline['value']:g} {unit} a day "
            f"({baseline['days_used']} days from {baseline['from']} to {baseline['to']}).",
            highlight=False,
        )
    if document["target"] is not None:
        console.print(f"[bold]Today's target: {document['target']:,} {unit}[/]", highlight=False)
    console.print(f"Why: {document['reason']}", highlight=False)
    console.print(CLINICIAN_NOTE)


@pacing_app.command("stop")
def pacing_stop(
    ctx: typer.Context,
    day: Annotated[str | None, typer.Option("--date", help="Its last day; default today.")] = None,
) -> None:
    """Stop the graded activity plan."""
    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        plan = stop_pacing(session, person=person, today=today_of(person), day=_day(day))
        console.print(f"[green]Stopped[/] the graded plan; its last day was {plan.stop_day}.")


@redflag_app.command("list")
def redflag_list(as_json: AsJson = False) -> None:
    """Symptoms that need a doctor rather than a program."""
    if as_json:
        _print_json(
            {
                "red_flags": [
                    {
                        "id": flag.id,
                        "label": flag.label,
                        "why": flag.why,
                        "urgency": flag.urgency.value,
                        "advice": flag.advice,
                    }
                    for flag in RED_FLAGS
                ]
            }
        )
        return
    console.print(
        "[bold]See a doctor rather than continuing the program if you notice:[/]",
        highlight=False,
    )
    for flag in RED_FLAGS:
        console.print(f"- {flag.label} [dim]({flag.id}, {flag.urgency.value})[/]", highlight=False)
    console.print("Mark one with: fibrotrack redflag mark ID. " + CLINICIAN_NOTE, highlight=False)


@redflag_app.command("mark")
def redflag_mark(
    ctx: typer.Context,
    flag_id: Annotated[str, typer.Argument(metavar="ID", help="See `fibrotrack redflag list`.")],
    day: DayOption = None,
    note: Annotated[str | None, typer.Option(help="What you noticed.")] = None,
) -> None:
    """Record a red-flag symptom; fibrotrack tells you plainly to seek care."""
    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        flag, report = mark_red_flag(
            session,
            person=person,
            flag_id=flag_id,
            today=today_of(person),
            day=_day(day),
            note=note,
        )
    console.print(f"[bold red]{flag.label}: please seek care.[/]", highlight=False)
    console.print(f"{flag.advice} {flag.why}", highlight=False)
    console.print(
        "This is not part of fibromyalgia to manage with the program; pause new practices "
        f"until a clinician has assessed it. Recorded for {report.day.isoformat()}.",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    app.add_typer(program_app, name="program")
    app.add_typer(plan_app, name="plan")
    app.add_typer(practice_app, name="practice")
    app.add_typer(pacing_app, name="pacing")
    app.add_typer(redflag_app, name="redflag")
