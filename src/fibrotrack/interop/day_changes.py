"""What an import would do to each day of a diary, from the stored values before and after
writing it (the preview writes in a transaction it then rolls back).

A day of the file is *new* when the diary held nothing on it, *changed* when a value the same
source stored before gets another value, *conflicting* when the file brings a value for a
variable another source (your own check-in, another app) recorded differently on that day —
both are kept, and the history shows your check-in — *added to* when it only gains values the
day did not have, and *unchanged* when nothing differs.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date

StoredKey = tuple[str, date, str]
"""A stored value's variable key, day and source."""

MAX_DAYS_LISTED = 50


@dataclass(frozen=True)
class DayChanges:
    new: int = 0
    changed: int = 0
    conflicting: int = 0
    added: int = 0
    unchanged: int = 0
    changed_days: tuple[date, ...] = field(default=())
    conflicting_days: tuple[date, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "new": self.new,
            "changed": self.changed,
            "conflicting": self.conflicting,
            "added": self.added,
            "unchanged": self.unchanged,
            "changed_days": [day.isoformat() for day in self.changed_days[:MAX_DAYS_LISTED]],
            "conflicting_days": [
                day.isoformat() for day in self.conflicting_days[:MAX_DAYS_LISTED]
            ],
        }


def compare_days(
    days: Collection[date],
    before: Mapping[StoredKey, float | None],
    after: Mapping[StoredKey, float | None],
    days_with_data: Collection[date],
) -> DayChanges:
    """Classify each of the file's ``days`` given the stored values ``before`` and ``after``
    the import, and the days that held any data (values or notes) before it."""
    touched = {key for key, value in after.items() if key not in before or before[key] != value}
    changed = {key[1] for key in touched if key in before}
    by_variable_day: dict[tuple[str, date], set[float | None]] = {}
    for (variable, day, _source), value in after.items():
        by_variable_day.setdefault((variable, day), set()).add(value)
    conflicting = {
        day
        for variable, day, _source in touched
        if day not in changed and len(by_variable_day[(variable, day)]) > 1
    }
    held = set(days_with_data)
    new = {day for day in days if day not in held}
    had = {(variable, day) for variable, day, _source in before}
    gained = {day for variable, day, _source in touched if (variable, day) not in had}
    added = gained - new - changed - conflicting
    counted = new | changed | conflicting | added
    return DayChanges(
        new=len(new),
        changed=len(changed),
        conflicting=len(conflicting - new),
        added=len(added),
        unchanged=len(set(days) - counted),
        changed_days=tuple(sorted(changed)),
        conflicting_days=tuple(sorted(conflicting - new)),
    )
