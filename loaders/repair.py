"""Undo a PDF-extraction damage: letters lost from Vietnamese words, each left as a space.

Some PDFs map a few glyphs (in one document ``x``, ``í``, ``ồ``, ``ù``) to nothing, so
``tính đồng bộ`` comes out as ``t nh đ ng bộ`` and ``xã hội`` as `` ã hội``. Citations
sit in that text (``ch nh sách`` around ``Quyết định số …``), so the extractor works on the
repaired text and reports spans in the original through ``RepairedText.to_original``.

Why it is conservative: a wrong "repair" silently changes a legal text, a missed one only
leaves the damage as it was. So a word is restored only when the evidence is unambiguous:

* damage is a *site*: a token that is not a valid syllable (``t``, ``nh``, ``ngu`` + ``n``)
  next to a one-space gap, or a valid token next to a gap that a lost letter must have
  left (a double space, a space opening a line);
* candidates insert one letter of the whole alphabet (17 consonants, 12 vowels × 6 tones)
  into the gap (``t`` + ``í`` + ``nh``), or before / after a lone fragment (`` ã`` → ``xã``);
  joining a split word without a letter (``đ ược`` → ``được``) is a candidate too;
* a candidate must be a known syllable (``loaders/lexicon/syllables.tsv``) and is taken
  only if it is the single one attested next to its neighbour
  (``loaders/lexicon/bigrams.tsv``), or its attestation dominates the others';
* a valid token is left as it is when it is itself attested in context
  (``hiệu quả  `` keeps ``quả``);
* the letters restored that way form the document's lost-letter profile (fonts lose the
  same few glyphs throughout); a site still open may then be decided among candidates
  that insert a profile letter only, where one dominates by frequency (``c ng`` → ``cùng``).

Document numbers are never touched: a token with a digit, ``/`` or two capitals
(``NĐ-CP``, ``LĐT``, ``QĐ/TTg``) is neither a site nor a fragment. Repairing the repaired
text changes nothing, since restored words are valid, known and attested.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from loaders.syllable import LETTERS, is_valid_syllable

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
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
_GAP = re.compile(r"(?<=\S)  |(?<=[ \n]) (?=\S)|\A (?=\S)")
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
        if inside <= len(rep.replacement):
            return rep.start + min(inside, rep.end - rep.start)
        return rep.end + inside - len(rep.replacement)


@dataclass(frozen=True)
class Lexicon:
    """Syllable counts and bigram counts (``"a b"`` keys), lower case NFC."""

    syllables: dict[str, int]
    bigrams: dict[str, int]
    _fills: dict[tuple[str, str, bool], tuple[str, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def fills(self, left: str, right: str, bare: bool) -> tuple[str, ...]:
        """Letters ``x`` (lower case) with ``left + x + right`` a known valid syllable.

        ``bare`` admits the empty letter too. Cached: the same fragments recur.
        """
        key = (left.lower(), right.lower(), bare)
        found = self._fills.get(key)
        if found is None:
            a, b = key[0], key[1]
            found = tuple(
                x for x in (("", *LETTERS) if bare else LETTERS)
                if (a + x + b) in self.syllables and is_valid_syllable(a + x + b)
            )  # fmt: skip
            self._fills[key] = found
        return found

    def bigram(self, first: str | None, second: str | None) -> int:
        if first is None or second is None:
            return 0
        return self.bigrams.get(f"{first} {second}", 0)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read the committed tables once (built by ``loaders/lexicon/build_syllables.py``)."""
    syllables: dict[str, int] = {}
    for line in (LEXICON_DIR / "syllables.tsv").read_text(encoding="utf-8").splitlines():
        word, count = line.split("\t")
        syllables[word] = int(count)
    bigrams: dict[str, int] = {}
    for line in (LEXICON_DIR / "bigrams.tsv").read_text(encoding="utf-8").splitlines():
        first, second, count = line.split("\t")
        bigrams[f"{first} {second}"] = int(count)
    return Lexicon(syllables, bigrams)


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
    return ch.isalpha() or unicodedata.category(ch) == "Mn"


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

    def _word(self, k: int) -> str | None:
        if 0 <= k < len(self.toks) and self.toks[k].valid:
            return self.toks[k].core.lower()
        return None

    def _prev(self, i: int) -> str | None:
        """The syllable before token ``i`` if only white space separates them."""
        if i == 0 or self.toks[i].lead or self.toks[i - 1].trail:
            return None
        return self._word(i - 1)

    def _next(self, j: int) -> str | None:
        if j + 1 >= len(self.toks) or self.toks[j].trail or self.toks[j + 1].lead:
            return None
        return self._word(j + 1)

    def _sentence_start(self, pos: int) -> bool:
        """Whether only white space lies between ``pos`` and a full stop (or the start)."""
        k = pos - 1
        while k >= 0 and self.text[k].isspace():
            k -= 1
        return k < 0 or self.text[k] in _SENTENCE_END

    def _make(
        self, span: tuple[int, int], i: int, j: int, parts: tuple[str, str], letters: tuple[str, ...]
    ) -> list[_Candidate]:
        """Candidates ``parts[0] + letter + parts[1]`` for a span over tokens ``i..j``."""
        left, right = parts
        both = left + right
        upper = (len(both) >= 2 and both.isupper()) or (
            not left and (right.isupper() or self._sentence_start(span[0]))
        )
        prev, nxt, tokens = self._prev(i), self._next(j), tuple(range(i, j + 1))
        out = []
        for letter in letters:
            word = left + (letter.upper() if upper else letter) + right
            low = word.lower()
            support = self.lex.bigram(prev, low) + self.lex.bigram(low, nxt)
            out.append(_Candidate(span[0], span[1], word, letter, tokens, support))
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
        letters = self.lex.fills(left.core, right.core, True)
        return self._make((left.start, right.end), i, i + 1, (left.core, right.core), letters)

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
            letters = self.lex.fills(tok.core, "", False)
            out += self._make((tok.start, tok.end + 1), i, i, (tok.core, ""), letters)
        before = text[tok.start - 2] if tok.start >= 2 else ""
        if not tok.lead and tok.start >= 1 and text[tok.start - 1] == " " and (
            before in ("", " ", "\n") if tok.valid else not _is_letter(before)
        ):
            letters = self.lex.fills("", tok.core, False)
            out += self._make((tok.start - 1, tok.end), i, i, ("", tok.core), letters)
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
        if profile is None or not cands or all(self.toks[t].valid for t in cands[0].tokens):
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
        text = self.text
        for i, tok in enumerate(toks):
            if tok.protected:
                continue
            if i + 1 < len(toks) and not (tok.valid and toks[i + 1].valid):
                cands.extend(self._join(i))
            if tok.valid and text[tok.end : tok.end + 2] != "  " and not (
                text[tok.start - 1 : tok.start] == " " and text[tok.start - 2 : tok.start - 1] in "\n "
            ):
                continue  # the usual case, checked here because it is most of the text
            edge = self._edge(i)
            if edge and tok.valid:
                # A valid word attested as written is not damage (``hiệu quả  ``).
                word = tok.core.lower()
                if self.lex.bigram(self._prev(i), word) + self.lex.bigram(word, self._next(i)):
                    continue
            cands.extend(edge)
        # Candidates sharing a token (``kh ch`` joined, ``ch`` extended) form one site.
        parent = list(range(len(toks)))

        def root(t: int) -> int:
            while parent[t] != t:
                parent[t] = parent[parent[t]]
                t = parent[t]
            return t

        for c in cands:
            for t in c.tokens[1:]:
                parent[root(t)] = root(c.tokens[0])
        sites: dict[int, list[_Candidate]] = {}
        for c in cands:
            sites.setdefault(root(c.tokens[0]), []).append(c)
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


