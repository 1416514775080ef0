"""``/api/v1/variables``: what the person can record — the core variables and their own tags."""

from fastapi import APIRouter
from pydantic import BaseModel

from fibrotrack.storage.catalogue import variables_of
from fibrotrack.storage.models import Variable
from fibrotrack.web.deps import PersonDep, SessionDep

router = APIRouter(tags=["variables"])


class VariableOut(BaseModel):
    key: str
    label: str
    kind: str
    unit: str | None
    minimum: float | None
    maximum: float | None
    pillar: str | None
    category: str | None
    higher_is_worse: bool | None
    description: str
    own: bool


class VariablesOut(BaseModel):
    variables: list[VariableOut]


@router.get("/variables", response_model=VariablesOut)
def list_variables(session: SessionDep, person: PersonDep) -> VariablesOut:
    """Every variable the person can record, by key; ``own`` marks their tags and trackers."""
    return VariablesOut(
        variables=[
            VariableOut(
                key=row.key,
                label=row.label,
                kind=row.kind,
                unit=row.unit,
                minimum=row.minimum,
                maximum=row.maximum,
                pillar=row.pillar,
                category=row.category,
                higher_is_worse=row.higher_is_worse,
                description=row.description,
                own=row.person_id is not None,
            )
            for row in sorted(variables_of(session, person_id=person.id).values(), key=_order)
        ]
    )


def _order(row: Variable) -> tuple[bool, str]:
    return (row.person_id is not None, row.key)
