"""Links between a target and what other documents say about it (pure: records in, links out).

- `progress`: an observation (a baseline with a year) of the same indicator, in the same geography,
  for the target's year: "城镇新增就业1100万人以上" (2021 report) <- "城镇新增就业1269万人" (2022 report).
- `interim`: the same, for a year inside a multi-year target's horizon: a 十四五 target
  "城镇调查失业率控制在5.5%以内" (2025) <- the 2021 average 5.1%.
- `restatement`: the same target stated in another document (same unit, year and value; a province
  restating a national target may set its own value, shown side by side).

"Same indicator" means an analyst would put the point on the target's chart. Two phrases are
compared after normalisation (`normalise_indicator`) with rapidfuzz's InDel ratio, and never when
they measure different things: growth vs level ("国内生产总值增长" vs "国内生产总值"), units of another
kind, or exclusive qualifiers ("登记" vs "调查" unemployment, "全社会" vs "企业" R&D spending).

Scale: candidates are blocked by (geography, unit kind, year) before any string is compared, each
distinct phrase is normalised once, and `link_quantities(..., fresh=docs)` only compares pairs with
an end in `fresh`, so an incremental build relinks only what changed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from etl import lexicon

# --- Language knowledge (tables: add a word here, not in the code) --------------------------
# Ordered replacements applied to an indicator phrase: words that say the same thing in different
# documents ("增幅" in the review, "增长" in the target) become one token. 增加值 (value added) is a
# level, not a change: it is protected before 增加 is read as "increase".
SYNONYMS: tuple[tuple[str, str], ...] = (
    ("GDP", "国内生产总值"),
    ("R&D", "研发"),
    ("研究与试验发展", "研发"),
    ("增加值", "Ⓥ"),
    ("增长率", "↑"),
    ("增长", "↑"),
    ("增幅", "↑"),
    ("增速", "↑"),
    ("涨幅", "↑"),
    ("上涨", "↑"),
    ("提高", "↑"),
    ("增加", "↑"),
    ("提升", "↑"),
    ("降幅", "↓"),
    ("下降", "↓"),
    ("降低", "↓"),
    ("减少", "↓"),
    ("压减", "↓"),
    ("压缩", "↓"),
)
# Words that frame an indicator without changing it: the period, the nation, an average.
FRAMING = re.compile(
    r"\d{4}年|今年|全年|年末|年底|年初|全国|我国|年均|平均|总量|总额|规模|累计|的"
    r"|坚决|严守|守住|牢牢|确保"
)
PARENTHESIS = re.compile(r"[（(][^（）()]*[）)]")
PUNCTUATION = re.compile(r"[\s“”\"'《》、，,：:·.\-]")
GROWTH_CUE = re.compile(r"[↑↓]")  # after SYNONYMS
CUMULATIVE_CUE = re.compile(r"累计|“?十[一二三四五]五”?期间|合计")

# Exclusive qualifiers: two phrases that name different members of one group (and share none) are
# different indicators, however alike the rest. "城镇登记失业率" vs "城镇调查失业率".
EXCLUSIVE_QUALIFIERS: tuple[tuple[str, ...], ...] = (
    ("登记", "调查"),
    ("全社会", "企业", "政府", "中央", "地方", "居民", "个人"),
    ("城镇", "城市", "农村", "乡村"),
    ("国有", "民营", "外资"),
    ("名义", "实际"),
    ("制造业", "服务业", "农业", "工业", "建筑业", "采矿业"),
    ("高技术",),
    ("战略性新兴",),
    ("学前", "义务", "高中阶段", "中等职业", "高等"),
    ("一般公共预算", "政府性基金", "社会保险基金"),
    ("二氧化硫", "氮氧化物", "化学需氧量", "氨氮", "二氧化碳", "能耗", "细颗粒物", "可吸入颗粒物"),
    lexicon.PROVINCES,  # the provinces: one never speaks for another
)
# A scope qualifier present on one side only ("中央财政赤字" vs "财政赤字") lowers the similarity:
# the narrower figure is usually a different one.
MISSING_QUALIFIER_PENALTY = 10.0
PROVINCES = lexicon.PROVINCES
CITY = re.compile(r"([\u4e00-\u9fff]{2,4}?)市")

# Units: magnitude prefixes on a unit ("万人") are folded into the value by extraction; strip any
# left. % and 百分点 are one family but compatible only between changes (a level in % is no change).
UNIT_MAGNITUDE = re.compile(r"^(?:十|百|千|万|十万|百万|千万|亿|万亿)(?=.)")
UNIT_ALIASES = {"个百分点": "百分点", "％": "%", "人次": "人次", "元人民币": "元"}
PERCENT_FAMILY = {"%", "百分点"}

MIN_SIMILARITY = 82.0  # 0-100, rapidfuzz scale; 80 would take 林木覆盖率 for 森林覆盖率
MIN_CROSS_GEOGRAPHY_SIMILARITY = 90.0  # a province restating a national target with its own value
VALUE_TOLERANCE = 1e-6


# --- Records ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class LinkQuantity:
    """What linking needs of a quantity (etl.records.Quantity, or a row of tracker.duckdb)."""

    quantity_id: str
    doc_id: str
    kind: str  # "target" | "baseline"
    indicator: str
    value: float
    unit: str
    comparator: str = "="
    change: str | None = None
    baseline_year: int | None = None
    year: int | None = None  # target year, or the observation year of a baseline
    per_year: bool = False


@dataclass(frozen=True, slots=True)
class LinkDocument:
    """What linking needs of a document: where it speaks for and when it was issued."""

    doc_id: str
    issuer: str = ""
    level: str = "national"
    title: str = ""
    year: int | None = None  # year issued (date line, else title year); see `document_year`
    position: str = ""  # where it is printed (source file, line): orders documents of one year


@dataclass(frozen=True, slots=True)
class Link:
    target_id: str
    observation_id: str  # the other end: an observation, or (restatement) the other statement
    type: str  # "progress" | "interim" | "restatement"
    score: float  # indicator similarity, 0-1


# --- Features -----------------------------------------------------------------------------------
@lru_cache(maxsize=65536)
def normalise_indicator(indicator: str) -> str:
    """The phrase two documents would share for one indicator.

    >>> normalise_indicator("城镇调查失业率(平均)") == normalise_indicator("全国城镇调查失业率")
    True
    >>> normalise_indicator("大型商业银行普惠小微企业贷款增幅")
    '大型商业银行普惠小微企业贷款↑'
    >>> normalise_indicator("服务业增加值")
    '服务业Ⓥ'
    """
    text = PARENTHESIS.sub("", indicator or "")
    text = PUNCTUATION.sub("", text)
    for word, token in SYNONYMS:
        text = text.replace(word, token)
    return FRAMING.sub("", text)


def is_change(quantity: LinkQuantity) -> bool:
    """A change ("增长6%", "降低3%", "提高5个百分点") rather than a level ("失业率5.5%")."""
    return quantity.change in ("increase", "decrease") or _states_change(quantity.unit, quantity.indicator)


@lru_cache(maxsize=65536)
def _states_change(unit: str, indicator: str) -> bool:
    return unit_base(unit) == "百分点" or bool(GROWTH_CUE.search(normalise_indicator(indicator)))


@lru_cache(maxsize=65536)
def _cumulative(indicator: str) -> bool:
    return bool(CUMULATIVE_CUE.search(indicator or ""))


def is_cumulative(quantity: LinkQuantity) -> bool:
    """A total over several years ("“十三五”累计"), not one year's figure."""
    return _cumulative(quantity.indicator)


