from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace

from etl import lexicon
from etl.extract.candidate import Candidate
from etl.extract.exclusions import is_excluded, plain_figure
from etl.extract.indicator import (
    attach_owners,
    distribute_shared_subject,
    indicator_in_clause,
    indicator_of,
    noun_after_unit,
    people_unit,
    share_trailing_units,
)
from etl.extract.kind import (
    BASELINE_CONFIDENCE,
    PER_YEAR,
    QUOTA,
    baseline_confidence,
    breaks_down_a_goal,
    change_of,
    comparator_of,
    continues_enumeration,
    kind_of,
    parent_clause,
    target_confidence,
)
from etl.extract.patterns import (
    CLAUSE_REACH,
    COMPARATOR_AFTER,
    COMPARATOR_BEFORE,
    COUNT_UNITS,
    FROM_TO,
    PARAGRAPH_REACH,
    PER_YEAR_REACH,
    SENTENCE_END,
    SENTENCE_MARKS,
    SENTENCE_REACH,
    last_break,
    last_clause_break,
)
from etl.extract.scope import (
    RELATIVE_HORIZON,
    STANDING,
    Scope,
    YearIndex,
    default_year,
    scope_of,
    with_document,
)
from etl.extract.structure import (
    Section,
    reference_year_of,
    review_title,
    section_kinds,
)
from etl.extract.tables import TABLE_CONFIDENCE, table_quantities
from etl.ids import quantity_id
from etl.numbers import NumberMention, find_numbers
from etl.records import Document, Quantity


def extract_quantities(doc: Document) -> list[Quantity]:
    """Every target and baseline of a document, with provenance (line, offsets, sentence)."""
    text = doc.text
    scope = with_document(scope_of(text), doc)
    review = review_title(doc.title)
    reviewed = scope.title_year if not scope.title_span else None  # "2023年...统计公报"
    sections = section_kinds(text, scope.reference_year, review, reviewed)
    if scope.reference_year is None and reference_year_of(sections) is not None:
        scope = replace(scope, reference_year=reference_year_of(sections))
    section_starts = [s.start for s in sections]
    table_spans: list[tuple[int, int]] = []
    candidates: list[Candidate] = []

    for cell in table_quantities(text, scope.reference_year):
        mention = NumberMention(cell.start, cell.end, cell.value, None, cell.unit, cell.unit, None, False)
        line_start = text.rfind("\n", 0, cell.start) + 1
        line_end = text.find("\n", cell.start)
        line_end = len(text) if line_end < 0 else line_end
        table_spans.append((line_start, line_end))
        candidates.append(
            Candidate(
                mention,
                cell.kind,
                cell.label,
                cell.comparator,
                cell.change,
                None,
                cell.year,
                cell.per_year,
                line_start,
                line_end,
                TABLE_CONFIDENCE,
                attribute=cell.attribute,
            )
        )

    previous: Candidate | None = None
    previous_end = 0
    body_start = title_end(text, doc.title)
    years = YearIndex(text)
    skipped = sorted(set(table_spans) | set(figure_runs(text)))  # table rows are read above
    skipped_starts = [start for start, _ in skipped]
    for m in find_numbers(text):
        row = bisect_right(skipped_starts, m.start) - 1
        if m.start < body_start or row >= 0 and m.start < skipped[row][1]:
            continue
        candidate = _classify(
            doc, text, m, scope, sections[bisect_right(section_starts, m.start) - 1], years, previous, previous_end
        )
        if candidate is not None:
            candidate.noun = noun_after_unit(text[m.end : paragraph_around(text, m.start, m.end)[1]])
            candidates.append(candidate)
            previous = candidate
            previous_end = m.end
    candidates.sort(key=lambda c: c.mention.start)
    share_trailing_units(text, candidates)
    distribute_shared_subject(text, candidates)
    attach_owners(text, candidates)
    link_baselines(text, candidates)
    return _to_records(doc, _deduplicate(text, candidates))


