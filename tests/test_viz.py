"""The pyvis builders (``viz.views``, ``viz.network``) on real stores: the bundled corpus and
the FICTIONAL rules fixture (an inferred supersession proposal)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from graph.ingest import ingest
from graph.sqlite_store import SqliteStore
from tests.test_graph_rules import DOCUMENTS, _write
from viz import views
from viz.network import _json_for_html, node_label, page, to_network, vis_data
from viz.style import EDGES, PROPOSAL, family


def test_neighbourhood_reaches_both_ways_to_the_depth_asked(corpus_db: Path) -> None:
    with SqliteStore(corpus_db, readonly=True) as store:
        one = views.neighbourhood(store, "125/2021/NĐ-CP", depth=1)
        two = views.neighbourhood(store, "125/2021/NĐ-CP", depth=2)
        keys = {n.key for n in one.nodes}
        assert {"55/2009/NĐ-CP", "76/2026/NĐ-CP", "73/2006/QH11"} <= keys  # replaced, amended by, based on
        assert keys < {n.key for n in two.nodes}
        assert all(e.source in keys and e.target in keys for e in one.edges)
        agencies = views.neighbourhood(store, "125/2021/NĐ-CP", kinds=("issued_by",))
        assert [n.key for n in agencies.nodes if n.agency] == ["Chính phủ"]


def test_whole_graph_under_filters_and_a_date(corpus_db: Path) -> None:
    with SqliteStore(corpus_db, readonly=True) as store:
        plans = views.whole(store, kinds=("implements",), types=("Kế hoạch",))
        assert plans.nodes and all(n.instrument and n.instrument.type == "Kế hoạch" for n in plans.nodes)
        assert all(e.kind == "implements" for e in plans.edges)
        early = views.whole(store, on=date(2010, 1, 1))
        assert all(not n.instrument or not n.instrument.date_issued or n.instrument.date_issued <= date(2010, 1, 1)
                   for n in early.nodes)
        assert len(early.nodes) < len(views.whole(store).nodes)


def test_style_marks_replacements_and_status_on_the_day(corpus_db: Path) -> None:
    with SqliteStore(corpus_db, readonly=True) as store:
        view = views.lineage(store, "55/2009/NĐ-CP")
        net = to_network(view, "vi", date(2022, 6, 1))
    nodes = {n["id"]: n for n in net.nodes}
    assert nodes["55/2009/NĐ-CP"]["status"] == "no longer in force" and nodes["55/2009/NĐ-CP"]["opacity"] < 1
    assert nodes["55/2009/NĐ-CP"]["borderWidth"] == 4  # the focus
    assert nodes["125/2021/NĐ-CP"]["shape"] == family("Nghị định").shape
    assert "Ngày 01/06/2022: còn hiệu lực" in nodes["125/2021/NĐ-CP"]["title"]
    (edge,) = [e for e in net.edges if e["kind"] == "supersedes"]
    assert edge["color"] == EDGES["supersedes"].color and edge["width"] == EDGES["supersedes"].width
    assert edge["label"] == "thay thế"


def test_a_proposal_is_drawn_dashed_grey_never_as_a_fact(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "rules.db") as store:
        assert not ingest(_write(tmp_path / "docs", DOCUMENTS), store, workers=1).failed
        view = views.neighbourhood(store, "904/2018/NĐ-CP")
    data = vis_data(view, "en")
    (proposed,) = [e for e in data["edges"] if e["proposal"]]
    assert (proposed["from"], proposed["to"], proposed["kind"]) == ("904/2018/NĐ-CP", "903/2010/NĐ-CP", "supersedes")
    assert proposed["dashes"] is True and proposed["color"] == PROPOSAL.color
    assert "proposed (inferred, not stated)" in proposed["title"]


def test_name_only_instruments_are_labelled_by_their_name(corpus_db: Path) -> None:
    with SqliteStore(corpus_db, readonly=True) as store:
        view = views.neighbourhood(store, "125/2021/NĐ-CP")
    named = [n for n in view.nodes if n.instrument and not n.instrument.number]
    assert named and all(not node_label(n).startswith(("name:", "luat-")) for n in named)


def test_page_data_cannot_close_its_script() -> None:
    hostile = {"title": "</script><script>alert(1)</script> & <!--"}
    text = _json_for_html(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == hostile


def test_standalone_page_inlines_vis_and_its_legend(corpus_db: Path) -> None:
    with SqliteStore(corpus_db, readonly=True) as store:
        html = page(views.lineage(store, "55/2009/NĐ-CP"), "vbgraph — <55/2009>", "en")
    assert "vbgraph — &lt;55/2009&gt;" in html and "<55/2009>" not in html
    assert "vis.Network" in html and "https://cdn" not in html and "Legend" in html and "Decree" in html