@lru_cache(maxsize=4096)
def unit_base(unit: str) -> str:
    """The unit without a magnitude prefix: 万人 -> 人, 亿元 -> 元, 个百分点 -> 百分点.

    >>> unit_base("万人"), unit_base("亿元"), unit_base("万"), unit_base("个百分点")
    ('人', '元', '万', '百分点')
    """
    unit = (unit or "").strip()
    unit = UNIT_ALIASES.get(unit, unit)
    return unit if unit in PERCENT_FAMILY else UNIT_MAGNITUDE.sub("", unit)


@lru_cache(maxsize=4096)
def unit_family(unit: str) -> str:
    """The blocking key of a unit: % and 百分点 share one (see `units_compatible`)."""
    base = unit_base(unit)
    return "%" if base in PERCENT_FAMILY else base


def units_compatible(a: LinkQuantity, b: LinkQuantity) -> bool:
    """Same unit (magnitude aside); % with 百分点 only when both are changes."""
    ua, ub = unit_base(a.unit), unit_base(b.unit)
    if ua == ub:
        return True
    return {ua, ub} == PERCENT_FAMILY and is_change(a) and is_change(b)


def _qualifiers(phrase: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(word for word in group if word in phrase) for group in EXCLUSIVE_QUALIFIERS)


def indicator_similarity(a: str, b: str) -> float:
    """0-100: how surely two indicator phrases name the same indicator (0: exclusive qualifiers).

    >>> indicator_similarity("纳入直达机制的中央财政资金", "纳入直达范围的中央财政资金") >= MIN_SIMILARITY
    True
    >>> indicator_similarity("城镇登记失业率", "城镇调查失业率")
    0.0
    >>> indicator_similarity("全社会研发经费投入年均增长", "企业研发经费增长")
    0.0
    """
    return phrase_similarity(normalise_indicator(a), normalise_indicator(b))


