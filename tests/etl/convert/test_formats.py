"""Each format through its converter, detection by content, and the files that must be refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from etl.convert import ConversionError, convert, sniff
from etl.convert.docx import convert_docx
from etl.convert.layout import is_page_number, join_pages, strip_page_furniture
from tests.etl.convert.documents import chromium_browser, docx_bytes, print_pdf

GOAL = "到2025年，港口综合通过能力达到28亿吨。"


# --- detection by content ---------------------------------------------------------------------


def test_the_format_comes_from_the_bytes_not_the_extension():
    assert sniff(docx_bytes(GOAL), "report.pdf") == "docx"
    assert sniff(b"%PDF-1.7\n...", "notes.txt") == "pdf"
    assert sniff(b"<!DOCTYPE html><html><body><p>x</p></body></html>", "page.txt") == "html"
    assert sniff(GOAL.encode("gb18030"), "page.html") == "text"


@pytest.mark.parametrize(
    "data, name, expected",
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
            "old.doc",
            r"old\.doc: an old binary Word/WPS .*save it as \.docx or PDF",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "plan.wps", r"plan\.wps: .*save it as \.docx or PDF"),
        (None, "gov.ofd", r"gov\.ofd: an OFD file .*save it as \.docx or PDF"),
        (b"", "empty.txt", r"empty\.txt: the file is empty"),
        (b" \n\n ", "blank.txt", r"blank\.txt: the file is empty"),
        (b"\x00\x01\x02binary" * 100, "blob.bin", r"blob\.bin: looks binary"),
    ],
)
def test_formats_without_a_converter_get_a_clear_message(data, name, expected):
    if data is None:  # an OFD is a zip with OFD.xml at its root
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("OFD.xml", "<ofd:OFD/>")
        data = buffer.getvalue()
    with pytest.raises(ConversionError, match=expected):
        convert(data, name)


# --- text ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_text_in_the_encodings_the_corpus_reader_accepts(encoding):
    converted = convert((GOAL + "\r\n第二行").encode(encoding), "a.txt")
    assert converted.format == "text" and converted.text == GOAL + "\n第二行"


# --- docx ---------------------------------------------------------------------------------------


def test_docx_paragraphs_then_a_table_row_per_line_cells_tab_separated_in_reading_order():
    table = [["序号", "指标", "2022年情况", "2023年目标"], ["1", "全社会研发经费投入（亿元）", "3700", "超过4000"]]
    converted = convert(docx_bytes("关于印发行动方案的通知\n" + GOAL, table), "plan.docx")
    assert converted.text.split("\n") == [
        "关于印发行动方案的通知",
        GOAL,
        "序号\t指标\t2022年情况\t2023年目标",
        "1\t全社会研发经费投入（亿元）\t3700\t超过4000",
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_bomb_posing_as_docx_is_refused_before_it_is_inflated():
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b" " * (40 * 2**20)})
    assert len(bomb) < 200_000
    with pytest.raises(ConversionError, match=r"bomb\.docx: refused: .*zip bomb"):
        convert(bomb, "bomb.docx")


def test_a_damaged_docx_is_named_with_the_reason():
    broken = _zip({"[Content_Types].xml": b"<Types", "word/document.xml": b"<w:document"})
    with pytest.raises(ConversionError, match=r"broken\.docx: a damaged \.docx"):
        convert_docx(broken, "broken.docx")
    with pytest.raises(ConversionError, match=r"cut\.docx: a damaged"):
        convert(docx_bytes(GOAL)[:3000], "cut.docx")


# --- html ---------------------------------------------------------------------------------------

SAVED_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>规划</title></head><body>
<nav><ul><li><a href="/">首页</a></li><li><a href="/zc">政策文件</a></li><li><a href="/hd">互动交流</a></li></ul></nav>
<div class="toolbar">分享到：微信 微博 打印本页 关闭窗口 【字体：大 中 小】</div>
<article><h1>江苏省“十四五”港口发展规划</h1>
<p>港口是综合交通运输体系的重要枢纽，是经济社会发展的战略资源。为加快建设现代化港口体系，制定本规划。</p>
<p>到2025年，全省港口综合通过能力达到28亿吨，集装箱通过能力达到2400万标准箱，船舶平均等待时间较2020年压缩20%。</p>
<p>到2035年，全面建成世界一流港口，港口服务水平位居世界前列，绿色智慧安全发展水平显著提升。</p>
</article>
<footer>版权所有：江苏省交通运输厅 主办单位 网站标识码 苏ICP备12345678号 联系我们 网站地图</footer>
</body></html>"""


