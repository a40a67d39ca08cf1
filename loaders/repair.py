"""Undo a PDF-extraction damage: letters lost from Vietnamese words, each left as a space.

Some PDFs map a few glyphs (in one document ``x í ồ ù``) to nothing: ``tính đồng bộ`` comes
out as ``t nh đ ng bộ``, ``xã hội`` as `` ã hội``. Citations sit in that text, so the
extractor reads the repaired text and reports spans in the original (``to_original``).

A wrong repair silently changes a legal text; a missed one leaves the damage as it was. So
a word is restored only where the evidence is unambiguous:

* a *site* is a token that is no valid syllable (``t``, ``nh``, ``ngu`` + ``n``) by a gap,
  or a valid one by a gap only a lost letter leaves (two spaces, a space opening a line);
* candidates put one letter of the whole alphabet (17 consonants, 12 vowels × 6 tones) into
  the gap (``t`` + ``í`` + ``nh``), or before / after a lone fragment (`` ã`` → ``xã``);
  closing a split word without a letter (``đ ược`` → ``được``) is a candidate too;
* a candidate must be a known syllable and the only one attested next to a neighbour
  (bigram table), or attested ``DOMINANCE`` times more than its rivals;
* a valid token attested in context as written stays (``hiệu quả  `` keeps ``quả``);
* the letters so restored are the document's lost-letter profile (a font loses the same
  glyphs throughout); an open site may then be decided among candidates restoring a profile
  letter only, one dominating by frequency if none is attested (``c ng`` → ``cùng``).

Document numbers are never touched: a chunk with a digit, ``/`` or two capitals
(``NĐ-CP``, ``LĐT``, ``QĐ/TTg``) is neither site nor context. Repairing the repaired text
changes nothing: the rounds run to a fixed point, which a second run starts from.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from loaders.syllable import Lexicon, is_valid_syllable, load_lexicon

#: An attested candidate wins over attested rivals only with this many times their support.
DOMINANCE = 5
#: With the document's profile, an unattested candidate needs this frequency ratio.
PROFILE_DOMINANCE = 20
#: A letter joins the profile once restored this many times in the document.
PROFILE_MIN = 2
#: ... and only in a document with this many strict repairs: a clean one has no profile.
PROFILE_MIN_REPAIRS = 3

_CHUNK = re.compile(r"\S+")
_MARGIN = 3
_DOUBLE = re.compile(r"  +")
_LINE_SPACE = re.compile(r"\n (?=\S)")
_SENTENCE_END = ".!?"


@dataclass(frozen=True)
class Repair:
    """One restored word: ``original[start:end]`` (e.g. ``"t nh"``) became ``replacement``."""

    start: int
    end: int
    original: str
    replacement: str


@dataclass(frozen=True)
class RepairedText:
    """The repaired ``text`` of ``original``, with the repairs that turn one into the other."""

    original: str
    text: str
    repairs: tuple[Repair, ...]
    _starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        starts, shift = [], 0
        for rep in self.repairs:
            starts.append(rep.start + shift)
            shift += len(rep.replacement) - (rep.end - rep.start)
        object.__setattr__(self, "_starts", tuple(starts))

    def to_original(self, pos: int) -> int:
        """Offset in ``text`` → offset in ``original``; monotone, so spans map to spans.

        Inside a repaired word the offset moves along the original span and stops at its
        end, so ``[a, b)`` around a repair maps to a span that covers the damaged one.
        """
        pos = max(0, min(pos, len(self.text)))
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return pos
        rep, start = self.repairs[i], self._starts[i]
        inside = pos - start
        if inside < len(rep.replacement):
            return rep.start + min(inside, rep.end - rep.start)
        return rep.end + inside - len(rep.replacement)


class _Token(NamedTuple):
    start: int  # of the letter core
    end: int
    core: str  # NFC, as written
    lead: bool  # punctuation glued before the core
    trail: bool  # punctuation glued after it
    protected: bool  # part of a number, a symbol or a non-word: never touched
    valid: bool


class _Candidate(NamedTuple):
    start: int  # span in the current text
    end: int
    replacement: str
    letter: str  # the inserted letter ("" for a join without one)
    tokens: tuple[int, ...]
    support: int  # bigram attestation with its neighbours


def _is_letter(ch: str) -> bool:
    """A letter or a combining mark (text may come decomposed); ``""`` is none."""
    return ch.isalpha() or (len(ch) == 1 and unicodedata.category(ch) == "Mn")


@lru_cache(maxsize=65536)
def _chunk(chunk: str) -> tuple[int, int, str, bool, bool]:
    """(core start, core end, NFC core, protected, valid) of one white-space chunk.

    Cached: a document repeats its words, and every round looks at them again.
    """
    letters = [i for i, ch in enumerate(chunk) if _is_letter(ch)]
    if not letters:
        return 0, len(chunk), "", True, False
    i, j = letters[0], letters[-1] + 1
    core = chunk[i:j]
    protected = (
        any(ch.isdigit() or ch == "/" for ch in chunk)
        or len(letters) != j - i
        or sum(ch.isupper() for ch in core) >= 2
    )
    norm = unicodedata.normalize("NFC", core)
    return i, j, norm, protected, not protected and is_valid_syllable(norm)


@lru_cache(maxsize=65536)
def _no_syllable(chunk: str) -> bool:
    """A chunk neither protected nor a valid syllable. Cached apart from ``_chunk`` so that
    ``_windows`` can filter a document's words without a Python loop."""
    return not any(_chunk(chunk)[3:])