@lru_cache(maxsize=262144)
def phrase_similarity(na: str, nb: str) -> float:
    """`indicator_similarity` of two phrases already normalised."""
    if not na or not nb:
        return 0.0
    penalty = 0.0
    for qa, qb in zip(_qualifiers(na), _qualifiers(nb)):
        if qa and qb and not qa & qb:
            return 0.0
        if bool(qa) != bool(qb):
            penalty += MISSING_QUALIFIER_PENALTY
    # Word order varies between a goal and its report ("纳入直达机制的中央财政资金" / "中央财政资金纳入直达
    # 范围"): the characters compared as a bag count as much as in order.
    in_order, as_bag = fuzz.ratio(na, nb), fuzz.ratio(_sorted_characters(na), _sorted_characters(nb))
    return max(0.0, max(in_order, as_bag) - penalty)


@lru_cache(maxsize=65536)
def _sorted_characters(phrase: str) -> str:
    return "".join(sorted(phrase))


def geography(document: LinkDocument) -> str:
    """Where a document speaks for: "national", a province ("江苏"), or a city ("江苏/南京").

    Any level but national (provincial, municipal) is local: the province and city come from the
    issuer, else (no issuer found) from the title.

    >>> geography(LinkDocument("d", issuer="国务院")), geography(LinkDocument("d", issuer="江苏省人民政府", level="provincial"))
    ('national', '江苏')
    >>> geography(LinkDocument("d", issuer="南京市人民政府", level="municipal"))
    'local/南京'
    >>> geography(LinkDocument("d", issuer="", level="provincial", title="江苏省南京市2023年政府工作报告"))
    '江苏/南京'
    """
    if document.level in ("", "national"):
        return "national"
    issuer, title = document.issuer or "", document.title or ""
    province = next((p for p in PROVINCES if p in f"{issuer} {title}"), None)
    local = issuer or title  # the issuer names the government; a title only when no issuer was found
    if province:
        local = re.sub(f"{province}(?:省|市|(?:[\u4e00-\u9fff]{{0,3}})?自治区)?", "", local)
    city = CITY.search(local)
    if city and city.group(1) != province:
        return f"{province or 'local'}/{city.group(1)}"
    return province or "local"


