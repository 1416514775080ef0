"""Undoing an import, decided from what it changed and what is stored now. No database.

An import's record lists every stored row it inserted and every row it overwrote (with the
values the row had before). Undoing it removes a row it inserted and gives a row it overwrote
its earlier values back — but only where the row still holds what the import wrote. A value
the person (or a later import) changed since is left alone and counted, never silently lost;
so is a row the import inserted that something kept refers to (a tracker the person has since
logged), and a row the person deleted since is not brought back.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

INSERTED = "inserted"
UPDATED = "updated"

RowRef = tuple[str, int]
"""A stored row: its table and its key."""

PLAIN_NAMES = {
    "observations": ("value", "values"),
    "notes": ("note", "notes"),
    "variables": ("tracker", "trackers"),
}
# The person's own row: the name, time zone and first day a first import gave an empty diary.
PROFILE = ("people", "your name, time zone and first day")


@dataclass(frozen=True)
class Change:
    """One row an import changed: ``written`` its values as the import wrote them (portable
    JSON values, only the columns it wrote), ``previous`` the values it overwrote."""

    table: str
    row_id: int
    action: str
    written: Mapping[str, Any]
    previous: Mapping[str, Any] | None = None

    @property
    def ref(self) -> RowRef:
        return (self.table, self.row_id)


def merge(first: Change, later: Change) -> Change:
    """One change from two an import made to the same row: what it had before the first,
    what it holds after the later."""
    previous = None
    if first.action == UPDATED:
        previous = {**(later.previous or {}), **(first.previous or {})}
    return Change(
        table=first.table,
        row_id=first.row_id,
        action=first.action,
        written={**first.written, **later.written},
        previous=previous,
    )


@dataclass(frozen=True)
class UndoPlan:
    """What undoing an import does: rows to remove, rows to restore (with the values they get
    back), and rows kept because they changed since, are in use, or were deleted since."""

    remove: tuple[RowRef, ...] = ()
    restore: tuple[tuple[RowRef, Mapping[str, Any]], ...] = ()
    kept_changed: tuple[RowRef, ...] = ()
    kept_in_use: tuple[RowRef, ...] = ()
    already_gone: int = 0
    removed_by_table: dict[str, int] = field(default_factory=dict)
    restored_by_table: dict[str, int] = field(default_factory=dict)

    @property
    def kept(self) -> int:
        return len(self.kept_changed) + len(self.kept_in_use)

    @property
    def does_nothing(self) -> bool:
        return not self.remove and not self.restore

    def as_dict(self) -> dict[str, object]:
        return {
            "removed": dict(self.removed_by_table),
            "restored": dict(self.restored_by_table),
            "kept_changed": len(self.kept_changed),
            "kept_in_use": len(self.kept_in_use),
            "already_gone": self.already_gone,
        }


def _holds(current: Mapping[str, Any], written: Mapping[str, Any]) -> bool:
    return all(current.get(name) == value for name, value in written.items())


def plan_undo(
    changes: Iterable[Change],
    current: Mapping[RowRef, Mapping[str, Any]],
    referrers: Mapping[RowRef, Collection[RowRef]],
) -> UndoPlan:
    """Decide what undoing an import does from its ``changes``, the ``current`` values of the
    rows still stored (portable values; a row missing was deleted since) and, for each row it
    inserted, the stored rows that refer to it (``referrers``)."""
    removable: set[RowRef] = set()
    restore: list[tuple[RowRef, Mapping[str, Any]]] = []
    kept_changed: list[RowRef] = []
    gone = 0
    for change in changes:
        now = current.get(change.ref)
        if now is None:
            if change.action == INSERTED:
                gone += 1
            else:
                kept_changed.append(change.ref)
        elif not _holds(now, change.written):
            kept_changed.append(change.ref)
        elif change.action == INSERTED:
            removable.add(change.ref)
        else:
            restore.append((change.ref, dict(change.previous or {})))
    in_use: set[RowRef] = set()
    pinned = True
    while pinned:
        pinned = False
        for ref in sorted(removable):
            if any(other not in removable for other in referrers.get(ref, ())):
                removable.discard(ref)
                in_use.add(ref)
                pinned = True
    remove = tuple(sorted(removable))
    return UndoPlan(
        remove=remove,
        restore=tuple(sorted(restore, key=lambda item: item[0])),
        kept_changed=tuple(sorted(kept_changed)),
        kept_in_use=tuple(sorted(in_use)),
        already_gone=gone,
        removed_by_table=_count(remove),
        restored_by_table=_count(ref for ref, _ in restore),
    )


def _count(refs: Iterable[RowRef]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table, _ in refs:
        counts[table] = counts.get(table, 0) + 1
    return dict(sorted(counts.items()))


def in_words(counts: Mapping[str, int]) -> str:
    """``{"notes": 1, "observations": 12}`` as "12 values and 1 note": values, notes and
    trackers first, then other tables by name."""
    order = list(PLAIN_NAMES)
    parts = []
    for table, count in sorted(
        counts.items(), key=lambda item: (order.index(item[0]) if item[0] in order else 3, item[0])
    ):
        if table == PROFILE[0]:
            parts.append(PROFILE[1])
            continue
        one, many = PLAIN_NAMES.get(table, (f"{table.replace('_', ' ')} row", ""))
        parts.append(f"{count} {one if count == 1 else many or one + 's'}")
    if len(parts) <= 1:
        return "".join(parts) or "nothing"
    return ", ".join(parts[:-1]) + " and " + parts[-1]