def test_a_saved_web_page_gives_its_article_without_menus_and_toolbars():
    converted = convert(SAVED_PAGE.encode("utf-8"), "page.htm")
    assert converted.format == "html"
    assert "综合通过能力达到28亿吨" in converted.text and "2035年" in converted.text
    for chrome in ("互动交流", "打印本页", "苏ICP备", "网站地图"):
        assert chrome not in converted.text


def test_a_gbk_saved_page_is_read():
    converted = convert(SAVED_PAGE.replace("utf-8", "gbk").encode("gb18030"), "page.html")
    assert "28亿吨" in converted.text


# --- PDF ----------------------------------------------------------------------------------------


def test_an_encrypted_pdf_is_refused_with_what_to_do(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    with chromium_browser() as browser:
        plain = print_pdf(browser, GOAL)
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(io.BytesIO(plain)))
    writer.encrypt("secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ConversionError, match=r"locked\.pdf: the PDF is encrypted with a password"):
        convert(buffer.getvalue(), "locked.pdf")
    assert "28亿吨" in convert(plain, "plain.pdf").text


def test_a_damaged_pdf_is_refused():
    with chromium_browser() as browser:
        whole = print_pdf(browser, GOAL)
    for data in (whole[: len(whole) // 2], b"%PDF-1.7\n" + b"\x00garbage" * 200):
        with pytest.raises(ConversionError, match=r"cut\.pdf: a damaged or unreadable PDF"):
            convert(data, "cut.pdf")


# --- page furniture (pure) ------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["— 12 —", "- 3 -", "第3页", "第 3 页 共 10 页", "3/10", "12", "Page 2 of 9"])
def test_page_number_lines(line):
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["2025年", "3.5", "28亿吨", "一、总体要求", "（2023-2025年）"])
def test_content_that_looks_short_is_not_a_page_number(line):
    assert not is_page_number(line)


def test_running_headers_and_footers_are_removed_but_body_numbers_stay():
    bodies = ["一、总体要求", "二、主要目标", "三、重点任务", "四、保障措施"]
    pages = [
        ["江苏省人民政府公报", body, "港口吞吐量（亿吨）", "12", f"加快建设第{i}批。", f"第{i}页 共4页"]
        for i, body in enumerate(bodies, 1)
    ]
    text, starts = join_pages(strip_page_furniture(pages))
    assert text.split("\n")[:4] == ["一、总体要求", "港口吞吐量（亿吨）", "12", "加快建设第1批。"]
    assert "公报" not in text and "共4页" not in text and starts == (1, 5, 9, 13)


def test_a_header_on_only_two_pages_is_content():
    pages = [["江苏省人民政府公报", "正文"], ["江苏省人民政府公报", "正文"], ["其他", "正文"], ["再一页", "正文"]]
    assert strip_page_furniture(pages)[0][0] == "江苏省人民政府公报"


# --- tables reach extraction --------------------------------------------------------------------

INDICATOR_TABLE = [
    ["序号", "指标", "2022年情况", "2023年目标"],
    ["1", "全社会研发经费投入（亿元）", "3700", "超过4000"],
]
TABLE_PAGE = (
    "<html><head><meta charset='utf-8'></head><body><nav>首页 政策 互动</nav><article>"
    "<h1>江苏省科技创新行动方案</h1><p>为加快建设现代化产业体系，制定本方案。这是一段足够长的正文内容，"
    "用于让正文提取器识别出文章主体部分。</p><table>"
    + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in INDICATOR_TABLE)
    + "</table></article></body></html>"
)


@pytest.mark.parametrize(
    "name, data",
    [
        (
            "plan.docx",
            lambda: docx_bytes("江苏省科技创新行动方案\n为加快建设现代化产业体系，制定本方案。", INDICATOR_TABLE),
        ),
        ("plan.html", lambda: TABLE_PAGE.encode("utf-8")),
    ],
)
def test_an_indicator_table_reaches_extraction_as_rows(name, data):
    from etl.pipeline import process_file

    converted = convert(data(), name)
    assert "1\t全社会研发经费投入（亿元）\t3700\t超过4000" in converted.text.split("\n")
    _, quantities = process_file("plan.txt", converted.text)
    found = {(q.kind, q.value, q.unit, q.target_year, q.comparator) for q in quantities}
    assert ("target", 4000e8, "元", 2023, ">") in found and ("baseline", 3700e8, "元", 2022, "=") in found


# --- OCR text clean-up (pure) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, tidy_text",
    [
        ("到 2025 年 ， 港 口 能 力 达 到 28 亿 吨", "到2025年，港口能力达到28亿吨"),  # spaces between CJK
        ("今年发展主要预期目标是 :", "今年发展主要预期目标是："),  # ASCII colon read for ：
        ("国内生产总值增长6%以上 ;", "国内生产总值增长6%以上；"),
        ("增长6% ;", "增长6%；"),
        ("达到1,234亿吨", "达到1,234亿吨"),  # a thousands comma stays
        ("Page 3, line 2", "Page 3, line 2"),  # ASCII text stays
        ("\x0c\n\n第一行\n\n", "第一行"),  # form feed and blank lines
    ],
)
def test_ocr_text_is_tidied_for_the_pipeline(raw, tidy_text):
    from etl.convert.ocr import tidy

    assert tidy(raw) == tidy_text


