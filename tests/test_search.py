"""Search ranks every match (``graph.search``): the answer is the ranking of all the nodes whose
search text holds the query's words, by the score that rule states (the number, then a name,
then numbered, then newer), whichever way each tier is read: whole and sorted, or newest first
from the index by date (``DENSE`` cut small to make the small graphs take that way too).

The reference here scores each instrument from its fields, as the search of schema 18 did, but
over every match: that search scored its first 2 000 candidates by key, and on a graph of
100 000 generated documents gave another first page for a phrase of 5 019 matches."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date

import pytest

from graph import search as searching
from graph.derive import search_text
from graph.facts import document_facts
from graph.model import Instrument
from graph.queries import status, type_issuer_filter
from graph.search import Match, Query, Within, count, search, search_page
from graph.sqlite_store import SqliteStore
from loaders.extract import extract_path
from loaders.text import fold


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqliteStore]:
    """600 FICTIONAL generated documents: plan numbers recurring across provinces and years,
    titles sharing phrases, laws cited by name."""
    from benchmarks.generate_corpus import generate

    root = tmp_path_factory.mktemp("generated")
    generate(root / "docs", 600, seed=5)
    with SqliteStore(root / "graph.db") as store:
        store.replace_documents([document_facts(extract_path(p)) for p in sorted((root / "docs").glob("*.txt"))],
                                derive=True)
        yield store


def _score(inst: Instrument, query: str) -> float:
    number = fold(inst.number or "")
    score = 0.0
    if number and number == query:
        score += 100
    elif number and number.startswith(query):
        score += 50
    names = [fold(" ".join(n.split())) for n in (inst.title or "", *inst.aliases)]
    if any(query in n for n in names):
        score += 20
    if any(n == query for n in names):
        score += 10
    if inst.number:
        score += 5
    return score


def _reference(store: SqliteStore, text: str, types: tuple[str, ...] = (), issuer: str | None = None,
               year: int | None = None, on: date | None = None) -> list[Instrument]:
    """Every match, scored and sorted."""
    query = Query.of(text)
    if not query.terms:
        return []
    texts = dict(store.db.execute("SELECT key, search FROM nodes"))
    kept = type_issuer_filter(types, issuer)
    found = [n for n in store.all_nodes()
             if all(t in texts[n.key] for t in query.terms) and kept(n)
             and (year is None or (n.date_issued is not None and n.date_issued.year == year))
             and (on is None or status(n, on) == "in force")]
    return sorted(found, key=lambda n: (-_score(n, query.text), -(n.date_issued or date.min).toordinal(), n.key))


def _queries(store: SqliteStore, rng: random.Random) -> list[str]:
    """Numbers as written and folded, their prefixes, title words, whole titles, names."""
    nodes = store.all_nodes()
    numbers = [n.number for n in nodes if n.number]
    titles = [n.title for n in nodes if n.title]
    asked = ["1", "12", "ubnd", "ke", "ke hoach", "Luật Bình đẳng giới", "binh dang gioi", "nam 2031", "|", "a | b",
             "QĐ-TTg", "%_", ""]
    for number in rng.sample(numbers, 12):
        asked += [number, fold(number).upper(), number[: rng.randint(2, len(number))]]
    for title in rng.sample(titles, 12):
        words = title.split()
        start = rng.randrange(len(words))
        asked += [title, " ".join(words[start:start + rng.randint(1, 4)]), rng.choice(words)]
    return asked


@pytest.mark.parametrize("dense", [2000, 40, 3])
def test_search_is_the_ranking_of_every_match(generated: SqliteStore, dense: int,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(searching, "DENSE", dense)
    monkeypatch.setattr(searching, "DENSE_KEYED", dense)
    rng = random.Random(dense)
    for text in _queries(generated, rng):
        expected = [n.key for n in _reference(generated, text)]
        for offset, limit in ((0, 20), (0, 1), (rng.randint(1, 60), rng.randint(1, 30))):
            with generated.snapshot() as store:
                got = [h.instrument.key for h in search(store, text, offset=offset, limit=limit)]
            assert got == expected[offset:offset + limit], (text, offset, limit)
        assert count(generated, text, cap=50) == min(50, len(expected)), text
        total, hits = search_page(generated, text, limit=7)
        assert (total, [h.instrument.key for h in hits]) == (len(expected), expected[:7]), text


@pytest.mark.parametrize("dense", [2000, 5])
def test_search_within_filters_is_the_ranking_of_every_match_they_keep(
        generated: SqliteStore, dense: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(searching, "DENSE", dense)
    monkeypatch.setattr(searching, "DENSE_KEYED", dense)
    filters: list[dict[str, object]] = [
        {"types": ("Kế hoạch",)}, {"types": ("Quyết định", "Nghị định")}, {"issuer": "Thủ tướng"},
        {"issuer": "tinh"}, {"year": 2033}, {"on": date(2040, 6, 1)},
        {"types": ("Kế hoạch",), "issuer": "ha", "on": date(2035, 1, 1)}, {"types": ("Không có",)}]
    for text in ("ke hoach", "1", "ubnd", "binh dang", "12/KH-UBND", "Luật Bình đẳng giới"):
        for kept in filters:
            expected = [n.key for n in _reference(generated, text, **kept)]  # type: ignore[arg-type]
            got = [h.instrument.key for h in search(generated, text, limit=25, **kept)]  # type: ignore[arg-type]
            assert got == expected[:25], (text, kept)
            assert count(generated, text, cap=10_000, **kept) == len(expected), (text, kept)  # type: ignore[arg-type]


def test_the_scores_are_those_of_the_rule(generated: SqliteStore) -> None:
    for text in ("ke hoach", "12/KH-UBND", "Luật Bình đẳng giới", "1"):
        query = Query.of(text).text
        assert [h.score for h in search(generated, text, limit=50)] == \
            [_score(n, query) for n in _reference(generated, text)[:50]]


@pytest.mark.parametrize("window", [100_000, 37, 1, None])
def test_the_store_finds_what_a_match_holds(generated: SqliteStore, window: int | None,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Every superset SQLite reads through its indexes (the key's, the trigram index of names
    or of the text, the index by date) is the one ``Match.holds`` states, within the filters;
    newest first it is in date and key order, the newest ``window`` nodes read from the index
    by date and the rest sorted (None: the window ends among the undated)."""
    from graph import sqlite_store

    if window is None:
        window = generated.db.execute("SELECT count(*) + 2 FROM nodes WHERE date_issued IS NOT NULL").fetchone()[0]
        assert window < generated.db.execute("SELECT count(*) FROM nodes").fetchone()[0]
    monkeypatch.setattr(sqlite_store, "NEWEST_WINDOW", window)
    rng = random.Random(window)
    texts = dict(generated.db.execute("SELECT key, search FROM nodes"))
    nodes = {n.key: n for n in generated.all_nodes()}
    groups = tuple((t, i) for t, i, _ in generated.groups())
    numbers = [n.number for n in nodes.values() if n.number]
    for _ in range(150):
        number = fold(rng.choice(numbers))
        query = rng.choice([number, number[:rng.randint(1, len(number))], "ke hoach", "luat binh dang gioi", "ubnd",
                            "ke", "a", "2031"])
        terms = Query.of(query).terms
        within = rng.choice([Within(), Within(groups=tuple(rng.sample(groups, 3))), Within(groups=()),
                             Within(year=rng.randint(2031, 2040)), Within(on=date(rng.randint(2031, 2060), 1, 1))])
        match = Match(terms, within, **rng.choice([{}, {"number": query}, {"prefix": query}]),  # type: ignore[arg-type]
                      names=rng.choice([None, query, f"| {query} |"]))
        kept = {k for k, text in texts.items() if match.holds(text) and _within(nodes[k], within)}
        assert {r.key for r in generated.search_rows(match)} == kept, match
        assert generated.search_count(match, 10_000) == len(kept)
        newest = [r.key for r in generated.search_rows(match, newest=True)]
        assert newest == sorted(kept, key=lambda k: (-(nodes[k].date_issued or date.min).toordinal(), k)), match
        cut = rng.randint(0, len(newest))
        assert [r.key for r in generated.search_rows(match, newest=True, limit=cut)] == newest[:cut]


