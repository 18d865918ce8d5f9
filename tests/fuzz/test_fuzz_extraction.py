"""Property-based fuzzing of the number parser, the year scope and the whole pipeline (issue 7).

Text is drawn from the characters policy sentences are made of (digits, Chinese numerals, units,
comparator and year words, punctuation, line breaks and footers), so hypothesis explores the same
corners real text does. Budgets are fixed so the suite's run time is predictable; any failure
hypothesis finds is pinned below with @example so it stays a regression test.
"""

from __future__ import annotations

import math

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from etl.extract import extract_quantities, nearest_year
from etl.numbers import chinese_to_number, find_numbers
from etl.pipeline import process_file

FRAGMENTS = [
    *"0123456789",
    ".",
    ",",
    "%",
    "-",
    "—",
    "－",
    "~",
    " ",
    "\n",
    "\n\n",
    *"零〇一二两三四五六七八九十百千万亿",
    "百分之",
    "个百分点",
    "个",
    "家",
    "吨",
    "标箱",
    "公里",
    "元",
    "亿元",
    "万人",
    "年",
    "年底",
    "月",
    "日",
    "级",
    "米",
    "到",
    "达到",
    "以上",
    "以下",
    "不低于",
    "不少于",
    "超过",
    "突破",
    "控制在",
    "左右",
    "约",
    "接近",
    "较",
    "比",
    "提高",
    "下降",
    "压缩",
    "年均增长",
    "每年",
    "从",
    "提高到",
    "截至",
    "目前",
    "已",
    "，",
    "。",
    "；",
    "：",
    "、",
    "（",
    "）",
    "《",
    "》",
    "“",
    "”",
    "〔",
    "〕",
    "号",
    "第",
    "条",
    "“十四五”时期",
    "力争",
    "经过",
    "给予最高",
    "奖励",
    "的企业",
    "关于",
    "印发",
    "的通知",
    "— 4—",
    "港口综合通过能力",
    "专精特新企业",
    "全省",
    "江苏省",
    "国务院",
]
policy_text = st.lists(st.sampled_from(FRAGMENTS), max_size=80).map("".join)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
COMPARATORS = {"=", ">=", ">", "<=", "<", "~"}


def to_chinese_numeral(n: int) -> str:
    """Write 1..99,999,999 the way plans do: 三千, 一百零五, 十五, 两万 is left to the parser's aliases."""
    digits = "零一二三四五六七八九"

    def below_10000(k: int) -> str:
        out, zero = "", False
        for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = k // value % 10
            if d:
                if zero and out:
                    out += "零"
                out += digits[d] + name
                zero = False
            elif out:
                zero = True
        return out

    high, low = divmod(n, 10000)
    if not high:
        text = below_10000(low)
    else:
        text = below_10000(high) + "万" + (("零" if low < 1000 and low else "") + below_10000(low) if low else "")
    return text[1:] if text.startswith("一十") else text


@FUZZ
@given(policy_text)
@example("10万－40万")
@example("百分之")
@example("1,,,000")
def test_find_numbers_reads_any_text_into_sane_mentions(text):
    for mention in find_numbers(text):
        assert 0 <= mention.start < mention.end <= len(text)
        assert math.isfinite(mention.value) and mention.value >= 0
        assert mention.value_high is None or math.isfinite(mention.value_high)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numerals_round_trip(n):
    assert chinese_to_number(to_chinese_numeral(n)) == n


@FUZZ
@given(st.text(alphabet="零〇一二两三四五六七八九十百千万亿", max_size=12))
def test_chinese_numeral_parser_never_raises(numeral):
    value = chinese_to_number(numeral)
    assert value is None or (math.isfinite(value) and value >= 0)


@FUZZ
@given(policy_text)
@example("到2025年底前")
@example("较2020年，到20")
def test_year_scope_is_a_plausible_year_or_none(paragraph):
    year, _ = nearest_year(paragraph)
    assert year is None or 1900 <= year <= 2100


@FUZZ
@given(policy_text)
def test_pipeline_never_raises_and_keeps_provenance(raw):
    documents, quantities = process_file("fuzz.txt", raw)
    texts = {d.doc_id: d for d in documents}
    for q in quantities:
        doc = texts[q.doc_id]
        assert 0 <= q.char_start < q.char_end <= len(doc.text)
        assert doc.start_line <= q.line <= doc.end_line
        assert q.kind in {"target", "baseline"} and q.comparator in COMPARATORS
        assert 0.0 <= q.confidence <= 1.0
        assert math.isfinite(q.value)


@FUZZ
@given(policy_text)
@example("到2025年，港口综合通过能力达到28亿吨，集装箱通过能力达到2100万标箱。")
def test_extractor_never_raises_on_any_document_body(body):
    from etl.records import Document
    from etl.text import unwrap

    source = unwrap("关于印发《示范方案》的通知\n\n" + body)
    doc = Document(
        "d",
        "fuzz.txt",
        "关于印发《示范方案》的通知",
        "",
        "",
        "",
        "national",
        source.lines[0],
        source.lines[-1],
        source.text,
        source.starts,
        source.lines,
    )
    for q in extract_quantities(doc):
        assert 0 <= q.char_start < q.char_end <= len(doc.text)
        assert q.kind in {"target", "baseline"} and q.comparator in COMPARATORS
        assert math.isfinite(q.value) and 0.0 <= q.confidence <= 1.0
