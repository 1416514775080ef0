"""Settings: preferences, reminders, sharing with clinicians, the access log, signed-in
devices and API tokens."""

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from fibrotrack.diary import InvalidEntry, known_timezones
from fibrotrack.services.accounts import (
    active_login_sessions,
    login_session_for_token,
    revoke_login_sessions,
)
from fibrotrack.services.api_tokens import api_tokens_of, create_api_token, revoke_api_token
from fibrotrack.services.preferences import (
    CRISIS_COUNTRIES,
    THEMES,
    UNITS,
    PreferencesChange,
    calendar_token_of,
    preferences_of,
    renew_calendar_feed,
    update_preferences,
)
from fibrotrack.services.sharing import access_log_of, create_share, revoke_share, shares_of
from fibrotrack.storage.models import Account, Person
from fibrotrack.storage.types import utc_now
from fibrotrack.web.deps import SESSION_COOKIE, AccountDep, CsrfForm, RowId, SessionDep, SignedInDep
from fibrotrack.web.routes.pages import redirect_to, remember_theme, render
from fibrotrack.web.templating import absolute_url

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    session: Session,
    account: Account,
    *,
    error: InvalidEntry | None = None,
    status: str | None = None,
    new_secret: dict[str, str] | None = None,
    form: dict[str, Any] | None = None,
) -> HTMLResponse:
    now = utc_now()
    person = session.get(Person, account.person_id) if account.person_id else None
    current = login_session_for_token(session, request.cookies.get(SESSION_COOKIE) or "")
    context: dict[str, Any] = {
        "account": account,
        "person": person,
        "error": error,
        "status": status,
        "new_secret": new_secret or {},
        "login_sessions": active_login_sessions(session, account_id=account.id),
        "current_session_id": current.id if current else None,
        "tokens": api_tokens_of(session, account_id=account.id),
        "themes": THEMES,
        "timezone": person.timezone if person else "UTC",
    }
    if person is not None:
        preferences = preferences_of(session, person_id=person.id)
        token = calendar_token_of(preferences, secret_key=request.app.state.secret_key)
        context |= {
            "preferences": preferences,
            "form": form
            or {
                "timezone": person.timezone,
                "theme": preferences.theme,
                "units": preferences.units,
                "crisis_country": preferences.crisis_country or "",
                "reminder_time": preferences.reminder_time.strftime("%H:%M"),
                "reminder_email": preferences.reminder_email or "",
                "email_reminders": preferences.email_reminders,
            },
            "units": UNITS,
            "countries": CRISIS_COUNTRIES,
            "timezones": known_timezones(),
            "email_enabled": request.app.state.settings.email_enabled,
            "calendar_url": absolute_url(request, "calendar_feed", token=token) if token else None,
            "shares": shares_of(session, person_id=person.id, now=now),
            "access_log": access_log_of(session, person_id=person.id),
        }
    return render(request, "settings.html", context)


@router.get("/settings", name="settings")
def settings_page(
    request: Request, session: SessionDep, account: SignedInDep, saved: str = ""
) -> Response:
    return _page(request, session, account, status="Saved." if saved else None)


@router.post("/settings", dependencies=[CsrfForm])
def save_preferences(
    request: Request,
    session: SessionDep,
    account: SignedInDep,
    timezone: Annotated[str, Form()] = "UTC",
    theme: Annotated[str, Form()] = "system",
    units: Annotated[str, Form()] = "metric",
    crisis_country: Annotated[str, Form()] = "",
    reminder_time: Annotated[str, Form()] = "20:00",
    reminder_email: Annotated[str, Form()] = "",
    email_reminders: Annotated[str, Form()] = "",
) -> Response:
    change = PreferencesChange(
        timezone=timezone.strip(),
        theme=theme,
        units=units,
        crisis_country=crisis_country,
        reminder_time=reminder_time,
        reminder_email=reminder_email,
        email_reminders=bool(email_reminders),
    )
    person = session.get(Person, account.person_id) if account.person_id else None
    if person is None:
        if theme not in THEMES:
            return _page(request, session, account, error=InvalidEntry("theme", "unknown theme"))
        response = redirect_to(request, "settings", saved=1)
        remember_theme(request, response, theme)
        return response
    try:
        update_preferences(
            session,
            person=person,
            change=change,
            email_enabled=request.app.state.settings.email_enabled,
        )
    except InvalidEntry as error:
        session.rollback()
        return _page(request, session, account, error=error, form=asdict(change))
    session.commit()
    response = redirect_to(request, "settings", saved=1)
    remember_theme(request, response, theme)
    return response