def _rebase(original: str, repairs: list[Repair], text: str, edits: list[_Candidate]) -> list[Repair]:
    """Fold edits made on ``text`` (= ``original`` after ``repairs``) into ``repairs``."""
    spans, shift = [], 0
    for rep in repairs:
        start = rep.start + shift
        spans.append((start, start + len(rep.replacement)))
        shift += len(rep.replacement) - (rep.end - rep.start)

    def to_orig(pos: int) -> int:
        moved = sum(
            len(r.replacement) - (r.end - r.start)
            for r, (_, e) in zip(repairs, spans, strict=True) if e <= pos
        )  # fmt: skip
        return pos - moved

    keep = list(range(len(repairs)))
    new: list[Repair] = []
    for cand in edits:
        over = [k for k in keep if spans[k][0] < cand.end and cand.start < spans[k][1]]
        a = min([cand.start] + [spans[k][0] for k in over])
        b = max([cand.end] + [spans[k][1] for k in over])
        replacement = text[a : cand.start] + cand.replacement + text[cand.end : b]
        oa, ob = to_orig(a), to_orig(b)
        keep = [k for k in keep if k not in over]
        if original[oa:ob] != replacement:
            new.append(Repair(oa, ob, original[oa:ob], replacement))
    return sorted([repairs[k] for k in keep] + new, key=lambda r: r.start)


