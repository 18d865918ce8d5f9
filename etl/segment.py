"""Split an unwrapped corpus file into documents: title, issuer, 文号, date and line span.

A compilation prints one official document after another. A document starts at a title (one to
five short lines, no sentence punctuation, ending in a document type such as 通知/意见/方案 or,
for a news summary, in 印发《...》) that one of these confirms:

- the next line is a 文号 ("国科发社〔2022〕320号") or the next paragraph is an addressee line
  ("各省、自治区、直辖市...：");
- the title follows the end of the previous document (a signature date, "（此件公开发布）", a bare
  "附件 1" label, "来源：新华社") and the body starts after it: an attachment printed after its
  notice, or the next document;
- the title opens a printed page, names an issuing act (关于, 印发) and the body follows;
- the title repeats the name of the attachment its notice announced ("现将《X》印发").

Everything else that looks like a title (section headings "一、总体要求", sentences quoting
《...》, table captions, a table of contents) starts nothing. A document ends where the next
begins. Issuer and date come from the signature block (issuer lines above a date line), else
from the title's issuing bodies; an attachment inherits both from its notice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from etl.extract.scope import title_year
from etl.extract.structure import plan_horizon
from etl.ids import document_id
from etl.lexicon import MUNICIPALITIES, PROVINCE_ABBREVIATIONS, PROVINCES
from etl.numbers import alternation
from etl.records import Document
from etl.text import EDITION_LINE, SourceText, display_width, ends_like_document_kind, typical_line_width

# --- What a line is -------------------------------------------------------------------------
# 文号: "国科发社〔2022〕320号", "财政部税务总局公告2022年第32号", "国家市场监督管理总局令第65号".
# The prefix is short, so a table row "贷款项目名称申报依据苏财金〔2023〕22号" is not one.
DOC_NUMBER = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,10}[〔\[［【(（]\d{4}[〕\]］】)）]\d{1,5}号"
    r"|[\u4e00-\u9fff]{1,24}公告\d{4}年第\d{1,4}号"
    r"|[\u4e00-\u9fff]{1,20}令第\d{1,4}号)$"
)
_CN_DIGIT = "〇零一二三四五六七八九十"
# A signature date on a line of its own: "2022年11月18日", "二〇二三年二月十日".
SIGNATURE_DATE = re.compile(
    rf"^(\d{{4}}|[{_CN_DIGIT}]{{4}})年(\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})月(\d{{1,2}}|[{_CN_DIGIT}]{{1,3}})日$"
)
PUBLIC_NOTE = re.compile(r"^[（(]此件[^（）()]{0,10}[）)]$")  # "（此件主动公开）"
ATTACHMENT_LABEL = re.compile(r"^附件\d{0,2}$")  # "附件 1" on its own; "附件：X" lists one
NEWS_SOURCE = re.compile(r"^来源[：:][^，。]{1,16}$")  # "来源：新华社" closes a news summary
NEWS_TITLE_END = re.compile(r"(?:印发|发布)《[^《》]+》$")  # "中共中央 国务院印发《...》"
ISSUING_ACT = re.compile(r"关于|印发|发布")
HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[．.、]"
    r"|第[一二三四五六七八九十百\d]+[章条节部分]|附件|附表|专栏|注[：:]|序号)"
)
SENTENCE_PUNCTUATION = re.compile(r"[，。；：！？,;:!?]")
DOT_LEADER = re.compile(r"[…·.]{3,}|\.{2,}|…")  # table-of-contents leaders
CJK = re.compile(r"[\u4e00-\u9fff]")
OPENERS, CLOSERS = "《（(“", "》）)”"
# An addressee paragraph names receiving bodies and ends with a colon.
ADDRESSEE_BODY = re.compile(r"^各|人民政府|厅|局|委|部门|单位|银行|机构|公司|办事处")
BODY_PUNCTUATION = re.compile(r"[，。]")

# Where a notice names what it issues: 《X》, "附件：X", "印发X的通知".
ANNOUNCED_NAME = re.compile(
    r"《([^《》]{4,60})》|^附件\d?[：:](?:\d[．.])?《?([^《》]{4,60}?)》?$|印发([^《》]{4,60})的通知$"
)
NAME_NOISE = re.compile(r"[《》〈〉“”\s的]|^关于")

# --- What a title says ----------------------------------------------------------------------
# The issuing bodies precede the act: "科技部 住房城乡建设部关于印发..."; "中共中央 国务院印发《...》".
TITLE_ISSUER = re.compile(r"^(.*?)(?:联合)?(?:关于|印发|发布|决定|批准)")
# Two issuers printed without a space in a signature line: "江苏省农业农村厅江苏省商务厅". A name
# ends in 厅/委/会/部/署/院/室 and the next opens with a jurisdiction; "...总局江苏省税务局" is one name.
GLUED_ISSUERS = re.compile(r"(?<=[厅委会部署院室])(?=[\u4e00-\u9fff]{2,3}省|省|国家|中国|中共|中华全国)")
# A decree or announcement number names its issuer: "国家市场监督管理总局令第65号".
NUMBER_ISSUER = re.compile(r"^([\u4e00-\u9fff ]+?)(?:令第|公告\d)")
# Pdftotext prints party and state bodies without a space: "中共中央国务院印发".
PARTY_THEN_STATE = re.compile(r"^(中共中央|中共[\u4e00-\u9fff]{2,8}委员会)(?=国务院|[\u4e00-\u9fff]{2,8}人民政府)")
# Jurisdictions: a body's name opens with its province ("江苏省...", "省政府") or city ("南京市...");
# the four municipalities are provincial; a 文号 opens with a province's one-character name ("苏政规〔").
_PROVINCE_NAMES = alternation(PROVINCES)
PROVINCE_START = re.compile(rf"^(?:{_PROVINCE_NAMES})|^省")
PROVINCE_IN_TITLE = re.compile(rf"(?:{_PROVINCE_NAMES})(?:省|自治区|”)|^省")
CITY_START = re.compile(r"^(?P<city>[\u4e00-\u9fff]{2,5}?)市(?!场|民|县|区|级|域|值)|^市(?:政府|委|人民政府)")
PROVINCE_NUMBER = re.compile(rf"^(?:{alternation(PROVINCE_ABBREVIATIONS)})[\u4e00-\u9fff]{{0,8}}[〔\[［]")
# A space between two CJK characters separates words ("财政部 税务总局"); any other is layout.
LAYOUT_SPACE = re.compile(r"(?<![\u4e00-\u9fff]) | (?![\u4e00-\u9fff])")
# A title that issues or announces something is a document of its own, never an attachment.
NOTICE_TITLE = re.compile(r"通知$|公告$|印发")

MAX_TITLE_LINES = 5
MAX_TITLE_CHARS = 34
MAX_SIGNATURE_LINES = 24


class Line(NamedTuple):
    """One kept source line as segmentation sees it (a tuple: a file has tens of thousands)."""

    index: int  # type: ignore[assignment]  # position in SourceText.lines (shadows tuple.index, unused here)
    number: int  # 1-based source line
    text: str  # cleaned (no layout spaces)
    spaced: str  # word spaces kept
    page_start: bool
    paragraph_start: bool  # unwrapping did not join it to the line before


@dataclass(frozen=True, slots=True)
class Start:
    """A confirmed title: lines [first, stop) of the line list."""

    first: int
    stop: int
    title: str
    kind: str  # "notice" (文号/addressee), "after_end", "page", "news", "announced"


def source_lines(source: SourceText) -> list[Line]:
    """The kept source lines with the layout facts segmentation needs."""
    text, starts = source.text, source.starts
    pages = set(source.page_starts)
    raw = source.raw_lines or ()
    out = []
    for i, (start, number) in enumerate(zip(starts, source.lines)):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        line = text[start:end].rstrip("\n")
        spaced = raw[i] if i < len(raw) else line
        out.append(Line(i, number, line, spaced, number in pages, start == 0 or text[start - 1] == "\n"))
    return out


def tidy(spaced: str) -> str:
    """Drop layout spaces, keep one space between two CJK words ("财政部 税务总局公告2022年第32号")."""
    return LAYOUT_SPACE.sub("", spaced)


def starts_inside_brackets(text: str) -> bool:
    """True when a closing bracket comes before any opening one ("省工业和信息化厅）")."""
    for ch in text:
        if ch in OPENERS:
            return False
        if ch in CLOSERS:
            return True
    return False


def is_marker(text: str) -> bool:
    """Lines that are never part of a title: 文号, dates, publication notes, labels, sources."""
    return bool(
        DOC_NUMBER.match(text)
        or SIGNATURE_DATE.match(text)
        or PUBLIC_NOTE.match(text)
        or ATTACHMENT_LABEL.match(text)
        or NEWS_SOURCE.match(text)
    )


def is_title_like(line: Line, first: bool, max_width: float) -> bool:
    """A short line without sentence punctuation that can be part of a title.

    Fires on "科技部 住房城乡建设部关于印发《“十四五”城镇化与"; skips "一、总体要求" (a heading),
    "2022年11月18日" (a date), "省生态环境厅、省工业和信息化厅）" as a first line (it closes a
    bracket opened on the line before) and running text with a comma.
    """
    text = line.text
    if not text or len(text) > MAX_TITLE_CHARS or not CJK.search(text):
        return False
    if SENTENCE_PUNCTUATION.search(text) or DOT_LEADER.search(text) or is_marker(text):
        return False
    if display_width(text) > max_width:
        return False
    if first and (HEADING_START.match(text) or starts_inside_brackets(text) or EDITION_LINE.match(text)):
        return False
    return True


def brackets_balanced(text: str) -> bool:
    return text.count("《") == text.count("》") and (
        text.count("（") + text.count("(") == text.count("）") + text.count(")")
    )


def ends_like_title(text: str) -> bool:
    """A complete title: a document type (with edition) or a news headline, brackets closed."""
    return bool(ends_like_document_kind(text) or NEWS_TITLE_END.search(text)) and brackets_balanced(text)


def title_block(lines: list[Line], k: int, max_width: float) -> tuple[int, str] | None:
    """The longest run of title-like lines from k that reads as a complete title.

    A title never crosses a page, so a page start after k ends the run.
    """
    best = None
    joined = ""
    for j in range(k, min(k + MAX_TITLE_LINES, len(lines))):
        if j > k and lines[j].page_start:
            break
        if not is_title_like(lines[j], j == k, max_width):
            break
        joined += lines[j].text
        if ends_like_title(joined):
            best = j + 1
    if best is None:
        return None
    title = "".join(tidy(lines[j].spaced) for j in range(k, best))
    return best, title


def paragraph_at(source: SourceText, line: Line) -> str:
    """The unwrapped paragraph that begins (or continues) at this line."""
    start = source.starts[line.index]
    end = source.text.find("\n", start)
    return source.text[start:] if end < 0 else source.text[start:end]


def is_addressee(paragraph: str) -> bool:
    """ "各设区市、县（市、区）农业农村局：" names receivers; "现就有关事项通知如下：" does not."""
    return (
        paragraph.endswith(("：", ":"))
        and "。" not in paragraph
        and len(paragraph) <= 300
        and bool(ADDRESSEE_BODY.search(paragraph))
    )


def opens_body(source: SourceText, line: Line) -> bool:
    """The line after a title starts running text or a numbered heading, not another title."""
    if HEADING_START.match(line.text) and not ATTACHMENT_LABEL.match(line.text):
        return True
    paragraph = paragraph_at(source, line)
    return len(paragraph) >= 15 and bool(BODY_PUNCTUATION.search(paragraph))


def is_document_end(line: Line) -> bool:
    """The last line of a notice or news item: signature date, publication note, source, label."""
    text = line.text
    return bool(
        SIGNATURE_DATE.match(text) or PUBLIC_NOTE.match(text) or ATTACHMENT_LABEL.match(text) or NEWS_SOURCE.match(text)
    )


def normalise_name(name: str) -> str:
    """Compare attachment names loosely: "关于A的若干措施" and "A若干措施" are the same name."""
    return NAME_NOISE.sub("", name)


def announced_names(lines: list[Line], first: int, stop: int) -> set[str]:
    """Names a notice announces as attachments: 《X》 in its first lines, "附件：X", 印发X的通知."""
    names = set()
    for line in lines[first:stop]:
        for match in ANNOUNCED_NAME.finditer(line.text):
            name = next(g for g in match.groups() if g)
            names.add(normalise_name(name))
    return names


def confirm_start(
    source: SourceText, lines: list[Line], k: int, stop: int, title: str, notice_names: set[str]
) -> str | None:
    """Which cue, if any, makes the title at lines[k:stop] the start of a document."""
    following = lines[stop] if stop < len(lines) else None
    if following is not None:
        if DOC_NUMBER.match(following.text):
            return "notice"
        if is_addressee(paragraph_at(source, following)):
            return "notice"
    first = lines[k]
    if not (first.paragraph_start or first.page_start) or following is None:
        return None
    if not opens_body(source, following):
        return None
    typed = ends_like_title(title)
    after_end = k == 0 or is_document_end(lines[k - 1])
    if typed and after_end:
        return "after_end"
    if typed and first.page_start and ISSUING_ACT.search(title):
        return "page"
    if typed and normalise_name(title) in notice_names:
        return "announced"
    return None


def find_starts(source: SourceText, lines: list[Line]) -> list[Start]:
    """Scan once, top to bottom; a confirmed title skips its own lines."""
    widths = [display_width(line.text) for line in lines]
    max_width = typical_line_width(widths) * 0.92 or 60
    # Every title and headline starts with a title-like line; most lines are body text, so test
    # each line once here instead of inside every attempt below.
    may_start = [is_title_like(line, False, max_width) for line in lines]
    starts: list[Start] = []
    notice_names: set[str] = set()
    k = 0
    while k < len(lines):
        if not may_start[k]:
            k += 1
            continue
        block = title_block(lines, k, max_width)
        if block is None:
            headline = news_headline(source, lines, k, max_width)
            if headline is not None:
                starts.append(headline)
                k = headline.stop
                continue
            k += 1
            continue
        stop, title = block
        kind = confirm_start(source, lines, k, stop, title, notice_names)
        if kind is None:
            k += 1
            continue
        starts.append(Start(k, stop, title, kind))
        if kind in ("notice", "page"):
            notice_names = announced_names(lines, k, min(stop + 12, len(lines)))
        k = stop
    return starts


def news_headline(source: SourceText, lines: list[Line], k: int, max_width: float) -> Start | None:
    """A headline without a document type that opens a page right after a document ended.

    Fires on "商务部等8部门决定设立29个国家进口贸易促进创新示范区" (page start after a signature
    date, body follows); skips "3项行业标准编号、名称及实施日期", a table caption that follows a
    date in mid-page.
    """
    first = lines[k]
    if not first.page_start or k == 0 or not is_document_end(lines[k - 1]):
        return None
    if not is_title_like(first, True, max_width):
        return None
    stop = k + 1
    if (
        stop < len(lines)
        and not lines[stop].page_start
        and is_title_like(lines[stop], False, max_width)
        and not opens_body(source, lines[stop])
    ):
        stop += 1
    if stop >= len(lines) or not opens_body(source, lines[stop]):
        return None
    title = "".join(tidy(lines[j].spaced) for j in range(k, stop))
    return Start(k, stop, title, "news")


# --- Metadata -------------------------------------------------------------------------------
def doc_number_after(lines: list[Line], stop: int) -> str:
    """The 文号 printed on one of the two lines under the title."""
    for line in lines[stop : stop + 2]:
        if DOC_NUMBER.match(line.text):
            return tidy(line.spaced)
    return ""


def is_signature_line(line: Line) -> bool:
    """An issuer line of a signature block: "住房城乡建设部".

    Skips "特此通知。", "附件：...", the tail "工负责）" of a bracket opened above, and "表", the
    wrapped end of the line before.
    """
    text = line.text
    return (
        line.paragraph_start
        and not starts_inside_brackets(text)
        and brackets_balanced(text)
        and 0 < len(text) <= 40
        and bool(CJK.search(text))
        and not SENTENCE_PUNCTUATION.search(text)
        and not HEADING_START.match(text)
        and not is_marker(text)
        and not ends_like_document_kind(text)
    )


def signature(lines: list[Line], first: int, stop: int) -> tuple[list[str], str]:
    """Issuer names and ISO date of the first signature block (issuer lines above a date line)."""
    for m in range(first, stop):
        match = SIGNATURE_DATE.match(lines[m].text)
        if not match or m == first or not is_signature_line(lines[m - 1]):
            continue
        top = m
        while top > first and m - top < MAX_SIGNATURE_LINES and is_signature_line(lines[top - 1]):
            top -= 1
        names = [name for line in lines[top:m] for name in split_issuers(tidy(line.spaced))]
        return names, iso_date(*match.groups())
    return [], ""


def split_issuers(text: str) -> list[str]:
    """Issuer names of one line: split at word spaces and where two names are glued."""
    return [name for name in GLUED_ISSUERS.sub(" ", text).split(" ") if name]


def cn_number(text: str) -> int:
    """Arabic or Chinese numerals of a date part: "2023", "二〇二三", "十二", "二十一"."""
    if text.isdigit():
        return int(text)
    digits = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0}
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (digits.get(tens, 1) if tens else 1) * 10 + (digits.get(ones, 0) if ones else 0)
    return int("".join(str(digits[ch]) for ch in text))


def iso_date(year: str, month: str, day: str) -> str:
    y, m, d = cn_number(year), cn_number(month), cn_number(day)
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{m:02d}-{d:02d}"


def title_issuer(title: str) -> list[str]:
    """The issuing bodies named before 关于/印发: "科技部 住房城乡建设部关于..." -> both."""
    match = TITLE_ISSUER.match(title)
    if not match or not match.group(1).strip():
        return []
    prefix = PARTY_THEN_STATE.sub(r"\1 ", match.group(1).strip())
    return [name for name in prefix.split(" ") if name]


def number_issuer(number: str) -> list[str]:
    """The issuer a decree or announcement number names; a 〔year〕 文号 names none in full."""
    match = NUMBER_ISSUER.match(number)
    return [name for name in match.group(1).split(" ") if name] if match else []


def level_of(issuer: str, title: str = "", number: str = "") -> str:
    """national, provincial or municipal, from the jurisdiction the issuing bodies open with (the
    issuer, else the bodies a title names before 关于/印发): "南京市人民政府" municipal, "江苏省财政厅",
    "省政府", "上海市..." provincial; else a province named in the title ("“水运江苏”") or a 文号's
    province prefix ("苏政规〔2023〕1号"); else national."""
    bodies = [body for body in re.split(r"[、\s]", issuer or "") if body] or title_issuer(title or "")
    for body in bodies:
        city = CITY_START.match(body)
        if city:
            return "provincial" if city.group("city") in MUNICIPALITIES else "municipal"
        if PROVINCE_START.match(body):
            return "provincial"
    if PROVINCE_IN_TITLE.search(title or "") or PROVINCE_NUMBER.match(number or ""):
        return "provincial"
    return "national"


def is_attachment(start: Start) -> bool:
    """A plan printed after the notice that issues it (its title is no notice of its own)."""
    return start.kind in ("after_end", "announced") and not NOTICE_TITLE.search(start.title)


# --- Files that hold one document -----------------------------------------------------------
# A speech prints its occasion under the title: "——2019年3月5日在第十三届全国人民代表大会第二次会议上".
SPEECH_DATE = re.compile(r"^[—－-]*\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*在")
# ...and its speaker: "国务院总理 李克强", "北京市市长 殷勇": the body is the issuer.
SPEAKER = re.compile(
    r"^(?P<body>[\u4e00-\u9fff]{2,16}?)(?:常务副|副)?(?:总理|省长|市长|县长|区长|主席|主任|州长|盟长)"
    r"\s*[\u4e00-\u9fff·]{2,5}$"
)
# A report read to a congress names itself and who gives it: "我代表国务院，向大会报告政府工作".
REPORT_OPENING = re.compile(
    r"我代表(?P<body>[\u4e00-\u9fff]{2,16}?)[，,]\s*向大会报告(?P<subject>[\u4e00-\u9fff]{2,10}?)[，,。]"
)
HEAD_LINES = 6
# A web page's navigation: "首页 > 政务公开 > 规划计划", "当前位置：", "打印 | 关闭".
MENU_LINE = re.compile(r"[>»＞›|｜]|^(?:首页|当前位置|您现在的位置)|(?:打印|关闭|分享|收藏)$")
# A web page's date line: "发布时间：2024-03-05", "日期：2024年3月5日", "来源：新华社 2024-03-05 10:21".
PUBLISHED_DATE = re.compile(r"(?:发布|日期|时间|来源)[^\d]{0,12}?(\d{4})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")


class SpeechFacts(NamedTuple):
    issuer: str
    date: str


def speech_facts(source: SourceText, lines: list[Line], stop: int) -> SpeechFacts:
    """Issuer and date a speech or report prints under its title (speaker line, "——2019年3月5日在...")
    or in its opening ("我代表国务院，向大会报告政府工作")."""
    issuer, date = "", ""
    for line in lines[stop : stop + HEAD_LINES]:
        match = SPEECH_DATE.match(line.text)
        if match and not date:
            date = iso_date(*match.groups())
        speaker = SPEAKER.match(tidy(line.spaced).replace(" ", ""))
        if speaker and not issuer:
            issuer = speaker.group("body")
        published = PUBLISHED_DATE.search(line.text)
        if published and not date:
            date = iso_date(*published.groups())
    if not issuer:
        opening = REPORT_OPENING.search(source.text[: source.starts[min(stop + HEAD_LINES, len(lines) - 1)]])
        issuer = opening.group("body") if opening else ""
    return SpeechFacts(issuer, date)


def untitled_start(source: SourceText, lines: list[Line], seed: str) -> Start:
    """The title of a file that holds one document and confirms none by the usual cues: its title
    lines at the top ("国家中长期教育改革和发展规划纲要" + "(2010-2020年)" + "(公开征求意见稿)"), else a
    report named by its own opening ("各位代表：现在，我代表国务院，向大会报告政府工作" -> "政府工作
    报告"), else a short first line without sentence punctuation, else the file's name."""
    widths = [display_width(line.text) for line in lines]
    max_width = max(typical_line_width(widths) * 0.92, 60)
    k = 0  # a saved page prints its menus and breadcrumbs above the title
    while k < min(HEAD_LINES, len(lines) - 1) and MENU_LINE.search(lines[k].text):
        k += 1
    block = title_block(lines, k, max_width)
    if block is not None:
        return Start(k, block[0], block[1], "file")
    opening = REPORT_OPENING.search(source.text[: source.starts[min(HEAD_LINES, len(lines) - 1)] + 200])
    if opening:
        return Start(0, 0, opening.group("subject") + "报告", "file")
    first = tidy(lines[0].spaced)
    if len(first) <= 60 and not SENTENCE_PUNCTUATION.search(first[:-1]):
        return Start(0, 1, first, "file")
    return Start(0, 0, re.sub(r"\.[^.]*$", "", seed), "file")


# --- Assembly -------------------------------------------------------------------------------
def split_documents(source: SourceText, seed: str) -> list[Document]:
    """Documents of one unwrapped corpus file, in source order."""
    lines = source_lines(source)
    if not lines:
        return []
    starts = find_starts(source, lines) or [untitled_start(source, lines, seed)]
    documents: list[Document] = []
    seen: dict[str, int] = {}
    parent: Document | None = None
    for i, start in enumerate(starts):
        stop_line = starts[i + 1].first if i + 1 < len(starts) else len(lines)
        attachment = is_attachment(start) and parent is not None
        if attachment:
            assert parent is not None  # attachment implies it
            issuer, date, number = parent.issuer, parent.issue_date, ""
        else:
            names, date = signature(lines, start.stop, stop_line)
            number = doc_number_after(lines, start.stop)
            issuers = names or title_issuer(start.title) or number_issuer(number)
            if not date or not issuers:  # a speech or report prints them under its title instead
                speech = speech_facts(source, lines, start.stop)
                date = date or speech.date
                issuers = issuers or ([speech.issuer] if speech.issuer else [])
            issuer = "、".join(issuers)
        begin = source.starts[start.first]
        end = source.starts[stop_line] if stop_line < len(lines) else len(source.text)
        if end > begin and source.text[end - 1] == "\n":
            end -= 1
        body = source.slice(begin, end)
        level = level_of(issuer, start.title, number)
        if attachment and parent is not None and parent.level == "provincial":
            level = "provincial"
        key = re.sub(r"\s", "", start.title)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        doc = Document(
            doc_id=document_id(seed, start.title, occurrence),
            seed=seed,
            title=start.title,
            issuer=issuer,
            doc_number=number,
            issue_date=date,
            level=level,
            start_line=lines[start.first].number,
            end_line=lines[stop_line - 1].number,
            text=body.text,
            line_starts=body.starts,
            line_numbers=body.lines,
            title_year=title_year(start.title),
            horizon_year=plan_horizon(body.text),
        )
        documents.append(doc)
        if not attachment:
            parent = doc
    return documents