def _within(node: Instrument, within: Within) -> bool:
    return ((within.groups is None or (node.type, node.issuer) in within.groups)
            and (within.year is None or (node.date_issued is not None and node.date_issued.year == within.year))
            and (within.on is None or status(node, within.on) == "in force"))


def test_a_search_stops_reading_a_common_tier_after_its_page(
        generated: SqliteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """A tier of more than ``DENSE`` rows is read newest first as far as the page needs, not
    whole: the rows read are counted."""
    monkeypatch.setattr(searching, "DENSE", 10)
    monkeypatch.setattr(searching, "DENSE_KEYED", 10)
    read: list[int] = []
    rows = SqliteStore.search_rows

    def counted(self: SqliteStore, match: Match, newest: bool = False,
                limit: int | None = None) -> Iterator[searching.Row]:
        for row in rows(self, match, newest, limit):
            read.append(1)
            yield row

    monkeypatch.setattr(SqliteStore, "search_rows", counted)
    matches = len(_reference(generated, "ke hoach"))
    assert matches > 200
    search(generated, "ke hoach", limit=5)
    assert len(read) < matches / 4


def test_the_api_pages_through_the_ranking_and_counts_every_match(generated: SqliteStore) -> None:
    from graph.store import StoreSpec
    from tests.test_api import _client

    expected = [n.key for n in _reference(generated, "ke hoach")]
    assert len(expected) > 60
    for client in _client(StoreSpec(path=generated.path)):
        seen = []
        for offset in range(0, 60, 20):
            page = client.get("/instruments", params={"q": "ke hoach", "offset": offset, "limit": 20}).json()
            assert page["total"] == len(expected)
            seen += [item["id"] for item in page["items"]]
        assert seen == expected[:60]
        far = client.get("/instruments", params={"q": "ke hoach", "offset": searching.COUNTED, "limit": 20}).json()
        assert far["items"] == [] and far["total"] == len(expected)


class _Listed:
    """A store of given nodes that finds what ``Match.holds`` (filters apart) and hands rows
    over in a shuffled order unless asked newest first: the tiers' own order is then all the
    order there is."""

    def __init__(self, nodes: list[Instrument], rng: random.Random) -> None:
        self.by_key = {n.key: n for n in nodes}
        self.rng = rng

    def search_rows(self, match: Match, newest: bool = False, limit: int | None = None) -> Iterator[searching.Row]:
        rows = [searching.Row(n.key, n.number, n.date_issued.isoformat() if n.date_issued else None,
                              search_text(n)) for n in self.by_key.values() if match.holds(search_text(n))]
        self.rng.shuffle(rows)
        if newest:
            rows.sort(key=lambda r: ((-date.fromisoformat(r.issued).toordinal()) if r.issued else 1, r.key))
        yield from rows[:limit]

    def search_count(self, match: Match, cap: int) -> int:
        return min(cap, sum(1 for _ in self.search_rows(match)))

    def nodes(self, keys: list[str]) -> dict[str, Instrument]:
        return {k: self.by_key[k] for k in keys}

    def groups(self) -> list[tuple[str | None, str | None, int]]:
        return []


@pytest.mark.parametrize("seed", range(30))
def test_tiers_are_ranked_whatever_order_the_store_hands_rows_over(
        seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Random instruments: numbers sharing prefixes, titles and aliases sharing words or equal
    to the query, name-only ones dated and undated, days shared; each tier whole or newest
    first."""
    rng = random.Random(seed)
    monkeypatch.setattr(searching, "DENSE", rng.choice([1, 3, 2000]))
    monkeypatch.setattr(searching, "DENSE_KEYED", rng.choice([1, 3, 2000]))
    words = ["ke hoach", "binh dang", "gioi", "ke", "luat"]
    nodes = []
    for i in range(rng.randint(5, 60)):
        number = rng.choice([None, f"{rng.randint(1, 12)}/KH-UBND", f"1{rng.randint(0, 9)}/QĐ-TTg"])
        names = [" ".join(rng.sample(words, rng.randint(1, 3))) for _ in range(rng.randint(0, 2))]
        nodes.append(Instrument(f"{number or 'name:x'}@{i}", number, None, None,
                                rng.choice([None, date(2031, 1, rng.randint(1, 4))]), names[0] if names else None,
                                aliases=tuple(names[1:])))
    store = _Listed(nodes, rng)
    for text in ["1", "12/kh-ubnd", "ke hoach", "ke", "binh dang gioi", "luat", "1/kh"]:
        query = Query.of(text)
        expected = sorted((n for n in nodes if all(t in search_text(n) for t in query.terms)),
                          key=lambda n: (-_score(n, query.text), -(n.date_issued or date.min).toordinal(), n.key))
        got = [h.instrument.key for h in search(store, text, limit=100)]  # type: ignore[arg-type]
        assert got == [n.key for n in expected], text


@pytest.mark.parametrize(("match", "index"), [
    (Match(("luat", "binh", "dang", "gioi"), names="| luat binh dang gioi |"), "VIRTUAL TABLE INDEX"),
    (Match(("ke", "hoach"), names="ke hoach"), "VIRTUAL TABLE INDEX"),
    (Match(("ke", "hoach")), "VIRTUAL TABLE INDEX"),
    (Match(("12/kh-ubnd",), number="12/kh-ubnd", names="| 12/kh-ubnd |"), "nodes_by_folded_key"),
    (Match(("1/kh",), prefix="1/kh"), "nodes_by_folded_key"),
])
def test_a_superset_is_found_through_its_index(generated: SqliteStore, match: Match, index: str) -> None:
    """A name equal to the query or holding it is looked up in the names' trigram index, words
    in the text's, a number in the key's: no superset is found by reading every node."""
    asked: list[str] = []
    generated.db.set_trace_callback(asked.append)
    list(generated.search_rows(match))
    generated.db.set_trace_callback(None)
    (sql,) = [s for s in asked if "SELECT key, number" in s]
    plan = " ".join(str(r[3]) for r in generated.db.execute("EXPLAIN QUERY PLAN " + sql))
    assert index in plan and "SCAN nodes" not in plan, plan


def test_a_page_counts_its_matches_from_the_read_that_ranked_them(
        generated: SqliteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """A phrase of a few matches is ranked from one read of all of them: the page's total is
    their number, not a second pass of the index; a common one is counted apart, up to
    ``COUNTED``."""
    caps: list[int] = []
    counting = SqliteStore.search_count

    def counted(self: SqliteStore, match: Match, cap: int) -> int:
        caps.append(cap)
        return counting(self, match, cap)

    monkeypatch.setattr(SqliteStore, "search_count", counted)
    few = _reference(generated, "Luật Bình đẳng giới")
    assert 0 < len(few) <= searching.DENSE
    assert search_page(generated, "Luật Bình đẳng giới")[0] == len(few)
    assert searching.COUNTED not in caps
    monkeypatch.setattr(searching, "DENSE", 10)
    common = _reference(generated, "ke hoach")
    assert search_page(generated, "ke hoach")[0] == len(common) > 10
    assert caps[-1] == searching.COUNTED