def _tokens(text: str) -> list[_Token]:
    """White-space separated chunks reduced to their letter cores."""
    out = []
    for match in _CHUNK.finditer(text):
        chunk = match.group()
        i, j, core, protected, valid = _chunk(chunk)
        base = match.start()
        out.append(_Token(base + i, base + j, core, i > 0, j < len(chunk), protected, valid))
    return out


class _Pass:
    """One look at the current text: its sites, their candidates and the decisions."""

    def __init__(self, text: str, lex: Lexicon) -> None:
        self.text = text
        self.lex = lex
        self.toks = _tokens(text)

    def _word(self, k: int, cut: bool) -> str | None:
        """Token ``k`` as context: a syllable, unless punctuation ``cut`` it off."""
        ok = not cut and 0 <= k < len(self.toks) and self.toks[k].valid
        return self.toks[k].core.lower() if ok else None

    def _prev(self, i: int) -> str | None:
        return self._word(i - 1, i == 0 or self.toks[i].lead or self.toks[i - 1].trail)

    def _next(self, j: int) -> str | None:
        last = j + 1 >= len(self.toks)
        return self._word(j + 1, last or self.toks[j].trail or self.toks[j + 1].lead)

    def _sentence_start(self, pos: int) -> bool:
        """Whether only white space lies between ``pos`` and a full stop (or the start)."""
        k = pos - 1
        while k >= 0 and self.text[k].isspace():
            k -= 1
        return k < 0 or self.text[k] in _SENTENCE_END

    def _make(self, a: int, b: int, i: int, j: int, left: str, right: str) -> list[_Candidate]:
        """Candidates ``left + letter + right`` for the span ``[a, b)`` over tokens ``i..j``.

        The letter is a capital in a word of capitals or opening a sentence.
        """
        both = left + right
        upper = (len(both) >= 2 and both.isupper()) or (
            not left and (right.isupper() or self._sentence_start(a))
        )
        prev, nxt, tokens = self._prev(i), self._next(j), tuple(range(i, j + 1))
        out = []
        for letter in self.lex.fills(left, right, bool(left and right)):
            word = left + (letter.upper() if upper else letter) + right
            low = word.lower()
            support = self.lex.bigram(prev, low) + self.lex.bigram(low, nxt)
            out.append(_Candidate(a, b, word, letter, tokens, support))
        return out

    def _join(self, i: int) -> list[_Candidate]:
        """Tokens ``i`` and ``i + 1`` one space apart, one of them no syllable: ``t nh``."""
        toks = self.toks
        left, right = toks[i], toks[i + 1]
        if (
            left.protected or right.protected or left.trail or right.lead
            or right.start != left.end + 1 or self.text[left.end] != " "
            or (left.valid and right.valid)
        ):  # fmt: skip
            return []
        return self._make(left.start, right.end, i, i + 1, left.core, right.core)

    def _edge(self, i: int) -> list[_Candidate]:
        """A letter lost at the end (``ph `` → ``phù``) or start (`` ã`` → ``xã``) of a word.

        A valid token needs a stronger sign of a gap than an invalid one: two spaces, or
        a space opening a line; a single space before the next word is an ordinary one.
        """
        tok, text = self.toks[i], self.text
        out = []
        after = text[tok.end + 1 : tok.end + 2]
        if not tok.trail and text[tok.end : tok.end + 1] == " " and (
            after == " " if tok.valid else not (_is_letter(after) or after.isdigit())
        ):
            out += self._make(tok.start, tok.end + 1, i, i, tok.core, "")
        before = text[tok.start - 2] if tok.start >= 2 else ""
        if not tok.lead and tok.start >= 1 and text[tok.start - 1] == " " and (
            before in ("", " ", "\n") if tok.valid else not _is_letter(before)
        ):
            out += self._make(tok.start - 1, tok.end, i, i, "", tok.core)
        return out

    def decide(self, cands: list[_Candidate], profile: set[str] | None) -> _Candidate | None:
        """Pick the candidate of one site, or none when the evidence is not clear.

        Without a profile: the single attested candidate, or one whose attestation is
        ``DOMINANCE`` times its rivals'. With the document's lost-letter profile, only
        candidates restoring a profile letter compete, and if none is attested the most
        frequent wins when ``PROFILE_DOMINANCE`` times as frequent as the next (but not
        for a site of valid words only, which needs attestation to count as damage).
        """
        if profile is not None:
            cands = [c for c in cands if c.letter in profile]
        attested = sorted((c for c in cands if c.support > 0), key=lambda c: -c.support)
        if attested:
            best = attested[0]
            if len(attested) == 1 or best.support >= DOMINANCE * attested[1].support:
                return best
            return None
        if profile is None or all(self.toks[t].valid for c in cands for t in c.tokens):
            return None
        freq = self.lex.syllables
        ranked = sorted(cands, key=lambda c: -freq[c.replacement.lower()])
        top = freq[ranked[0].replacement.lower()]
        rival = freq[ranked[1].replacement.lower()] if len(ranked) > 1 else 0
        return ranked[0] if top >= PROFILE_DOMINANCE * max(rival, 1) else None

    def edits(self, profile: set[str] | None) -> list[_Candidate]:
        """The accepted, non-overlapping repairs of this pass."""
        toks = self.toks
        cands: list[_Candidate] = []
        for i, tok in enumerate(toks):
            if tok.protected:
                continue
            if i + 1 < len(toks) and not (tok.valid and toks[i + 1].valid):
                cands.extend(self._join(i))
            edge = self._edge(i)
            if edge and tok.valid:
                # A valid word attested as written is not damage (``hiệu quả  ``).
                word = tok.core.lower()
                if self.lex.bigram(self._prev(i), word) + self.lex.bigram(word, self._next(i)):
                    continue
            cands.extend(edge)
        # Tokens linked by a join (``kh ch``) form one site with all their candidates.
        linked = {c.tokens[0] for c in cands if len(c.tokens) == 2}
        site_of: dict[int, int] = {}
        for t in sorted({t for c in cands for t in c.tokens}):
            site_of[t] = site_of[t - 1] if t - 1 in linked else t
        sites: dict[int, list[_Candidate]] = {}
        for c in cands:
            sites.setdefault(site_of[c.tokens[0]], []).append(c)
        chosen = sorted(
            (p for site in sites.values() if (p := self.decide(site, profile))),
            key=lambda c: c.start,
        )
        out: list[_Candidate] = []
        for cand in chosen:
            # Spans that meet (``ch  ã``: one lost letter, two readings) keep the better
            # attested one; the other site is looked at again in the next round.
            if out and cand.start <= out[-1].end:
                if cand.support > out[-1].support:
                    out[-1] = cand
                continue
            out.append(cand)
        return out


