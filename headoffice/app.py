"""The head-office web app: the sync API for terminals (signed requests), enrolment,
and the members' self sign-up page. The API is described at /openapi.json; there is no
/docs page (see the README's head-office section for why)."""

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any, TypeVar

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ValidationError
from pydantic_core import from_json
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.routing import Match

from headoffice import openapi, signup
from headoffice.errors import AuthFailed, HeadOfficeError, Invalid, RateLimited
from headoffice.headers import AnswerHeaders
from headoffice.limits import BodyLimit
from headoffice.openapi import SIGNED, answers, html_answers
from headoffice.ratelimit import Limiter, PublicRules, SlidingWindow
from headoffice.service import HeadOffice
from headoffice.signup_page import SignupBody, SignupDone, render_done, render_form, render_gone
from terminal.domain.errors import PosError
from terminal.sync import protocol as p

M = TypeVar("M", bound=BaseModel)
log = logging.getLogger("headoffice")
STALE_SWEEP_SECONDS = 15


def _error(status: int, code: str, message: str) -> JSONResponse:
    body = p.Error(error=code, message=message).model_dump()
    headers = {p.HEADER_PROTOCOL: str(p.PROTOCOL_VERSION)}
    return JSONResponse(body, status_code=status, headers=headers)


def _parse(model: type[M], body: bytes) -> M:
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ())) or "body"
        raise Invalid(f"malformed request ({where}: {first.get('msg')})") from None


def _client(request: Request) -> str:
    """The caller's address (uvicorn takes it from X-Forwarded-For only from a trusted
    proxy: `--forwarded-allow-ips`)."""
    return request.client.host if request.client else "unknown"


