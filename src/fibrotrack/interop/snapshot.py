"""Everything of one person, as exporters receive it: plain JSON values, no database.

``tables`` holds each exported table's rows in their portable form: column name to a JSON
value (dates as ``YYYY-MM-DD``, times as ISO 8601 with offset), without the row's own id or
person id; a reference to a variable is its key under ``variable``. The rows are in a stable
order, so the same data always gives the same file.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

PortableRow = Mapping[str, Any]


@dataclass(frozen=True)
class Snapshot:
    name: str | None
    timezone: str
    created_at: str | None
    tables: Mapping[str, Sequence[PortableRow]]
    start: date | None = None
    end: date | None = None

    def rows(self, table: str) -> Sequence[PortableRow]:
        return self.tables.get(table, ())
