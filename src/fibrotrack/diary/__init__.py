"""The daily diary: what a person records each day, and the rules for recording it.

Pure: no I/O. Storage, CLI and web call into it.
"""

from fibrotrack.diary.days import (
    BAD_DAY_VARIABLES,
    CHECKIN_SOURCE,
    DayEntry,
    check_day,
    check_not_too_early,
    choose_source,
    copy_of_previous_day,
    day_value,
    known_timezones,
    local_today,
    parse_day,
    part_source,
    zone,
)
from fibrotrack.diary.errors import InvalidEntry
from fibrotrack.diary.text import check_text
from fibrotrack.diary.variables import (
    CORE_VARIABLES,
    Pillar,
    TagCategory,
    VariableDefinition,
    VariableKind,
    check_value,
    core_variable,
    describe_range,
    parse_tag,
    tag_key,
)

__all__ = [
    "BAD_DAY_VARIABLES",
    "CHECKIN_SOURCE",
    "CORE_VARIABLES",
    "DayEntry",
    "InvalidEntry",
    "Pillar",
    "TagCategory",
    "VariableDefinition",
    "VariableKind",
    "check_day",
    "check_not_too_early",
    "check_text",
    "check_value",
    "choose_source",
    "copy_of_previous_day",
    "core_variable",
    "day_value",
    "describe_range",
    "known_timezones",
    "local_today",
    "parse_day",
    "parse_tag",
    "part_source",
    "tag_key",
    "zone",
]
