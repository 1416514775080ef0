"""FHIR R4 export: a Bundle (type ``collection``) with the Patient, an Observation per
recorded value, and a QuestionnaireResponse (plus an Observation of its total score) per
questionnaire answered.

Daily pain is LOINC 72514-3; other variables with a LOINC code use it (see
:mod:`fibrotrack.interop.fhir_codes`), the rest are coded with their fibrotrack key. Ratings,
tags and counts are ``valueInteger``; measurements are ``valueQuantity`` in UCUM where the
unit has a UCUM code. Questionnaires are rendered from their definition in
:mod:`fibrotrack.instruments`: items in order with their text, LOINC panel, item and answer
codes where the instrument has them (PHQ-9 44249-1, total 44261-6; GAD-7 69737-5, total
70274-6), and the total score. Every resource is built and validated with
the ``fhir.resources`` R4B models, and the bundle is checked against the value sets they do
not check (:mod:`fibrotrack.interop.fhir_checks`) before anything is written.
"""

import json
import uuid
from collections.abc import Mapping
from typing import Any, BinaryIO

from fibrotrack import instruments
from fibrotrack.diary import CORE_VARIABLES
from fibrotrack.instruments import Instrument, Item, ItemKind
from fibrotrack.interop.fhir_checks import check_bundle
from fibrotrack.interop.fhir_codes import (
    FIBROTRACK_QUESTIONNAIRES,
    FIBROTRACK_VARIABLES,
    LOINC,
    OBSERVATION_CATEGORY,
    UCUM,
    UCUM_UNITS,
    variable_code,
)
from fibrotrack.interop.registry import Exporter, register_exporter
from fibrotrack.interop.snapshot import PortableRow, Snapshot

NAMESPACE = uuid.UUID("1f0c7a6e-5d1b-4f7e-9a55-2b8e6f3c9d10")
ACTIVITY = {"steps", "sleep_hours", "activity_minutes"}
WHOLE_KINDS = {"scale", "tag", "count"}


def _full_url(*parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, '|'.join(str(part) for part in parts))}"


def _category(code: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code}]}]


def _variables(snapshot: Snapshot) -> dict[str, Mapping[str, Any]]:
    known: dict[str, Mapping[str, Any]] = {
        variable.key: {
            "key": variable.key,
            "label": variable.label,
            "kind": variable.kind.value,
            "unit": variable.unit,
        }
        for variable in CORE_VARIABLES
    }
    for row in snapshot.rows("variables"):
        known[str(row["key"])] = row
    return known


def _value(variable: Mapping[str, Any], value: float) -> dict[str, Any]:
    if variable.get("kind") in WHOLE_KINDS and float(value).is_integer():
        return {"valueInteger": int(value)}
    unit = variable.get("unit")
    quantity: dict[str, Any] = {"value": value}
    if unit:
        quantity["unit"] = unit
        if unit in UCUM_UNITS:
            quantity.update(system=UCUM, code=UCUM_UNITS[unit])
    return {"valueQuantity": quantity}


def _observation(
    row: PortableRow, variable: Mapping[str, Any], patient: str
) -> dict[str, Any] | None:
    if row["value"] is None:
        return None
    key = str(row["variable"])
    code = variable_code(key)
    codings = [{"system": FIBROTRACK_VARIABLES, "code": key, "display": variable.get("label")}]
    if code is not None:
        codings.insert(0, {"system": LOINC, "code": code.code, "display": code.display})
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": codings, "text": variable.get("label") or key},
        "subject": {"reference": patient},
        "effectiveDateTime": row["day"],
        **_value(variable, row["value"]),
    }
    if key in ACTIVITY:
        resource["category"] = _category("activity")
    elif variable.get("kind") in {"scale", "tag"}:
        resource["category"] = _category("survey")
    if row.get("recorded_at"):
        resource["issued"] = row["recorded_at"]
    note = f"Source: {row['source']}"
    if row.get("raw_value") is not None:
        note += f"; as recorded: {row['raw_value']}"
    resource["note"] = [{"text": note}]
    return resource


def _known_instrument(name: str) -> Instrument | None:
    try:
        return instruments.get(name)
    except instruments.UnknownInstrument:
        return None


def _answers(item: Item | None, value: Any, instrument: str) -> list[dict[str, Any]]:
    """The FHIR answers to one item: LOINC answer codes where the instrument has them."""
    if item is not None and item.kind == ItemKind.MULTIPLE and isinstance(value, list):
        system = f"{FIBROTRACK_QUESTIONNAIRES}:{instrument}:{item.id}"
        return [
            {
                "valueCoding": {
                    "system": system,
                    "code": str(choice),
                    "display": item.option(choice).label,
                }
            }
            for choice in value
        ]
    if item is not None and item.kind == ItemKind.CHOICE and isinstance(value, int):
        option = item.option(value)
        if option.code is not None:
            code = option.code
            return [
                {"valueCoding": {"system": code.system, "code": code.code, "display": code.display}}
            ]
    if isinstance(value, bool):
        return [{"valueBoolean": value}]
    if isinstance(value, int):
        return [{"valueInteger": value}]
    if isinstance(value, float):
        return [{"valueDecimal": value}]
    return [{"valueString": value if isinstance(value, str) else json.dumps(value)}]


