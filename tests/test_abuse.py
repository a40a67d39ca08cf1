"""Abuse of the HTTP API: hostile ids and queries, injection strings, oversized and malformed
input, cross-origin requests. Whatever comes in, the answer is a clear 4xx problem or a
normal answer: never a 500, never a trace, never data the request should not reach."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.server import Settings, create_app
from graph.store import StoreSpec

HOSTILE = [
    "' OR 1=1 --", "55/2009'; DROP TABLE nodes; --", '55/2009/NĐ-CP" RETURN 1 //', "x'}) MATCH (n) DETACH DELETE n //",
    "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "<script>alert(1)</script>", "${jndi:ldap://x/a}",
    "\u202eFCP-ĐN/9002/55", "%", "%%", "\\", "*", "?", "#", " ", "\t", "55/2009\u0000", "ﾅ" * 300,
]


@pytest.fixture(scope="module")
def api(corpus_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(StoreSpec(path=corpus_db))), raise_server_exceptions=False) as client:
        yield client


def _sane(response: object, *allowed: int) -> None:
    status = response.status_code  # type: ignore[attr-defined]
    assert status in allowed, (status, response.text)  # type: ignore[attr-defined]
    if status >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")  # type: ignore[attr-defined]
        body = response.text  # type: ignore[attr-defined]
        assert "Traceback" not in body and "sqlite" not in body.lower() and "/work/" not in body


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_ids_get_a_problem_or_an_answer_never_a_crash(api: TestClient, text: str) -> None:
    encoded = quote(text, safe="")
    for url in (f"/instruments/{encoded}", f"/instruments/{encoded}/lineage", f"/agencies/{encoded}",
                f"/documents/{encoded}", f"/documents/{encoded}/text"):
        _sane(api.get(url), 200, 300, 404, 422)
    for path in ("/lineage", "/upstream", "/downstream", "/graph", "/instrument"):
        _sane(api.get(path, params={"id": text}), 200, 300, 404, 422)
    _sane(api.get("/instruments", params={"q": text}), 200, 422)
    _sane(api.get("/path", params={"from": text, "to": "55/2009"}), 200, 300, 404, 422)
    _sane(api.get("/sparql", params={"query": text}), 400, 403, 422)


def test_injection_changes_nothing(api: TestClient) -> None:
    before = api.get("/health").json()["counts"]
    for text in HOSTILE:
        api.get("/instruments", params={"q": text})
        api.get("/lineage", params={"id": text})
    assert api.get("/health").json()["counts"] == before
    assert api.get("/lineage", params={"id": "55/2009"}).json()["replaced_by"][0]["id"] == "125/2021/NĐ-CP"


def test_oversized_and_malformed_requests_are_refused(api: TestClient) -> None:
    _sane(api.get("/instruments", params={"q": "a" * 10_000}), 422)
    _sane(api.get("/lineage", params={"id": "5" * 301}), 422)
    _sane(api.get("/instruments", params={"limit": 10**9}), 422)
    _sane(api.get("/instruments", params={"offset": -1}), 422)
    _sane(api.get("/in-force", params={"on": "31/02/2020"}), 422)
    _sane(api.get("/in-force", params={"on": "2020-13-01"}), 422)
    _sane(api.get("/graph", params={"id": "55/2009", "depth": 999}), 422)
    _sane(api.get("/instruments/%ff%fe"), 404, 422)
    _sane(api.get("/static/..%2Fserver.py"), 404)
    _sane(api.post("/sparql", content=b"SELECT * WHERE {?s ?p ?o}" + b" " * 200_000,
                   headers={"content-type": "application/sparql-query"}), 413)
    _sane(api.post("/documents", content=b"x", headers={"content-type": "application/json"}), 403, 422)


def test_cross_origin_requests_get_no_cors_grant(api: TestClient) -> None:
    """CORS is closed: no page on another origin may read the API with a user's browser."""
    answer = api.get("/lineage", params={"id": "55/2009"}, headers={"Origin": "https://evil.example"})
    assert answer.status_code == 200 and "access-control-allow-origin" not in answer.headers
    preflight = api.options("/documents", headers={"Origin": "https://evil.example",
                                                   "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers and preflight.status_code in (405, 404)
