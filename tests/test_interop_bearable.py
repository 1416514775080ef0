"""Bearable's CSV, both header generations, built from the formats page (§3)."""

import json
from datetime import date

import pytest

from export_files import write
from fibrotrack.diary import InvalidEntry
from fibrotrack.interop import ImportOptions, Noted, Observed, Skipped
from fibrotrack.interop.bearable import hours, list_items, name_and_label, parse_date, read_bearable

GENERATION_A = (
    '"date","weekday","time of day","category","rating/amount","detail","notes"\n'
    '"22nd Sep 2020","Tuesday","am","Mood","6","Meh | Anxious",""\n'
    '"22nd Sep 2020","Tuesday","pm","Mood","9","Happy","good evening"\n'
    '"22nd Sep 2020","Tuesday","am","Energy","4 Good","",""\n'
    '"22nd Sep 2020","Tuesday","pm","Energy","2 Poor","",""\n'
    '"22nd Sep 2020","Tuesday","3:04","Symptom","2","Back (lower) pain (Moderate)",""\n'
    '"22nd Sep 2020","Tuesday","23:21","Symptom","3","Back (lower) pain (Severe)",""\n'
    '"22nd Sep 2020","Tuesday","","Sleep","9:45","Asleep 02:45 - 12:30. In bed 02:15 - 13:15",""\n'
    '"22nd Sep 2020","Tuesday","","Sleep quality","3","Good",""\n'
    '"22nd Sep 2020","Tuesday","am","Meds/Supplements","200","Ibuprofen (mg)",""\n'
    '"22nd Sep 2020","Tuesday","pm","Meds/Supplements","400","Ibuprofen (mg)",""\n'
    '"22nd Sep 2020","Tuesday","all day","Factors","","Caffeine | Alcohol",""\n'
    '"22nd Sep 2020","Tuesday","all day","Food Diary","","Eggs | Toast",""\n'
    '"22nd Sep 2020","Tuesday","all day","Gratitudes","","My sister called",""\n'
    '"23rd Sep 2020","Wednesday","all day","Bowel Movements","","Type 4",""\n'
    '"23rd Sep 2020","Wednesday","pm","Bowel Movements","","Type 3",""\n'
    '"23rd Sep 2020","Wednesday","","Sleep","25:10","",""\n'
)

GENERATION_B = (
    "date,date formatted,weekday,time of day,category,rating/amount,detail,notes\n"
    "1st Mar 2024,2024-03-01,Friday,am,Factors,,☕ Caffeine - Little | 💣 Stress - Moderate,\n"
    "1st Mar 2024,2024-03-01,Friday,Day 2,Period,Period,🩸 Bleeding level (Heavy),\n"
    "1st Mar 2024,2024-03-01,Friday,,Health measurements,58,Resting heart rate,\n"
    "1st Mar 2024,2024-03-01,Friday,,Health measurements,64.2,Weight,\n"
    "1st Mar 2024,2024-03-01,Friday,pm,Water,3,,\n"
    "1st Mar 2024,2024-03-01,Friday,pm,Focus,7,,\n"
    "1st Mar 2024,2024-03-01,Friday,pm,Symptom,,🤕 Headache (Unbearable),\n"
    "1st Mar 2024,2024-03-01,Friday,pm,Symptom,9,Nausea (Severe),\n"
    "2nd Mar 2024,2024-03-02,Saturday,Day 14,Period,Ovulation,,\n"
    "2nd Mar 2024,2024-03-02,Saturday,pm,Extra notes,,Slept badly after the party,\n"
)


def read(path):
    with open(path, "rb") as stream:
        return list(read_bearable(stream, ImportOptions()))


def values(records) -> dict[tuple[str, str], float]:
    return {
        (record.variable.key, record.day.isoformat()): record.value
        for record in records
        if isinstance(record, Observed)
    }


def test_generation_a(tmp_path) -> None:
    records = read(write(tmp_path / "bearable.csv", GENERATION_A))
    found = values(records)
    day = "2020-09-22"
    assert found[("bearable_mood", day)] == 7.5  # the day's mean of 6 and 9
    assert found[("meh", day)] == found[("anxious", day)] == found[("happy", day)] == 1
    assert found[("bearable_energy", day)] == 3
    assert found[("bearable_symptom_back_lower_pain", day)] == 3  # the day's worst
    assert found[("sleep_hours", day)] == 9.75  # the core variable: hours asleep
    assert found[("bearable_sleep_quality", day)] == 3
    assert found[("bearable_med_ibuprofen", day)] == 600
    assert found[("caffeine", day)] == found[("alcohol", day)] == 1
    assert found[("eggs", day)] == found[("toast", day)] == 1
    assert found[("bearable_bowel_movements", "2020-09-23")] == 2
    sleep = next(r for r in records if isinstance(r, Observed) and r.variable.key == "sleep_hours")
    assert sleep.raw == "9:45 Asleep 02:45 - 12:30. In bed 02:15 - 13:15"
    mood = next(r for r in records if isinstance(r, Observed) and r.variable.key == "bearable_mood")
    assert mood.raw == "am: 6 Meh | Anxious | pm: 9 Happy"
    symptom = next(r for r in records if isinstance(r, Observed) and "back" in r.variable.key)
    assert (symptom.variable.minimum, symptom.variable.maximum) == (0, 4)
    med = next(
        r for r in records if isinstance(r, Observed) and r.variable.key.endswith("ibuprofen")
    )
    assert med.variable.unit == "mg"
    notes = [record for record in records if isinstance(record, Noted)]
    assert notes == [
        Noted(day=date(2020, 9, 22), text="good evening", line=3),
        Noted(day=date(2020, 9, 22), text="Gratitudes: My sister called", kind="journal", line=14),
    ]
    assert Skipped(17, "Sleep: 25.1667 is outside 0–24 h") in records


