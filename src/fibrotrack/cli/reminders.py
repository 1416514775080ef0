"""``fibrotrack remind``: send the e-mail reminders that are due (run it from cron or a
systemd timer every 10–15 minutes)."""

import typer

from fibrotrack.cli.context import cli_of, console
from fibrotrack.diary import InvalidEntry
from fibrotrack.services.reminders import send_due_email_reminders, smtp_sender
from fibrotrack.storage.types import utc_now


def remind(ctx: typer.Context) -> None:
    """Send today's check-in reminder to everyone whose reminder time has passed and who has
    not checked in yet. Safe to run often, and from several machines: each is sent once."""
    cli = cli_of(ctx)
    settings = cli.settings
    if not settings.email_enabled:
        raise InvalidEntry("smtp", "set FIBROTRACK_SMTP_HOST and FIBROTRACK_SMTP_FROM first")
    base = settings.public_url or f"http://{settings.host}:{settings.port}"
    database = cli.database()
    try:
        with database.session() as session:
            sent = send_due_email_reminders(
                session,
                settings=settings,
                now=utc_now(),
                checkin_url=f"{base.rstrip('/')}/today",
                send=smtp_sender(settings),
            )
    finally:
        database.dispose()
    console.print(f"Sent {sent} reminder{'s' if sent != 1 else ''}.")


def register(app: typer.Typer) -> None:
    app.command("remind")(remind)