YEAR = re.compile(r"(\d{4})")


def document_year(
    document_date: str | None, title_year: int | None, observation_years: Iterable[int | None] = ()
) -> int | None:
    """The year a document was issued: its date line, else its title's year, else the year after the
    latest year it reports (a work report reviews last year).

    >>> document_year("2021-03-05", None), document_year("", 2023), document_year("", None, [2019, 2021])
    (2021, 2023, 2022)
    """
    found = YEAR.match(document_date or "")
    if found:
        return int(found.group(1))
    if title_year:
        return title_year
    years = [y for y in observation_years if y]
    return max(years) + 1 if years else None


# --- Linking ------------------------------------------------------------------------------------
def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= VALUE_TOLERANCE * max(1.0, abs(a), abs(b))


def _comparable(a: LinkQuantity, b: LinkQuantity) -> bool:
    """Measures of one kind: units compatible, both changes or both levels (same direction), both
    one-year figures or both cumulative."""
    if not units_compatible(a, b) or is_change(a) != is_change(b) or is_cumulative(a) != is_cumulative(b):
        return False
    if a.change and b.change and a.change != b.change:
        return False
    return True


def _observation_type(target: LinkQuantity, observation_year: int, start: int | None) -> str | None:
    if target.year is None:
        return None
    if observation_year == target.year:
        return "progress"
    if start is not None and start <= observation_year < target.year:
        return "interim"
    return None


def _horizon_start(target: LinkQuantity, documents: Mapping[str, LinkDocument]) -> int | None:
    """First year a target's horizon covers: the year after its stated base year, else the year its
    document was issued."""
    if target.baseline_year:
        return target.baseline_year + 1
    document = documents.get(target.doc_id)
    return document.year if document else None


def _alike_phrases(phrase: str, candidates: list[str]) -> list[tuple[str, float]]:
    """The candidate phrases similar enough to `phrase`: rapidfuzz's C++ scan prefilters on the raw
    ratio (the qualifier penalty only lowers it), then the full similarity decides."""
    bag = _sorted_characters(phrase)
    hits = {
        other
        for other, _, _ in process.extract(
            phrase, candidates, scorer=fuzz.ratio, score_cutoff=MIN_SIMILARITY, limit=None
        )
    }
    hits.update(
        candidates[index]
        for _, _, index in process.extract(
            bag, [_sorted_characters(c) for c in candidates], scorer=fuzz.ratio, score_cutoff=MIN_SIMILARITY, limit=None
        )
    )
    scored = ((other, phrase_similarity(phrase, other)) for other in sorted(hits))
    return [(other, score) for other, score in scored if score >= MIN_SIMILARITY]


