"""The server's fast path for lookups (``api.answers``): answered on the event loop and kept
until the store changes. It must answer exactly what a fresh read answers, see a commit
made by any other connection at the next request, and never keep an error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.answers import Answers
from api.server import Settings, create_app
from graph.ingest import ingest_file
from graph.sqlite_store import SqliteStore
from graph.store import StoreSpec
from tests.test_api import STALE_PLAN


def _client(db: Path, **settings: Any) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(StoreSpec(path=db), **settings)), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module")
def cached(corpus_db: Path) -> Iterator[TestClient]:
    yield from _client(corpus_db)


@pytest.fixture(scope="module")
def uncached(corpus_db: Path) -> Iterator[TestClient]:
    yield from _client(corpus_db, answer_cache=0)


@pytest.fixture
def own(writable_db: Path) -> Iterator[TestClient]:
    yield from _client(writable_db)


def test_cached_lookups_answer_what_a_fresh_read_answers(cached: TestClient, uncached: TestClient) -> None:
    ids = [i["id"] for i in uncached.get("/instruments?limit=500").json()["items"]]
    assert len(ids) > 100
    for key in ids:
        slug = quote(key, safe="")
        for url in (f"/instruments/{slug}", f"/instrument?id={slug}&on=2015-01-01", f"/lineage?id={slug}",
                    f"/instruments/{slug}/lineage?proposals=false"):
            fresh = uncached.get(url)
            assert fresh.status_code == 200, (url, fresh.text)
            for _ in range(2):  # the second comes from the cache
                again = cached.get(url)
                assert again.status_code == 200 and again.headers["content-type"] == "application/json"
                assert again.json() == fresh.json(), url


def test_a_commit_by_another_connection_is_seen_by_the_next_lookup(own: TestClient, writable_db: Path,
                                                                    tmp_path: Path) -> None:
    client = own
    url = "/instruments/" + quote("55/2009/NĐ-CP", safe="")
    before = client.get(url).json()
    assert client.get(url).json() == before  # kept
    assert client.get("/lineage?id=951%2FKH-UBND").status_code == 404

    plan = tmp_path / "plan.txt"
    plan.write_text(STALE_PLAN, encoding="utf-8")
    with SqliteStore(writable_db) as store:  # as `vbgraph ingest` in another process would
        ingest_file(plan, store, source="upload:plan.txt")

    after = client.get(url).json()
    cited_by = {r["id"] for r in after["relations"]} - {r["id"] for r in before["relations"]}
    assert any(k.startswith("951/KH-UBND") for k in cited_by), cited_by
    assert client.get("/lineage?id=951%2FKH-UBND").status_code == 200  # the 404 was not kept


def test_the_cache_keeps_one_version_within_its_budget() -> None:
    answers = Answers(budget=80)
    answers.put("1", ("a",), b"x" * 10)
    answers.put("1", ("b",), b"y" * 10)
    answers.put("1", ("big",), b"z" * 11)  # over an eighth of the budget: not kept
    assert answers.get("1", ("a",)) == b"x" * 10 and answers.get("1", ("big",)) is None
    for n in range(10):
        answers.put("1", (n,), b"n" * 10)
    assert answers.get("1", ("a",)) is None and answers.get("1", (9,)) == b"n" * 10  # least recent out
    assert answers.get("2", (9,)) is None  # a new version starts empty
    assert Answers(budget=0).budget == 0