def title_end(text: str, title: str) -> int:
    """Offset where the document's title (printed over one or more lines) ends in its text, or 0.

    A number in a title names the document ("商务部等8部门决定设立29个国家进口贸易促进创新示范区",
    "关于给予...等3国98%税目产品零关税待遇的公告"); the body states the quantity if it is one.
    """
    want = re.sub(r"\s", "", title)
    if not want or not re.sub(r"\s", "", text[: len(title) + 40]).startswith(want[:8]):
        return 0
    seen = 0
    for line in re.finditer(r"[^\n]*\n?", text[: len(title) * 2 + 40]):
        seen += len(re.sub(r"\s", "", line.group()))
        if seen >= len(want):
            return line.end()
    return 0


def link_baselines(text: str, candidates: list[Candidate]) -> None:
    """ "从2020年的X提高到Y": the target Y carries X as its baseline value and names the indicator
    of both."""
    for first, second in zip(candidates, candidates[1:]):
        if (
            first.kind == "baseline"
            and second.kind == "target"
            and first.sentence_start == second.sentence_start
            and FROM_TO.search(text[first.sentence_start : first.mention.start])
            and second.mention.start - first.mention.end <= 8
        ):
            second.baseline_value = first.mention.value
            if second.change is None:
                second.baseline_year = first.year
            if len(first.indicator) >= 2:
                second.indicator = first.indicator
            else:
                first.indicator = second.indicator


def _classify(
    doc: Document,
    text: str,
    m: NumberMention,
    scope: Scope,
    part: Section,
    years: YearIndex,
    previous: Candidate | None,
    previous_end: int,
) -> Candidate | None:
    if plain_figure(text, m):
        return None  # a year, a date, a list or reference number
    if not _WORD.search(text, max(0, m.start - WORD_REACH), m.start) and not _WORD.search(
        text, m.end, m.end + WORD_REACH
    ):
        return None  # a figure among figures, with no word to say what it measures
    para_start, para_end = paragraph_around(text, m.start, m.end)
    before = text[para_start : m.start]
    after = text[m.end : para_end]
    sentence_start = max(para_start + last_break(before, SENTENCE_MARKS), m.start - SENTENCE_REACH)
    sentence_end_match = SENTENCE_END.search(after)
    sentence_end = m.end + (sentence_end_match.end() if sentence_end_match else len(after))
    sentence_before = text[sentence_start : m.start]
    clause_before = sentence_before[last_clause_break(sentence_before) :][-CLAUSE_REACH:]
    section = part.kind
    m = people_unit(m, clause_before, after)

    if is_excluded(text, m, sentence_before, clause_before, after):
        return None
    if section == "conditions":
        return None

    comparator = comparator_of(m, clause_before, after)
    if comparator == "<=" and m.unit in COUNT_UNITS and QUOTA.search(sentence_before):
        return None  # "每年评定数量各不超过10个": the cap of an award, not a goal
    change, baseline_year = change_of(clause_before, sentence_before)
    if text[m.start : m.end] in lexicon.WORD_CHANGES:
        change = lexicon.WORD_CHANGES[text[m.start : m.end]]
    # The indicator of the second of "A 30个、B 5个" starts after the first number.
    own_clause = clause_before[max(0, previous_end - (m.start - len(clause_before))) :]
    same_sentence = previous is not None and previous.sentence_start == sentence_start
    if previous is not None and previous.sentence_start == sentence_start and continues_enumeration(own_clause):
        if change is None:
            change, baseline_year = previous.change, previous.baseline_year
        if not COMPARATOR_AFTER.match(after) and not COMPARATOR_BEFORE.search(own_clause):
            comparator = previous.comparator
    year, year_use = years.nearest(para_start, m.start)
    sentence = text[sentence_start:sentence_end]

    from_to = FROM_TO.search(clause_before)
    if from_to and re.match(
        r"^\s?(?:[^，。；\d]{0,3})?(?:提高|提升|增加|增长|降低|下降|减少|压缩|降)(?:到|至|为)", after
    ):
        # "从2020年的2.9%提高到3.2%": the first number is the baseline of the second
        base_year = re.search(r"(?:19|20)\d{2}", from_to.group())
        return Candidate(
            m,
            "baseline",
            indicator_in_clause(own_clause[: own_clause.rfind(from_to.group()[0])], "", m, previous),
            "=",
            None,
            None,
            int(base_year.group()) if base_year else None,
            False,
            sentence_start,
            sentence_end,
            BASELINE_CONFIDENCE["from-to"],
        )
    kind = kind_of(m, sentence_before, clause_before, after, year, year_use, scope, part)
    if kind is None:
        return None
    per_year = bool(PER_YEAR.search(sentence_before[-PER_YEAR_REACH:]))
    if kind == "baseline":
        obs_year = observation_year(year, year_use, part)
        confidence = baseline_confidence(obs_year, sentence_before)
        return Candidate(
            m,
            kind,
            indicator_in_clause(own_clause, after, m, previous, same_sentence),
            comparator,
            change if part.kind == "background" else None,
            None,
            obs_year,
            per_year,
            sentence_start,
            sentence_end,
            confidence,
        )
    target_year = year if year_use == "target" else None
    if target_year is None and year_use in ("", "base", "date"):
        target_year = default_year(sentence, sentence_before, scope, part.year if part.kind != "background" else None)
    if RELATIVE_HORIZON.search(sentence_before) or year_use != "target" and STANDING.search(clause_before):
        target_year = None
    confidence = target_confidence(clause_before, after, year_use, target_year, section)
    indicator = indicator_in_clause(own_clause, after, m, previous, same_sentence)
    if m.unit not in ("%", "百分点") and breaks_down_a_goal(sentence_before, clause_before):
        item = indicator_of(own_clause, after)
        if 0 < len(item) <= 6:  # "其中水稻500个" -> "支持建设粮油绿色高质高效示范片（水稻）"
            indicator = f"{indicator_of(parent_clause(sentence_before, clause_before), '')}（{item}）"
    return Candidate(
        m,
        "target",
        indicator,
        comparator,
        change,
        baseline_year,
        target_year,
        per_year,
        sentence_start,
        sentence_end,
        confidence,
    )


