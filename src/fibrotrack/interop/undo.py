"""Undoing an import, decided from every import's record of the rows it touched and what is
stored now. No database.

An import's record lists every stored row it inserted, every row it overwrote (with the
values the row had before) and every row it found already holding what it would have written.
Undoing it makes each of those rows what it would be had the import never been made, while
the imports not undone stay, and what the person wrote stays:

- a row it inserted is removed, and a row it overwrote gets its earlier values back, but only
  where the row still holds what the import wrote; a value the person changed since is left
  alone and counted, never silently lost, and a row the person deleted is not brought back;
- a row that holds what the import wrote and that another import still active also brought
  (it found the same values there, or wrote them) is kept, as that import's, and counted; one
  a later import changed is kept too, as changed since;
- an earlier value, or a row, that came from an import undone before is not brought back:
  undoing goes on to what that import found (its earlier value, or no row at all). The rows an
  undone import left because this import held or used them go now too;
- a row something kept still refers to (a tracker the person has since logged) is kept.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

INSERTED = "inserted"
UPDATED = "updated"
FOUND = "found"

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
    """One row an import changed or found: ``written`` its values as the import wrote them
    (portable JSON values, only the columns it wrote; for a row ``FOUND`` already there, what
    it would have written), ``previous`` the values it overwrote."""

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
    what it holds after the later. A row found and then overwritten was overwritten."""
    action = later.action if first.action == FOUND else first.action
    previous = None
    if action == UPDATED:
        previous = {**(later.previous or {}), **(first.previous or {})}
    return Change(
        table=first.table,
        row_id=first.row_id,
        action=action,
        written={**first.written, **later.written},
        previous=previous,
    )


@dataclass(frozen=True)
class Recorded:
    """One import's change of one row, as stored with the import."""

    import_id: int
    change: Change


@dataclass(frozen=True)
class UndoPlan:
    """What undoing an import does: rows to remove, rows to restore (with the values they get
    back), and rows kept because they changed since, are in use, were deleted since, or hold
    what an import still active also brought (``kept_held``: each row with that import).
    ``finishes`` names the imports undone before whose rows this undo removes or restores."""

    remove: tuple[RowRef, ...] = ()
    restore: tuple[tuple[RowRef, Mapping[str, Any]], ...] = ()
    kept_changed: tuple[RowRef, ...] = ()
    kept_in_use: tuple[RowRef, ...] = ()
    kept_held: tuple[tuple[RowRef, int], ...] = ()
    already_gone: int = 0
    finishes: tuple[int, ...] = ()
    removed_by_table: dict[str, int] = field(default_factory=dict)
    restored_by_table: dict[str, int] = field(default_factory=dict)

    @property
    def kept(self) -> int:
        return len(self.kept_changed) + len(self.kept_in_use) + len(self.kept_held)

    @property
    def does_nothing(self) -> bool:
        return not self.remove and not self.restore

    @property
    def held_by(self) -> tuple[int, ...]:
        """The imports still active that also brought rows this undo keeps."""
        return tuple(sorted({holder for _, holder in self.kept_held}))

    def as_dict(self) -> dict[str, object]:
        return {
            "removed": dict(self.removed_by_table),
            "restored": dict(self.restored_by_table),
            "kept_changed": len(self.kept_changed),
            "kept_in_use": len(self.kept_in_use),
            "kept_held": len(self.kept_held),
            "held_by": list(self.held_by),
            "finishes": list(self.finishes),
            "already_gone": self.already_gone,
        }


def _holds(current: Mapping[str, Any], written: Mapping[str, Any]) -> bool:
    return all(current.get(name) == value for name, value in written.items())