def _score_value(total: float) -> dict[str, Any]:
    if float(total).is_integer():
        return {"valueInteger": int(total)}
    return {"valueQuantity": {"value": float(total)}}


def _questionnaire(row: PortableRow, patient: str, index: int) -> list[tuple[str, dict[str, Any]]]:
    """The QuestionnaireResponse of a stored response, and an Observation of its total."""
    name = str(row["instrument"])
    instrument = _known_instrument(name)
    response_url = _full_url("questionnaire", name, row["day"], row["taken_at"], index)
    answers = row.get("answers") or {}
    order = [item.id for item in instrument.items] if instrument is not None else []
    items = []
    for key in sorted(
        answers,
        key=lambda key: (key not in order, order.index(key) if key in order else 0, str(key)),
    ):
        value = answers[key]
        if value is None:
            continue
        item = instrument.items_by_id.get(str(key)) if instrument is not None else None
        items.append(
            {
                "linkId": item.code.code if item is not None and item.code else str(key),
                "text": item.text if item is not None else str(key),
                "answer": _answers(item, value, name),
            }
        )
    total = (row.get("scores") or {}).get("total")
    total_code = instrument.total_code if instrument is not None else None
    total_coding = (
        {"system": total_code.system, "code": total_code.code, "display": total_code.display}
        if total_code is not None
        else {"system": FIBROTRACK_QUESTIONNAIRES, "code": f"{name}:total"}
    )
    if isinstance(total, int | float) and not isinstance(total, bool):
        answer = _score_value(total)
        if "valueQuantity" in answer:
            answer = {"valueDecimal": float(total)}
        items.append({"linkId": total_coding["code"], "text": "Total score", "answer": [answer]})
    panel = next(
        (
            code
            for code in (instrument.codes if instrument is not None else ())
            if code.system == LOINC
        ),
        None,
    )
    canonical = (
        f"{LOINC}/q/{panel.code}" if panel is not None else f"{FIBROTRACK_QUESTIONNAIRES}:{name}"
    )
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "questionnaire": f"{canonical}|{row['instrument_version']}",
        "subject": {"reference": patient},
        "authored": row["taken_at"],
        "item": items,
    }
    resources = [(response_url, response)]
    if isinstance(total, int | float) and not isinstance(total, bool):
        score: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "category": _category("survey"),
            "code": {"coding": [total_coding], "text": f"{name} total score"},
            "subject": {"reference": patient},
            "effectiveDateTime": row["day"],
            "derivedFrom": [{"reference": response_url}],
            **_score_value(total),
        }
        resources.append((_full_url("score", response_url), score))
    return resources


def bundle_document(snapshot: Snapshot) -> dict[str, Any]:
    """The FHIR Bundle of ``snapshot`` as JSON values, validated and checked."""
    patient_url = _full_url("patient", snapshot.created_at, snapshot.name)
    patient: dict[str, Any] = {"resourceType": "Patient", "active": True}
    if snapshot.name:
        patient["name"] = [{"text": snapshot.name}]
    entries = [{"fullUrl": patient_url, "resource": patient}]
    variables = _variables(snapshot)
    for row in snapshot.rows("observations"):
        key = str(row["variable"])
        resource = _observation(row, variables.get(key, {"label": key}), patient_url)
        if resource is not None:
            url = _full_url("observation", key, row["day"], row["source"])
            entries.append({"fullUrl": url, "resource": resource})
    for index, row in enumerate(snapshot.rows("questionnaire_responses")):
        for url, resource in _questionnaire(row, patient_url, index):
            entries.append({"fullUrl": url, "resource": resource})
    document = {"resourceType": "Bundle", "type": "collection", "entry": entries}
    from fhir.resources.R4B.bundle import Bundle  # imported here: 0.3 s, for FHIR exports only

    validated = Bundle.model_validate(document)
    checked: dict[str, Any] = json.loads(validated.model_dump_json(exclude_none=True))
    problems = check_bundle(checked)
    if problems:
        raise ValueError("the FHIR bundle fails its checks: " + "; ".join(problems[:5]))
    return checked


def write_fhir(snapshot: Snapshot, out: BinaryIO) -> None:
    document = bundle_document(snapshot)
    out.write(json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")


FHIR = register_exporter(
    Exporter(
        name="fhir",
        label="FHIR R4 Bundle (JSON)",
        suffix=".json",
        media_type="application/fhir+json",
        write=write_fhir,
        summary="For clinical systems: the Patient, every daily value as an Observation and "
        "questionnaires as QuestionnaireResponses with LOINC codes.",
    )
)
