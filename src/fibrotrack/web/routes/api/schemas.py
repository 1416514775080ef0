"""Shapes shared by the API modules."""

from typing import Any

from pydantic import BaseModel


class FieldError(BaseModel):
    field: str
    msg: str


class Invalid(BaseModel):
    """The body of a 422 answer."""

    detail: list[FieldError]


INVALID: dict[int | str, dict[str, Any]] = {
    422: {"model": Invalid, "description": "Bad input; nothing was written"}
}
