"""Drawing a view: a pyvis network, the same data as JSON for the explorer, and a standalone page.

pyvis builds the vis-network nodes and edges (``to_network``). The page is this module's own,
not pyvis's template, for two reasons: pyvis's template loads Bootstrap from a CDN and the
page must work offline, and it writes the data into a ``<script>`` unescaped, so a title
containing ``</script>`` would end the script. Here the vis-network script and styles that
pyvis ships are inlined, and the data is JSON with ``<``, ``>`` and ``&`` escaped, read by
``JSON.parse``; every text reaches the page as text (vis-network draws labels on a canvas and
shows string tooltips as text).
"""

from __future__ import annotations

import html
import json
from datetime import date
from importlib.resources import files
from typing import Any

from pyvis.network import Network

from graph.queries import status
from viz.style import AGENCY, EDGES, PROPOSAL, STATUS_LABELS, STATUS_OPACITY, family, legend
from viz.views import View, ViewEdge, ViewNode

VIS = files("pyvis") / "templates" / "lib" / "vis-9.1.2"
LANGS = ("vi", "en")
_WORDS = {
    "vi": {"issued": "Ban hành", "in_force": "hiệu lực", "until": "đến", "status_on": "Ngày", "agency": "Cơ quan",
           "statements": "căn cứ văn bản", "unknown": "chưa có thông tin trong đồ thị"},
    "en": {"issued": "Issued", "in_force": "in force", "until": "until", "status_on": "On", "agency": "Agency",
           "statements": "statements", "unknown": "no facts in the graph"},
}


def _d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else "?"


def node_label(node: ViewNode) -> str:
    """Instruments by their own number; name-only ones by a short title."""
    inst = node.instrument
    if inst is None:
        return node.key
    if inst.number:
        return inst.number
    title = inst.title or (inst.aliases[0] if inst.aliases else inst.key.removeprefix("name:"))
    return title if len(title) <= 40 else title[:39] + "…"


def node_tooltip(node: ViewNode, on: date, lang: str) -> str:
    """Number, type, issuer, title, dates and the status on ``on``, as plain text."""
    w = _WORDS[lang]
    inst = node.instrument
    if node.agency:
        return f"{w['agency']}: {node.key}"
    if inst is None:
        return f"{node.key}\n({w['unknown']})"
    state = STATUS_LABELS[status(inst, on)][LANGS.index(lang)]
    head = " — ".join(x for x in (inst.number or inst.key, inst.type, inst.issuer) if x)
    dates = f"{w['issued']} {_d(inst.date_issued)} · {w['in_force']} {_d(inst.date_in_force)}"
    if inst.date_no_longer_in_force:
        dates += f" {w['until']} {_d(inst.date_no_longer_in_force)}"
    return "\n".join(x for x in (head, inst.title, dates, f"{w['status_on']} {_d(on)}: {state}") if x)


def edge_tooltip(edge: ViewEdge, lang: str) -> str:
    style = PROPOSAL if edge.proposal else EDGES[edge.kind]
    i = LANGS.index(lang)
    kind = EDGES[edge.kind].vi if i == 0 else EDGES[edge.kind].en
    lines = [f"{edge.source} {kind} {edge.target}" + ("" if not edge.proposal else f" — {(style.vi, style.en)[i]}")]
    for e in edge.evidence[:3]:
        if e.sentence:
            lines.append(f"“{e.sentence if len(e.sentence) < 240 else e.sentence[:239] + '…'}”")
        elif e.reasons:
            lines.append("; ".join(e.reasons))
    if len(edge.evidence) > 3:
        lines.append(f"(+{len(edge.evidence) - 3} {_WORDS[lang]['statements']})")
    return "\n".join(lines)


def to_network(view: View, lang: str = "vi", on: date | None = None) -> Network:
    """The view as a pyvis network, styled by family, relation kind and status on ``on``."""
    day = on or view.on or date.today()
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    for node in view.nodes:
        look = AGENCY if node.agency else family(node.instrument.type if node.instrument else None)
        state = status(node.instrument, day) if node.instrument else "unknown"
        focus = node.key == view.focus
        net.add_node(node.key, label=node_label(node), title=node_tooltip(node, day, lang), shape=look.shape,
                     color={"background": look.color, "border": "#111827" if focus else look.color,
                            "highlight": {"background": look.color, "border": "#111827"}},
                     opacity=STATUS_OPACITY[state], borderWidth=4 if focus else 1, size=22 if focus else 14,
                     font={"size": 16 if focus else 13, "face": "sans-serif"},
                     shapeProperties={"borderDashes": [4, 3] if state == "no longer in force" else False},
                     family=look.key, status=state, number=node.instrument.number if node.instrument else None)
    for edge in view.edges:
        style = PROPOSAL if edge.proposal else EDGES[edge.kind]
        net.add_edge(edge.source, edge.target, title=edge_tooltip(edge, lang), color=style.color, width=style.width,
                     dashes=style.dashes, arrows="to", kind=edge.kind, proposal=edge.proposal,
                     label=(EDGES[edge.kind].vi, EDGES[edge.kind].en)[LANGS.index(lang)]
                     if edge.kind in ("supersedes", "repeals", "amends") or edge.proposal else None)
    return net


