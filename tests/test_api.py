"""The HTTP API through the real app (Starlette's TestClient) over a real SQLite store built
from the bundled corpus and catalogue; uploads write to a private copy of it.

The uploaded documents here are FICTIONAL (numbers 95x, subject "hồ sơ thử nghiệm"); facts
about real instruments come from the corpus and catalogue only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from api.server import Settings, create_app
from graph.store import StoreSpec
from tests.test_queries import HAU_GIANG_PLAN

KEY = "test-key-not-secret"

#: A fictional provincial plan of 2023 still based on 55/2009/NĐ-CP, which ended 01/01/2022.
STALE_PLAN = """ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH
Số: 951/KH-UBND
Bình Định, ngày 15 tháng 3 năm 2023
KẾ HOẠCH
Thực hiện công tác thử nghiệm hồ sơ năm 2023
Căn cứ Nghị định số 55/2009/NĐ-CP ngày 10/6/2009 của Chính phủ, Ủy ban nhân dân tỉnh ban hành Kế hoạch.
"""

#: Another province's plan with the same number: ``951/KH-UBND`` alone is then ambiguous.
OTHER_PLAN = """ỦY BAN NHÂN DÂN TỈNH TÂY NINH
Số: 951/KH-UBND
Tây Ninh, ngày 02 tháng 2 năm 2023
KẾ HOẠCH
Thực hiện công tác thử nghiệm hồ sơ năm 2023
Thực hiện Luật Bình đẳng giới, Ủy ban nhân dân tỉnh ban hành Kế hoạch.
"""


def _client(store: Path | StoreSpec, **settings: Any) -> Iterator[TestClient]:
    spec = store if isinstance(store, StoreSpec) else StoreSpec(path=store)
    with TestClient(create_app(Settings(spec, **settings)), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="module", params=["sqlite", "neo4j"])
def api(request: pytest.FixtureRequest, corpus_db: Path) -> Iterator[TestClient]:
    """Read-only (no key configured), over the SQLite file and over Neo4j holding the same graph:
    every reading test below runs against both."""
    if request.param == "sqlite":
        yield from _client(corpus_db)
        return
    request.getfixturevalue("push_to_neo4j")(corpus_db)
    yield from _client(request.getfixturevalue("neo4j_server"), api_key=KEY)  # a key, yet read-only


@pytest.fixture
def writer(writable_db: Path) -> Iterator[TestClient]:
    yield from _client(writable_db, api_key=KEY, max_upload=64 * 1024)


def _problem(response: Any, status: int, kind: str | None = None) -> dict[str, Any]:
    """The response is an RFC 9457 problem of ``status`` (and ``kind``)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == status
    if kind:
        assert body["type"] == f"urn:vbgraph:problem:{kind}"
    return body


def _upload(client: TestClient, name: str, text: str | bytes, key: str | None = KEY) -> Any:
    data = text.encode("utf-8") if isinstance(text, str) else text
    headers = {"X-API-Key": key} if key else {}
    return client.post("/documents", files={"file": (name, data, "application/octet-stream")}, headers=headers)


# -- reading ---------------------------------------------------------------------------------

def test_health_reports_the_store(api: TestClient) -> None:
    body = api.get("/health").json()
    assert body["status"] == "ok" and body["writable"] is False
    assert body["counts"]["documents"] == 32 and body["counts"]["instruments"] > 100


@pytest.mark.parametrize("url", [
    "/instruments/" + quote("55/2009/NĐ-CP", safe="") + "/lineage",
    "/instruments/55%2F2009/lineage",
    "/instruments/55/2009/ND-CP/lineage",
    "/lineage?id=" + quote("nd 55/2009"),
    "/lineage?id=" + quote("Nghị định 55/2009"),
])
def test_lineage_of_55_2009_in_every_form_users_write(api: TestClient, url: str) -> None:
    body = api.get(url).json()
    assert body["instrument"]["id"] == "55/2009/NĐ-CP"
    (later,) = body["replaced_by"]
    assert later["id"] == "125/2021/NĐ-CP" and later["instrument"]["date_in_force"] == "2022-01-01"
    assert later["methods"] == ["catalogue"] and later["proposal"] is False
    assert all("thay thế" in e["sentence"] and "http" in e["origin"] for e in later["evidence"])
    assert body["current"] == ["125/2021/NĐ-CP"]
    assert any(s["id"] == "125/2021/NĐ-CP" and s["field"] == "date_in_force" and s["quote"] for s in body["sources"])


