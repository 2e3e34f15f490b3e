"""What head office's answers say about themselves: the sign-up page's security headers,
a valid OpenAPI document that lists every refusal in the Error shape, no page that loads
anything from elsewhere, and files only head office's user can read."""

import base64
import hashlib
import json
import os
import re
import stat

import pytest
from openapi_spec_validator import validate

from headoffice.service import HeadOffice
from terminal.sync import protocol as p


@pytest.fixture
def token(till) -> str:
    return till.request("POST", p.PATH_SIGNUP_TOKEN).json()["token"]


def _policy(answer) -> dict[str, list[str]]:
    parts = [part.split() for part in answer.headers["Content-Security-Policy"].split(";")]
    return {part[0]: part[1:] for part in parts if part}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_sign_up_page_runs_only_its_own_script_and_is_never_framed_or_kept(http, token):
    answer = http.get(p.signup_page_path(token))
    assert answer.status_code == 200
    page = answer.text
    policy = _policy(answer)
    assert policy["default-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    styles = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert len(scripts) == 1 and len(styles) == 1
    assert policy["script-src"] == [_sha256(scripts[0])]  # no 'unsafe-inline', no source
    assert policy["style-src"] == [_sha256(styles[0])]
    assert policy["connect-src"] == ["'self'"]
    assert " style=" not in page and "<script src" not in page and "://" not in page
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_the_sign_up_answers_and_a_used_link_are_not_kept_either(http, token):
    form = {"name": "韩梅梅", "phone": "13900000002", "consent": True}
    done = http.post(p.signup_page_path(token), json=form)
    assert done.status_code == 200 and done.json()["phone"].endswith("0002")
    gone = http.get(p.signup_page_path(token))
    assert gone.status_code == 410
    for answer in (done, gone):
        assert answer.headers["Cache-Control"] == "no-store"
        assert answer.headers["X-Frame-Options"] == "DENY"
        assert "'unsafe-inline'" not in answer.headers["Content-Security-Policy"]


def test_there_is_no_docs_page_to_load_scripts_from_a_cdn(http):
    for path in ("/docs", "/redoc", "/docs/oauth2-redirect"):
        answer = http.get(path)
        assert answer.status_code == 404
        assert answer.json()["error"] == "not_found"


def test_the_openapi_document_is_valid_and_every_reference_resolves(http):
    document = http.get("/openapi.json").json()
    validate(document)  # raises on a dangling $ref or a malformed document
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', json.dumps(document)))
    assert {"PushRequest", "PushEvent", "Error"} <= refs
    assert refs <= set(document["components"]["schemas"])


def test_every_refusal_is_documented_in_the_error_shape(http):
    document = http.get("/openapi.json").json()
    error = {"$ref": "#/components/schemas/Error"}
    seen: set[str] = set()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            answers = operation["responses"]
            assert "422" not in answers, (method, path)
            assert "413" in answers, (method, path)  # every body is limited
            if path.startswith("/v1/") and path not in (p.PATH_HEALTH, p.PATH_ENROL):
                assert {"400", "401"} <= set(answers), (method, path)
            for status, answer in answers.items():
                seen.add(status)
                if status == "200" or "text/html" in answer.get("content", {}):
                    continue
                assert answer["content"]["application/json"]["schema"] == error, (path, status)
    # no operation answers 409 any more: the sign-up page's "already a member" was one,
    # and it now answers like any sign-up (tests/headoffice/test_signup.py)
    assert {"400", "401", "404", "410", "413", "429", "503"} <= seen and "409" not in seen
    assert "HTTPValidationError" not in document["components"]["schemas"]
    lookup = document["paths"][p.PATH_MEMBER_LOOKUP]["get"]["responses"]["429"]
    assert "Retry-After" in lookup["headers"]


def test_malformed_requests_and_unknown_paths_answer_in_the_error_shape(http, till):
    for answer, status in (
        (till.request("GET", f"{p.PATH_CHANGES}?after=abc"), 400),
        (till.request("GET", f"{p.PATH_CHANGES}?limit=0"), 400),
        (http.get("/v1/no-such-thing"), 404),
        (http.delete(p.PATH_PUSH), 405),
    ):
        assert answer.status_code == status, answer.text
        error = p.Error.model_validate_json(answer.content)
        assert error.error and error.message and "detail" not in answer.json()
        assert answer.headers[p.HEADER_PROTOCOL] == str(p.PROTOCOL_VERSION)


def test_the_database_and_key_files_are_readable_by_head_office_alone(tmp_path, clock):
    old = os.umask(0o022)  # the usual umask would leave new files readable by all
    try:
        office = HeadOffice(str(tmp_path / "ho.db"), clock=clock, key_path=tmp_path / "ho.key")
        office.unit(lambda work: None)
        office.close()
    finally:
        os.umask(old)
    files = [tmp_path / "ho.db", tmp_path / "ho.key"]
    files += [f for f in (tmp_path / "ho.db-wal", tmp_path / "ho.db-shm") if f.exists()]
    for file in files:
        assert stat.S_IMODE(os.stat(file).st_mode) == 0o600, file
