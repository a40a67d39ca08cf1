"""How the explorer draws things: one table for instrument families, one for relation kinds.

Colour and shape tell the family of an instrument (a law, a decree, a plan …); line style
tells the relation: replacing relations (``supersedes``, ``repeals``) are thick and red so a
lineage stands out, and an inferred proposal is always dashed grey whatever its kind, so it
is never mistaken for a stated fact. Labels are Vietnamese and English, for the legend and
the interface (``vi`` is the default).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Family:
    """Instruments drawn alike: the types they cover, colour, vis-network shape, labels."""

    key: str
    types: tuple[str, ...]
    color: str
    shape: str
    vi: str
    en: str


@dataclass(frozen=True)
class EdgeStyle:
    """A relation kind's line: colour, width, dashes, and its labels."""

    kind: str
    color: str
    width: float
    dashes: bool
    vi: str
    en: str


FAMILIES: tuple[Family, ...] = (
    Family("law", ("Luật", "Bộ luật", "Pháp lệnh", "Lệnh"), "#b91c1c", "star", "Luật, pháp lệnh", "Law, ordinance"),
    Family("resolution", ("Nghị quyết", "Nghị quyết liên tịch", "Kết luận"), "#7c3aed", "triangle",
           "Nghị quyết, kết luận", "Resolution, conclusion"),
    Family("decree", ("Nghị định",), "#1d4ed8", "diamond", "Nghị định", "Decree"),
    Family("decision", ("Quyết định", "Chỉ thị", "Quy định", "Quy chế"), "#0e7490", "square",
           "Quyết định, chỉ thị", "Decision, directive"),
    Family("circular", ("Thông tư", "Thông tư liên tịch"), "#0f766e", "triangleDown", "Thông tư", "Circular"),
    Family("strategy", ("Chiến lược", "Chương trình", "Đề án", "Dự án"), "#c2410c", "hexagon",
           "Chiến lược, chương trình, đề án", "Strategy, programme, scheme"),
    Family("plan", ("Kế hoạch",), "#15803d", "dot", "Kế hoạch", "Plan"),
    Family("letter", ("Công văn", "Công điện", "Thông báo", "Hướng dẫn", "Báo cáo", "Tờ trình"), "#a16207",
           "box", "Công văn, thông báo, báo cáo", "Letter, notice, report"),
    Family("other", (), "#6b7280", "ellipse", "Khác, chưa rõ loại", "Other, type unknown"),
)
AGENCY = Family("agency", (), "#374151", "ellipse", "Cơ quan ban hành", "Issuing agency")

EDGES: dict[str, EdgeStyle] = {s.kind: s for s in (
    EdgeStyle("supersedes", "#dc2626", 4.0, False, "thay thế", "supersedes"),
    EdgeStyle("repeals", "#991b1b", 4.0, False, "bãi bỏ", "repeals"),
    EdgeStyle("amends", "#ea580c", 2.5, False, "sửa đổi, bổ sung", "amends"),
    EdgeStyle("implements", "#16a34a", 1.5, False, "thực hiện", "implements"),
    EdgeStyle("based_on", "#2563eb", 1.5, False, "căn cứ", "based on"),
    EdgeStyle("cites", "#64748b", 1.0, False, "dẫn chiếu", "cites"),
    EdgeStyle("issued_by", "#9ca3af", 1.0, False, "ban hành bởi", "issued by"),
)}
PROPOSAL = EdgeStyle("proposal", "#9ca3af", 2.0, True, "đề xuất (suy luận, chưa khẳng định)",
                     "proposed (inferred, not stated)")

#: How a node looks on the chosen day (what the date control shows).
STATUS_OPACITY = {"in force": 1.0, "unknown": 0.85, "not yet in force": 0.55, "no longer in force": 0.45}
STATUS_LABELS = {
    "in force": ("còn hiệu lực", "in force"),
    "not yet in force": ("chưa có hiệu lực", "not yet in force"),
    "no longer in force": ("hết hiệu lực", "no longer in force"),
    "unknown": ("chưa rõ hiệu lực", "force unknown"),
}

_BY_TYPE = {t: f for f in FAMILIES for t in f.types}


def family(instrument_type: str | None) -> Family:
    """The family a type belongs to (``Nghị định`` → decree); unknown types are ``other``."""
    return _BY_TYPE.get(instrument_type or "", FAMILIES[-1])


def legend() -> dict[str, list[dict[str, str | float | bool]]]:
    """The legend as data, for the page and the API: families, then relation kinds."""
    return {
        "families": [{"key": f.key, "color": f.color, "shape": f.shape, "vi": f.vi, "en": f.en}
                     for f in (*FAMILIES, AGENCY)],
        "relations": [{"kind": s.kind, "color": s.color, "width": s.width, "dashes": s.dashes, "vi": s.vi,
                       "en": s.en} for s in (*EDGES.values(), PROPOSAL)],
    }
