"""Importers and exporters: other apps' files in, fibrotrack's data out.

Every format is one module that registers an :class:`Importer` or :class:`Exporter` in
:mod:`fibrotrack.interop.registry`; importing this package registers the built-in ones.
Importers read a binary file-like object into plain records (:mod:`~.records`) and touch no
database; :mod:`fibrotrack.services.imports` writes them. Exporters write a :class:`Snapshot`.
"""

from fibrotrack.interop import (
    apple_health,
    bearable,
    csv_export,
    fhir,
    fibrotrack_json,
    fitbit,
    flaredown,
    visible,
    wide_csv,
)
from fibrotrack.interop.records import (
    ImportOptions,
    Noted,
    Observed,
    PersonProfile,
    Record,
    Row,
    Skipped,
)
from fibrotrack.interop.registry import (
    Exporter,
    Importer,
    exporter,
    exporters,
    importer,
    importers,
    register_exporter,
    register_importer,
)
from fibrotrack.interop.snapshot import Snapshot
from fibrotrack.interop.summary import ImportSummary

BUILT_IN = (
    apple_health,
    bearable,
    csv_export,
    fhir,
    fibrotrack_json,
    fitbit,
    flaredown,
    visible,
    wide_csv,
)

__all__ = [
    "BUILT_IN",
    "Exporter",
    "ImportOptions",
    "ImportSummary",
    "Importer",
    "Noted",
    "Observed",
    "PersonProfile",
    "Record",
    "Row",
    "Skipped",
    "Snapshot",
    "exporter",
    "exporters",
    "importer",
    "importers",
    "register_exporter",
    "register_importer",
]
