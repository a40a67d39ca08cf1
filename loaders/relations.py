"""The relation of the citing document to a reference, from the cue words that govern it.

The nearest cue before the reference in its sentence wins (``Căn cứ`` → based_on); cue words
inside another reference's title are skipped; a list item with no cue of its own takes its
lead-in's; a few cues come after the reference (``… hết hiệu lực``); proposal words
(``đề xuất sửa đổi``) keep a change from being read as done.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from loaders.lexicon.cues import (
    CUES,
    DEFAULT_RELATION,
    NOT_A_CUE_BEFORE,
    POST_CUES,
    PROPOSAL_WORDS,
    RELATION_ORDER,
)
from loaders.sentences import Sentences

_CHANGES = frozenset({"amends", "supersedes", "repeals"})


def _phrase_pattern(phrases: Sequence[str], ignore_case: bool = False) -> re.Pattern[str]:
    """One pattern for ``phrases``, as whole words, the longest first; for text lowered
    (``str.lower``), or with case ignored when ``ignore_case``.

    The phrases are written as a trie (``căn\\s+cứ(?:\\s+vào|)``) when that keeps the
    longest-first choice, so that the engine tries a word start against a few letters rather
    than against every phrase; otherwise as a flat alternation. In a trie the word start is
    checked after the first letter (``c(?<!\\w.)ăn…``): a pattern that opens with a letter lets
    the engine skip to the places where one of the first letters is, and on lowered text
    without ignoring case the three patterns ran about 2.5 times as fast as opening with the
    look-behind, case ignored.
    """
    ordered = sorted(dict.fromkeys(p.lower() for p in phrases), key=len, reverse=True)
    root = _Trie()
    for rank, phrase in enumerate(ordered):
        node = root
        for i, word in enumerate(phrase.split()):
            for key in (" " if i else "") + word:  # " " stands for the white space between words
                node = node.children.setdefault(key, _Trie())
        node.ends.append((rank, _not_before(phrase)))
    flags = re.IGNORECASE if ignore_case else 0
    trie = _trie_pattern(root, after_key=r"(?<!\w.)")  # a phrase's first letter opens no phrase
    if trie is None:
        return re.compile(r"(?<!\w)(?:" + "|".join(_phrase(p) for p in ordered) + r")(?!\w)", flags)
    return re.compile(trie[0] + r"(?!\w)", flags)  # a trie's top-level alternation is grouped


def _phrase(phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in phrase.split()) + _not_before(phrase)


def _not_before(phrase: str) -> str:
    """The look-ahead for the words that stop ``phrase`` from being a cue (``NOT_A_CUE_BEFORE``)."""
    after = NOT_A_CUE_BEFORE.get(phrase, ())
    if not after:
        return ""
    return "(?!" + "|".join(r"\s+" + r"\s+".join(map(re.escape, a.split())) for a in after) + ")"


@dataclass
class _Trie:
    """Phrases sharing a beginning: what may follow it, and the phrases that end there (rank
    in the longest-first order, look-ahead)."""

    children: dict[str, _Trie] = field(default_factory=dict)
    ends: list[tuple[int, str]] = field(default_factory=list)


def _trie_pattern(node: _Trie, after_key: str = "") -> tuple[str, int] | None:
    """(pattern, worst rank below) for ``node``, or None when it would choose otherwise than
    the flat alternation: where one text character could match two branches, or where a
    phrase ending here ranks before a longer one going on. ``after_key`` follows each key of
    this node (not of those below): the root's word-start check."""
    if any(_may_overlap(a, b) for a, b in itertools.combinations(node.children, 2)):
        return None
    branches, worst = [], -1
    for key, child in node.children.items():
        below = _trie_pattern(child)
        if below is None:
            return None
        branches.append((r"\s+" if key == " " else re.escape(key)) + after_key + below[0])
        worst = max(worst, below[1])
    if node.ends:
        if worst > node.ends[0][0]:
            return None
        branches += [after for _, after in node.ends]
        worst = max(worst, node.ends[-1][0])
    return (branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"), worst


def _may_overlap(a: str, b: str) -> bool:
    """Whether one character of text may match both trie keys with case ignored (white space
    matches no letter)."""
    if " " in (a, b):
        return False
    return (a.lower() == b.lower() or a.upper() == b.upper() or a.casefold() == b.casefold()
            or bool(re.fullmatch(re.escape(a), b, re.IGNORECASE))
            or bool(re.fullmatch(re.escape(b), a, re.IGNORECASE)))


@lru_cache(maxsize=2)
def _patterns(ignore_case: bool) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return (_phrase_pattern(list(CUES), ignore_case), _phrase_pattern(list(POST_CUES), ignore_case),
            _phrase_pattern(PROPOSAL_WORDS, ignore_case))


def strongest(relations: Sequence[str]) -> str:
    """The strongest of several relations (``RELATION_ORDER``)."""
    ranked = [r for r in RELATION_ORDER if r in relations]
    return ranked[0] if ranked else DEFAULT_RELATION


class RelationReader:
    """Reads relations in one text, given the spans where cue words do not count."""

    def __init__(self, text: str, sentences: Sentences, blind: Sequence[tuple[int, int]]) -> None:
        self.text = text
        self.sentences = sentences
        self._blind = _union(blind)
        self._blind_starts = [a for a, _ in self._blind]
        # The patterns are searched in the text lowered, at the same offsets; a text whose
        # length lowering changes (``İ`` becomes two characters) is searched with case ignored.
        lowered = text.lower()
        same = len(lowered) == len(text)
        cue, post, proposal = _patterns(ignore_case=not same)
        scanned = lowered if same else text
        self.cues = [m.span() for m in cue.finditer(scanned) if not self._is_blind(m.start())]
        self.post = [m.span() for m in post.finditer(scanned) if not self._is_blind(m.start())]
        self.proposals = [m.start() for m in proposal.finditer(scanned)]
        # Sorted starts, so that every lookup is a binary search: a document citing 10 000
        # instruments must not cost 10 000 × 10 000 comparisons.
        self._cue_starts = [a for a, _ in self.cues]
        self._post_starts = [a for a, _ in self.post]

    def _is_blind(self, pos: int) -> bool:
        i = bisect.bisect_right(self._blind_starts, pos) - 1
        return i >= 0 and pos < self._blind[i][1]

    def _last_cue(self, start: int, end: int) -> tuple[int, int] | None:
        """The span of the last cue that starts at or after ``start`` and ends by ``end``."""
        i = bisect.bisect_left(self._cue_starts, end) - 1
        while i >= 0 and self._cue_starts[i] >= start:
            if self.cues[i][1] <= end:
                return self.cues[i]
            i -= 1
        return None

    def relation_at(self, start: int, end: int, next_ref: int | None = None) -> tuple[str, str | None]:
        """(relation, cue text) for a reference spanning ``start``..``end``."""
        index = self.sentences.index_at(start)
        seg = self.sentences.segments[index]
        cue = self._last_cue(seg.start, start)
        if cue is not None:
            return self._checked(cue, seg.start)
        clause_end = min(seg.end, next_ref if next_ref is not None else seg.end)
        i = bisect.bisect_left(self._post_starts, end)
        if i < len(self.post) and self._post_starts[i] < clause_end:
            found = self.text[self.post[i][0]:self.post[i][1]]
            return POST_CUES[_key(found)], found
        if _about_reference(self.text[seg.start:start]):
            lead = self.sentences.lead_in(index)
            if lead is not None:
                cue = self._last_cue(lead.start, lead.end)
                if cue is not None:
                    return self._checked(cue, lead.start)
        return DEFAULT_RELATION, None

    def _checked(self, cue: tuple[int, int], seg_start: int) -> tuple[str, str | None]:
        found = self.text[cue[0]:cue[1]]
        relation = CUES[_key(found)]
        i = bisect.bisect_left(self.proposals, seg_start)
        if relation in _CHANGES and i < len(self.proposals) and self.proposals[i] < cue[0]:
            return DEFAULT_RELATION, found
        return relation, found


def _about_reference(prefix: str) -> bool:
    """True when a list item opens with the reference (``- Luật …``, ``a) Kế hoạch số …``).

    Only then does the item's lead-in (``… các văn bản sau:``) govern it.
    """
    words = re.sub(r"^\s*(?:[-+•–]|\d{1,2}\.|[a-zđ]\))\s*", "", prefix).split()
    return len(words) <= 3


def _key(found: str) -> str:
    """The lexicon key of a cue as found in text (case and white space folded)."""
    return " ".join(found.lower().split())


def _union(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans merged, in order (``[(0, 5), (3, 9), (12, 14)]`` → ``[(0, 9), (12, 14)]``)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