def figure_runs(text: str) -> list[tuple[int, int]]:
    """Paragraphs that are runs of figures and cells, not prose: longer than FIGURE_RUN_CHARS with no
    sentence or clause punctuation at all (a table or a list of figures flattened by PDF extraction;
    no paragraph of the corpora is like this). Their numbers are not read as sentences."""
    runs, start = [], 0
    for paragraph in text.split("\n"):
        if len(paragraph) >= FIGURE_RUN_CHARS and not _PUNCTUATION.search(paragraph):
            runs.append((start, start + len(paragraph)))
        start += len(paragraph) + 1
    return runs


# A paragraph this long always has a comma or a full stop somewhere, unless it is a run of figures.
FIGURE_RUN_CHARS = 200
_PUNCTUATION = re.compile(r"[。；，,;！？!?：:]")
_WORD = re.compile(r"[\u4e00-\u9fff]")
# A number with no Chinese word this near on either side measures nothing a reader could name.
WORD_REACH = 30


def paragraph_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The part of a number's paragraph that is read: the whole paragraph, or PARAGRAPH_REACH
    characters either side of the number in a paragraph longer than that (a table or a list of
    figures printed without sentence punctuation), so that the work per number stays bounded."""
    begin = text.rfind("\n", max(0, start - PARAGRAPH_REACH), start) + 1 or max(0, start - PARAGRAPH_REACH)
    stop = text.find("\n", end, end + PARAGRAPH_REACH)
    return begin, stop if stop >= 0 else min(len(text), end + PARAGRAPH_REACH)


def observation_year(year: int | None, year_use: str, part: Section) -> int | None:
    """The year an observed value describes: the year its own paragraph names ("2023年末，...",
    "截至2021年底"), else the year the review it stands in reports ("一、2023年工作回顾", "过去一年")."""
    if year_use in ("observed", "target") and year is not None:
        return year
    return part.year if part.kind == "background" else None


# Two indicators of one document sharing this share of their characters name the same thing.
SAME_INDICATOR_SHARE = 0.8


def _deduplicate(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """The same target repeated in one document (a summary and the full text, a heading and its
    goals list) is kept once: same kind, value, unit and year, and either indicators that share
    most of their characters or the same words right after the number ("包括5个具有国际竞争力的
    战略性新兴产业集群" ... "（一）打造5个具有国际竞争力的战略性新兴产业集群。")."""
    seen: dict[tuple, list[tuple[str, str, int]]] = {}
    kept = []
    for c in candidates:
        key = (c.kind, c.mention.value, c.mention.value_high, c.mention.unit, c.year)
        earlier = seen.setdefault(key, [])
        noun = _noun_after(text, c.mention.end)
        if any(
            (_similar(c.indicator, other) or len(noun) >= 6 and noun == other_noun) and c.sentence_start != start
            for other, other_noun, start in earlier
        ):
            continue
        earlier.append((c.indicator, noun, c.sentence_start))
        kept.append(c)
    return kept


def _noun_after(text: str, end: int) -> str:
    """The words right after a number, up to punctuation: what it counts when it comes first."""
    words = re.match(r"(?:以上|左右|以内)?的?([^，。；、,;\n]{0,12})", text[end : end + 16])
    return words.group(1) if words else ""


def _similar(a: str, b: str) -> bool:
    if not a or not b:
        return a == b
    common = len(set(a) & set(b))
    return 2 * common / (len(set(a)) + len(set(b))) >= SAME_INDICATOR_SHARE


def stated_baseline(
    target: Candidate, observed: dict[str, list[tuple[float, int | None]]]
) -> tuple[float | None, int | None]:
    """The baseline (value, year) the dashboard draws a target's path from.

    "从2020年的X提高到Y" links X directly. Otherwise a baseline of the same indicator in the same
    document: for a relative target ("较2020年提高0.5个百分点") only one observed in its base year,
    since the target level is derived from it ("截至2021年底...为2.9%" is not the 2020 base); for an
    absolute target the first one observed before its target year.
    """
    if target.baseline_value is not None:
        return target.baseline_value, target.baseline_year
    for value, year in observed.get(target.indicator, ()):
        if target.change is not None:
            if target.baseline_year is not None and year == target.baseline_year:
                return value, year
        elif year is None or target.year is None or year < target.year:
            return value, year
    return None, target.baseline_year


def _to_records(doc: Document, candidates: list[Candidate]) -> list[Quantity]:
    observed: dict[str, list[tuple[float, int | None]]] = {}
    for c in candidates:
        if c.kind == "baseline":
            observed.setdefault(c.indicator, []).append((c.mention.value, c.year))
    occurrences: dict[tuple, int] = {}
    records = []
    for c in candidates:
        baseline_value, baseline_year = stated_baseline(c, observed) if c.kind == "target" else (None, c.baseline_year)
        sentence = doc.text[c.sentence_start : c.sentence_end].strip()
        key = (sentence, c.mention.value, c.kind)
        occurrence = occurrences.get(key, 0)
        occurrences[key] = occurrence + 1
        records.append(
            Quantity(
                quantity_id=quantity_id(doc.seed, doc.title, sentence, c.mention.value, c.kind, occurrence),
                doc_id=doc.doc_id,
                seed=doc.seed,
                kind=c.kind,
                indicator=c.indicator,
                value=c.mention.value,
                value_high=c.mention.value_high,
                unit=c.mention.unit,
                comparator=c.comparator,
                change=c.change,
                baseline_year=baseline_year,
                target_year=c.year,
                per_year=c.per_year,
                baseline_value=baseline_value,
                sentence=sentence,
                line=_line_of(doc, c.mention.start),
                char_start=c.mention.start,
                char_end=c.mention.end,
                confidence=c.confidence,
                attribute=c.attribute,
            )
        )
    return records


def _line_of(doc: Document, offset: int) -> int:
    if not doc.line_starts:
        return doc.start_line
    i = bisect_right(doc.line_starts, offset) - 1
    return doc.line_numbers[max(i, 0)]
