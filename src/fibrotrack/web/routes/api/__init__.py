"""The JSON API, version 1, under ``/api/v1``: one module per area, all acting on the signed-in
person's own data.

Authentication: ``Authorization: Bearer TOKEN`` with a personal API token from Settings, or the
browser's session cookie (then writes need the ``X-CSRF-Token`` header, as the pages'
enhancements send). Anonymous requests get 401; a clinician's account gets 403 here (it has no
diary). Bad input gets 422 with ``{"detail": [{"field": ..., "msg": ...}]}``. A new area adds
its module to ``AREAS``.
"""

from fastapi import APIRouter

from fibrotrack.web.routes.api import (
    community,
    days,
    exports,
    imports,
    insights,
    pain_maps,
    plan,
    questionnaires,
    status,
    variables,
)

AREAS = (
    days,
    variables,
    pain_maps,
    community,
    insights,
    status,
    questionnaires,
    plan,
    imports,
    exports,
)

router = APIRouter(
    prefix="/api/v1",
    responses={
        401: {"description": "Not signed in: send a Bearer token"},
        403: {"description": "This account keeps no diary, or the CSRF token is missing"},
    },
)
for area in AREAS:
    router.include_router(area.router)
