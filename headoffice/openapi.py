"""Head office's OpenAPI document, `/openapi.json`: every answer an operation can give,
the refusals in the protocol's Error shape, and the bodies the handlers parse themselves
(they need the raw bytes to check the signature first) under components like any other
model, so every reference in the document resolves."""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel

from terminal.sync import protocol as p

REF = "#/components/schemas/"

ANSWERS: dict[int, str] = {
    400: "Malformed or refused request (`invalid`).",
    401: "Not signed by an enrolled terminal, or a wrong enrolment code; `error` says which.",
    404: "Not found (`not_found`).",
    409: "In conflict with what head office holds (`conflict`).",
    410: "The sign-up link was used or has expired (`gone`).",
    413: "The body is larger than the limit of its path (`too_large`); not read.",
    429: "Too many requests; try again after `Retry-After` seconds (`rate_limited`).",
    503: "The database is busy; nothing was saved, try again (`database`).",
}
SIGNED = (400, 401, 413, 503)  # any signed request may hear these


def answers(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses` of an operation that may refuse with `statuses`."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        entry: dict[str, Any] = {"model": p.Error, "description": ANSWERS[status]}
        if status == 429:
            entry["headers"] = {
                "Retry-After": {
                    "description": "Seconds to wait before asking again.",
                    "schema": {"type": "integer", "minimum": 1},
                }
            }
        out[status] = entry
    return out


def html_answers(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """Answers of a page: HTML for people, not the Error shape."""
    html = {"text/html": {"schema": {"type": "string"}}}
    return {status: {"description": ANSWERS[status], "content": html} for status in statuses}


def request_body(model: type[BaseModel]) -> dict[str, Any]:
    """`openapi_extra` of an operation whose handler parses `model` from the raw body."""
    schema = {"$ref": REF + model.__name__}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def document(app: FastAPI, bodies: list[type[BaseModel]]) -> dict[str, Any]:
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in bodies:
        own = model.model_json_schema(ref_template=REF + "{model}")
        for name, part in {**own.pop("$defs", {}), model.__name__: own}.items():
            if components.setdefault(name, part) != part:
                raise ValueError(f"two different schemas named {name} in the API")
    # head office answers a malformed request 400 in the Error shape, never FastAPI's 422
    for operations in schema["paths"].values():
        for operation in operations.values():
            operation["responses"].pop("422", None)
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    _link(schema, ("post", p.PATH_RESERVE), ("post", p.PATH_CAPTURE), RESERVATION)
    _link(schema, ("post", p.PATH_RESERVE), ("post", p.PATH_VOID), RESERVATION)
    _link(schema, ("get", p.PATH_MEMBER_LOOKUP), ("post", p.PATH_RESERVE), LOOKED_UP)
    return schema


# What an answer hands the next request: a reservation is captured or voided by its id, a
# member looked up is the one a reservation holds for. Each value names a field of the
# answer (a runtime expression); the rest of the body is the client's.
RESERVATION = {"reservation_id": "$response.body#/reservation_id"}
LOOKED_UP = {"member_id": "$response.body#/member/member_id"}


def _link(
    schema: dict[str, Any], source: tuple[str, str], target: tuple[str, str], body: dict
) -> None:
    """An OpenAPI link from `source`'s 200 answer to `target`, filling in `body`."""
    (method, path), (to_method, to_path) = source, target
    answer = schema["paths"][path][method]["responses"]["200"]
    name = schema["paths"][to_path][to_method]["operationId"]
    answer.setdefault("links", {})[name] = {"operationId": name, "requestBody": body}
