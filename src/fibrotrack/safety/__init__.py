"""The safety pathway: crisis resources shown whenever PHQ-9 item 9 is above 0.

Pure: it reads only its own data file and the time zone table shipped with tzdata.
"""

from fibrotrack.safety.crisis import (
    CLINICIAN_NOTE,
    PERSON_FOLLOW_UP,
    PERSON_MESSAGE,
    CrisisResource,
    CrisisResources,
    countries_with_resources,
    country_of_timezone,
    crisis_resources,
    normalise_country,
)

SELF_HARM_FLAG = "self_harm"

__all__ = [
    "CLINICIAN_NOTE",
    "PERSON_FOLLOW_UP",
    "PERSON_MESSAGE",
    "SELF_HARM_FLAG",
    "CrisisResource",
    "CrisisResources",
    "countries_with_resources",
    "country_of_timezone",
    "crisis_resources",
    "normalise_country",
]
