"""The inference rule over one group (``graph.inference.Group``), against its definition.

Random FICTIONAL groups: titles drawn from a small vocabulary (so that likeness varies from
none to identical), some naming a period, random citing dates, settled pairs and replaced
members. The definition compares each older member with every later one in date order; the
rule looks only at those sharing a prefix word, and after a change of citations only at the
older members that reach a changed one. Both must give the definition's proposals.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from graph.inference import MIN_SIMILARITY, THRESHOLD, TITLE_WEIGHT, Context, Group, Proposal, group_of, words
from graph.model import Instrument

_WORDS = ("lưu trữ", "hồ sơ", "điện tử", "giấy tờ", "nước sạch", "phụ nữ", "trẻ em", "dân tộc", "thiểu số",
          "bình đẳng", "giới", "tuyên truyền", "phòng chống", "bạo lực", "gia đình", "khởi nghiệp", "việc làm",
          "nông thôn")
_PERIODS = ("", " giai đoạn 2041 - 2045", " giai đoạn 2046 - 2050")


def _group(rng: random.Random, size: int) -> list[Instrument]:
    topics = [rng.sample(_WORDS, rng.randint(3, 7)) for _ in range(max(2, size // 4))]
    out = []
    for i in range(size):
        words = list(rng.choice(topics))
        if rng.random() < 0.5:  # a word more or less than the topic's
            words[rng.randrange(len(words))] = rng.choice(_WORDS)
        issued = date(2040, 1, 1) + timedelta(days=rng.randrange(3000))
        title = "Quy định về " + " ".join(words) + rng.choice(_PERIODS)
        out.append(Instrument(f"{9000 + i}/{issued.year}/NĐ-CP", f"{9000 + i}/{issued.year}/NĐ-CP", "Nghị định",
                              "Chính phủ", issued, title))
    return out


def _context(rng: random.Random, members: list[Instrument], keys: list[str] | None = None) -> Context:
    """Random citations, settled pairs and replaced members (of ``keys`` only, when given)."""
    chosen = keys if keys is not None else [m.key for m in members]
    citers = {k: sorted(date(2040, 1, 1) + timedelta(days=rng.randrange(3500)) for _ in range(rng.randint(0, 4)))
              for k in chosen}
    settled = {frozenset((k, rng.choice(members).key)) for k in chosen if rng.random() < 0.1}
    replaced = {k for k in chosen if rng.random() < 0.05}
    return Context(citers, settled, replaced)


def _judged(rule: Group, older: Instrument, newer: Instrument, ctx: Context) -> Proposal | None:
    """The rule's verdict on one pair as the module docstring states it, computed plainly:
    weighted Jaccard similarity of the titles' words, citations counted one by one."""
    assert older.date_issued and newer.date_issued
    years_old, years_new = rule.years[older.key], rule.years[newer.key]
    if newer.date_issued <= older.date_issued or (years_old and years_new and years_old != years_new):
        return None
    a, b = rule.tokens[older.key], rule.tokens[newer.key]
    union = sum(rule.idf[t] for t in a | b)
    similarity = sum(rule.idf[t] for t in a & b) / union if union else 0.0
    if similarity < MIN_SIMILARITY or frozenset((older.key, newer.key)) in ctx.settled:
        return None
    cited_old, cited_new = ctx.citers.get(older.key, []), ctx.citers.get(newer.key, [])
    before = sum(d < newer.date_issued for d in cited_old)
    after = sum(d >= newer.date_issued for d in cited_new)
    shift = (before + after) / (len(cited_old) + len(cited_new)) if cited_old and cited_new else 0.5
    score = round(TITLE_WEIGHT * similarity + (1 - TITLE_WEIGHT) * shift, 3)
    if score < THRESHOLD:
        return None
    moved = (f"citations moved: {before} of {len(cited_old)} citing {older.key} are dated before "
             f"{newer.date_issued.isoformat()}, {after} of {len(cited_new)} citing {newer.key} after"
             if cited_old and cited_new else "no citations of both to compare")
    return Proposal(newer.key, older.key, score, (
        f"same type ({newer.type}) and issuer ({newer.issuer})",
        f"issued later: {newer.date_issued.isoformat()} after {older.date_issued.isoformat()}",
        f"titles alike: {similarity:.2f}", moved))


def _definition(members: list[Instrument], ctx: Context) -> list[Proposal]:
    """Each older member against every later one, in date order: the first that qualifies."""
    rule = Group(members)
    ordered, out = rule.members, []
    for i, older in enumerate(ordered):
        if older.key in ctx.replaced:
            continue
        for newer in ordered[i + 1:]:
            if (found := _judged(rule, older, newer, ctx)) is not None:
                out.append(found)
                break
    return out