def vis_data(view: View, lang: str = "vi", on: date | None = None) -> dict[str, Any]:
    """Nodes and edges as vis-network takes them, with the legend: the explorer's ``/graph``."""
    net = to_network(view, lang, on)
    edges = [{k: v for k, v in e.items() if v is not None} | {"id": f"e{i}"} for i, e in enumerate(net.edges)]
    return {"mode": view.mode, "focus": view.focus, "on": view.on.isoformat() if view.on else None,
            "nodes": net.nodes, "edges": edges, "legend": legend()}


def _json_for_html(value: object) -> str:
    """JSON safe inside an HTML ``<script>`` element: no ``</script>``, no ``<!--``."""
    return (json.dumps(value, ensure_ascii=False).replace("&", "\\u0026").replace("<", "\\u003c")
            .replace(">", "\\u003e"))


def page(view: View, title: str, lang: str = "vi", on: date | None = None) -> str:
    """A standalone HTML page of the view: works offline, from a file, with its legend."""
    data = vis_data(view, lang, on)
    i = LANGS.index(lang)
    legend_items = [f'<li><span class="swatch" style="background:{f["color"]}"></span>{html.escape(str(f[lang]))}</li>'
                    for f in data["legend"]["families"]]
    legend_items += [f'<li><span class="line{" dashed" if r["dashes"] else ""}" style="border-color:{r["color"]};'
                     f'border-top-width:{max(1, round(float(r["width"])))}px"></span>{html.escape(str(r[lang]))}</li>'
                     for r in data["legend"]["relations"]]
    return _PAGE.format(
        lang=lang, title=html.escape(title), css=(VIS / "vis-network.css").read_text(encoding="utf-8"),
        js=(VIS / "vis-network.min.js").read_text(encoding="utf-8"), legend="".join(legend_items),
        legend_title=("Chú giải", "Legend")[i], data=_json_for_html(data),
        note=html.escape(("Di chuột lên nút hoặc cạnh để xem chi tiết và câu làm bằng chứng.",
                          "Hover a node or a line for details and the sentence that proves it.")[i]))


_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{css}</style>
<style>
  html, body {{ margin: 0; height: 100%; font-family: sans-serif; }}
  header {{ padding: 8px 16px; border-bottom: 1px solid #e5e7eb; }}
  h1 {{ font-size: 18px; margin: 0 0 4px; }}
  #graph {{ position: absolute; top: 64px; left: 0; right: 260px; bottom: 0; }}
  aside {{ position: absolute; top: 64px; right: 0; width: 244px; bottom: 0; overflow: auto; padding: 8px;
          border-left: 1px solid #e5e7eb; font-size: 13px; }}
  aside ul {{ list-style: none; padding: 0; }} aside li {{ margin: 4px 0; }}
  .swatch {{ display: inline-block; width: 12px; height: 12px; margin-right: 6px; border-radius: 2px; }}
  .line {{ display: inline-block; width: 28px; margin: 0 6px 3px 0; border-top-style: solid; }}
  .line.dashed {{ border-top-style: dashed; }}
  div.vis-tooltip {{ white-space: pre-line; max-width: 420px; }}
</style>
</head>
<body>
<header><h1>{title}</h1><small>{note}</small></header>
<div id="graph"></div>
<aside><h2>{legend_title}</h2><ul>{legend}</ul></aside>
<script type="application/json" id="vbgraph-data">{data}</script>
<script>{js}</script>
<script>
  const data = JSON.parse(document.getElementById("vbgraph-data").textContent);
  new vis.Network(document.getElementById("graph"),
    {{ nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) }},
    {{ physics: {{ stabilization: {{ iterations: 300 }} }}, interaction: {{ hover: true }} }});
</script>
</body>
</html>
"""