PLAN_TABLE = [
    ["指标", "单位", "2022年", "2025年"],
    ["研发经费投入强度", "%", "2.95", "3.2"],
    ["高新技术企业数", "万家", "4.4", "5"],
    ["数字经济核心产业增加值占比", "%", "11", "15"],
]
PLAN_INTRO = "江苏省科技创新行动方案\n为加快建设现代化产业体系，制定本方案。"


def _plan_table_html() -> str:
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in PLAN_TABLE)
    paragraphs = "".join(f"<p>{line}</p>" for line in PLAN_INTRO.split("\n"))
    return (
        f"<html><head><meta charset='utf-8'><style>body{{font-family:'Noto Sans CJK SC'}}</style></head>"
        f"<body><nav>首页 政策 互动</nav><article>{paragraphs}<table border=1>{cells}</table></article></body></html>"
    )


@pytest.mark.parametrize("kind", ["pdf", "docx", "html"])
def test_every_row_of_an_indicator_table_is_extracted_from_each_format(kind):
    from etl.pipeline import process_file

    if kind == "pdf":
        with chromium_browser() as browser:
            page = browser.new_page()
            page.set_content(_plan_table_html())
            data = page.pdf(format="A4")
    else:
        data = docx_bytes(PLAN_INTRO, PLAN_TABLE) if kind == "docx" else _plan_table_html().encode("utf-8")
    _, quantities = process_file("plan.txt", convert(data, f"plan.{kind}").text)
    found = {(q.kind, q.indicator, q.value, q.unit, q.target_year) for q in quantities}
    for indicator, unit, before, after in PLAN_TABLE[1:]:
        scale, unit = (1e4, "家") if unit == "万家" else (1, unit)
        assert ("baseline", indicator, float(before) * scale, unit, 2022) in found, (kind, indicator)
        assert ("target", indicator, float(after) * scale, unit, 2025) in found, (kind, indicator)
