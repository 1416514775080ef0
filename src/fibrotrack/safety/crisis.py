"""Crisis resources for the PHQ-9 safety pathway: whenever item 9 is 1 or more, fibrotrack
shows them at once, whatever the total, and records that it did.

The resources are a data file (``crisis_resources.json``) keyed by ISO 3166 country code, with
an international default (the local emergency number and the findahelpline.com directory) for
any country without an entry. The country is the one configured, else the country of the
person's time zone, else none.
"""

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from fibrotrack.diary import InvalidEntry

PERSON_MESSAGE = (
    "You answered that you have had thoughts that you would be better off dead, or of hurting "
    "yourself. Thank you for answering honestly. You do not have to face this alone: please "
    "reach out now to someone who can help. If you might act on these thoughts, call your "
    "emergency number now."
)
PERSON_FOLLOW_UP = (
    "Please also tell your doctor or therapist about this answer, and someone you trust."
)
CLINICIAN_NOTE = (
    "PHQ-9 item 9 is positive: follow up with a structured suicide risk assessment. A positive "
    "item 9 does not by itself mean imminent risk, and a low total does not make it safe to "
    "ignore."
)


@dataclass(frozen=True)
class CrisisResource:
    name: str
    contact: str
    when: str


@dataclass(frozen=True)
class CrisisResources:
    """The resources for one country (``country`` None: the international default)."""

    country: str | None
    name: str
    resources: tuple[CrisisResource, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "name": self.name,
            "resources": [
                {"name": r.name, "contact": r.contact, "when": r.when} for r in self.resources
            ],
        }


@cache
def _data() -> dict[str, Any]:
    text = files("fibrotrack.safety").joinpath("crisis_resources.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _resources(country: str | None, entry: dict[str, Any]) -> CrisisResources:
    return CrisisResources(
        country=country,
        name=str(entry["name"]),
        resources=tuple(
            CrisisResource(str(r["name"]), str(r["contact"]), str(r["when"]))
            for r in entry["resources"]
        ),
    )


def normalise_country(country: str) -> str:
    """An ISO 3166 alpha-2 code in capitals, or ``InvalidEntry('country', ...)``."""
    code = country.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise InvalidEntry("country", f"{country!r} is not a two-letter country code (e.g. GB)")
    return code


def crisis_resources(country: str | None) -> CrisisResources:
    """The resources for ``country`` (ISO code), or the international default."""
    data = _data()
    if country is not None:
        code = normalise_country(country)
        entry = data["countries"].get(code)
        if entry is not None:
            return _resources(code, entry)
    return _resources(None, data["international"])


def countries_with_resources() -> list[str]:
    return sorted(_data()["countries"])


@cache
def _zone_countries() -> dict[str, str]:
    text = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    countries = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            countries[fields[2]] = fields[0]
    return countries


def country_of_timezone(timezone: str) -> str | None:
    """The country of an IANA time zone (``Europe/London`` → ``GB``), None for ``UTC`` and
    other zones of no country."""
    return _zone_countries().get(timezone)
