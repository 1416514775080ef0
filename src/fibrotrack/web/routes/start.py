"""First run, registration by invitation, sign in and sign out."""

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fibrotrack.diary import InvalidEntry, known_timezones, zone
from fibrotrack.services.accounts import (
    CLINICIAN,
    authenticate,
    create_owner,
    end_login_session,
    has_accounts,
    start_login_session,
)
from fibrotrack.services.invitations import invitation_for_code, register
from fibrotrack.services.login_limits import record_attempt, retry_after
from fibrotrack.services.preferences import preferences_of
from fibrotrack.storage.models import Account
from fibrotrack.storage.types import utc_now
from fibrotrack.web.deps import SESSION_COOKIE, AccountDep, CsrfForm, SessionDep
from fibrotrack.web.routes.pages import remember_theme, render
from fibrotrack.web.signed_out import NEXT, NOT_SAVED, page_path
from fibrotrack.web.templating import path_for

router = APIRouter(include_in_schema=False)
SESSION_MAX_AGE = 180 * 24 * 3600


def _landing(request: Request, account: Account) -> str:
    return str(path_for(request, "clinician_home" if account.role == CLINICIAN else "today"))


def _signed_in(
    request: Request,
    session: SessionDep,
    account: Account,
    token: str,
    *,
    landing: str | None = None,
) -> RedirectResponse:
    response = RedirectResponse(landing or _landing(request, account), status_code=303)
    if account.person_id is not None:
        remember_theme(
            request, response, preferences_of(session, person_id=account.person_id).theme
        )
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.cookies_secure,
        path="/",
    )
    return response


@router.get("/", name="home")
def home(request: Request, session: SessionDep, account: AccountDep) -> Response:
    if request.app.state.demo:
        return RedirectResponse(str(path_for(request, "today")), status_code=303)
    if account is not None:
        return RedirectResponse(_landing(request, account), status_code=303)
    if not has_accounts(session):
        return RedirectResponse(str(path_for(request, "setup")), status_code=303)
    return RedirectResponse(str(path_for(request, "login")), status_code=303)


def _setup_page(
    request: Request, *, error: InvalidEntry | None = None, form: dict[str, str] | None = None
) -> HTMLResponse:
    return render(
        request,
        "setup.html",
        {
            "error": error,
            "form": form or {"timezone": request.app.state.settings.timezone or "UTC"},
            "timezones": known_timezones(),
        },
    )


@router.get("/setup", name="setup")
def setup_form(request: Request, session: SessionDep) -> Response:
    if request.app.state.demo or has_accounts(session):
        return RedirectResponse(str(path_for(request, "home")), status_code=303)
    return _setup_page(request)


@router.post("/setup", dependencies=[CsrfForm])
def setup(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    timezone: Annotated[str, Form()] = "UTC",
) -> Response:
    if request.app.state.demo or has_accounts(session):
        return RedirectResponse(str(path_for(request, "home")), status_code=303)
    form = {"username": username, "name": name, "timezone": timezone}
    try:
        zone(timezone)
        account = create_owner(
            session, username=username, password=password, name=name or None, timezone=timezone
        )
    except InvalidEntry as error:
        session.rollback()
        return _setup_page(request, error=error, form=form)
    token = start_login_session(
        session, account=account, user_agent=request.headers.get("user-agent")
    )
    session.commit()
    return _signed_in(request, session, account, token)


@router.get("/login", name="login")
def login_form(
    request: Request,
    session: SessionDep,
    next_page: Annotated[str, Query(alias=NEXT)] = "",
    not_saved: Annotated[str, Query(alias=NOT_SAVED)] = "",
) -> Response:
    """The sign-in form; after a form sent while signed out (``web.signed_out``) it says that
    nothing was saved, and signing in returns to the page ``next`` (a path on this site)."""
    if request.app.state.demo:
        return RedirectResponse(str(path_for(request, "today")), status_code=303)
    if not has_accounts(session):
        return RedirectResponse(str(path_for(request, "setup")), status_code=303)
    return render(
        request,
        "login.html",
        {
            "error": None,
            "username": "",
            "next_page": page_path(next_page) or "",
            "not_saved": bool(not_saved),
        },
    )


@router.post("/login", dependencies=[CsrfForm])
def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next_page: Annotated[str, Form(alias=NEXT)] = "",
    not_saved: Annotated[str, Form(alias=NOT_SAVED)] = "",
) -> Response:
    now = utc_now()
    address = request.client.host if request.client else "unknown"
    wait = retry_after(session, username=username, address=address, now=now)
    if wait is not None:
        minutes = max(1, round(wait / 60))
        response = render(
            request,
            "login.html",
            {
                "error": f"Too many failed attempts. Try again in about {minutes} minute"
                + ("s." if minutes != 1 else "."),
                "username": username,
                "next_page": page_path(next_page) or "",
                "not_saved": bool(not_saved),
            },
            status_code=429,
        )
        response.headers["Retry-After"] = str(wait)
        return response
    account = authenticate(session, username=username, password=password)
    record_attempt(
        session, username=username, address=address, succeeded=account is not None, now=now
    )
    if account is None:
        session.commit()
        return render(
            request,
            "login.html",
            {
                "error": "That username and password do not match.",
                "username": username,
                "next_page": page_path(next_page) or "",
                "not_saved": bool(not_saved),
            },
            status_code=401,
        )
    token = start_login_session(
        session, account=account, user_agent=request.headers.get("user-agent")
    )
    session.commit()
    return _signed_in(request, session, account, token, landing=page_path(next_page))


@router.post("/logout", name="logout", dependencies=[CsrfForm])
def logout(request: Request, session: SessionDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        end_login_session(session, token)
        session.commit()
    response = RedirectResponse(str(path_for(request, "login")), status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _register_page(
    request: Request,
    *,
    code: str,
    role: str | None,
    error: InvalidEntry | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    return render(
        request,
        "register.html",
        {
            "code": code,
            "role": role,
            "error": error,
            "form": form or {"timezone": request.app.state.settings.timezone or "UTC"},
            "timezones": known_timezones(),
        },
    )


@router.get("/register", name="register")
def register_form(
    request: Request, session: SessionDep, code: Annotated[str, Query()] = ""
) -> Response:
    """The invitation link opens this page with its code filled in."""
    if request.app.state.demo:
        return RedirectResponse(str(path_for(request, "today")), status_code=303)
    role = None
    error = None
    if code:
        try:
            role = invitation_for_code(session, code, now=utc_now()).role
        except InvalidEntry as invalid:
            error = invalid
    return _register_page(request, code=code, role=role, error=error)


@router.post("/register", dependencies=[CsrfForm])
def register_account(
    request: Request,
    session: SessionDep,
    code: Annotated[str, Form()] = "",
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    timezone: Annotated[str, Form()] = "UTC",
) -> Response:
    if request.app.state.demo:
        return RedirectResponse(str(path_for(request, "today")), status_code=303)
    form = {"username": username, "name": name, "timezone": timezone}
    try:
        account = register(
            session,
            code=code,
            username=username,
            password=password,
            name=name or None,
            timezone=timezone,
            now=utc_now(),
        )
    except InvalidEntry as error:
        session.rollback()
        return _register_page(request, code=code, role=None, error=error, form=form)
    token = start_login_session(
        session, account=account, user_agent=request.headers.get("user-agent")
    )
    session.commit()
    return _signed_in(request, session, account, token)
