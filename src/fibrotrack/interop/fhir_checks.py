"""Checks of a FHIR R4 Bundle that the ``fhir.resources`` models do not make.

The models check structure, types and cardinality. They do not check that a code bound to a
required value set is in it (``status``, ``Bundle.type``, ``gender``), that a LOINC code is
well formed with the right check digit, that a UCUM unit is one fibrotrack writes, that every
reference points to an entry of the bundle, or that an Observation has exactly one value.
"""

import re
from collections.abc import Iterator, Mapping
from typing import Any

from fibrotrack.interop.fhir_codes import (
    LOINC,
    OBSERVATION_CATEGORY,
    UCUM,
    UCUM_UNITS,
    is_loinc_answer_code,
    is_loinc_code,
)

# Required bindings, FHIR R4 (hl7.org/fhir/R4/valueset-*.html).
BUNDLE_TYPES = {
    "document",
    "message",
    "transaction",
    "transaction-response",
    "batch",
    "batch-response",
    "history",
    "searchset",
    "collection",
}
OBSERVATION_STATUSES = {
    "registered",
    "preliminary",
    "final",
    "amended",
    "corrected",
    "cancelled",
    "entered-in-error",
    "unknown",
}
QUESTIONNAIRE_RESPONSE_STATUSES = {
    "in-progress",
    "completed",
    "amended",
    "entered-in-error",
    "stopped",
}
GENDERS = {"male", "female", "other", "unknown"}
OBSERVATION_CATEGORIES = {
    "social-history",
    "vital-signs",
    "imaging",
    "laboratory",
    "procedure",
    "survey",
    "exam",
    "therapy",
    "activity",
}
_DATE_TIME = re.compile(
    r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])"
    r"(T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00)))?)?)?$"
)


def _codings(element: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(element, Mapping):
        if "system" in element and "code" in element:
            yield element
        for value in element.values():
            yield from _codings(value)
    elif isinstance(element, list):
        for value in element:
            yield from _codings(value)


def _references(element: Any) -> Iterator[str]:
    if isinstance(element, Mapping):
        reference = element.get("reference")
        if isinstance(reference, str):
            yield reference
        for value in element.values():
            yield from _references(value)
    elif isinstance(element, list):
        for value in element:
            yield from _references(value)


def _value_keys(element: Mapping[str, Any]) -> list[str]:
    return [key for key in element if key.startswith("value") and not key.endswith("__ext")]


def _check_observation(resource: Mapping[str, Any], where: str) -> Iterator[str]:
    if resource.get("status") not in OBSERVATION_STATUSES:
        yield f"{where}: status {resource.get('status')!r} is not an observation status"
    values = _value_keys(resource)
    if len(values) + ("dataAbsentReason" in resource) != 1:
        yield f"{where}: needs exactly one value or a dataAbsentReason (obs-6)"
    for category in resource.get("category", []):
        for coding in category.get("coding", []):
            if coding.get("system") == OBSERVATION_CATEGORY and (
                coding.get("code") not in OBSERVATION_CATEGORIES
            ):
                yield f"{where}: category {coding.get('code')!r} is not an observation category"
    effective = resource.get("effectiveDateTime")
    if effective is not None and not _DATE_TIME.match(str(effective)):
        yield f"{where}: effectiveDateTime {effective!r} is not a FHIR dateTime"
    quantity = resource.get("valueQuantity")
    if isinstance(quantity, Mapping):
        if not isinstance(quantity.get("value"), int | float):
            yield f"{where}: valueQuantity has no numeric value"
        if quantity.get("system") == UCUM and quantity.get("code") not in UCUM_UNITS.values():
            yield f"{where}: UCUM unit {quantity.get('code')!r} is not one fibrotrack writes"


def _check_questionnaire_response(resource: Mapping[str, Any], where: str) -> Iterator[str]:
    if resource.get("status") not in QUESTIONNAIRE_RESPONSE_STATUSES:
        yield f"{where}: status {resource.get('status')!r} is not a questionnaire answers status"
    authored = resource.get("authored")
    if authored is not None and not _DATE_TIME.match(str(authored)):
        yield f"{where}: authored {authored!r} is not a FHIR dateTime"
    for index, item in enumerate(resource.get("item", [])):
        if not item.get("linkId"):
            yield f"{where}.item[{index}]: has no linkId"
        for answer in item.get("answer", []):
            if len(_value_keys(answer)) != 1:
                yield f"{where}.item[{index}]: an answer needs exactly one value"


def check_bundle(bundle: Mapping[str, Any]) -> list[str]:
    """Every problem found in ``bundle`` (a FHIR JSON document); empty when it passes."""
    problems: list[str] = []
    if bundle.get("resourceType") != "Bundle":
        return ["not a Bundle"]
    if bundle.get("type") not in BUNDLE_TYPES:
        problems.append(f"Bundle.type {bundle.get('type')!r} is not a bundle type")
    entries = bundle.get("entry", [])
    full_urls = [entry.get("fullUrl") for entry in entries]
    if len(set(full_urls)) != len(full_urls):
        problems.append("two entries share a fullUrl")
    known = set(full_urls)
    for index, entry in enumerate(entries):
        resource = entry.get("resource", {})
        kind = resource.get("resourceType")
        where = f"entry[{index}] ({kind})"
        for reference in _references(resource):
            if reference.startswith("urn:uuid:") and reference not in known:
                problems.append(f"{where}: reference {reference} is not in the bundle")
        for coding in _codings(resource):
            code = str(coding.get("code"))
            if coding.get("system") == LOINC and not (
                is_loinc_code(code) or is_loinc_answer_code(code)
            ):
                problems.append(f"{where}: {code!r} is not a valid LOINC code")
        if kind == "Observation":
            problems.extend(_check_observation(resource, where))
        elif kind == "QuestionnaireResponse":
            problems.extend(_check_questionnaire_response(resource, where))
        elif kind == "Patient":
            gender = resource.get("gender")
            if gender is not None and gender not in GENDERS:
                problems.append(f"{where}: gender {gender!r} is not an administrative gender")
    return problems