def link_quantities(
    quantities: Iterable[LinkQuantity], documents: Iterable[LinkDocument], fresh: set[str] | None = None
) -> list[Link]:
    """Every progress, interim and restatement link among `quantities`, sorted.

    `fresh` (doc_ids): only progress/interim pairs with at least one end in these documents are
    compared (the caller keeps the other pairs' links from the previous build; they depend on their
    two documents only); None compares everything. Restatements are always derived in full (they are
    blocked by value, so cheap, and a new document can change which statement comes first).
    For one target, one document gives at most one observation per year (the most similar).
    """
    docs = {d.doc_id: d for d in documents}
    geo = {doc_id: geography(d) for doc_id, d in docs.items()}
    targets: dict[tuple, list[LinkQuantity]] = defaultdict(list)
    # (geography, unit family) -> year -> phrase -> observations
    observations: dict[tuple, dict[int, dict[str, list[LinkQuantity]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    restatable: dict[tuple, list[LinkQuantity]] = defaultdict(list)
    for q in quantities:
        phrase = normalise_indicator(q.indicator)
        if not phrase:
            continue
        where = geo.get(q.doc_id, "national")
        family = unit_family(q.unit)
        if q.kind == "target":
            targets[(where, family)].append(q)
        if q.kind == "target" and _restatable(q):
            restatable[(family, q.year, round(q.value, 6))].append(q)
            if where == "national":
                restatable[(family, q.year, "national")].append(q)
            else:
                restatable[(family, q.year, "regional")].append(q)
        elif q.kind == "baseline" and q.year is not None:
            observations[(where, family)][q.year][phrase].append(q)

    def is_fresh(q: LinkQuantity) -> bool:
        return fresh is None or q.doc_id in fresh

    links: list[Link] = []
    for key, block_targets in targets.items():
        by_year = observations.get(key)
        if not by_year:
            continue
        phrase_lists = {year: list(phrases) for year, phrases in by_year.items()}
        alike_cache: dict[tuple[int, str], list[tuple[str, float]]] = {}
        for t in block_targets:
            if t.year is None:
                continue
            start = _horizon_start(t, docs)
            years = [t.year] + (list(range(start, t.year)) if start is not None and start < t.year else [])
            phrase = normalise_indicator(t.indicator)
            best: dict[tuple[str, int], tuple[float, LinkQuantity, str]] = {}
            for year in years:
                if year not in by_year:
                    continue
                kind = _observation_type(t, year, start)
                assert kind is not None  # each year listed is the target's own or one inside its horizon
                if (year, phrase) not in alike_cache:
                    alike_cache[(year, phrase)] = _alike_phrases(phrase, phrase_lists[year])
                for other, score in alike_cache[(year, phrase)]:
                    for o in by_year[year][other]:
                        if o.doc_id == t.doc_id or not (is_fresh(t) or is_fresh(o)) or not _comparable(t, o):
                            continue
                        slot = (o.doc_id, year)
                        if slot not in best or (score, best[slot][1].quantity_id) > (best[slot][0], o.quantity_id):
                            best[slot] = (score, o, kind)
            links.extend(
                Link(t.quantity_id, o.quantity_id, kind, round(score / 100, 4)) for score, o, kind in best.values()
            )
    links.extend(_restatements(restatable, docs, geo))
    return sorted(links, key=lambda link: (link.target_id, link.type, link.observation_id))


def _statement_key(q: LinkQuantity) -> tuple:
    """What two statements of one target share besides a similar phrase (see `_comparable`); a
    standing limit (no year) also keeps its direction: "严守18亿亩" (>=) is not "约18亿亩"."""
    return (unit_base(q.unit), is_change(q), q.change, is_cumulative(q), q.per_year, _standing(q))


# A target without a year is a standing limit ("严守18亿亩耕地红线", "控制在5.5%以内"): a bound. One
# stated as a level ("=", "~") with no year is far more often a target whose year was not found, and
# two such statements in reports of different years are different targets.
BOUND_DIRECTION = {">=": "floor", ">": "floor", "<=": "ceiling", "<": "ceiling"}
# Words that make a year-less statement a standing limit whatever comparator extraction gave it.
STANDING_LIMIT = re.compile(r"红线|底线|严守|守住|保有量")


def _standing(q: LinkQuantity) -> str:
    """The direction of a standing limit ("" for a target with a year, or none that reads as a limit)."""
    if q.year is not None:
        return ""
    return BOUND_DIRECTION.get(q.comparator) or ("limit" if STANDING_LIMIT.search(q.indicator or "") else "")


def _restatable(q: LinkQuantity) -> bool:
    return q.year is not None or bool(_standing(q))


def _restatements(
    blocks: Mapping[tuple, list[LinkQuantity]], docs: Mapping[str, LinkDocument], geo: Mapping[str, str]
) -> list[Link]:
    """Targets stated again in other documents: same unit family, year and value within one
    geography (or between the nation and a region), or (nation -> region) any value with a phrase
    at least MIN_CROSS_GEOGRAPHY_SIMILARITY alike.

    Each statement links to the first statement it repeats (documents in date order, then where
    they are printed), so a target restated by every province costs one link per province, not one
    per pair. Statements are walked in that order keeping, per phrase and geography, the first two
    statements from distinct documents: each costs a look-up per similar phrase, not a scan.
    """

    def order(q: LinkQuantity) -> tuple:
        document = docs.get(q.doc_id)
        year = document.year if document else None
        return (year is None, year or 0, document.position if document else "", q.doc_id, q.quantity_id)

    first_of: dict[str, tuple[tuple, float, LinkQuantity]] = {}

    def offer(b: LinkQuantity, a: LinkQuantity, score: float) -> None:
        rank = (order(a), -score)
        if b.quantity_id not in first_of or rank < first_of[b.quantity_id][0]:
            first_of[b.quantity_id] = (rank, score, a)

    for (family, year, value_key), block in blocks.items():
        if value_key == "national" or len(block) < 2 and value_key != "regional":
            continue
        if value_key == "regional":
            _regional_restatements(block, blocks.get((family, year, "national"), []), geo, order, offer)
        else:
            _same_value_restatements(block, geo, order, offer)
    return [Link(a.quantity_id, b_id, "restatement", round(score / 100, 4)) for b_id, (_, score, a) in first_of.items()]


def _remember(firsts: dict, key: tuple, q: LinkQuantity) -> None:
    """Keep the first two statements of `key` that lie in distinct documents."""
    kept = firsts.setdefault(key, [])
    if len(kept) < 2 and all(k.doc_id != q.doc_id for k in kept):
        kept.append(q)


def _same_value_restatements(block: list[LinkQuantity], geo, order, offer) -> None:
    places_in_block = [geo.get(q.doc_id, "national") for q in block]
    if "national" not in places_in_block and len(set(places_in_block)) == len(places_in_block):
        return  # one statement per region and no national one: nothing can restate anything here
    phrases = sorted({normalise_indicator(q.indicator) for q in block})
    alike = (
        {p: [(o, phrase_similarity(p, o)) for o in phrases] for p in phrases}
        if len(phrases) < 64
        else {p: _alike_phrases(p, phrases) for p in phrases}
    )
    firsts: dict[tuple, list[LinkQuantity]] = {}
    for b in sorted(block, key=order):
        phrase, key, where = normalise_indicator(b.indicator), _statement_key(b), geo.get(b.doc_id, "national")
        places = (where, "national", "*") if where == "national" else (where, "national")
        for other, score in alike[phrase]:
            if score < MIN_SIMILARITY:
                continue
            for place in places:
                for a in firsts.get((other, key, place), ()):
                    if a.doc_id != b.doc_id:
                        offer(b, a, score)
                        break
        for place in {where, "*"}:
            _remember(firsts, (phrase, key, place), b)


def _regional_restatements(regional: list[LinkQuantity], national: list[LinkQuantity], geo, order, offer) -> None:
    """A region's target with its own value for a national target stated earlier."""
    if not national:
        return
    firsts: dict[tuple, LinkQuantity] = {}
    for a in sorted(national, key=order):
        firsts.setdefault((normalise_indicator(a.indicator), _statement_key(a)), a)
    phrases = sorted({phrase for phrase, _ in firsts})
    keys_of: dict[str, list[tuple]] = defaultdict(list)
    for phrase, key in firsts:
        keys_of[phrase].append(key)
    for b in regional:
        key = _statement_key(b)
        for other, score in _alike_phrases(normalise_indicator(b.indicator), phrases):
            earlier = firsts.get((other, key))
            if (
                earlier is not None
                and score >= MIN_CROSS_GEOGRAPHY_SIMILARITY
                and order(earlier) < order(b)
                and not _same_value(earlier.value, b.value)
            ):
                offer(b, earlier, score)
