"""etl.pipeline.process_file: one corpus file's text in, its documents and quantities out.

The fixture is 001_4730ba62b89b5414.txt lines 2818-2916 (blank lines between as pdftotext prints
them): the title and 文号 of 国家发展改革委等9部门's 指导意见 and its 主要目标 paragraph.
"""

from __future__ import annotations

from etl.pipeline import process_file
from tests.etl.excerpts import JIANGSU, corpus_excerpt

GOALS = {
    2818: "国家发展改革委等 9 部门关于统筹节能降碳和回收",
    2820: "利用加快重点领域产品设备更新改造的指导意见",
    2822: "发改环资〔2023〕178号",
    2894: "（三）主要目标",
    2896: "到 2025年，通过统筹推进重点领域产品设备更新改造和回收利用，",
    2898: "进一步提升高效节能产品设备市场占有率。与 2021年相比，工业锅炉、",
    2900: "电站锅炉平均运行热效率分别提高 5个百分点和 0.5个百分点，在运高效",
    2902: "节能电机、在运高效节能电力变压器占比分别提高超过 5 个百分点和 10",
    2904: "个百分点，在用主要家用电器中高效节能产品占比提高 10个百分点。在",
    2906: "运工商业制冷设备、家用制冷设备、通用照明设备中高效节能产品占比分",
    2908: "别达到 40%、60%、50%。废旧产品设备回收利用更加规范畅通，形成一批",
    2910: "可复制可推广的回收利用先进模式，推动废钢铁、废有色金属、废塑料等",
    2912: "主要再生资源循环利用量达到 4.5亿吨。",
}
TEXT = corpus_excerpt({line - 2817: text for line, text in GOALS.items()})  # numbered from 1


def test_one_document_with_its_targets_each_pointing_back_into_its_text():
    documents, quantities = process_file(JIANGSU, TEXT)
    assert len(documents) == 1
    document = documents[0]
    assert "产品设备更新改造的指导意见" in document.title and document.doc_number == "发改环资〔2023〕178号"
    assert quantities and all(q.doc_id == document.doc_id and q.seed == JIANGSU for q in quantities)
    for q in quantities:
        assert 0 <= q.char_start < q.char_end <= len(document.text)
        assert any(ch.isdigit() for ch in document.text[q.char_start : q.char_end])


def test_the_level_and_the_change_targets_of_the_paragraph():
    _, quantities = process_file(JIANGSU, TEXT)
    targets = [q for q in quantities if q.kind == "target"]
    recycled = [q for q in targets if q.value == 4.5e8]
    assert len(recycled) == 1
    assert (recycled[0].unit, recycled[0].target_year, recycled[0].line) == ("吨", 2025, 2912 - 2817)
    raised = [q for q in targets if q.unit == "百分点" and q.value == 10]
    assert raised and all(q.change == "increase" and q.baseline_year == 2021 for q in raised)


def test_the_same_text_gives_the_same_ids():
    first, second = process_file(JIANGSU, TEXT), process_file(JIANGSU, TEXT)
    assert [d.doc_id for d in first[0]] == [d.doc_id for d in second[0]]
    assert [q.quantity_id for q in first[1]] == [q.quantity_id for q in second[1]]
    assert len({q.quantity_id for q in first[1]}) == len(first[1])


def test_text_without_documents_gives_nothing():
    assert process_file(JIANGSU, "") == ([], [])