def _apply(original: str, repairs: list[Repair]) -> str:
    parts, pos = [], 0
    for rep in repairs:
        parts.append(original[pos : rep.start])
        parts.append(rep.replacement)
        pos = rep.end
    parts.append(original[pos:])
    return "".join(parts)


def _skip(text: str, pos: int, chunks: int, step: int) -> int:
    """Move from ``pos`` over ``chunks`` white-space separated chunks (back or forward)."""
    n = len(text)
    for _ in range(chunks):
        if step < 0:
            while pos > 0 and text[pos - 1].isspace():
                pos -= 1
            while pos > 0 and not text[pos - 1].isspace():
                pos -= 1
        else:
            while pos < n and text[pos].isspace():
                pos += 1
            while pos < n and not text[pos].isspace():
                pos += 1
    return pos


def _suspect(chunk: str) -> bool:
    _, _, _, protected, valid = _chunk(chunk)
    return not protected and not valid


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of ``text`` around every suspicious chunk, so a round looks at those only.

    A chunk is suspicious if it holds no syllable, or sits next to a double space or a
    space opening a line: only there can ``_Pass`` find a candidate. Each window reaches
    ``_MARGIN`` chunks either side of its suspects and decisions are kept two chunks in
    from a cut edge, where a token's whole context (a chunk, two characters, the previous
    full stop) lies inside: a round gives what a pass over the whole text would, faster.
    """
    spots = [m.start() - 1 if len(m.group()) == 2 else m.end() for m in _GAP.finditer(text)]
    bad = sorted({c for c in set(text.split()) if _suspect(c)}, key=len, reverse=True)
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


_Decisions = dict[tuple[str, frozenset[str] | None], list[_Candidate]]


def _round(
    text: str, lex: Lexicon, profile: set[str] | None, seen: _Decisions
) -> list[_Candidate]:
    """One round of decisions over all suspicious windows, in whole-text offsets.

    A window decides from its own text alone, so an unchanged window is not looked at
    twice (``seen``, per document and mode).
    """
    out = []
    for ws, we in _windows(text):
        key = (text[ws:we], None if profile is None else frozenset(profile))
        if key not in seen:
            window = _Pass(key[0], lex)
            first = 0 if ws == 0 else _MARGIN - 1
            stop = len(window.toks) - 1 - (0 if we == len(text) else _MARGIN - 1)
            seen[key] = [
                c for c in window.edits(profile) if first <= c.tokens[0] and c.tokens[-1] <= stop
            ]
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
