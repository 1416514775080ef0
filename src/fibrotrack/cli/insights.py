"""``fibrotrack analyze``, ``flares``, ``effect`` and ``pacing``: the insight engine.

The services are imported inside each command: SciPy and statsmodels take a second to load,
and other commands should not wait for them.
"""

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from fibrotrack.cli.context import JsonFlag, cli_of, console, today_of
from fibrotrack.diary import InvalidEntry, parse_day

if TYPE_CHECKING:
    from fibrotrack.analysis.associations import AssociationReport


def parse_lags(text: str) -> list[int]:
    """``0-3`` → [0, 1, 2, 3]; ``0,2`` → [0, 2]; ``1`` → [1]."""
    lags: set[int] = set()
    try:
        for part in text.split(","):
            first, dash, last = part.strip().partition("-")
            low = int(first)
            high = int(last) if dash else low
            if low > high:
                raise ValueError
            lags.update(range(low, high + 1))
    except ValueError:
        raise InvalidEntry("lags", f"{text!r} is not a lag list such as 0-3 or 0,1,2") from None
    return sorted(lags)


def _print_json(document: object) -> None:
    print(json.dumps(document, ensure_ascii=False, indent=2))


def _show_report(report: "AssociationReport", show_all: bool) -> None:
    """The report in words. Things the person started are tested with the other factors (and
    count among the tests), but, as on the web and in the clinician report, they are judged by
    the before/after model of ``fibrotrack effect`` rather than listed as associations."""
    from fibrotrack.services.insights_overview import INTERVENTION_PREFIX

    console.print(
        f"[bold]{escape(report.outcome)}[/]: {report.n_days} days logged; "
        f"{len(report.findings)} factor × lag tests, false discovery rate {report.fdr:g}.",
        highlight=False,
    )
    strongest = [f for f in report.strongest() if not f.factor.startswith(INTERVENTION_PREFIX)]
    if strongest:
        console.print("\n[bold]Findings[/] (the strongest lag of each factor):")
        for finding in strongest:
            console.print(f"  • {finding.sentence}", markup=False, highlight=False)
    elif report.findings:
        console.print(
            "\nNo factor passed the false-discovery check. That is not proof of no effect: "
            "small effects need more days to show.",
            highlight=False,
        )
    started = {
        f.factor.removeprefix(INTERVENTION_PREFIX): None
        for f in report.findings
        if f.factor.startswith(INTERVENTION_PREFIX)
    }
    if started:
        console.print(
            f"\nWhat you started ({', '.join(started)}) is judged by its before/after change "
            "instead: fibrotrack effect NAME",
            markup=False,
            highlight=False,
        )
    if show_all and report.findings:
        table = Table(title="Every test")
        for name in ("factor", "lag", "effect", "95% CI", "p", "q", "n", ""):
            table.add_column(name, justify="left" if name == "factor" else "right")
        for f in report.findings:
            mark = "likely" if f.likely else ("yes" if f.significant else "")
            table.add_row(
                escape(f.factor),
                str(f.lag),
                f"{f.effect:.3g}",
                f"{f.ci[0]:.3g} to {f.ci[1]:.3g}",
                f"{f.p:.2g}",
                f"{f.q:.2g}",
                str(f.n),
                mark,
            )
        console.print(table)
    not_enough = [
        line for line in report.not_enough_data if not line.startswith(INTERVENTION_PREFIX)
    ]
    if not_enough:
        console.print("\n[bold]Not enough data[/]:")
        for line in not_enough:
            console.print(f"  • {line}", markup=False, highlight=False)
    for warning in report.warnings:
        console.print(f"\n[yellow]Note:[/] {escape(warning)}", highlight=False)