def _agrees(one: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    return all(other[name] == value for name, value in one.items() if name in other)


@dataclass(frozen=True)
class _Fate:
    """What undoing does to one row; ``through`` the undone imports it goes back past."""

    kind: str
    values: Mapping[str, Any] | None = None
    holder: int | None = None
    through: frozenset[int] = frozenset()


_REMOVE, _RESTORE, _CHANGED, _HELD, _GONE, _NONE = (
    "remove",
    "restore",
    "changed",
    "held",
    "gone",
    "none",
)


def _back(
    history: Sequence[Recorded], index: int, gone: Collection[int], now: Mapping[str, Any]
) -> _Fate:
    """Go back from ``history[index]``, a record of an import being (or already) undone whose
    values the row holds, to what the row was before it — past every record of an undone
    import the earlier state came from — and say what the row becomes."""
    restore: dict[str, Any] = {}
    through: set[int] = set()
    while True:
        recorded = history[index]
        if recorded.import_id in gone:
            through.add(recorded.import_id)
        change = recorded.change
        if change.action == INSERTED:
            return _Fate(_REMOVE, through=frozenset(through))
        before = change.written
        if change.action == UPDATED:
            before = change.previous or {}
            restore.update(before)
        if not index:
            break
        earlier = history[index - 1]
        later_columns = {name for item in history[index:] for name in item.change.written}
        untouched = {
            name: value
            for name, value in earlier.change.written.items()
            if name not in later_columns
        }
        if not _agrees(before, earlier.change.written) or not _holds(now, untouched):
            break  # the value before came from the person, not from that import
        if earlier.import_id not in gone:
            if not restore:
                return _Fate(_HELD, holder=earlier.import_id)
            break
        index -= 1
    if restore:
        return _Fate(_RESTORE, values=restore, through=frozenset(through))
    return _Fate(_NONE)


def _fate(
    history: Sequence[Recorded], undoing: int, gone: Collection[int], now: Mapping[str, Any] | None
) -> _Fate:
    """What undoing import ``undoing`` does to one row, from every import's record of it (in
    the order made), the imports undone (``gone``, ``undoing`` among them) and the row now
    (None: deleted since). A row ``undoing`` has no record of is one undone imports left."""
    mine = next((item.change for item in history if item.import_id == undoing), None)
    if now is None:
        if mine is not None and mine.action == INSERTED:
            return _Fate(_GONE)
        return _Fate(_CHANGED if mine is not None and mine.action == UPDATED else _NONE)
    if mine is None:  # a row left by undone imports
        last = len(history) - 1
        return (
            _back(history, last, gone, now)
            if _holds(now, history[last].change.written)
            else _Fate(_NONE)
        )
    changed = _Fate(_NONE if mine.action == FOUND else _CHANGED)
    last = max(
        index
        for index, item in enumerate(history)
        if item.import_id == undoing or item.import_id not in gone
    )
    if not _holds(now, history[last].change.written):
        return changed  # the person changed it since
    if history[last].import_id != undoing:  # an import still active wrote or found it since
        holds_mine = _holds(now, mine.written)
        return _Fate(_HELD, holder=history[last].import_id) if holds_mine else changed
    return _back(history, last, gone, now)


def _related(
    own: set[RowRef], left: set[RowRef], referrers: Mapping[RowRef, Collection[RowRef]]
) -> set[RowRef]:
    """The rows ``left`` by undone imports that the import's own rows refer to, directly or
    through other such rows."""
    related: set[RowRef] = set()
    grew = True
    while grew:
        grew = False
        for ref in sorted(left - related):
            if any(other in own or other in related for other in referrers.get(ref, ())):
                related.add(ref)
                grew = True
    return related


def plan_undo(
    import_id: int,
    records: Iterable[Recorded],
    current: Mapping[RowRef, Mapping[str, Any]],
    referrers: Mapping[RowRef, Collection[RowRef]],
    *,
    undone: Collection[int] = (),
) -> UndoPlan:
    """Decide what undoing import ``import_id`` does from ``records``: every import's records
    (in the order made) of the rows it recorded and of the rows imports ``undone`` before
    inserted and left stored; the ``current`` values of the rows still stored (portable values;
    a row missing was deleted since); and, for each of those rows, the stored rows that refer
    to it (``referrers``)."""
    gone = {*undone, import_id}
    histories: dict[RowRef, list[Recorded]] = {}
    for recorded in records:
        histories.setdefault(recorded.change.ref, []).append(recorded)
    own = {
        ref
        for ref, history in histories.items()
        if any(item.import_id == import_id for item in history)
    }
    left = {
        ref
        for ref, history in histories.items()
        if ref not in own and all(item.import_id in gone for item in history)
    }
    removable: set[RowRef] = set()
    restore: list[tuple[RowRef, Mapping[str, Any]]] = []
    kept_changed: list[RowRef] = []
    kept_held: list[tuple[RowRef, int]] = []
    through: dict[RowRef, frozenset[int]] = {}
    gone_count = 0
    for ref in sorted(own | _related(own, left, referrers)):
        fate = _fate(histories[ref], import_id, gone, current.get(ref))
        through[ref] = fate.through - {import_id}
        if fate.kind == _REMOVE:
            removable.add(ref)
        elif fate.kind == _RESTORE:
            restore.append((ref, dict(fate.values or {})))
        elif ref not in own:
            continue
        elif fate.kind == _GONE:
            gone_count += 1
        elif fate.kind == _CHANGED:
            kept_changed.append(ref)
        elif fate.kind == _HELD and fate.holder is not None:
            kept_held.append((ref, fate.holder))
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
    finishes = {
        earlier for ref in (*remove, *(ref for ref, _ in restore)) for earlier in through[ref]
    }
    return UndoPlan(
        remove=remove,
        restore=tuple(sorted(restore, key=lambda item: item[0])),
        kept_changed=tuple(sorted(kept_changed)),
        kept_in_use=tuple(sorted(in_use & own)),
        kept_held=tuple(sorted(kept_held)),
        already_gone=gone_count,
        finishes=tuple(sorted(finishes)),
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
    return _listed(parts) or "nothing"


def _listed(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def held_in_words(plan: UndoPlan) -> str:
    """The rows ``plan`` keeps because an import still active also brought them, naming the
    imports: "63 values that import 2 also brought"; empty when there are none."""
    if not plan.kept_held:
        return ""
    imports = _listed([str(holder) for holder in plan.held_by])
    which = f"import {imports}" if len(plan.held_by) == 1 else f"imports {imports}"
    return f"{in_words(_count(ref for ref, _ in plan.kept_held))} that {which} also brought"