@pytest.mark.parametrize("seed", range(40))
def test_the_rule_gives_the_definition_s_proposals(seed: int) -> None:
    rng = random.Random(seed)
    members = _group(rng, rng.randint(2, 60))
    ctx = _context(rng, members)
    found = Group(members).propose(ctx)
    assert found == _definition(members, ctx)
    stored = {m.key: words(m.title) or "" for m in members}  # the title words as the store keeps them
    assert Group(members, stored).propose(ctx) == found
    assert all(group_of(m, stored[m.key]) == group_of(m) for m in members)
    if seed == 0:
        assert len(found) > 3  # the random groups do make proposals


def _merged(a: Context, b: Context, keys: set[str]) -> Context:
    """``a``'s context with ``keys``' citations, settled pairs and replacement taken from ``b``."""
    citers = {k: v for k, v in a.citers.items() if k not in keys} | {k: b.citers.get(k, []) for k in keys}
    settled = {p for p in a.settled if not p & keys} | {p for p in b.settled if p & keys}  # type: ignore[attr-defined]
    replaced = {k for k in a.replaced if k not in keys} | {k for k in b.replaced if k in keys}  # type: ignore[attr-defined]
    return Context(citers, settled, replaced)


def _changed(seed: int) -> tuple[list[Instrument], Group, Context, set[str], Context]:
    """A random group, its context, a few members whose citations, settled pairs or
    replacement change, and the context after the change."""
    rng = random.Random(seed)
    members = _group(rng, rng.randint(2, 60))
    before = _context(rng, members)
    changed = {m.key for m in rng.sample(members, rng.randint(1, min(6, len(members))))}
    return members, Group(members), before, changed, _merged(before, _context(rng, members, sorted(changed)), changed)


@pytest.mark.parametrize("seed", range(40))
def test_after_a_change_of_citations_only_the_olders_reaching_it_move(seed: int) -> None:
    """Citations, settled pairs or replacement of a few members change; the proposals of the
    older members that do not reach them (``Group.reaching``) are those before the change,
    and the others, proposed again, complete the definition's after it."""
    members, rule, before, changed, after = _changed(seed)
    reached = rule.reaching(changed)
    assert changed <= reached
    kept = [p for p in rule.propose(before) if p.older not in reached]
    again = rule.propose(after, reached)
    assert sorted(kept + again, key=repr) == sorted(_definition(members, after), key=repr)


@pytest.mark.parametrize("seed", range(60))
def test_after_a_change_only_the_changed_candidates_are_judged_again(seed: int) -> None:
    """``Group.repropose`` from the proposals before the change: those it keeps and those it
    makes are the definition's after it."""
    members, rule, before, changed, after = _changed(seed)
    proposed = rule.propose(before)
    moved, made = rule.repropose(after, changed, {p.older: p.newer for p in proposed})
    assert {p.older for p in made} <= moved
    kept = [p for p in proposed if p.older not in moved]
    assert sorted(kept + made, key=repr) == sorted(_definition(members, after), key=repr)


def test_a_citation_of_a_newer_member_moves_the_older_s_proposal() -> None:
    """9911 (2040) and 9912 (2042), FICTIONAL, titles 0.44 alike: not proposed while only 9911
    is cited (no citations of both to compare); a citation of 9912 dated after it, with 9911's
    dated before, says citations moved, and 9911 gets its proposal though it did not change."""
    old = Instrument("9911/2040/NĐ-CP", "9911/2040/NĐ-CP", "Nghị định", "Chính phủ", date(2040, 2, 1),
                     "Quy định về lưu trữ hồ sơ thử nghiệm điện tử")
    new = Instrument("9912/2042/NĐ-CP", "9912/2042/NĐ-CP", "Nghị định", "Chính phủ", date(2042, 2, 1),
                     "Quy định về lưu trữ hồ sơ thử nghiệm giấy tờ")
    rule = Group([old, new])
    assert rule.propose(Context({old.key: [date(2041, 1, 1)]}, set(), set())) == []
    assert rule.reaching({new.key}) == {old.key, new.key}
    cited = Context({old.key: [date(2041, 1, 1)], new.key: [date(2043, 1, 1)]}, set(), set())
    assert [(p.newer, p.older, p.score) for p in rule.propose(cited, [old.key])] == [(new.key, old.key, 0.665)]
