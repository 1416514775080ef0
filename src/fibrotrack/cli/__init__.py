"""The ``fibrotrack`` command line: thin Typer commands over the services."""

from fibrotrack.cli.app import app, main

__all__ = ["app", "main"]
