"""The one registry every importer and exporter joins, built-in or not.

A format is one module that builds an :class:`Importer` (or :class:`Exporter`) and calls
:func:`register_importer` (or :func:`register_exporter`) when it is imported. The CLI, the web
app and the import service only ever look formats up here.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from fibrotrack.diary import InvalidEntry
from fibrotrack.interop.records import ImportOptions, Record
from fibrotrack.interop.snapshot import Snapshot


@dataclass(frozen=True)
class Importer:
    """A file format fibrotrack reads.

    ``read`` takes a binary file-like object and the options and yields records; it raises
    ``InvalidEntry`` naming the line or element when the file cannot be read at all, and yields
    ``Skipped`` for single rows it cannot use. ``source`` is what the observations are marked
    with (``observations.source``).
    """

    name: str
    label: str
    source: str
    read: Callable[[BinaryIO, ImportOptions], Iterator[Record]]
    summary: str


@dataclass(frozen=True)
class Exporter:
    """A file format fibrotrack writes from a person's :class:`Snapshot`."""

    name: str
    label: str
    suffix: str
    media_type: str
    write: Callable[[Snapshot, BinaryIO], None]
    summary: str


_importers: dict[str, Importer] = {}
_exporters: dict[str, Exporter] = {}


def register_importer(importer: Importer) -> Importer:
    if importer.name in _importers and _importers[importer.name] is not importer:
        raise ValueError(f"an importer named {importer.name!r} is already registered")
    _importers[importer.name] = importer
    return importer


def register_exporter(exporter: Exporter) -> Exporter:
    if exporter.name in _exporters and _exporters[exporter.name] is not exporter:
        raise ValueError(f"an exporter named {exporter.name!r} is already registered")
    _exporters[exporter.name] = exporter
    return exporter


def importers() -> dict[str, Importer]:
    """Every registered importer by name, in registration order."""
    return dict(_importers)


def exporters() -> dict[str, Exporter]:
    return dict(_exporters)


def importer(name: str) -> Importer:
    """The importer called ``name``, or ``InvalidEntry('format', ...)`` listing the known ones."""
    try:
        return _importers[name]
    except KeyError:
        known = ", ".join(_importers)
        raise InvalidEntry("format", f"unknown import format {name!r}; known: {known}") from None


def exporter(name: str) -> Exporter:
    try:
        return _exporters[name]
    except KeyError:
        known = ", ".join(_exporters)
        raise InvalidEntry("format", f"unknown export format {name!r}; known: {known}") from None
