"""The work per number is bounded: text without sentence punctuation (a table flattened by PDF
extraction, a list of figures) must not make extraction quadratic (issue 11, item 4).

No clocks here (the benchmark times it): the tests check what each number's stages are given.
"""

from __future__ import annotations

from etl.extract import document
from etl.extract.patterns import CLAUSE_REACH, SENTENCE_REACH
from etl.pipeline import process_file


def figures_without_punctuation(lines: int) -> str:
    """A caption, then 78-character lines of figures and short words with no sentence or clause
    break, as a flattened table gives them: one paragraph, one clause."""
    row = "产值增长 12.5% 投资增长 8.1% 出口增长 6.0% 就业人数 1200万人 收入增长 7.5% 研发投入 3.2% 能耗下降 2.1%"
    return "本年度主要指标：" + "\n".join(row[:78] for _ in range(lines))


def test_each_number_reads_a_bounded_stretch_of_text(monkeypatch):
    seen = []
    real = document.is_excluded

    def recording(text, m, sentence_before, clause_before, after):
        seen.append((len(sentence_before), len(clause_before)))
        return real(text, m, sentence_before, clause_before, after)

    monkeypatch.setattr(document, "is_excluded", recording)
    process_file("flat.txt", figures_without_punctuation(2000))
    assert len(seen) > 10_000  # every figure was looked at
    assert max(sentence for sentence, _ in seen) <= SENTENCE_REACH
    assert max(clause for _, clause in seen) <= CLAUSE_REACH


def test_figures_with_no_word_near_them_are_skipped_before_any_rule(monkeypatch):
    calls = []
    monkeypatch.setattr(document, "is_excluded", lambda *args: calls.append(args) or True)
    digits = "\n".join(
        " ".join(f"{i % 997}.{i % 10}%" for i in range(row, row + 11))[:78] for row in range(0, 20000, 11)
    )
    documents, quantities = process_file("digits.txt", digits)
    assert quantities == [] and calls == []
    # look-alike: the same figures after a word are read
    process_file("worded.txt", "本年度主要指标完成情况如下。\n指标完成情况 " + digits[:40])
    assert calls


def test_a_long_paragraph_without_punctuation_is_a_run_of_figures_not_prose():
    flat = "本年度主要指标完成情况如下。\n" + " ".join(["产值增长12.5%", "投资增长8.1%"] * 20) + "\n"
    assert process_file("flat.txt", flat)[1] == []
    # look-alike: the same figures as a sentence, with its commas, are read
    sentence = "本年度主要指标完成情况如下。\n" + "，".join(["产值增长12.5%", "投资增长8.1%"] * 20) + "。\n"
    assert len(process_file("sentence.txt", sentence)[1]) >= 2


def test_the_fast_year_finder_finds_what_the_year_pattern_finds():
    from pathlib import Path

    from etl.extract.patterns import YEAR
    from etl.extract.scope import year_expressions

    data = Path(__file__).resolve().parents[1] / "data" / "external_dev" / "corpus"
    texts = [p.read_text(encoding="utf-8") for p in sorted(data.glob("*.txt"))]
    texts.append("截至2021年底，较2020年，到 2025 年，2023年版，力争2024年上半年，于2019年3月")
    for text in texts:
        assert [(m.span(), m.groupdict()) for m in year_expressions(text)] == [
            (m.span(), m.groupdict()) for m in YEAR.finditer(text)
        ]
