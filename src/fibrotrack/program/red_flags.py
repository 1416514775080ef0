"""Red flags: symptoms that need a doctor rather than a program.

Fibromyalgia does not cause fever, weight loss, swollen joints or new weakness. When one of these
appears, something else may be going on, and it needs a clinician's assessment before any
practice goes on. The list follows the usual red flags for musculoskeletal pain and the
assessment EULAR 2016 asks for (Macfarlane et al., Ann Rheum Dis 2017;76:318–328, overarching
principles); it is a product decision, not an exhaustive list.
"""

from dataclasses import dataclass
from enum import StrEnum

from fibrotrack.diary import InvalidEntry


class Urgency(StrEnum):
    EMERGENCY = "emergency"
    TODAY = "today"
    SOON = "soon"


ADVICE = {
    Urgency.EMERGENCY: (
        "Call your emergency number (112 in Europe, 999 in the UK, 911 in North America) "
        "or go to an emergency department now."
    ),
    Urgency.TODAY: "Contact your doctor or an urgent care service today.",
    Urgency.SOON: (
        "Book an appointment with your doctor within the next few days and mention this symptom."
    ),
}


@dataclass(frozen=True)
class RedFlag:
    id: str
    label: str
    why: str
    urgency: Urgency

    @property
    def advice(self) -> str:
        return ADVICE[self.urgency]


RED_FLAGS: tuple[RedFlag, ...] = (
    RedFlag(
        "self_harm",
        "Thoughts of ending your life or harming yourself",
        (
            "You deserve help right away: a crisis line is there day and night (988 in the US, "
            "Samaritans 116 123 in the UK and Ireland)."
        ),
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "chest_pain",
        "Chest pain, pressure or sudden breathlessness",
        "These can be signs of a heart or lung problem.",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "bladder_bowel",
        "Loss of bladder or bowel control, or numbness around the groin",
        "This can mean pressure on the nerves at the base of the spine.",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "sudden_headache",
        "A sudden, severe headache, or a headache with a stiff neck and fever",
        "This needs to be checked for bleeding or infection.",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "vision_loss",
        "Loss of vision or double vision, or jaw pain on chewing with a new headache over 50",
        "These can be signs of inflamed arteries, which can threaten sight.",
        Urgency.EMERGENCY,
    ),
    RedFlag(
        "fever",
        "Fever (38 °C / 100.4 °F or higher) or drenching night sweats",
        "Fibromyalgia does not cause fever; an infection or inflammation may.",
        Urgency.TODAY,
    ),
    RedFlag(
        "new_weakness_or_numbness",
        "New weakness, numbness or loss of feeling in a limb, or trouble walking",
        "This can come from a nerve or spinal problem rather than fibromyalgia.",
        Urgency.TODAY,
    ),
    RedFlag(
        "joint_swelling",
        "Swollen, hot or red joints",
        "Swelling points to arthritis or another inflammatory condition, not fibromyalgia.",
        Urgency.SOON,
    ),
    RedFlag(
        "weight_loss",
        "Weight loss you cannot explain",
        "Losing weight without trying needs to be looked into.",
        Urgency.SOON,
    ),
    RedFlag(
        "morning_stiffness",
        "Morning stiffness lasting more than an hour, with shoulder or hip girdle pain",
        "Long morning stiffness suggests an inflammatory condition that is treated differently.",
        Urgency.SOON,
    ),
    RedFlag(
        "rash",
        "A new rash, mouth ulcers or hair loss together with joint pain",
        "These together can be signs of an autoimmune condition such as lupus.",
        Urgency.SOON,
    ),
    RedFlag(
        "night_pain",
        "Pain that wakes you every night and does not ease with rest or changing position",
        "Constant pain at night is unusual for fibromyalgia and needs an assessment.",
        Urgency.SOON,
    ),
)


def red_flag(flag_id: str) -> RedFlag:
    """The red flag with ``flag_id``, or ``InvalidEntry('flag', ...)``."""
    for flag in RED_FLAGS:
        if flag.id == flag_id:
            return flag
    known = ", ".join(flag.id for flag in RED_FLAGS)
    raise InvalidEntry("flag", f"unknown red flag {flag_id!r}; known: {known}")
