"""The variable catalogue in the database: built-in core variables and a person's own."""

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from fibrotrack.diary import CORE_VARIABLES, VariableDefinition
from fibrotrack.storage.models import Variable


def _apply(row: Variable, definition: VariableDefinition) -> None:
    row.label = definition.label
    row.kind = definition.kind.value
    row.unit = definition.unit
    row.pillar = definition.pillar.value if definition.pillar else None
    row.category = definition.category.value if definition.category else None
    row.minimum = definition.minimum
    row.maximum = definition.maximum
    row.higher_is_worse = definition.higher_is_worse
    row.description = definition.description


def sync_core_variables(session: Session) -> None:
    """Insert or update the built-in variables (those without a person)."""
    existing = {
        row.key: row
        for row in session.scalars(select(Variable).where(Variable.person_id.is_(None)))
    }
    for definition in CORE_VARIABLES:
        row = existing.get(definition.key)
        if row is None:
            row = Variable(key=definition.key, person_id=None)
            session.add(row)
        _apply(row, definition)


def variables_of(session: Session, *, person_id: int) -> dict[str, Variable]:
    """Every variable a person can record, by key: the built-in ones and their own."""
    rows = session.scalars(
        select(Variable).where(or_(Variable.person_id.is_(None), Variable.person_id == person_id))
    )
    by_key: dict[str, Variable] = {}
    for row in rows:
        if row.person_id is not None or row.key not in by_key:
            by_key[row.key] = row
    return by_key


def ensure_person_variable(
    session: Session, *, person_id: int, definition: VariableDefinition
) -> Variable:
    """The person's variable with ``definition.key``, created from ``definition`` if new."""
    row = session.scalars(
        select(Variable).where(Variable.person_id == person_id, Variable.key == definition.key)
    ).one_or_none()
    if row is None:
        row = Variable(key=definition.key, person_id=person_id)
        _apply(row, definition)
        session.add(row)
        session.flush()
    return row


def definition_of(row: Variable) -> VariableDefinition:
    """The pure definition of a stored variable, for validation and analysis."""
    from fibrotrack.diary import Pillar, TagCategory, VariableKind

    return VariableDefinition(
        key=row.key,
        label=row.label,
        kind=VariableKind(row.kind),
        pillar=Pillar(row.pillar) if row.pillar else None,
        unit=row.unit,
        minimum=row.minimum,
        maximum=row.maximum,
        higher_is_worse=row.higher_is_worse,
        description=row.description,
        category=TagCategory(row.category) if row.category else None,
    )
