"""What the PHQ-9 and the GAD-7 share: the "over the last 2 weeks" answer scale (LOINC answer
list LL358-3) and Pfizer's free-use statement."""

from fibrotrack.instruments.definition import LOINC, Code, Option

FREQUENCY_OPTIONS = (
    Option(0, "Not at all", Code(LOINC, "LA6568-5", "Not at all")),
    Option(1, "Several days", Code(LOINC, "LA6569-3", "Several days")),
    Option(2, "More than half the days", Code(LOINC, "LA6570-1", "More than half the days")),
    Option(3, "Nearly every day", Code(LOINC, "LA6571-9", "Nearly every day")),
)

PFIZER_LICENCE = (
    "Copyright © Pfizer Inc. Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt "
    "Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required "
    "to reproduce, translate, display or distribute."
)