def create_app(ho: HeadOffice, sweep_stale: bool = True, limiter: Limiter | None = None) -> FastAPI:
    limiter = limiter or SlidingWindow(ho.clock)
    rules = PublicRules.of(ho.config.limits)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(_sweep()) if sweep_stale else None
        yield
        if task:
            task.cancel()

    async def _sweep() -> None:
        while True:
            await asyncio.sleep(STALE_SWEEP_SECONDS)
            try:
                await run_in_threadpool(ho.void_stale)
            except Exception:  # keep sweeping; the next reserve voids lazily anyway
                log.exception("voiding stale reservations failed")

    app = FastAPI(
        title="Member terminal head office",
        version=str(p.PROTOCOL_VERSION),
        description="Sync API for the stores' terminals, enrolment and the self sign-up page.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    bodies: list[type[BaseModel]] = []

    def _body(model: type[BaseModel]) -> dict[str, Any]:
        bodies.append(model)
        return openapi.request_body(model)

    def _openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = openapi.document(app, bodies)
        return app.openapi_schema

    app.openapi = _openapi  # type: ignore[method-assign]

    @app.exception_handler(HeadOfficeError)
    async def _known(_request: Request, exc: HeadOfficeError) -> JSONResponse:
        response = _error(exc.status, exc.code, exc.message)
        if isinstance(exc, RateLimited):
            response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(RequestValidationError)
    async def _malformed(_request: Request, exc: RequestValidationError) -> JSONResponse:
        first = (exc.errors() or [{}])[0]
        where = ".".join(str(x) for x in first.get("loc", ())) or "request"
        return _error(400, "invalid", f"malformed request ({where}: {first.get('msg')})")

    @app.exception_handler(HTTPException)
    async def _routing(request: Request, exc: HTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http")
        response = _error(exc.status_code, code, str(exc.detail))
        if exc.status_code == 405:  # every method the path has, not just its first route's
            response.headers["Allow"] = ", ".join(_allowed(request.scope))
        return response

    def _allowed(scope: dict[str, Any]) -> list[str]:
        methods: set[str] = set()
        for route in app.routes:
            match, _child = route.matches(scope)
            if match != Match.NONE:
                methods |= getattr(route, "methods", None) or set()
        return sorted(methods)

    @app.exception_handler(PosError)
    async def _domain(_request: Request, exc: PosError) -> JSONResponse:
        return _error(400, "invalid", str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error", exc_info=exc)
        return _error(500, "internal", "head office hit an unexpected error; try again")

    app.add_middleware(AnswerHeaders)
    # outermost, so no body is read past its limit by anything inside
    app.add_middleware(BodyLimit, refuse=lambda exc: _error(exc.status, exc.code, exc.message))

    async def signed(request: Request) -> tuple[str, bytes]:
        body = await request.body()
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        headers = {k.lower(): v for k, v in request.headers.items()}
        tid = await run_in_threadpool(ho.authenticate, headers, request.method, target, body)
        return tid, body

    @app.get(p.PATH_HEALTH, response_model=p.Health, responses=answers(413))
    async def health() -> p.Health:
        return p.Health(server_time=ho.now_text())

    @app.post(
        p.PATH_ENROL,
        response_model=p.EnrolResponse,
        responses=answers(400, 401, 413, 429, 503),
        openapi_extra=_body(p.EnrolRequest),
    )
    async def enrol(request: Request) -> p.EnrolResponse:
        wrong_codes = [(f"enrol:{_client(request)}", rules.wrong_codes_per_ip)]
        limiter.check(wrong_codes)  # an address that guessed too often waits, right or not
        req = _parse(p.EnrolRequest, await request.body())
        try:
            return await run_in_threadpool(ho.enrol, req)
        except AuthFailed:
            limiter.record(wrong_codes)
            raise

    @app.post(
        p.PATH_PUSH,
        response_model=p.PushResponse,
        responses=answers(*SIGNED),
        openapi_extra=_body(p.PushRequest),
    )
    async def push(request: Request) -> p.PushResponse:
        tid, body = await signed(request)
        return await run_in_threadpool(ho.push, tid, _parse(p.PushRequest, body))

    @app.get(p.PATH_CHANGES, response_model=p.ChangesPage, responses=answers(*SIGNED))
    async def changes(
        request: Request,
        after: int = Query(0, ge=0, le=p.MAX_SEQ),
        limit: int = Query(p.CHANGES_DEFAULT_LIMIT, ge=1, le=p.CHANGES_MAX_LIMIT),
    ) -> p.ChangesPage:
        tid, _body = await signed(request)
        if after < 0:
            raise Invalid("'after' must be 0 or a sequence number")
        return await run_in_threadpool(ho.changes, after, limit, tid)

    @app.get(p.PATH_SNAPSHOT, response_model=p.SnapshotPage, responses=answers(*SIGNED))
    async def snapshot(
        request: Request,
        after: str = Query("", max_length=40, pattern=r"^[0-9A-Za-z-]*$"),
        limit: int = Query(p.SNAPSHOT_MAX_LIMIT, ge=1, le=p.SNAPSHOT_MAX_LIMIT),
    ) -> p.SnapshotPage:
        tid, _body = await signed(request)
        return await run_in_threadpool(ho.snapshot, after, limit, tid)

    @app.post(
        p.PATH_RESERVE,
        response_model=p.ReservationResponse,
        responses=answers(*SIGNED),
        openapi_extra=_body(p.ReserveRequest),
    )
    async def reserve(request: Request) -> p.ReservationResponse:
        tid, body = await signed(request)
        return await run_in_threadpool(ho.reserve, tid, _parse(p.ReserveRequest, body))

    @app.post(
        p.PATH_CAPTURE,
        response_model=p.ReservationResponse,
        responses=answers(*SIGNED),
        openapi_extra=_body(p.CaptureRequest),
    )
    async def capture(request: Request) -> p.ReservationResponse:
        tid, body = await signed(request)
        return await run_in_threadpool(ho.capture, tid, _parse(p.CaptureRequest, body))

    @app.post(
        p.PATH_VOID,
        response_model=p.ReservationResponse,
        responses=answers(*SIGNED),
        openapi_extra=_body(p.VoidRequest),
    )
    async def void(request: Request) -> p.ReservationResponse:
        tid, body = await signed(request)
        return await run_in_threadpool(ho.void, tid, _parse(p.VoidRequest, body))

    @app.get(
        p.PATH_MEMBER_LOOKUP,
        response_model=p.MemberLookupResponse,
        responses=answers(*SIGNED, 429),
    )
    async def lookup(
        request: Request,
        phone: str | None = Query(None, min_length=1, max_length=32),
        card: str | None = Query(None, min_length=1, max_length=40),
    ) -> p.MemberLookupResponse:
        tid, _body = await signed(request)
        if bool(phone) == bool(card):
            raise Invalid("look a member up by 'phone' or by 'card'")
        by = "phone" if phone else "card"
        return await run_in_threadpool(ho.lookup, phone or card, tid, by)

    @app.post(
        p.PATH_AUDIT_ANCHOR,
        response_model=p.AuditAnchorResponse,
        responses=answers(*SIGNED),
        openapi_extra=_body(p.AuditAnchorRequest),
    )
    async def anchor_audit(request: Request) -> p.AuditAnchorResponse:
        tid, body = await signed(request)
        return await run_in_threadpool(ho.anchor_audit, tid, _parse(p.AuditAnchorRequest, body))

    @app.get(
        p.PATH_AUDIT_ANCHOR, response_model=p.AuditAnchorResponse, responses=answers(*SIGNED, 404)
    )
    async def audit_anchor(request: Request) -> p.AuditAnchorResponse:
        tid, _body = await signed(request)
        return await run_in_threadpool(ho.audit_anchor, tid)

    @app.post(p.PATH_SIGNUP_TOKEN, response_model=p.SignupTokenResponse, responses=answers(*SIGNED))
    async def signup_token(request: Request) -> p.SignupTokenResponse:
        tid, _body = await signed(request)
        return await run_in_threadpool(ho.signup_token, tid)

    # --- the member's own page (public, reached by the QR code) ---------------------

    @app.get(
        p.SIGNUP_PAGE_PREFIX + "{token}",
        response_class=HTMLResponse,
        responses={**html_answers(410, 503), **answers(413)},
        tags=["sign-up"],
    )
    async def signup_page(token: str) -> HTMLResponse:
        try:
            await run_in_threadpool(ho.unit, lambda w: signup.check_token(w, token))
        except HeadOfficeError as exc:
            return HTMLResponse(render_gone(exc.message), status_code=exc.status)
        return HTMLResponse(render_form(token))

    @app.post(
        p.SIGNUP_PAGE_PREFIX + "{token}",
        response_model=SignupDone,
        responses=answers(400, 410, 413, 429, 503),
        openapi_extra=_body(SignupBody),
        tags=["sign-up"],
    )
    async def signup_submit(token: str, request: Request) -> SignupDone:
        limiter.hit(
            [
                (f"signup-token:{token}", rules.signup_per_token),
                (f"signup-ip:{_client(request)}", rules.signup_per_ip),
            ]
        )
        try:  # pydantic's parser: a bounded depth, where the json module would recurse
            data = SignupBody.model_validate(from_json(await request.body()))
        except ValueError:  # not JSON, or not the page's shape (ValidationError)
            return _error(400, "invalid", "提交的内容无法识别，请刷新页面重试。")
        form = signup.SignupForm(
            name=data.name, phone=data.phone, birthday=data.birthday or None, consent=data.consent
        )
        done = await run_in_threadpool(ho.unit, lambda w: signup.sign_up(w, token, form))
        return SignupDone(
            phone=done.masked_phone,
            message=render_done(),
        )

    return app