def analyze(
    ctx: typer.Context,
    outcome: Annotated[str, typer.Option(help="The rating to explain (a 0–10 variable).")] = "pain",
    lags: Annotated[str, typer.Option(help="Days between factor and outcome, e.g. 0-3.")] = "0-3",
    fdr: Annotated[float, typer.Option(help="False discovery rate for findings.")] = 0.05,
    csv_file: Annotated[
        Path | None,
        typer.Option("--csv", metavar="FILE", help="Analyse a wide CSV file (date + columns)."),
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list every test.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """What goes with your symptoms, with honest statistics.

    Every factor at lags of 0–3 days, with effects in points, 95% intervals and false-discovery
    control. Patterns, never proof of cause.
    """
    from fibrotrack.services.insights import analyze_csv, analyze_person

    lag_list = parse_lags(lags)
    if csv_file is not None:
        report = analyze_csv(csv_file, outcome=outcome, lags=lag_list, fdr=fdr)
    else:
        with cli_of(ctx).person_session() as (session, person):
            report = analyze_person(
                session,
                person=person,
                outcome=outcome,
                lags=lag_list,
                fdr=fdr,
                today=today_of(person),
            )
    if as_json:
        _print_json(report.as_json())
    else:
        _show_report(report, show_all)


flares_app = typer.Typer(
    help="Flares found against your own baseline; confirm or deny them, or log your own.",
    invoke_without_command=True,
)


@flares_app.callback()
def flares(
    ctx: typer.Context,
    preset: Annotated[
        str, typer.Option(help="sensitive (finds more) or quiet (fewer false alarms).")
    ] = "sensitive",
    as_json: JsonFlag = False,
) -> None:
    """List flares: runs of days well above your own rolling baseline of pain and fatigue."""
    if ctx.invoked_subcommand is not None:
        return
    from fibrotrack.services.insights import flare_checked_days, person_flares

    with cli_of(ctx).person_session() as (session, person):
        views = person_flares(session, person=person, preset=preset)
        checked = len(flare_checked_days(session, person=person))
    if as_json:
        _print_json(
            {
                "preset": preset,
                "checked_days": checked,
                "flares": [view.as_json() for view in views],
            }
        )
        return
    if not views:
        console.print(
            f"No flare found in the {checked} days that could be checked."
            if checked
            else "Flares could not be checked yet: the rule needs a pain or fatigue rating and "
            "about a month of earlier ratings for each day."
        )
        return
    table = Table()
    for name in ("start", "end", "days", "peak", "rise", "status"):
        table.add_column(name, no_wrap=True)
    for view in views:
        found = "found" if view.detected else "logged by you"
        if view.detected and view.logged:
            found = "logged and found"
        said = {True: "confirmed", False: "not a flare", None: "not reviewed"}[view.confirmed]
        table.add_row(
            view.start.isoformat(),
            view.end.isoformat(),
            str((view.end - view.start).days + 1),
            f"{view.peak:g}" if view.peak is not None else "–",
            f"+{view.severity:g}" if view.severity is not None else "–",
            f"{found}, {said}" if view.detected or view.confirmed is False else found,
        )
    console.print(table)
    console.print(
        "Rise = mean points above your baseline. There is no agreed numeric definition of a "
        "flare; confirm or deny each (fibrotrack flares confirm DATE / deny DATE).",
        highlight=False,
    )


@flares_app.command("confirm")
def confirm_flare(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(help="First day of the flare, YYYY-MM-DD.")],
    end: Annotated[str | None, typer.Option(help="Last day, for a flare you log.")] = None,
    note: Annotated[str | None, typer.Option(help="A note.")] = None,
) -> None:
    """Confirm a detected flare, or log one of your own from START (to --end)."""
    from fibrotrack.services.insights import review_flare

    with cli_of(ctx).person_session() as (session, person):
        view = review_flare(
            session,
            person=person,
            start=parse_day(start),
            end=parse_day(end) if end else None,
            confirmed=True,
            note=note,
            today=today_of(person),
        )
    console.print(f"[green]Saved:[/] flare {view.start} to {view.end} confirmed.")


@flares_app.command("deny")
def deny_flare(
    ctx: typer.Context,
    start: Annotated[str, typer.Argument(help="First day of the flare, YYYY-MM-DD.")],
    note: Annotated[str | None, typer.Option(help="A note.")] = None,
) -> None:
    """Say a detected flare (or one you logged) was not a flare."""
    from fibrotrack.services.insights import review_flare

    with cli_of(ctx).person_session() as (session, person):
        view = review_flare(
            session,
            person=person,
            start=parse_day(start),
            confirmed=False,
            note=note,
            today=today_of(person),
        )
    console.print(f"[green]Saved:[/] {view.start} to {view.end} marked as not a flare.")


def effect(
    ctx: typer.Context,
    target: Annotated[
        str, typer.Argument(metavar="PRACTICE_OR_DATE", help="An intervention's name or a date.")
    ],
    outcome: Annotated[str, typer.Option(help="The rating to look at.")] = "pain",
    as_json: JsonFlag = False,
) -> None:
    """Before/after: did your level change after you started something?

    Weak evidence: symptoms drift on their own. A self-experiment is the fair test.
    """
    from fibrotrack.services.insights import intervention_effect

    with cli_of(ctx).person_session() as (session, person):
        result = intervention_effect(session, person=person, target=target, outcome=outcome)
    if as_json:
        _print_json(result.as_json())
        return
    console.print(result.sentence, markup=False, highlight=False)
    if result.before_mean is not None and result.after_mean is not None:
        console.print(
            f"Plain averages: {result.before_mean:.1f} over {result.before_days} days before "
            f"(leaving out the 14 just before), {result.after_mean:.1f} over "
            f"{result.after_days} days after the first 14.",
            highlight=False,
        )
    if result.slope_change is not None and result.slope_ci is not None:
        console.print(
            f"Change in trend: {result.slope_change:+.2f} points per 30 days "
            f"(95% CI {result.slope_ci[0]:+.2f} to {result.slope_ci[1]:+.2f}).",
            highlight=False,
        )
    for warning in result.warnings:
        console.print(f"[yellow]Note:[/] {escape(warning)}", highlight=False)


def pacing(
    ctx: typer.Context,
    activity: Annotated[
        str | None, typer.Option(help="steps or activity_minutes; default the one logged more.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Boom and bust: big activity days and the symptom rises 1–3 days after them."""
    from fibrotrack.services.insights import boom_bust

    with cli_of(ctx).person_session() as (session, person):
        found = boom_bust(session, person=person, activity=activity)
    if as_json:
        _print_json(found.as_json())
        return
    result = found.result
    console.print(
        f"{len(result.boom_days)} boom days (at least 1.5 × your usual {found.activity}).",
        highlight=False,
    )
    if result.judged:
        chance = (
            f"; after ordinary days it happened {result.chance_rate:.0%} of the time"
            if result.chance_rate is not None
            else ""
        )
        lag = (
            f", most often {result.typical_lag} day{'s' if result.typical_lag != 1 else ''} later"
            if result.typical_lag
            else ""
        )
        console.print(
            f"Pain or fatigue rose within 1–3 days after {len(result.busts)} of {result.judged} "
            f"({result.rate:.0%}){lag}{chance}. A pattern, not proof.",
            highlight=False,
        )


def register(app: typer.Typer) -> None:
    app.command("analyze")(analyze)
    app.add_typer(flares_app, name="flares")
    app.command("effect")(effect)
    # ``fibrotrack pacing`` is a group of the program's CLI (graded activity), which runs
    # ``pacing`` above when no subcommand is given.
