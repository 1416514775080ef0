"""The FHIR R4 export: valid for the fhir.resources R4B models and for the value-set checks
the models do not make, with LOINC codes where they exist."""

import copy
import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from fibrotrack import instruments
from fibrotrack.interop.fhir_checks import check_bundle
from fibrotrack.interop.fhir_codes import VARIABLES, is_loinc_code, variable_code
from test_interop_json import seed

LOINC = "http://loinc.org"


@pytest.fixture
def bundle(cli, tmp_path) -> dict:
    seed(cli.url)
    path = tmp_path / "fhir.json"
    result = cli("export", "fhir", "-o", str(path))
    assert result.exit_code == 0, result.output
    return json.loads(path.read_text())


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def codes(resource: dict) -> set[tuple[str, str]]:
    return {(c["system"], c["code"]) for c in resource["code"]["coding"]}


def test_the_bundle_is_valid(bundle) -> None:
    assert Bundle.model_validate(bundle).type == "collection"
    assert check_bundle(bundle) == []
    (patient,) = resources(bundle, "Patient")
    assert patient["name"] == [{"text": "Zoë"}]


def test_daily_pain_is_loinc_72514_3(bundle) -> None:
    pain = [o for o in resources(bundle, "Observation") if (LOINC, "72514-3") in codes(o)]
    assert sorted(o.get("valueInteger", o.get("valueQuantity", {}).get("value")) for o in pain) == [
        2.5,
        6,
    ]
    checkin = next(o for o in pain if "valueInteger" in o)
    assert checkin["effectiveDateTime"] == "2025-05-05"
    assert checkin["category"][0]["coding"][0]["code"] == "survey"
    assert checkin["note"] == [{"text": "Source: checkin"}]
    visible = next(o for o in pain if "valueQuantity" in o)
    assert visible["note"] == [{"text": "Source: visible; as recorded: 2 "}]
    crash = next(
        o
        for o in resources(bundle, "Observation")
        if ("urn:fibrotrack:variable", "visible_crash") in codes(o)
    )
    assert crash["valueInteger"] == 0


def test_phq9_response_with_its_loinc_codes(bundle) -> None:
    (response,) = resources(bundle, "QuestionnaireResponse")
    assert response["questionnaire"] == "http://loinc.org/q/44249-1|1"
    assert response["status"] == "completed"
    links = [item["linkId"] for item in response["item"]]
    assert links == [
        "44250-9",
        "44255-8",
        "44259-0",
        "44254-1",
        "44251-7",
        "44258-2",
        "44252-5",
        "44253-3",
        "44260-8",
        "44261-6",
    ]
    assert response["item"][0]["text"] == instruments.get("phq9").item("q1").text
    first = response["item"][0]["answer"][0]["valueCoding"]
    assert (first["system"], first["code"], first["display"]) == (LOINC, "LA6569-3", "Several days")
    assert response["item"][-1]["answer"] == [{"valueInteger": 13}]
    total = next(o for o in resources(bundle, "Observation") if (LOINC, "44261-6") in codes(o))
    assert total["valueInteger"] == 13
    url = next(
        e["fullUrl"]
        for e in bundle["entry"]
        if e["resource"] is not None
        and e["resource"].get("resourceType") == "QuestionnaireResponse"
    )
    assert total["derivedFrom"] == [{"reference": url}]


def test_every_loinc_code_has_its_check_digit() -> None:
    listed = [code.code for code in VARIABLES.values()]
    for definition in instruments.instruments():
        codes_of = [*definition.codes, definition.total_code]
        codes_of += [item.code for item in definition.items]
        listed += [code.code for code in codes_of if code is not None and code.system == LOINC]
    assert "44249-1" in listed and "70274-6" in listed
    assert all(is_loinc_code(code) for code in listed)
    assert variable_code("pain").code == "72514-3"  # from the daily_pain instrument
    assert not is_loinc_code("72514-4") and not is_loinc_code("7251A-3")


