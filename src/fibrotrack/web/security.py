"""Security headers and CSRF protection for every page.

CSRF uses a signed double-submit token: a random ``ft_csrf`` cookie, and in every form (or the
``X-CSRF-Token`` header) an HMAC of it under the app's secret key. A forged request from another
site cannot read the cookie, so it cannot produce the token.
"""

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request, Response

CSRF_COOKIE = "ft_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def csrf_token_for(secret_key: str, cookie_value: str) -> str:
    return hmac.new(secret_key.encode(), cookie_value.encode(), hashlib.sha256).hexdigest()


def request_csrf_token(request: Request) -> str:
    """The token forms on this page must send back."""
    cookie_value: str = request.state.csrf_cookie
    secret: str = request.app.state.secret_key
    return csrf_token_for(secret, cookie_value)


def verify_csrf(request: Request, submitted: str | None) -> None:
    cookie_value = request.cookies.get(CSRF_COOKIE)
    if not cookie_value or not submitted:
        raise HTTPException(status_code=403, detail="Missing security token; reload the page.")
    expected = csrf_token_for(request.app.state.secret_key, cookie_value)
    if not hmac.compare_digest(expected, submitted):
        raise HTTPException(status_code=403, detail="Invalid security token; reload the page.")


def security_middleware(
    secure_cookies: bool,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    async def middleware(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if hasattr(request.state, "csrf_cookie"):  # an enclosing app (the demo mount) did it
            return await call_next(request)
        existing = request.cookies.get(CSRF_COOKIE)
        request.state.csrf_cookie = existing or secrets.token_urlsafe(32)
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if secure_cookies:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        if not request.url.path.startswith(("/static/", "/demo/static/")):
            response.headers.setdefault("Cache-Control", "no-store")
        if not existing:
            response.set_cookie(
                CSRF_COOKIE,
                request.state.csrf_cookie,
                httponly=True,
                samesite="strict",
                secure=secure_cookies,
                path="/",
            )
        return response

    return middleware