def test_instrument_details_carry_relations_with_their_sentences(api: TestClient) -> None:
    path_form = api.get("/instruments/" + quote("73/2006/QH11", safe="")).json()
    assert path_form == api.get("/instrument", params={"id": "Luật Bình đẳng giới"}).json()
    assert path_form["instrument"]["type"] == "Luật"
    incoming = [r for r in path_form["relations"] if r["direction"] == "in" and r["kind"] == "based_on"]
    assert len(incoming) >= 5
    assert all(e["sentence"] and e["method"] == "text" for r in incoming for e in r["evidence"])
    assert path_form["merged"], "name-only citations of the law are merged into it"


def test_details_carry_the_first_relations_and_the_number_of_all(
        corpus_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A law cited by every plan of the country has hundreds of thousands of relations: its
    details carry the first ``MAX_RELATIONS`` each way and say how many there are."""
    monkeypatch.setattr("graph.store.MAX_RELATIONS", 4)
    for api in _client(corpus_db):
        law = api.get("/instruments/" + quote("73/2006/QH11", safe="")).json()
        shown = sum(len(r["evidence"]) for r in law["relations"])
        assert law["relations_shown"] == shown and 4 <= shown <= 8 < law["relations_total"]
    for api in _client(corpus_db):  # under the limit: all of them
        monkeypatch.setattr("graph.store.MAX_RELATIONS", 500)
        law = api.get("/instruments/" + quote("73/2006/QH11", safe="")).json()
        assert law["relations_shown"] == law["relations_total"] == sum(len(r["evidence"]) for r in law["relations"])


def test_unknown_instrument_is_a_404_problem_with_suggestions(api: TestClient) -> None:
    body = _problem(api.get("/instruments/55%2F2099%2FN%C4%90-CP"), 404, "unknown-instrument")
    assert "55/2099/NĐ-CP" in body["detail"]
    assert body["suggestions"][0]["id"] == "55/2009/NĐ-CP"
    assert body["suggestions"][0]["href"] == "/instruments/55%2F2009%2FN%C4%90-CP"
    assert api.get(body["suggestions"][0]["href"]).json()["instrument"]["id"] == "55/2009/NĐ-CP"


@pytest.mark.parametrize(("url", "where"), [
    ("/in-force?on=31/02/2015", "query.on"),
    ("/in-force", "query.on"),
    ("/instruments?limit=501", "query.limit"),
    ("/instruments?offset=-1", "query.offset"),
    ("/upstream?id=28/KH-UBND&depth=0", "query.depth"),
    ("/instruments?year=abc", "query.year"),
])
def test_bad_parameters_are_422_problems_naming_the_parameter(api: TestClient, url: str, where: str) -> None:
    body = _problem(api.get(url), 422, "invalid-parameters")
    assert any(e["where"] == where for e in body["errors"]), body


def test_unknown_relation_kind_is_422(api: TestClient) -> None:
    body = _problem(api.get("/upstream", params={"id": "28/KH-UBND", "kind": "inspires"}), 422,
                    "invalid-parameters")
    assert body["errors"][0]["where"] == "query.kind.0" and "supersedes" in body["detail"]


def test_unknown_route_and_method_are_problems(api: TestClient) -> None:
    _problem(api.get("/no/such/thing"), 404)
    _problem(api.delete("/instruments"), 405)


def test_pages_add_up_to_the_whole_list(api: TestClient) -> None:
    whole = api.get("/instruments", params={"limit": 500}).json()
    assert whole["total"] == len(whole["items"]) == api.get("/health").json()["counts"]["instruments"]
    pages = [api.get("/instruments", params={"limit": 40, "offset": o}).json() for o in range(0, whole["total"], 40)]
    assert all(p["total"] == whole["total"] for p in pages)
    assert [i["id"] for p in pages for i in p["items"]] == [i["id"] for i in whole["items"]]


def test_search_ignores_diacritics_and_filters(api: TestClient) -> None:
    plain = api.get("/instruments", params={"q": "bao luc gioi"}).json()
    marked = api.get("/instruments", params={"q": "bạo lực giới"}).json()
    assert plain["total"] == marked["total"] > 0
    decrees = api.get("/instruments", params={"q": "xu phat", "type": "Nghị định"}).json()
    assert {i["id"] for i in decrees["items"]} >= {"55/2009/NĐ-CP", "125/2021/NĐ-CP"}
    assert all(i["type"] == "Nghị định" for i in decrees["items"])


def test_in_force_on_a_day_either_side_of_the_replacement(api: TestClient) -> None:
    def ids(day: str) -> set[str]:
        body = api.get("/in-force", params={"on": day, "type": "Nghị định", "limit": 500}).json()
        assert body["on"] and body["total"] == len(body["items"])
        return {i["id"] for i in body["items"]}

    assert "55/2009/NĐ-CP" in ids("01/01/2015") and "125/2021/NĐ-CP" not in ids("01/01/2015")
    assert "125/2021/NĐ-CP" in ids("2022-06-01") and "55/2009/NĐ-CP" not in ids("2022-06-01")


def test_dependencies_up_from_a_provincial_plan_to_the_law(api: TestClient) -> None:
    up = api.get("/instruments/28%2FKH-UBND/upstream", params={"depth": 2}).json()
    assert up["direction"] == "up" and up["id"].startswith("28/KH-UBND@")
    reached = {link["id"]: link for link in up["items"]}
    assert reached["1696/QĐ-TTg"]["depth"] == 1 and reached["1696/QĐ-TTg"]["via"] == up["id"]
    assert reached["73/2006/QH11"]["depth"] == 2
    down = api.get("/downstream", params={"id": "73/2006/QH11", "depth": 1, "kind": "based_on"}).json()
    assert down["total"] >= 5 and all(link["kind"] == "based_on" for link in down["items"])


def test_path_agencies_documents(api: TestClient) -> None:
    path = api.get("/path", params={"from": "1696/QĐ-TTg", "to": "73/2006/QH11"}).json()
    assert path["steps"][0]["source"] == "1696/QĐ-TTg" and path["steps"][-1]["target"] == "73/2006/QH11"
    agencies = api.get("/agencies", params={"q": "chinh phu"}).json()
    assert {"Chính phủ", "Thủ tướng Chính phủ"} <= {a["name"] for a in agencies["items"]}
    government = api.get("/agencies/" + quote("chinh phu")).json()
    assert government["agency"]["name"] == "Chính phủ"
    assert "125/2021/NĐ-CP" in {i["id"] for i in government["items"]}
    # the store pages what an agency issued (newest first): pages are slices of the whole
    whole = [i["id"] for i in government["items"]]
    assert government["total"] == len(whole) == government["agency"]["issued"] >= 4
    pages = [api.get("/agencies/" + quote("Chính phủ"), params={"offset": o, "limit": 3}).json() for o in (0, 3)]
    assert [i["id"] for p in pages for i in p["items"]] == whole[:6] and pages[1]["total"] == len(whole)
    dates = [i["date_issued"] or "" for i in government["items"]]
    assert dates == sorted(dates, reverse=True)
    _problem(api.get("/agencies/" + quote("Bộ Không Có")), 404, "unknown-agency")
    documents = api.get("/documents", params={"limit": 500}).json()
    assert documents["total"] == 32 and "extraction" not in documents["items"][0]
    one = api.get("/documents/" + quote("55/2009/NĐ-CP", safe="")).json()
    assert one["extraction"]["document"]["number"] == "55/2009/NĐ-CP"
    assert one["source"].endswith("n03_nd-55-2009-cp.txt")


def test_stale_citations_none_in_the_bundled_corpus(api: TestClient) -> None:
    assert api.get("/stale").json() == {"total": 0, "offset": 0, "limit": 100, "items": []}


def test_openapi_documents_every_endpoint(api: TestClient) -> None:
    spec = api.get("/openapi.json").json()
    for path in ("/instruments", "/instruments/{id}", "/instruments/{id}/lineage", "/lineage", "/upstream",
                 "/downstream", "/in-force", "/stale", "/path", "/agencies", "/documents", "/health"):
        assert path in spec["paths"], path
    assert "application/problem+json" in spec["paths"]["/lineage"]["get"]["responses"]["404"]["content"]
    assert api.get("/docs").status_code == 200


# -- writing ---------------------------------------------------------------------------------

def test_a_server_without_a_key_is_read_only(api: TestClient) -> None:
    _problem(_upload(api, "plan.txt", STALE_PLAN, key=None), 403, "read-only")
    _problem(_upload(api, "plan.txt", STALE_PLAN, key="anything"), 403, "read-only")
    # over Neo4j even the server's own key writes nothing: `vbgraph push` is its only writer
    if api.get("/health").json()["store"] == "neo4j":
        body = _problem(_upload(api, "plan.txt", STALE_PLAN, key=KEY), 403, "read-only")
        assert "vbgraph push" in body["detail"]


def test_writes_need_the_right_key(writer: TestClient, writable_db: Path) -> None:
    before = _rows(writable_db)
    missing = _upload(writer, "plan.txt", STALE_PLAN, key=None)
    _problem(missing, 401, "unauthorized")
    assert missing.headers["www-authenticate"].startswith("Bearer")
    _problem(_upload(writer, "plan.txt", STALE_PLAN, key="wrong"), 403, "forbidden")
    assert _rows(writable_db) == before


def test_upload_ingests_and_says_what_changed(writer: TestClient, writable_db: Path) -> None:
    first = _upload(writer, "../../etc/kế hoạch 951.txt", STALE_PLAN)
    assert first.status_code == 201, first.text
    body = first.json()
    key = body["document"]
    assert key.startswith("951/KH-UBND@uy-ban-nhan-dan-tinh-binh-dinh@2023-03-15")
    assert body["source"] == "upload:kế hoạch 951.txt" and body["file"] == "kế hoạch 951.txt"
    assert body["replaced"] is False and body["unchanged"] is False
    assert key in body["new_instruments"] and "55/2009/NĐ-CP" not in body["new_instruments"]
    assert body["relations_added"] >= 1 and body["store"]["documents"] == 33
    # the graph answers with it at once: a stale citation of 55/2009, and a document page
    stale = writer.get("/stale").json()
    assert stale["total"] == 1 and stale["items"][0]["cites"]["id"] == "55/2009/NĐ-CP"
    assert stale["items"][0]["replaced_by"] == ["125/2021/NĐ-CP"]
    assert writer.get("/documents/" + quote(key, safe="")).json()["source"] == "upload:kế hoạch 951.txt"
    # the same file again changes nothing
    again = _upload(writer, "../../etc/kế hoạch 951.txt", STALE_PLAN)
    assert again.status_code == 200 and again.json()["unchanged"] is True
    # a corrected version replaces the earlier one
    fixed = _upload(writer, "plan.txt", STALE_PLAN.replace("Căn cứ Nghị định số 55/2009/NĐ-CP",
                                                           "Căn cứ Nghị định số 125/2021/NĐ-CP"))
    assert fixed.status_code == 200 and fixed.json()["replaced"] is True
    assert fixed.json()["relations_removed"] >= 1
    assert writer.get("/stale").json()["total"] == 0


def test_same_local_number_in_two_provinces_is_ambiguous_until_named(writer: TestClient) -> None:
    assert _upload(writer, "a.txt", STALE_PLAN).status_code == 201
    assert _upload(writer, "b.txt", OTHER_PLAN).status_code == 201
    body = _problem(writer.get("/instruments/951%2FKH-UBND"), 300, "ambiguous-instrument")
    assert len(body["candidates"]) == 2
    chosen = body["candidates"][0]["id"]
    assert writer.get("/instruments/" + quote(chosen, safe="")).json()["instrument"]["id"] == chosen


def test_an_unreadable_upload_names_the_file_and_changes_nothing(writer: TestClient, writable_db: Path) -> None:
    before = _rows(writable_db)
    body = _problem(_upload(writer, "broken.pdf", b"%PDF-1.7\n this is no pdf"), 422, "unreadable-document")
    assert body["detail"].startswith("broken.pdf: ")
    _problem(_upload(writer, "setup.exe", b"MZ\x90\x00"), 415, "unsupported-document")
    empty = _problem(_upload(writer, "blank.txt", b" \n\n "), 422, "unreadable-document")
    assert empty["detail"] == "blank.txt: no text to ingest"
    assert _rows(writable_db) == before


def test_an_upload_while_another_process_writes_is_503_and_stores_nothing(
        writer: TestClient, writable_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process (a CLI ingest) holding the write lock longer than a writer waits: the
    upload is refused as busy, with when to retry, and goes in once the lock is free."""
    monkeypatch.setattr("graph.sqlite_store.BUSY_SECONDS", 0.3)
    before = _rows(writable_db)
    other = sqlite3.connect(writable_db, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        refused = _upload(writer, "plan.txt", STALE_PLAN)
    finally:
        other.execute("ROLLBACK")
        other.close()
    body = _problem(refused, 503, "store-busy")
    assert refused.headers["retry-after"] == "30"
    assert body["detail"].startswith(f"plan.txt: {writable_db}: another process")
    assert _rows(writable_db) == before
    assert _upload(writer, "plan.txt", STALE_PLAN).status_code == 201


def test_uploads_over_the_limit_are_413_declared_or_streamed(writer: TestClient, writable_db: Path) -> None:
    before = _rows(writable_db)
    big = STALE_PLAN + "x" * (65 * 1024)
    _problem(_upload(writer, "big.txt", big), 413, "too-large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must count the stream
        yield b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n"
        for _ in range(80):
            yield b"x" * 1024
        yield b"\r\n--b--\r\n"

    streamed = writer.post("/documents", content=chunks(),
                           headers={"X-API-Key": KEY, "Content-Type": "multipart/form-data; boundary=b"})
    _problem(streamed, 413, "too-large")
    assert _rows(writable_db) == before


def _rows(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as con:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                     for t in ("documents", "relations", "nodes"))


# -- the explorer's endpoints ------------------------------------------------------------------

def test_graph_views_for_the_explorer(api: TestClient) -> None:
    lineage = api.get("/graph", params={"id": "55/2009", "mode": "lineage"}).json()
    assert lineage["focus"] == "55/2009/NĐ-CP"
    assert {n["id"] for n in lineage["nodes"]} == {"55/2009/NĐ-CP", "125/2021/NĐ-CP", "76/2026/NĐ-CP"}
    (edge,) = [e for e in lineage["edges"] if e["kind"] == "supersedes"]
    assert (edge["from"], edge["to"], edge["dashes"], edge["proposal"]) == ("125/2021/NĐ-CP", "55/2009/NĐ-CP",
                                                                           False, False)
    assert "thay thế" in edge["title"] and edge["width"] > 2  # replacing relations stand out
    before = api.get("/graph", params={"id": "55/2009", "mode": "lineage", "on": "01/06/2021"}).json()
    assert {n["id"] for n in before["nodes"]} == {"55/2009/NĐ-CP"} and before["on"] == "2021-06-01"
    assert {f["key"] for f in lineage["legend"]["families"]} >= {"law", "decree", "plan", "agency"}
    english = api.get("/graph", params={"id": "55/2009", "mode": "lineage", "lang": "en"}).json()
    assert "supersedes" in next(e for e in english["edges"] if e["kind"] == "supersedes")["title"]
    up = api.get("/graph", params={"id": HAU_GIANG_PLAN, "mode": "up", "depth": 3}).json()
    assert "73/2006/QH11" in {n["id"] for n in up["nodes"]}
    whole = api.get("/graph", params={"mode": "all"}).json()
    assert len(whole["nodes"]) > 100 and whole["focus"] is None
    _problem(api.get("/graph", params={"id": "55/2099/NĐ-CP"}), 404, "unknown-instrument")
    _problem(api.get("/graph", params={"id": "55/2009", "mode": "sideways"}), 422)


def test_document_text_is_what_the_evidence_spans_point_into(api: TestClient) -> None:
    details = api.get("/instruments/" + quote(HAU_GIANG_PLAN, safe="")).json()
    evidence = next(e for r in details["relations"] for e in r["evidence"] if "span" in e and "document" in e)
    response = api.get("/documents/" + quote(evidence["document"], safe="") + "/text")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    a, b = evidence["span"]
    assert response.text[a:b] and response.text[a:b].split()[0] in evidence["sentence"]
    _problem(api.get("/documents/no-such-document/text"), 404, "unknown-document")


def test_the_explorer_page_and_its_scripts_come_from_the_server(api: TestClient) -> None:
    page = api.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<script src="/static/vis-network.min.js"' in page.text and "http" not in page.text.replace("http-equiv", "")
    for name, kind in (("explorer.js", "javascript"), ("explorer.css", "css"), ("vis-network.min.js", "javascript"),
                       ("vis-network.css", "css")):
        asset = api.get("/static/" + name)
        assert asset.status_code == 200 and kind in asset.headers["content-type"] and len(asset.content) > 1000
    _problem(api.get("/static/../server.py"), 404)
    _problem(api.get("/static/nothing.js"), 404)


def test_an_upload_whose_yearless_number_is_taken_is_409_and_changes_nothing(
        writer: TestClient, writable_db: Path) -> None:
    decision = "THỦ TƯỚNG CHÍNH PHỦ\nSố: 7778/QĐ-TTg\nHà Nội, ngày 5 tháng 4 năm {year}\nQUYẾT ĐỊNH\n" \
               "Phê duyệt đề án thử nghiệm (FICTIONAL)\n"
    assert _upload(writer, "2031.txt", decision.format(year=2031)).status_code == 201
    before = _rows(writable_db)
    body = _problem(_upload(writer, "2032.txt", decision.format(year=2032)), 409, "number-taken")
    assert body["detail"].startswith("2032.txt: its number 7778/QĐ-TTg is already the key of upload:2031.txt")
    assert _rows(writable_db) == before