def damage(bundle: dict, how: str) -> dict:
    damaged = copy.deepcopy(bundle)
    observation = next(
        e["resource"] for e in damaged["entry"] if e["resource"]["resourceType"] == "Observation"
    )
    response = next(
        e["resource"]
        for e in damaged["entry"]
        if e["resource"]["resourceType"] == "QuestionnaireResponse"
    )
    if how == "status":
        observation["status"] = "done"
    elif how == "check digit":
        observation["code"]["coding"][0] = {"system": LOINC, "code": "72514-4"}
    elif how == "reference":
        observation["subject"]["reference"] = "urn:uuid:00000000-0000-0000-0000-000000000000"
    elif how == "bundle type":
        damaged["type"] = "bag"
    elif how == "category":
        observation["category"] = [
            {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                        "code": "feelings",
                    }
                ]
            }
        ]
    elif how == "response status":
        response["status"] = "finished"
    elif how == "unit":
        observation.pop("valueInteger", None)
        observation["valueQuantity"] = {
            "value": 3,
            "system": "http://unitsofmeasure.org",
            "code": "furlongs",
        }
    elif how == "gender":
        next(e["resource"] for e in damaged["entry"] if e["resource"]["resourceType"] == "Patient")[
            "gender"
        ] = "m"
    return damaged


@pytest.mark.parametrize(
    ("how", "words"),
    [
        ("status", "is not an observation status"),
        ("check digit", "'72514-4' is not a valid LOINC code"),
        ("reference", "is not in the bundle"),
        ("bundle type", "is not a bundle type"),
        ("category", "is not an observation category"),
        ("response status", "is not a questionnaire answers status"),
        ("unit", "'furlongs' is not one fibrotrack writes"),
        ("gender", "is not an administrative gender"),
    ],
)
def test_the_checks_catch_what_the_models_let_through(bundle, how, words) -> None:
    damaged = damage(bundle, how)
    Bundle.model_validate(damaged)  # the library accepts it
    problems = check_bundle(damaged)
    assert len(problems) == 1 and words in problems[0]


def test_instruments_without_loinc_codes(cli, tmp_path) -> None:
    from datetime import UTC, date, datetime

    from fibrotrack.instruments import checked_answers, score
    from fibrotrack.storage import open_database
    from fibrotrack.storage.models import Person, QuestionnaireResponse

    fiqr = checked_answers("fiqr", {item.id: 5 for item in instruments.get("fiqr").items})
    acr = checked_answers(
        "acr2016",
        {
            "areas": ("jaw_left", "shoulder_left"),
            "fatigue": 2,
            "unrefreshed": 1,
            "cognitive": 0,
            "headache": True,
            "abdominal": False,
            "depression": False,
            "duration_3mo": True,
        },
    )
    database = open_database(cli.url)
    database.upgrade()
    with database.session() as session:
        person = Person(name=None, timezone="UTC")
        session.add(person)
        session.flush()
        for name, answers in (("fiqr", fiqr), ("acr2016", acr)):
            session.add(
                QuestionnaireResponse(
                    person_id=person.id,
                    instrument=name,
                    instrument_version=instruments.get(name).version,
                    day=date(2025, 3, 1),
                    taken_at=datetime(2025, 3, 1, 9, tzinfo=UTC),
                    answers={
                        key: list(value) if isinstance(value, tuple) else value
                        for key, value in answers.items()
                    },
                    scores=score(name, answers).as_dict(),
                )
            )
    database.dispose()
    path = tmp_path / "fhir.json"
    assert cli("export", "fhir", "-o", str(path)).exit_code == 0
    bundle = json.loads(path.read_text())
    assert check_bundle(bundle) == []
    responses = {
        r["questionnaire"].split("|")[0]: r for r in resources(bundle, "QuestionnaireResponse")
    }
    fiqr_response = responses["urn:fibrotrack:questionnaire:fiqr"]
    assert [item["linkId"] for item in fiqr_response["item"]][:2] == ["f1", "f2"]
    assert fiqr_response["item"][-1] == {
        "linkId": "fiqr:total",
        "text": "Total score",
        "answer": [{"valueInteger": 50}],
    }
    total = next(
        o
        for o in resources(bundle, "Observation")
        if ("urn:fibrotrack:questionnaire", "fiqr:total") in codes(o)
    )
    assert total["valueInteger"] == 50
    areas = next(
        i
        for i in responses["urn:fibrotrack:questionnaire:acr2016"]["item"]
        if i["linkId"] == "areas"
    )
    assert [answer["valueCoding"]["code"] for answer in areas["answer"]] == [
        "jaw_left",
        "shoulder_left",
    ]
    headache = next(
        i
        for i in responses["urn:fibrotrack:questionnaire:acr2016"]["item"]
        if i["linkId"] == "headache"
    )
    assert headache["answer"] == [{"valueBoolean": True}]