def _rebase(
    original: str, repairs: list[Repair], text: str, edits: list[_Candidate]
) -> list[Repair]:
    """Fold edits made on ``text`` (``original`` after ``repairs``) into ``repairs``.

    An edit that meets an earlier repair absorbs it, so repairs never overlap.
    """
    spans, ends, shifts, shift = [], [], [0], 0
    for rep in repairs:
        spans.append((rep.start + shift, rep.start + shift + len(rep.replacement)))
        ends.append(spans[-1][1])
        shift += len(rep.replacement) - (rep.end - rep.start)
        shifts.append(shift)
    keep, new = set(range(len(repairs))), []
    for cand in edits:
        over = {k for k in keep if spans[k][0] < cand.end and cand.start < spans[k][1]}
        a = min([cand.start] + [spans[k][0] for k in over])
        b = max([cand.end] + [spans[k][1] for k in over])
        oa, ob = (p - shifts[bisect.bisect_right(ends, p)] for p in (a, b))
        replacement = text[a : cand.start] + cand.replacement + text[cand.end : b]
        new.append(Repair(oa, ob, original[oa:ob], replacement))
        keep -= over
    return sorted([repairs[k] for k in keep] + new, key=lambda r: r.start)


def _apply(original: str, repairs: list[Repair]) -> str:
    cuts = [0, *(p for r in repairs for p in (r.start, r.end)), len(original)]
    kept = [original[a:b] for a, b in zip(cuts[::2], cuts[1::2], strict=True)]
    return "".join(k + r.replacement for k, r in zip(kept, repairs, strict=False)) + kept[-1]


