"""Acceptance: the same targets from a PDF or a .docx as from the text they were made from.

The six external development documents (real work reports, a plan draft, statistical reviews) are
printed to PDF by headless Debian chromium and written to .docx by python-docx; each is converted
back and run through the same pipeline as the .txt. Compared as multisets of (value, unit, year)
of the targets: at least 95% of the .txt's must be found, at most 5% extra.
"""

from __future__ import annotations

from collections import Counter

import pytest

from etl.convert import convert, ocr
from etl.pipeline import process_file
from tests.etl.convert.documents import chromium_browser, docx_bytes, external_dev_texts, image_pdf, print_pdf

MIN_FOUND, MAX_EXTRA = 0.95, 0.05


def target_keys(seed: str, text: str, kind: str = "target") -> Counter:
    _, quantities = process_file(seed, text)
    return Counter((q.value, q.unit, q.target_year) for q in quantities if q.kind == kind)


def compare(expected: Counter, got: Counter) -> tuple[int, int, int]:
    """(expected, found, extra) counts of two target multisets."""
    return sum(expected.values()), sum((expected & got).values()), sum((got - expected).values())


@pytest.mark.slow
def test_pdf_and_docx_of_the_external_documents_give_the_targets_of_their_text():
    """Targets as the acceptance asks; baselines (what the two statistical reviews hold) the same way."""
    texts = external_dev_texts()
    totals = {(fmt, kind): [0, 0, 0] for fmt in ("pdf", "docx") for kind in ("target", "baseline")}
    with chromium_browser() as browser:
        for name, text in texts.items():
            rendered = {"pdf": print_pdf(browser, text, header="政府信息公开"), "docx": docx_bytes(text)}
            for fmt, data in rendered.items():
                converted = convert(data, f"{name}.{fmt}")
                assert converted.format == fmt
                for kind in ("target", "baseline"):
                    counts = compare(target_keys(name, text, kind), target_keys(name, converted.text, kind))
                    totals[fmt, kind] = [a + b for a, b in zip(totals[fmt, kind], counts)]
                    print(f"{name} {fmt} {kind}s: expected={counts[0]} found={counts[1]} extra={counts[2]}")
    for (fmt, kind), (expected, found, extra) in totals.items():
        print(
            f"{fmt} {kind}s: {found}/{expected} found ({found / expected:.1%}), {extra} extra ({extra / expected:.1%})"
        )
        assert expected >= 50, f"the text build should hold dozens of {kind}s"
        assert found / expected >= MIN_FOUND, (fmt, kind)
        assert extra / expected <= MAX_EXTRA, (fmt, kind)


def test_a_printed_pdf_loses_its_footers_and_running_header_and_keeps_a_page_map():
    text = "\n".join(f"第{i}段：到2025年，港口综合通过能力达到{i}亿吨。" + "内容" * 40 for i in range(1, 60))
    with chromium_browser() as browser:
        converted = convert(print_pdf(browser, text, header="江苏省人民政府公报"), "plan.pdf")
    lines = converted.text.split("\n")
    assert len(converted.page_lines) >= 3
    assert not [line for line in lines if line.strip().startswith("—") or "公报" in line]
    assert converted.page_lines[0] == 1 and list(converted.page_lines) == sorted(converted.page_lines)
    # the paragraph that opens page 2 is on a line the page map puts on page 2
    second = converted.page_lines[1]
    assert converted.page_of_line(second) == 2 and converted.page_of_line(second - 1) == 1
    assert "第1段" in converted.text and "第59段" in converted.text


GOALS_2021 = [
    "今年发展主要预期目标是：",
    "国内生产总值增长6%以上；",
    "城镇新增就业1100万人以上，",
    "城镇调查失业率5.5%左右；",
    "居民消费价格涨幅3%左右；",
    "进出口量稳质升，",
    "国际收支基本平衡；",
    "居民收入稳步增长；",
    "生态环境质量进一步改善，",
    "单位国内生产总值能耗降低3%左右，",
    "主要污染物排放量继续下降；",
    "粮食产量保持在1.3万亿斤以上。",
]  # gwr2021.txt lines 259-270


def scan_text() -> str:
    return "2021年政府工作报告\n" + "\n".join(GOALS_2021)


def test_a_scanned_page_goes_through_ocr_and_recovers_its_targets():
    if problem := ocr.unavailable():
        pytest.skip(problem)
    expected = target_keys("scan.txt", scan_text())
    assert sum(expected.values()) >= 4
    converted = convert(image_pdf(scan_text().split("\n")), "scan.pdf")
    assert converted.ocr_pages == (1,)
    found = compare(expected, target_keys("scan.txt", converted.text))
    share = found[1] / found[0]
    print(f"OCR recovered {found[1]} of {found[0]} targets of the page ({share:.0%}), {found[2]} extra")
    assert share >= 0.75


def test_a_scan_without_ocr_is_refused_with_how_to_enable_it(monkeypatch):
    from etl.convert import ConversionError
    from etl.convert.pdf import convert_pdf

    with pytest.raises(ConversionError, match=r"scan\.pdf: a scanned PDF .*tesseract-ocr-chi-sim|OCR is switched off"):
        convert_pdf(image_pdf(["到2025年，粮食产量保持在1.3万亿斤以上。"]), "scan.pdf", use_ocr=False)
    monkeypatch.setattr(ocr, "unavailable", lambda: f"OCR is not installed: {ocr.INSTALL_HINT}")
    with pytest.raises(ConversionError, match=r"scan\.pdf: a scanned PDF \(1 of 1 pages.*tesseract-ocr-chi-sim"):
        convert(image_pdf(["到2025年，粮食产量保持在1.3万亿斤以上。"]), "scan.pdf")
