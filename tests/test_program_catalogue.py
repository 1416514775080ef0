"""The program catalogue: complete, honest about evidence, and checked when loaded."""

import re
import tomllib
from importlib.resources import files
from typing import Any

import pytest

from fibrotrack.diary import InvalidEntry, Pillar
from fibrotrack.program import CatalogueError, Evidence, catalogue, parse_catalogue
from fibrotrack.program.catalogue import sentence_count

# The practices the recovery-program issue names, by pillar.
NAMED_PRACTICES = {
    Pillar.NERVOUS_SYSTEM: {
        "graded_exposure",
        "mindfulness",
        "pain_education",
        "somatic_tracking",
        "slow_breathing",
    },
    Pillar.MOVEMENT: {
        "walking",
        "swimming",
        "stretching",
        "strengthening",
        "tai_chi",
        "qigong",
        "restorative_yoga",
        "aquatic_exercise",
    },
    Pillar.GUT: {"elimination_reintroduction", "anti_inflammatory_diet"},
    Pillar.HORMONES: {"lab_review", "supplements_with_clinician"},
    Pillar.EMOTIONAL: {"cbt", "emdr", "somatic_therapy", "journaling"},
    Pillar.SLEEP: {
        "sleep_hygiene",
        "cbt_i",
        "consistent_wake_time",
        "cold_exposure",
        "vagus_nerve_stimulation",
    },
    Pillar.ENVIRONMENT: {
        "noise_light_reduction",
        "time_in_nature",
        "less_screen_time",
        "simpler_routines",
    },
    Pillar.STORIES: {"milestones", "recovery_journal"},
}


def _raw() -> dict[str, Any]:
    text = (files("fibrotrack.program") / "catalogue.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def test_every_pillar_has_practices_and_a_title() -> None:
    shown = catalogue()
    assert [info.pillar for info in shown.pillars] == list(Pillar)
    for pillar in Pillar:
        assert shown.in_pillar(pillar), pillar
        assert shown.pillar_info(pillar).title


# The pillars of DESIGN.md's program table, in its words, and the catalogue pillar of each.
DESIGN_PILLARS = {
    'What "reversal" means': Pillar.SYMPTOMS,
    "Neuroplasticity, central sensitization": Pillar.NERVOUS_SYSTEM,
    "Gut health, inflammation": Pillar.GUT,
    "Hormonal balance": Pillar.HORMONES,
    "Trauma, emotional recovery": Pillar.EMOTIONAL,
    "Sleep, nervous system": Pillar.SLEEP,
    "Recovery stories": Pillar.STORIES,
    "Movement": Pillar.MOVEMENT,
    "Environment, lifestyle": Pillar.ENVIRONMENT,
}


@pytest.mark.parametrize("name", list(DESIGN_PILLARS))
def test_every_design_pillar_has_practices(name: str) -> None:
    assert catalogue().in_pillar(DESIGN_PILLARS[name]), name


@pytest.mark.parametrize("pillar", list(NAMED_PRACTICES))
def test_every_practice_the_program_names_is_in_its_pillar(pillar: Pillar) -> None:
    ids = {practice.id for practice in catalogue().in_pillar(pillar)}
    assert NAMED_PRACTICES[pillar] <= ids


def test_every_practice_has_a_grade_a_source_a_dose_safety_and_two_sentences() -> None:
    practices = catalogue().practices
    assert len({p.id for p in practices}) == len(practices)
    for practice in practices:
        assert isinstance(practice.evidence, Evidence)
        assert len(practice.source) > 10, practice.id
        assert practice.evidence_note and practice.dose and practice.safety
        assert sentence_count(practice.summary) == 2, practice.id


def test_only_exercise_is_strong_for_as_in_eular_2016() -> None:
    strong = {p.id for p in catalogue().practices if p.evidence is Evidence.STRONG_FOR}
    assert strong == {"walking", "swimming", "strengthening"}
    for practice_id in strong:
        assert "EULAR" in catalogue().practice(practice_id).evidence_note


def test_the_catalogue_never_overstates_the_disputed_claims() -> None:
    shown = catalogue()
    detox = shown.practice("detox")
    assert detox.evidence is Evidence.NO_TRIALS
    ldn = shown.practice("low_dose_naltrexone")
    assert ldn.evidence is Evidence.TRIALS_MIXED
    assert (
        "main trial failed" in ldn.evidence_note and "not better than placebo" in ldn.evidence_note
    )
    vitamin_d = shown.practice("vitamin_d")
    assert vitamin_d.evidence is Evidence.TRIALS_MIXED
    assert (
        "FIQ improved" in vitamin_d.evidence_note
        and "pain did not differ" in vitamin_d.evidence_note
    )
    assert shown.practice("vagus_nerve_stimulation").evidence is Evidence.NO_TRIALS
    cold = shown.practice("cold_exposure")
    assert cold.evidence is Evidence.TRIALS_MIXED and "unblinded" in cold.evidence_note
    for practice_id in ("tai_chi", "qigong", "restorative_yoga", "mindfulness", "cbt"):
        assert shown.practice(practice_id).evidence is Evidence.WEAK_FOR


def test_no_practice_claims_a_cure() -> None:
    for practice in catalogue().practices:
        text = " ".join([practice.summary, practice.dose, practice.evidence_note]).lower()
        assert not re.search(r"\bcures?\b|\breverses?\b", text), practice.id


def test_an_unknown_practice_names_the_field() -> None:
    with pytest.raises(InvalidEntry) as raised:
        catalogue().practice("reiki")
    assert raised.value.field == "practice"


def test_a_duplicate_id_is_rejected() -> None:
    data = _raw()
    data["practice"].append(dict(data["practice"][0]))
    with pytest.raises(CatalogueError, match="appears twice"):
        parse_catalogue(data)


def test_a_practice_without_a_source_or_with_an_unknown_grade_is_rejected() -> None:
    data = _raw()
    del data["practice"][3]["source"]
    with pytest.raises(CatalogueError, match="source"):
        parse_catalogue(data)
    data = _raw()
    data["practice"][3]["evidence"] = "promising"
    with pytest.raises(CatalogueError, match="evidence 'promising' is not one of"):
        parse_catalogue(data)


def test_a_pillar_without_practices_is_rejected() -> None:
    data = _raw()
    data["practice"] = [p for p in data["practice"] if p["pillar"] != "stories"]
    with pytest.raises(CatalogueError, match="pillars without practices: stories"):
        parse_catalogue(data)


def test_a_summary_must_be_two_sentences() -> None:
    data = _raw()
    data["practice"][0]["summary"] = "Just one sentence."
    with pytest.raises(CatalogueError, match="two plain sentences"):
        parse_catalogue(data)
