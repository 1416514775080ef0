"""``fibrotrack serve``: the web app."""

from typing import Annotated

import typer
import uvicorn
from rich.markup import escape

from fibrotrack.cli.context import cli_of, console


def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port; default $PORT or 8000.")] = None,
) -> None:
    """Start the web app (default http://127.0.0.1:8000)."""
    from fibrotrack.web.app import server_app

    cli = cli_of(ctx)
    settings = cli.settings
    if host:
        settings.host = host
    if port:
        settings.port = port
    if cli.database_url:
        settings.database_url = cli.database_url
    cli.database().dispose()
    app = server_app(settings)
    address = f"http://{settings.host}:{settings.port}"
    console.print(f"fibrotrack is running at [bold]{escape(address)}[/] (Ctrl+C to stop)")
    console.print(f"Data directory: {settings.data_dir}", markup=False, highlight=False)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