def _skip(text: str, pos: int, chunks: int, step: int) -> int:
    """Move from ``pos`` over ``chunks`` white-space separated chunks (``step`` ±1)."""
    n, look = len(text), (-1 if step < 0 else 0)
    for _ in range(chunks):
        for space in (True, False):
            while (pos > 0 if step < 0 else pos < n) and text[pos + look].isspace() == space:
                pos += step
    return pos


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` around the chunks where ``_Pass`` can find a candidate at all.

    Those are chunks that are no syllable, or next to a double space or a line's opening
    space. A window reaches ``_MARGIN`` chunks past them; decisions two chunks in from a
    cut edge see their whole context, so a round equals a pass over the whole text.
    """
    n = len(text)
    spots = [1] if text[:1] == " " and text[1:2].strip() else []
    for m in _DOUBLE.finditer(text):  # ``quả  `` and ``  uất``
        a, b = m.span()
        if a and not text[a - 1].isspace():
            spots.append(a - 1)
        if b < n and not text[b].isspace():
            spots.append(b)
    spots += [m.end() for m in _LINE_SPACE.finditer(text)]  # a space opening a line
    bad = sorted(filter(_no_syllable, set(text.split())), key=len, reverse=True)
    if bad:
        pattern = re.compile(r"(?<!\S)(?:" + "|".join(map(re.escape, bad)) + r")(?!\S)")
        spots += [m.start() for m in pattern.finditer(text)]
    merged: list[list[int]] = []
    for pos in sorted(spots):
        start = _skip(text, _skip(text, pos + 1, 1, -1), _MARGIN, -1)
        end = _skip(text, _skip(text, pos, 1, 1), _MARGIN, 1)
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


_Decisions = dict[tuple[str, bool, bool, frozenset[str] | None], list[_Candidate]]


def _round(text: str, lex: Lexicon, profile: set[str] | None, seen: _Decisions) -> list[_Candidate]:
    """One round of decisions over all windows, in whole-text offsets.

    A window decides from its own text alone: an unchanged one is decided once (``seen``).
    """
    out = []
    for ws, we in _windows(text):
        head, tail = ws == 0, we == len(text)
        key = (text[ws:we], head, tail, None if profile is None else frozenset(profile))
        if key not in seen:
            window = _Pass(key[0], lex)
            first = 0 if head else _MARGIN - 1
            stop = len(window.toks) - 1 - (0 if tail else _MARGIN - 1)
            edits = window.edits(profile)
            seen[key] = [c for c in edits if first <= c.tokens[0] and c.tokens[-1] <= stop]
        out += [c._replace(start=c.start + ws, end=c.end + ws) for c in seen[key]]
    return out


def repair_text(text: str, lexicon: Lexicon | None = None) -> RepairedText:
    """Restore the letters lost from ``text`` where the restoration is unambiguous.

    Rounds repeat until nothing changes, since a repair gives its neighbour a context
    (``t nh đ ng bộ``: ``đồng bộ`` first, then ``tính đồng``). When the strict rule is done,
    the letters it restored (at least ``PROFILE_MIN`` times each, ``PROFILE_MIN_REPAIRS``
    in all) become the profile for one more round, and so on until a fixed point.
    """
    lex = lexicon or load_lexicon()
    repairs: list[Repair] = []
    current = text
    letters: Counter[str] = Counter()  # restored by the strict rule only
    seen: _Decisions = {}
    for _ in range(50):  # a round fixes what its neighbours allow; 2-5 rounds in practice
        edits = _round(current, lex, None, seen)
        letters.update(c.letter for c in edits)
        if not edits and letters.total() >= PROFILE_MIN_REPAIRS:
            profile = {k for k, n in letters.items() if n >= PROFILE_MIN and k}
            edits = _round(current, lex, profile, seen) if profile else []
        if not edits:
            break
        repairs = _rebase(text, repairs, current, edits)
        current = _apply(text, repairs)
    return RepairedText(text, current, tuple(repairs))