@router.post("/settings/calendar", name="renew_calendar", dependencies=[CsrfForm])
def renew_calendar(request: Request, session: SessionDep, account: SignedInDep) -> Response:
    if account.person_id is None:
        return _page(request, session, account, error=InvalidEntry("calendar", "no diary"))
    renew_calendar_feed(
        session, person_id=account.person_id, secret_key=request.app.state.secret_key
    )
    session.commit()
    return redirect_to(request, "settings", saved=1)


@router.post("/settings/shares", name="create_share", dependencies=[CsrfForm])
def new_share(
    request: Request,
    session: SessionDep,
    account: SignedInDep,
    label: Annotated[str, Form()] = "",
) -> Response:
    person = session.get(Person, account.person_id) if account.person_id else None
    if person is None:
        return _page(request, session, account, error=InvalidEntry("share", "no diary to share"))
    try:
        _share, code = create_share(session, person=person, label=label, now=utc_now())
    except InvalidEntry as error:
        session.rollback()
        return _page(request, session, account, error=error)
    session.commit()
    link = str(absolute_url(request, "accept_share").include_query_params(code=code))
    return _page(
        request,
        session,
        account,
        status="Share code created.",
        new_secret={"share_code": code, "share_link": link},
    )


@router.post("/settings/shares/{share_id}/revoke", name="revoke_share", dependencies=[CsrfForm])
def end_share(
    request: Request, session: SessionDep, account: SignedInDep, share_id: RowId
) -> Response:
    try:
        if account.person_id is None:
            raise InvalidEntry("share", "there is no such share")
        revoke_share(session, person_id=account.person_id, share_id=share_id, now=utc_now())
    except InvalidEntry as error:
        session.rollback()
        return _page(request, session, account, error=error)
    session.commit()
    return redirect_to(request, "settings", saved=1)


@router.post("/settings/tokens", name="create_token", dependencies=[CsrfForm])
def new_token(
    request: Request,
    session: SessionDep,
    account: SignedInDep,
    name: Annotated[str, Form()] = "",
) -> Response:
    try:
        _row, token = create_api_token(session, account=account, name=name, now=utc_now())
    except InvalidEntry as error:
        session.rollback()
        return _page(request, session, account, error=error)
    session.commit()
    return _page(
        request, session, account, status="API token created.", new_secret={"api_token": token}
    )


@router.post("/settings/tokens/{token_id}/revoke", name="revoke_token", dependencies=[CsrfForm])
def end_token(
    request: Request, session: SessionDep, account: SignedInDep, token_id: RowId
) -> Response:
    try:
        revoke_api_token(session, account_id=account.id, token_id=token_id, now=utc_now())
    except InvalidEntry as error:
        session.rollback()
        return _page(request, session, account, error=error)
    session.commit()
    return redirect_to(request, "settings", saved=1)


@router.post(
    "/settings/sessions/{session_id}/revoke", name="revoke_session", dependencies=[CsrfForm]
)
def end_session(
    request: Request, session: SessionDep, account: SignedInDep, session_id: RowId
) -> Response:
    revoke_login_sessions(session, account_id=account.id, session_ids=[session_id])
    session.commit()
    return redirect_to(request, "settings", saved=1)


@router.post(
    "/settings/sessions/revoke-others", name="revoke_other_sessions", dependencies=[CsrfForm]
)
def end_other_sessions(request: Request, session: SessionDep, account: SignedInDep) -> Response:
    current = login_session_for_token(session, request.cookies.get(SESSION_COOKIE) or "")
    others = [
        login.id
        for login in active_login_sessions(session, account_id=account.id)
        if current is None or login.id != current.id
    ]
    revoke_login_sessions(session, account_id=account.id, session_ids=others)
    session.commit()
    return redirect_to(request, "settings", saved=1)


def _local_path(text: str) -> str | None:
    """``text`` if it is a path on this site (never another site: no open redirect)."""
    if text.startswith("/") and not text.startswith("//") and "\\" not in text:
        return text
    return None


@router.post("/theme", name="set_theme", dependencies=[CsrfForm])
def set_theme(
    request: Request,
    session: SessionDep,
    account: AccountDep,
    theme: Annotated[str, Form()] = "system",
    back: Annotated[str, Form()] = "",
) -> Response:
    """The theme toggle in the page header: light, dark, or follow the system."""
    if theme not in THEMES:
        theme = "system"
    if account is not None and account.person_id is not None:
        preferences = preferences_of(session, person_id=account.person_id)
        preferences.theme = theme
        session.add(preferences)
        session.commit()
    target = _local_path(back)
    response: Response
    if target is None:
        response = redirect_to(request, "home")
    else:
        response = RedirectResponse(target, status_code=303)
    remember_theme(request, response, theme)
    return response
