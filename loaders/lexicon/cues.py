"""Cue phrases: the words before a reference that say how the citing document relates to it.

Read as: in ``Căn cứ Quyết định số 1241/QĐ-TTg``, ``Căn cứ`` makes the reference a legal basis
(``based_on``). A cue governs the references after it in the same sentence until another cue;
cue words inside the title of another reference do not count (``công văn số 1275/… về việc
hướng dẫn thực hiện Chương trình …`` — that is 1275's subject). Phrases are matched
case-insensitively on whole words; the longest phrase at a place wins.
"""

from __future__ import annotations

#: Relations, strongest first: when one document relates to a reference in several ways,
#: the strongest is the reference's relation.
RELATION_ORDER: tuple[str, ...] = (
    "supersedes",
    "repeals",
    "amends",
    "implements",
    "based_on",
    "cites",
)

DEFAULT_RELATION = "cites"

#: Cue phrase → relation.
CUES: dict[str, str] = {
    # legal basis
    "căn cứ": "based_on",
    "căn cứ vào": "based_on",
    "trên cơ sở": "based_on",
    "theo quy định": "based_on",
    "theo quy định tại": "based_on",
    "theo quy định của": "based_on",
    "áp dụng theo quy định tại": "based_on",
    "quy định tại": "based_on",
    # carrying out
    "thực hiện": "implements",
    "triển khai": "implements",
    "triển khai thực hiện": "implements",
    "tổ chức thực hiện": "implements",
    "tổ chức triển khai": "implements",
    "thực hiện theo": "implements",
    "hướng dẫn thi hành": "implements",
    "hướng dẫn thực hiện": "implements",
    "quy định chi tiết": "implements",
    "theo yêu cầu tại": "implements",
    "theo yêu cầu của": "implements",
    "theo hướng dẫn tại": "implements",
    "theo hướng dẫn của": "implements",
    "theo chỉ đạo của": "implements",
    "nội dung chỉ đạo": "implements",
    "ban hành kế hoạch thực hiện": "implements",
    "ban hành kế hoạch triển khai": "implements",
    # replacement and repeal
    "thay thế": "supersedes",
    "thay thế cho": "supersedes",
    "bãi bỏ": "repeals",
    "hết hiệu lực": "repeals",
    "hết hiệu lực thi hành": "repeals",
    "không còn hiệu lực": "repeals",
    # amendment
    "sửa đổi, bổ sung": "amends",
    "sửa đổi bổ sung": "amends",
    "sửa đổi": "amends",
    # plainly cited: these break the scope of an earlier cue
    "đề nghị của": "cites",
    "tại tờ trình": "cites",
}

#: Cues written *after* the reference they govern (``Nghị định số 55/2009/NĐ-CP … hết hiệu
#: lực``); they count only in the same clause as the reference.
POST_CUES: dict[str, str] = {
    "hết hiệu lực": "repeals",
    "hết hiệu lực thi hành": "repeals",
    "không còn hiệu lực": "repeals",
    "bị bãi bỏ": "repeals",
    "bị thay thế": "supersedes",
}

#: Words that make a change only proposed, not done: ``đề xuất … sửa đổi Luật`` does not
#: amend the Law. They cancel ``amends``, ``supersedes`` and ``repeals`` cues after them in the
#: same clause.
PROPOSAL_WORDS: tuple[str, ...] = ("đề xuất", "đề nghị", "kiến nghị", "nghiên cứu", "dự thảo", "cần")

#: Cue phrases that are not cues when followed by these words: ``bạo lực trên cơ sở giới``
#: (gender-based violence) is no legal basis.
NOT_A_CUE_BEFORE: dict[str, tuple[str, ...]] = {
    "trên cơ sở": ("giới",),
    "thực hiện": ("bình đẳng giới",),
}
