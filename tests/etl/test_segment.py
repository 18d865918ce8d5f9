"""etl.segment: where documents start, and their title, issuer, 文号, date, level and title year.

Fixtures are real excerpts of data/corpus keyed by their source line number (blank lines in
between are filled back in, so line numbers are the corpus's own). Each rule has an example it
fires on and a look-alike it must skip. The last tests run over the whole bundled corpus against
the dev gold sample.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.evaluate import char_f1
from etl.extract.scope import title_year
from etl.segment import (
    DOC_NUMBER,
    iso_date,
    level_of,
    split_documents,
    split_issuers,
)
from etl.text import unwrap
from tests.etl.excerpts import ENVIRONMENT_MEASURES, JIANGSU, NATIONAL, corpus_excerpt

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = REPO_ROOT / "data" / "corpus"
GOLD_DEV = REPO_ROOT / "tests" / "data" / "gold_dev.jsonl"


def documents(lines: dict[int, str], seed: str = NATIONAL):
    return split_documents(unwrap(corpus_excerpt(lines)), seed)


# 000 lines 2846-2878: the end of a plan, a notice (title over two lines, 文号, addressee,
# signature, date, publication note) and the plan it issues, printed again as a heading.
URBANISATION_NOTICE = {
    2847: "救灾设施布局，推进公共基础设施安全加固，加快构建城乡应急避难场所",
    2849: "体系。加快构建灾害事故监测预警体系和应急通信体系。发展巨灾保险。",
    2850: " 科技部 住房城乡建设部关于印发《“十四五”城镇化与",
    2852: "城市发展科技创新专项规划》的通知",
    2854: "国科发社〔2022〕320号",
    2856: "各省、自治区、直辖市及计划单列市科技厅（委、局）、住房城乡建设厅",
    2858: "（委、管委、局），新疆生产建设兵团科技局、住房城乡建设局，各有关",
    2860: "单位：",
    2862: "现将《“十四五”城镇化与城市发展科技创新专项规划》印发给你们，",
    2864: "请结合本地区本部门实际，认真贯彻实施。",
    2866: "科技部",
    2868: "住房城乡建设部",
    2870: "2022年 11月 18日",
    2872: "（此件主动公开）",
    2874: "“十四五”城镇化与城市发展科技创新专项规划",
    2876: "为明确“十四五”时期城镇化与城市发展领域科技创新的总体思路、发",
    2878: "展目标和重点任务，根据《中华人民共和国国民经济和社会发展第十四个",
}


def test_notice_confirmed_by_its_doc_number_and_its_attachment_after_the_signature():
    notice, plan = documents(URBANISATION_NOTICE)
    assert notice.title == "科技部 住房城乡建设部关于印发《“十四五”城镇化与城市发展科技创新专项规划》的通知"
    assert (notice.start_line, notice.end_line) == (2850, 2872)
    assert notice.issuer == "科技部、住房城乡建设部"
    assert notice.doc_number == "国科发社〔2022〕320号"
    assert notice.issue_date == "2022-11-18"
    assert notice.level == "national"
    assert plan.title == "“十四五”城镇化与城市发展科技创新专项规划"
    assert (plan.start_line, plan.end_line) == (2874, 2878)
    # An attachment has no 文号 of its own; it is issued by its notice's signatories on its date.
    assert (plan.doc_number, plan.issuer, plan.issue_date) == ("", "科技部、住房城乡建设部", "2022-11-18")


def test_document_text_is_the_slice_of_the_source_with_its_line_map():
    notice, plan = documents(URBANISATION_NOTICE)
    assert notice.text.startswith("科技部住房城乡建设部关于印发")
    assert notice.text.endswith("（此件主动公开）")
    assert notice.line_numbers[0] == 2850 and notice.line_numbers[-1] == 2872
    assert plan.text.startswith("“十四五”城镇化与城市发展科技创新专项规划\n为明确")
    offset = plan.text.index("展目标和重点任务")
    assert plan.line_numbers[max(i for i, s in enumerate(plan.line_starts) if s <= offset)] == 2878
    assert notice.doc_id != plan.doc_id


def test_notice_without_doc_number_confirmed_by_its_addressee():
    # 001 lines 9940-9961: no 文号, the addressee line "各...：" follows the title.
    notice, plan = documents(
        {
            9940: "第十五条 本办法由江苏省工业和信息化厅负责解释。",
            9942: "第十六条 本办法自 2023年 5月 1日起实施。",
            9943: " 省农业农村厅关于印发《江苏省农业农村重大项目建设",
            9945: "三年行动计划(2023-2025 年)》的通知",
            9947: "各设区市、县（市、区）农业农村局：",
            9949: "为进一步发挥重大项目强基扩能、提质引领作用，持续增强重大项目",
            9951: "战略支撑能力，我厅制定了《江苏省农业农村重大项目建设三年行动计划",
            9953: "（2023-2025年）》。现印发给你们，请认真贯彻落实。",
            9955: "江苏省农业农村厅",
            9957: "2023年 3月 1日",
            9959: "江苏省农业农村重大项目建设三年行动计划（2023-2025 年）",
            9961: "“十四五”期间是我省率先基本实现农业农村现代化，夯实农业强省",
        },
        JIANGSU,
    )
    assert notice.start_line == 9943
    assert notice.title == "省农业农村厅关于印发《江苏省农业农村重大项目建设三年行动计划(2023-2025年)》的通知"
    assert (notice.issuer, notice.doc_number, notice.issue_date) == ("江苏省农业农村厅", "", "2023-03-01")
    assert notice.level == "provincial" and notice.title_year == 2025
    assert plan.start_line == 9959 and plan.title == "江苏省农业农村重大项目建设三年行动计划（2023-2025年）"
    assert plan.level == "provincial"


def test_section_heading_at_a_page_start_starts_nothing():
    # 000 lines 3409-3416: " 五、保障措施" opens a page and ends like a title (措施).
    docs = documents(
        {
            3405: "据统计与分析集成技术和系统；研究旅游统计调查和征信服务基础理",
            3407: "论；研究国家旅游大数据体系理论与关键技术，研发旅游行业治理与安",
            3409: "全保障技术与装备，开发旅游区域安全检验检测、大密度人流安全风险",
            3411: "监控及处置等技术装备。",
            3412: " 五、保障措施",
            3414: "（一）完善体制机制，激励自主创新。",
            3416: "完善科研经费管理机制和科研评价体制，坚持分类评价与政策激励相",
        }
    )
    assert all(d.start_line != 3412 for d in docs)


def test_news_summary_at_a_page_start_with_a_two_line_headline():
    # 000 lines 1-7: the party and state bodies are printed without a space.
    (news,) = documents(
        {
            1: " 中共中央国务院印发",
            3: "《扩大内需战略规划纲要（2022－2035 年）》",
            5: "近日，中共中央、国务院印发了《扩大内需战略规划纲要（2022－2035",
            7: "年）》，并发出通知，要求各地区各部门结合实际认真贯彻落实。",
        }
    )
    assert news.title == "中共中央国务院印发《扩大内需战略规划纲要（2022－2035年）》"
    assert news.issuer == "中共中央、国务院"
    assert (news.doc_number, news.issue_date, news.title_year) == ("", "", 2035)


def test_sentence_quoting_a_plan_starts_nothing():
    # 001 lines 1-9: the body names 《数字中国建设整体布局规划》 again; only the headline starts.
    docs = documents(
        {
            1: " 中共中央 国务院印发《数字中国建设整体布局规划》",
            3: "近日，中共中央、国务院印发了《数字中国建设整体布局规划》（以",
            5: "下简称《规划》），并发出通知，要求各地区各部门结合实际认真贯彻落",
            7: "实。",
            9: "《规划》指出，建设数字中国是数字时代推进中国式现代化的重要引",
        },
        JIANGSU,
    )
    assert [d.start_line for d in docs] == [1]
    assert docs[0].issuer == "中共中央、国务院"


def test_attachment_after_a_bare_label_takes_its_edition_line():
    # 001 lines 3153-3163: "附件 1" opens the page, the guide's title and edition follow.
    docs = documents(
        {
            3152: "行业协会和相关机构组织开展技术产品对接交流会、应用示范现场会等活",
            3154: "动，促进节能降碳先进技术和产品设备交流推广。",
            3155: " 附件 1",
            3157: "锅炉更新改造和回收利用实施指南",
            3159: "（2023年版）",
            3161: "一、基本情况",
            3163: "锅炉是重要的能源转换设备，广泛应用于电力、供热、石化、化工、",
        },
        JIANGSU,
    )
    guide = next(d for d in docs if d.start_line == 3157)
    assert guide.title == "锅炉更新改造和回收利用实施指南（2023年版）"
    assert guide.title_year is None  # an edition is not a year the plan aims at


def test_table_caption_after_a_bare_label_starts_nothing():
    # 001 lines 5331-5344: a form attached to a notice, not a document.
    docs = documents(
        {
            5329: "化，不断提升纳税人缴费人的获得感和满意度。",
            5331: "附件：2023年“便民办税春风行动”第二批接续措施工作任务安排",
            5333: "表",
            5335: "国家税务总局",
            5337: "2023年 2月 20日",
            5338: " 附件",
            5340: "2023年“便民办税春风行动”第二批接续措施工作任务安排表",
            5342: "序号 类 具体措施",
            5344: "1",
        },
        JIANGSU,
    )
    assert all(d.start_line != 5340 for d in docs)


def test_notice_after_a_footer_and_the_attachment_it_announces():
    # 001 lines 9568-9588: no 文号, no addressee, no signature; the notice opens the page after
    # the page number 215, and the plan's title repeats the name 现将《...》 announced.
    docs = documents(ENVIRONMENT_MEASURES, JIANGSU)
    starts = {d.start_line: d for d in docs}
    assert set(starts) >= {9574, 9584}
    assert starts[9574].issuer == "省财政厅、省生态环境厅"  # from the title: no signature printed
    assert starts[9574].level == "provincial"
    assert starts[9584].title == "关于支持生态环境高水平保护助推经济高质量发展的若干措施"


def test_headline_without_a_document_type_after_a_signature_date_at_a_page_start():
    # 000 lines 6049-6062: a news item follows the signature of the opinion before it.
    docs = documents(
        {
            6047: "应市场关切，稳定市场预期，增强民间投资信心，促进民间投资高质量发",
            6049: "展。（国家发展改革委等国务院相关部门，全国工商联及各地区按职责分",
            6051: "工负责）",
            6053: "国家发展改革委",
            6055: "2022年 10月 28日",
            6056: " 商务部等 8 部门决定设立 29 个国家进口贸易促进",
            6058: "创新示范区",
            6060: "落实习近平主席在第四届进博会上宣布的“增设进口贸易促进创新示",
            6062: "范区”重大开放举措，商务部、发展改革委、财政部、人民银行、海关总",
        }
    )
    news = next(d for d in docs if d.start_line == 6056)
    assert news.title == "商务部等8部门决定设立29个国家进口贸易促进创新示范区"
    assert news.issuer == "商务部等8部门"


def test_table_caption_after_a_signature_date_mid_page_starts_nothing():
    # 001 lines 4072-4082: the attached list of standards, not a document.
    docs = documents(
        {
            4070: "https://ltbzh.mofcom.gov.cn/ltbz/view/bzfk/listBzfk.jsp）。",
            4072: "附件：3项行业标准编号、名称及实施日期",
            4074: "商务部",
            4076: "2023年 2月 15日",
            4078: "3 项行业标准编号、名称及实施日期",
            4080: "序号 标准编号 标准名称 实施日期",
            4082: "国内贸易行业标准",
        },
        JIANGSU,
    )
    assert all(d.start_line != 4078 for d in docs)


def test_regulation_confirmed_by_its_decree_number_names_its_issuer():
    # 001 lines 6177-6186: the page before ends mid-list; the decree number follows the title.
    docs = documents(
        {
            6177: "请人民银行副省级城市中心支行以上分支机构将本通知要求传达至",
            6179: "辖区内地方法人银行业金融机构、汽车企业集团财务公司、融资租赁公司。",
            6180: " 禁止垄断协议规定",
            6182: "国家市场监督管理总局令第 65号",
            6184: "第一条 为了预防和制止垄断协议，根据《中华人民共和国反垄断法》",
            6186: "（以下简称反垄断法），制定本规定。",
        },
        JIANGSU,
    )
    rule = next(d for d in docs if d.start_line == 6180)
    assert (rule.title, rule.doc_number, rule.issuer) == (
        "禁止垄断协议规定",
        "国家市场监督管理总局令第65号",
        "国家市场监督管理总局",
    )


def test_announcement_number_keeps_the_space_between_its_issuers():
    # 000 lines 6394-6402.
    (notice,) = documents(
        {
            6394: " 财政部 税务总局",
            6396: "关于企业投入基础研究税收优惠政策的公告",
            6398: "财政部 税务总局公告 2022年第 32号",
            6400: "为鼓励企业加大创新投入，支持我国基础研究发展，现就企业投入基",
            6402: "础研究相关税收政策公告如下：",
        }
    )
    assert notice.title == "财政部 税务总局关于企业投入基础研究税收优惠政策的公告"
    assert notice.doc_number == "财政部 税务总局公告2022年第32号"
    assert notice.issuer == "财政部、税务总局"


def test_signature_skips_the_tail_of_a_bracket_opened_above():
    # 000 lines 6049-6055: "工负责）" ends the last paragraph; only 国家发展改革委 signs.
    (opinion,) = documents(
        {
            5685: " 财政部关于进一步完善政策环境加大力度支持",
            5687: "民间投资发展的意见",
            5689: "发改投资〔2022〕1652号",
            6047: "应市场关切，稳定市场预期，增强民间投资信心，促进民间投资高质量发",
            6049: "展。（国家发展改革委等国务院相关部门，全国工商联及各地区按职责分",
            6051: "工负责）",
            6053: "国家发展改革委",
            6055: "2022年 10月 28日",
        }
    )
    assert (opinion.issuer, opinion.issue_date) == ("国家发展改革委", "2022-10-28")


@pytest.mark.parametrize(
    "line", ["国科发社〔2022〕320号", "财政部税务总局公告2022年第32号", "国家市场监督管理总局令第65号"]
)
def test_doc_number_fires(line):
    assert DOC_NUMBER.match(line)


@pytest.mark.parametrize(
    "line",
    [
        "贷款项目名称申报依据苏财金〔2023〕22号",  # 001 line 11807, a form's row
        "（银保监发〔2020〕57号）发布前已成立且目前仍存续",  # 001 line 5690, a citation
    ],
)
def test_doc_number_skips(line):
    assert not DOC_NUMBER.match(line)


def test_glued_issuers_in_a_signature_line_are_split_but_a_branch_office_is_not():
    # 000 lines 7004 and 6817.
    assert split_issuers("江苏省农业农村厅江苏省商务厅") == ["江苏省农业农村厅", "江苏省商务厅"]
    assert split_issuers("江苏省财政厅国家税务总局江苏省税务局") == ["江苏省财政厅", "国家税务总局江苏省税务局"]


def test_title_year_prefers_the_end_of_a_period_and_ignores_an_edition():
    assert title_year("中共中央国务院关于做好2023年全面推进乡村振兴重点工作的意见") == 2023
    assert title_year("江苏省专精特新企业培育三年行动计划（2023－2025年）") == 2025
    assert title_year("电机更新改造和回收利用实施指南（2023年版）") is None
    # one definition with extraction: a named plan period scopes the plan, the last of two years wins
    assert title_year("“十四五”城镇化与城市发展科技创新专项规划") == 2025
    assert title_year("关于做好2023年和2024年春耕生产工作的通知") == 2024


def test_signature_dates_in_either_numeral():
    assert iso_date("2022", "11", "18") == "2022-11-18"
    assert iso_date("二〇二三", "二", "十") == "2023-02-10"
    assert iso_date("2023", "13", "1") == ""


def test_level_cues():
    assert level_of("", "省政府关于加快打造更具特色的“水运江苏”的意见", "") == "provincial"
    assert level_of("", "关于推动经济运行率先整体好转的若干政策措施", "苏政规〔2023〕1号") == "provincial"
    # The Yangtze delta plan is addressed to 江苏省 among others but issued nationally.
    assert (
        level_of(
            "国家发展改革委",
            "国家发展改革委关于印发长三角国际一流营商环境建设三年行动方案的通知",
            "发改法规〔2022〕1562号",
        )
        == "national"
    )


@pytest.mark.parametrize(
    ("issuer", "title", "level"),
    [
        ("南京市人民政府", "关于印发南京市“十四五”教育发展规划的通知", "municipal"),
        ("", "广州市教育局关于印发广州市教育发展“十四五”规划的通知", "municipal"),
        ("北京市人民政府", "2026年北京市政府工作报告", "provincial"),  # a municipality is a province
        ("浙江省人民政府", "浙江省国民经济和社会发展第十四个五年规划纲要", "provincial"),
        ("国家市场监督管理总局", "国家市场监督管理总局关于印发计量发展规划的通知", "national"),  # 市场 is no city
        ("国务院", "政府工作报告", "national"),
    ],
)
def test_level_from_the_jurisdiction_of_the_issuer(issuer, title, level):
    assert level_of(issuer, title, "") == level


# --- The bundled corpus against the dev gold sample ----------------------------------------
@pytest.fixture(scope="module")
def corpus_documents():
    found = []
    for path in sorted(CORPUS_DIR.glob("*.txt")):
        found += split_documents(unwrap(path.read_text(encoding="utf-8")), path.name)
    return found


def gold_records():
    records = [json.loads(line) for line in GOLD_DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    gold = [r for r in records if r.get("type") == "document"]
    scopes = [r for r in records if r.get("type") == "scope"]
    return gold, scopes


def matched(gold, predicted):
    """Gold documents matched one-to-one: same seed, line within 3, title char-F1 >= 0.6."""
    used, pairs = set(), []
    for g in gold:
        for i, d in enumerate(predicted):
            if (
                i not in used
                and d.seed == g["seed"]
                and abs(d.start_line - g["line"]) <= 3
                and char_f1(d.title, g["title"]) >= 0.6
            ):
                used.add(i)
                pairs.append((g, d))
                break
    return pairs


def test_corpus_documents_match_the_dev_gold(corpus_documents):
    found = corpus_documents
    gold, scopes = gold_records()
    in_scope = [
        d for d in found if any(s["seed"] == d.seed and s["from_line"] <= d.start_line <= s["to_line"] for s in scopes)
    ]
    pairs = matched(gold, in_scope)
    assert len(pairs) / len(gold) >= 0.95  # recall
    assert len(pairs) / len(in_scope) >= 0.95  # precision
    same_number = sum(g["doc_number"] == d.doc_number for g, d in pairs if g["doc_number"])
    assert same_number / sum(1 for g, _ in pairs if g["doc_number"]) >= 0.9


def test_corpus_documents_tile_each_file(corpus_documents):
    """Speed is measured by bench/, side by side with a floor; tests never assert wall-clock time."""
    found = corpus_documents
    for seed in {d.seed for d in found}:
        docs = [d for d in found if d.seed == seed]
        assert all(a.end_line < b.start_line for a, b in zip(docs, docs[1:]))
        assert all(d.text and d.line_numbers[0] == d.start_line and d.line_numbers[-1] == d.end_line for d in docs)
    assert len({d.doc_id for d in found}) == len(found)


# --- files that hold one document (tests/data/external_dev/corpus) ---------------------------------
EXTERNAL = Path(__file__).resolve().parents[1] / "data" / "external_dev" / "corpus"


def single_document(name: str):
    docs = split_documents(unwrap((EXTERNAL / name).read_text(encoding="utf-8")), name)
    assert len(docs) == 1
    return docs[0]


def test_report_with_a_speaker_and_a_speech_date():
    # gwr2019 lines 1-3: "政府工作报告" / "国务院总理 李克强" / "——2019年3月5日在第十三届全国人民代表大会..."
    doc = single_document("gwr2019.txt")
    assert (doc.title, doc.issuer, doc.issue_date, doc.start_line) == ("政府工作报告", "国务院", "2019-03-05", 1)


def test_report_without_a_title_is_named_by_its_opening():
    # gwr2022 starts "各位代表：" / "现在，我代表国务院，向大会报告政府工作"; no date is printed, so none is made up
    doc = single_document("gwr2022.txt")
    assert (doc.title, doc.issuer, doc.issue_date) == ("政府工作报告", "国务院", "")


def test_title_lines_with_a_period_and_a_draft_note():
    # eduplan2010 lines 1-3, then a table of contents
    doc = single_document("eduplan2010_draft.txt")
    assert doc.title == "国家中长期教育改革和发展规划纲要(2010-2020年)(公开征求意见稿)"
    assert doc.title_year == 2020


def test_untitled_text_falls_back_to_the_file_name():
    # look-alike of the report opening: a text whose first line is a sentence and that names nothing
    text = "这是一段没有标题的文字，讲述了一些情况，并没有说明它是什么文件。\n第二段文字也没有标题，只是继续讲述。\n"
    doc = split_documents(unwrap(text), "notes_2024.txt")[0]
    assert (doc.title, doc.issuer, doc.issue_date) == ("notes_2024", "", "")


def test_a_saved_page_title_under_its_menus_and_its_date_line():
    page = (
        "首页 > 政务公开 > 规划计划\n"
        "某市教育发展“十四五”规划\n"
        "发布时间：2021-09-18 来源：市教育局\n"
        "为加快推进教育现代化，建设教育强市，根据国家和省有关要求，结合本市实际，制定本规划。\n"
    )
    doc = split_documents(unwrap(page), "page.html.txt")[0]
    assert (doc.title, doc.issue_date, doc.start_line) == ("某市教育发展“十四五”规划", "2021-09-18", 2)
    # look-alike: a date inside the body is no publication date
    body_date = page.replace("发布时间：2021-09-18 来源：市教育局\n", "") + "2021年9月18日前完成编制。\n"
    assert split_documents(unwrap(body_date), "page.html.txt")[0].issue_date == ""
