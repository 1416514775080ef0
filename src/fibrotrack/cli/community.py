"""``fibrotrack community``: share your outcomes with the people on this server (opt in, opt
out), see what you share, "people like me" per practice, and your shared factors' effects
with the community's borrowed strength."""

import json
from typing import Annotated, Any

import typer

from fibrotrack.analysis.shared_factors import shared_factor
from fibrotrack.cli.context import Cli, cli_of, console, today_of
from fibrotrack.community import CAVEAT, CommunityRules
from fibrotrack.community.wording import (
    POOLING_NOTE,
    borrowed_lines,
    factor_line,
    outcome_line,
    practice_lines,
)
from fibrotrack.program import catalogue
from fibrotrack.services.community import (
    borrowed_effects,
    community_view,
    contribution_json,
    opt_in,
    opt_out,
    summary_json,
)

community_app = typer.Typer(
    help="Share de-identified outcomes with the community on this server, and learn from theirs.",
    no_args_is_help=True,
)
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def rules_of(cli: Cli) -> CommunityRules:
    return CommunityRules(min_group=cli.settings.community_min_group)


def _print_json(document: Any) -> None:
    print(json.dumps(document, ensure_ascii=False))


@community_app.command("optin")
def optin(ctx: typer.Context) -> None:
    """Share your coarse outcomes (no free text, no dates finer than a month, nothing
    identifying; see docs/community.md). You can opt out at any time."""
    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        contribution = opt_in(session, person=person, today=today_of(person), rules=rules_of(cli))
    console.print(
        f"[green]You now share[/] {len(contribution.practices)} practice outcomes and "
        f"{len(contribution.factors)} factor estimates (as of {contribution.month}). See them "
        "with: fibrotrack community status",
        highlight=False,
    )


@community_app.command("optout")
def optout(ctx: typer.Context) -> None:
    """Stop sharing: your contribution is deleted now and leaves the summaries from next
    month on."""
    with cli_of(ctx).person_session() as (session, person):
        removed = opt_out(session, person=person)
    if removed:
        console.print("Your contribution is deleted; you no longer share.", highlight=False)
    else:
        console.print("You were not sharing; nothing to delete.", highlight=False)


@community_app.command("status")
def status(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Whether you share, and exactly what (refreshed from your data now)."""
    cli = cli_of(ctx)
    with cli.person_session() as (session, person):
        view = community_view(session, person=person, today=today_of(person), rules=rules_of(cli))
    document = {"member": view.member, "contribution": contribution_json(view.contribution)}
    if as_json:
        _print_json(document)
        return
    if view.contribution is None:
        console.print("You do not share. To share: fibrotrack community optin", highlight=False)
        return
    console.print(f"You share (as of {view.contribution.month}):", highlight=False)
    for outcome in view.contribution.practices:
        name = catalogue().practice(outcome.practice_id).name
        console.print(f"  • {outcome_line(outcome, name)}", highlight=False)
    for effect in view.contribution.factors:
        console.print(f"  • {factor_line(effect, shared_factor(effect.factor))}", highlight=False)


@community_app.command("outcomes")
def outcomes(ctx: typer.Context, as_json: AsJson = False) -> None:
    """People like me: for each practice, the outcomes of the people who kept it up."""
    cli = cli_of(ctx)
    rules = rules_of(cli)
    with cli.person_session() as (session, person):
        summary = community_view(
            session, person=person, today=today_of(person), rules=rules
        ).summary
    if as_json:
        _print_json(summary_json(summary, rules))
        return
    console.print(f"[bold]People like me[/], {summary.month}", highlight=False)
    console.print(CAVEAT, highlight=False)
    shown = [item for item in summary.practices if item.shown]
    for item in shown:
        console.print(f"\n[bold]{catalogue().practice(item.practice_id).name}[/]", highlight=False)
        for line in practice_lines(item, summary.min_group):
            console.print(f"  {line}", highlight=False)
    hidden = len(summary.practices) - len(shown)
    if hidden:
        console.print(
            f"\n{hidden} practices: fewer than {summary.min_group} people kept them up, so "
            "nothing is shown for them.",
            highlight=False,
        )


@community_app.command("effects")
def effects(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Your own estimate of each shared factor, and the pooled one that borrows strength from
    the community."""
    from fibrotrack.services.community import borrowed_json

    cli = cli_of(ctx)
    rules = rules_of(cli)
    with cli.person_session() as (session, person):
        found = borrowed_effects(session, person=person, today=today_of(person), rules=rules)
    if as_json:
        _print_json(borrowed_json(found))
        return
    for item in found:
        console.print(f"\n[bold]{item.own.factor.label.capitalize()}[/]", highlight=False)
        for line in borrowed_lines(item, rules.min_group):
            console.print(f"  {line}", highlight=False)
    console.print(f"\n{POOLING_NOTE}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(community_app, name="community")
