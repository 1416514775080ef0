"""``fibrotrack invite``: an invitation from the server's shell (on a headless server, or to
bring in a new admin after the only one left)."""

from typing import Annotated

import typer

from fibrotrack.cli.context import cli_of, console
from fibrotrack.diary import InvalidEntry
from fibrotrack.services.accounts import has_accounts
from fibrotrack.services.invitations import create_invitation
from fibrotrack.storage.types import utc_now


def invite(
    ctx: typer.Context,
    role: Annotated[str, typer.Option(help="person, clinician or admin")] = "person",
    note: Annotated[str | None, typer.Option(help="A note for the admin page.")] = None,
    url: Annotated[
        str | None, typer.Option(help="The server's address, to print the link.")
    ] = None,
) -> None:
    """Create a one-time invitation (valid 14 days) and print its code and link."""
    cli = cli_of(ctx)
    database = cli.database()
    try:
        with database.session() as session:
            if not has_accounts(session):
                raise InvalidEntry(
                    "admin", "this fibrotrack has no owner yet; open the web app to create one"
                )
            _invitation, code = create_invitation(
                session, admin=None, role=role, note=note, now=utc_now()
            )
    finally:
        database.dispose()
    base = url or cli.settings.public_url or f"http://{cli.settings.host}:{cli.settings.port}"
    console.print(f"Invitation code: {code}", highlight=False)
    console.print(f"Link: {base.rstrip('/')}/register?code={code}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    app.command("invite")(invite)
