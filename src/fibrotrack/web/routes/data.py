"""Data: deleting everything (import and export arrive with the interop area)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from fibrotrack.diary import InvalidEntry
from fibrotrack.services.accounts import authenticate
from fibrotrack.services.erasure import delete_account_and_data
from fibrotrack.web.deps import SESSION_COOKIE, CsrfForm, SessionDep, SignedInDep
from fibrotrack.web.routes.pages import redirect_to, render

router = APIRouter(include_in_schema=False)
CONFIRMATION = "delete everything"


@router.get("/data", name="data")
def data_page(request: Request, account: SignedInDep) -> Response:
    return render(
        request, "data.html", {"account": account, "confirmation": CONFIRMATION, "error": None}
    )


@router.post("/data/delete", name="delete_data", dependencies=[CsrfForm])
def delete_data(
    request: Request,
    session: SessionDep,
    account: SignedInDep,
    confirm: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
) -> Response:
    """Delete the account and all its data, after the person typed the confirmation and their
    password (a borrowed, signed-in phone is not enough)."""
    error = None
    if confirm.strip().casefold() != CONFIRMATION:
        error = InvalidEntry("confirm", f"type “{CONFIRMATION}” to confirm")
    elif authenticate(session, username=account.username, password=password) is None:
        error = InvalidEntry("password", "is not your password")
    if error is not None:
        session.rollback()
        return render(
            request,
            "data.html",
            {"account": account, "confirmation": CONFIRMATION, "error": error},
            status_code=422,
        )
    delete_account_and_data(session, account=account)
    session.commit()
    request.state.account = None
    response = redirect_to(request, "home")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