def test_generation_b(tmp_path) -> None:
    records = read(write(tmp_path / "bearable.csv", GENERATION_B))
    found = values(records)
    day = "2024-03-01"
    assert found[("caffeine", day)] == found[("stress_tag", day)] == 1
    assert found[("period", day)] == 1
    assert found[("menstrual_flow", day)] == 3
    assert found[("period", "2024-03-02")] == 0
    assert found[("resting_heart_rate", day)] == 58
    assert found[("bearable_weight", day)] == 64.2
    assert found[("bearable_water", day)] == 3
    assert found[("bearable_focus", day)] == 7
    assert found[("bearable_symptom_headache", day)] == 4  # from the word: Unbearable
    assert Skipped(9, "Symptom: 9 is outside 0–4") in records
    caffeine = next(r for r in records if isinstance(r, Observed) and r.variable.key == "caffeine")
    assert caffeine.raw == "☕ Caffeine - Little"
    assert (
        Noted(
            day=date(2024, 3, 2),
            text="Extra notes: Slept badly after the party",
            kind="journal",
            line=11,
        )
        in records
    )


def test_small_parsers() -> None:
    assert parse_date("22nd Sep 2020", 1) == date(2020, 9, 22)
    assert parse_date("1st Mar 2024", 1) == date(2024, 3, 1)
    assert parse_date("2024-03-01", 1) == date(2024, 3, 1)
    with pytest.raises(InvalidEntry, match="not a real date"):
        parse_date("31st Feb 2024", 7)
    assert hours("9:45") == 9.75 and hours("7:60") is None and hours("late") is None
    assert name_and_label("Back (lower) pain (Moderate)") == ("Back (lower) pain", "Moderate")
    assert list_items("☕ Caffeine - Little | Self-care") == [
        ("Caffeine", "☕ Caffeine - Little"),
        ("Self-care", "Self-care"),
    ]


@pytest.mark.parametrize(
    ("content", "field", "words"),
    [
        ("date,category,rating\n", "line 1", "not a Bearable export"),
        (
            GENERATION_A.splitlines()[0] + '\n"32nd Sep 2020","x","am","Mood","6","",""\n',
            "line 2",
            "is not a real date",
        ),
        (
            GENERATION_A.splitlines()[0] + '\n"22nd Sep 2020","x","am","Mood"\n',
            "line 2",
            "has 4 fields where 7 are expected",
        ),
    ],
)
def test_malformed(tmp_path, content, field, words) -> None:
    with pytest.raises(InvalidEntry) as raised:
        read(write(tmp_path / "bad.csv", content))
    assert (raised.value.field, words in raised.value.message) == (field, True)


def test_cli_import_joins_existing_tags(cli, tmp_path) -> None:
    assert cli("checkin", "--date", "2020-09-22", "--tag", "Caffeine").exit_code == 0
    result = cli("import", "bearable", str(write(tmp_path / "b.csv", GENERATION_A)), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["days"] == 2
    assert report["written"]["observations"]["new"] == report["observations"]
    assert report["skipped_total"] == 1
    days = {day["date"]: day for day in json.loads(cli("history", "--json").stdout)["days"]}
    assert days["2020-09-22"]["tags"] == [
        "alcohol",
        "anxious",
        "caffeine",
        "eggs",
        "happy",
        "meh",
        "toast",
    ]
    assert days["2020-09-22"]["values"]["sleep_hours"] == 9.75
    assert days["2020-09-22"]["note"] == "good evening"


def test_numbers_too_large_to_add_up_do_not_stop_the_import(tmp_path) -> None:
    records = read(
        write(
            tmp_path / "bearable.csv",
            "date,date formatted,weekday,time of day,category,rating/amount,detail,notes\n"
            "1st Mar 2024,2024-03-01,Friday,am,Mood,1e308,,\n"
            "1st Mar 2024,2024-03-01,Friday,pm,Mood,1e308,,\n"
            "1st Mar 2024,2024-03-01,Friday,pm,Mood,inf,,\n"
            "1st Mar 2024,2024-03-01,Friday,am,Water,1e308,,\n"
            "1st Mar 2024,2024-03-01,Friday,pm,Water,1e308,,\n",
        )
    )
    assert Skipped(4, "Mood: 'inf' is not a number") in records
    assert (
        Skipped(5, "Water (Bearable): the day's values add up to more than a number can hold")
        in records
    )
    assert values(records) == {("bearable_mood", "2024-03-01"): 1e308}
