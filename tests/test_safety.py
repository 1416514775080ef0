"""The crisis-resources data: every entry usable, the international default always there."""

import pytest

from fibrotrack.diary import InvalidEntry
from fibrotrack.safety import (
    countries_with_resources,
    country_of_timezone,
    crisis_resources,
    normalise_country,
)


@pytest.mark.parametrize("country", countries_with_resources())
def test_every_country_lists_its_emergency_number_and_a_helpline(country: str) -> None:
    resources = crisis_resources(country)
    assert resources.country == country and len(country) == 2 and country.isupper()
    assert len(resources.resources) >= 2
    assert all(r.name and r.contact and r.when for r in resources.resources)
    assert any(char.isdigit() for char in resources.resources[0].contact)


def test_the_international_default_points_to_local_emergency_and_a_directory() -> None:
    default = crisis_resources(None)
    assert default.country is None
    contacts = " ".join(r.contact for r in default.resources)
    assert "emergency number" in contacts and "findahelpline.com" in contacts
    assert crisis_resources("JP") == default  # no entry: the international default


def test_well_known_numbers() -> None:
    def contacts(country: str) -> str:
        return " ".join(r.contact for r in crisis_resources(country).resources)

    assert "116 123" in contacts("GB") and "116 123" in contacts("IE")
    assert "988" in contacts("US") and "988" in contacts("CA")
    assert "13 11 14" in contacts("AU")


def test_the_country_of_a_time_zone() -> None:
    assert country_of_timezone("Europe/London") == "GB"
    assert country_of_timezone("America/Toronto") == "CA"
    assert country_of_timezone("UTC") is None


@pytest.mark.parametrize("text", ["GBR", "", "1A", "éé"])
def test_a_country_code_must_be_two_letters(text: str) -> None:
    with pytest.raises(InvalidEntry) as raised:
        normalise_country(text)
    assert raised.value.field == "country"
    assert normalise_country(" gb ") == "GB"
