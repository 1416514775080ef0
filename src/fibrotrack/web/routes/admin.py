"""Administration of a shared server: invitations (registration is by invitation only)."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry
from fibrotrack.services.invitations import create_invitation, open_invitations, revoke_invitation
from fibrotrack.storage.models import Account
from fibrotrack.storage.types import utc_now
from fibrotrack.web.deps import AdminDep, CsrfForm, RowId, SessionDep
from fibrotrack.web.routes.pages import redirect_to, render
from fibrotrack.web.templating import absolute_url

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    session: Session,
    *,
    error: InvalidEntry | None = None,
    new_invitation: dict[str, str] | None = None,
) -> HTMLResponse:
    counts = dict(session.execute(select(Account.role, func.count()).group_by(Account.role)).all())
    return render(
        request,
        "admin.html",
        {
            "invitations": open_invitations(session, now=utc_now()),
            "counts": counts,
            "error": error,
            "new_invitation": new_invitation,
        },
    )


@router.get("/admin", name="admin")
def admin_page(request: Request, session: SessionDep, _admin: AdminDep) -> Response:
    return _page(request, session)


@router.post("/admin/invitations", name="create_invitation", dependencies=[CsrfForm])
def new_invitation(
    request: Request,
    session: SessionDep,
    admin: AdminDep,
    role: Annotated[str, Form()] = "person",
    note: Annotated[str, Form()] = "",
) -> Response:
    try:
        invitation, code = create_invitation(
            session, admin=admin, role=role, note=note, now=utc_now()
        )
    except InvalidEntry as error:
        session.rollback()
        return _page(request, session, error=error)
    session.commit()
    link = str(absolute_url(request, "register").include_query_params(code=code))
    return _page(
        request,
        session,
        new_invitation={"code": code, "link": link, "role": invitation.role},
    )


@router.post(
    "/admin/invitations/{invitation_id}/revoke",
    name="revoke_invitation",
    dependencies=[CsrfForm],
)
def end_invitation(
    request: Request, session: SessionDep, _admin: AdminDep, invitation_id: RowId
) -> Response:
    try:
        revoke_invitation(session, invitation_id=invitation_id, now=utc_now())
    except InvalidEntry as error:
        session.rollback()
        return _page(request, session, error=error)
    session.commit()
    return redirect_to(request, "admin")
