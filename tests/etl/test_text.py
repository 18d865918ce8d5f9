"""etl.text: unwrapping PDF text, with the layout facts segmentation needs.

Fixtures are real excerpts of data/corpus, keyed by their source line number; the blank lines
pdftotext prints between them are filled back in, so line numbers are the corpus's own.
"""

from __future__ import annotations

from etl.text import is_page_footer, unwrap
from tests.etl.excerpts import ENVIRONMENT_MEASURES, corpus_excerpt


def paragraphs(raw: str) -> list[str]:
    return unwrap(raw).text.split("\n")


def test_title_line_ends_its_paragraph_even_when_nearly_full_width():
    found = paragraphs(corpus_excerpt(ENVIRONMENT_MEASURES))
    assert "关于支持生态环境高水平保护助推经济高质量发展的若干措施" in found
    assert any(p.startswith("为深入贯彻党的二十大精神，全面落实中央和省委经济工作会议部署，") for p in found)


def test_body_line_ending_like_a_title_with_an_open_bracket_still_wraps():
    # 000 lines 1583-1589: "...远景目标纲要》和《扩大内需战略规划纲要" ends in 纲要 but leaves 《 open.
    raw = corpus_excerpt(
        {
            1583: "坚定实施扩大内需战略，促进形成强大国内市场，内需对经济发展的支撑",
            1585: "作用明显增强。为深入贯彻落实《中华人民共和国国民经济和社会发展第",
            1587: "十四个五年规划和 2035 年远景目标纲要》和《扩大内需战略规划纲要",
            1589: "（2022—2035年）》，针对制约扩大内需的主要因素，围绕“十四五”时期",
        }
    )
    assert len(paragraphs(raw)) == 1


def test_edition_line_stays_with_its_title():
    # 001 lines 10158-10170: the period of a plan is printed under its title.
    raw = corpus_excerpt(
        {
            10158: "年）》印发给你们，请结合实际，认真贯彻执行。",
            10160: "江苏省体育局",
            10162: "2023年 3月 2日",
            10164: "省体育局关于深化服务体育企业优化营商环境三年行动计划",
            10166: "（2023-2025 年）",
            10168: "为深入贯彻落实党中央、国务院和省委省政府关于优化营商环境的决",
            10170: "策部署，进一步深化服务体育企业，持续优化体育产业营商环境，帮助体",
        }
    )
    found = paragraphs(raw)
    assert "省体育局关于深化服务体育企业优化营商环境三年行动计划（2023-2025年）" in found
    assert found[-1].startswith("为深入贯彻落实")


def test_complete_attachment_item_is_not_joined_to_the_signature():
    # 000 lines 6834-6842: the attachment's name ends with 》, the issuer follows.
    raw = corpus_excerpt(
        {
            6834: "彻落实。",
            6836: "附件：《南京银行助力文旅产业发展“二三四”联合行动计划》",
            6838: "江苏省文化和旅游厅",
            6840: "南京银行股份有限公司",
            6842: "2022年 9月 29日",
            6846: "为贯彻落实省委、省政府关于实现“十四五”时期文化强省、旅游强省",
            6848: "的建设要求，进一步深化文旅与金融合作，助力谱写“强富美高”新江苏建",
        }
    )
    assert "江苏省文化和旅游厅" in paragraphs(raw)


def test_attachment_item_that_wraps_is_joined():
    # 001 lines 5329-5337: "...工作任务安排" + "表" is one item printed over two lines.
    raw = corpus_excerpt(
        {
            5327: "见效，确保连续第 10年开展的“便民办税春风行动”开局起势、持续深",
            5329: "化，不断提升纳税人缴费人的获得感和满意度。",
            5331: "附件：2023年“便民办税春风行动”第二批接续措施工作任务安排",
            5333: "表",
            5335: "国家税务总局",
            5337: "2023年 2月 20日",
        }
    )
    assert "附件：2023年“便民办税春风行动”第二批接续措施工作任务安排表" in paragraphs(raw)


def test_page_starts_are_indented_lines_and_lines_after_a_footer():
    source = unwrap(corpus_excerpt(ENVIRONMENT_MEASURES))
    assert 9574 in source.page_starts  # follows the page number 215
    assert 9584 not in source.page_starts
    assert 9572 not in source.lines  # the page number itself is dropped
    indented = unwrap(
        corpus_excerpt(
            {
                3409: "全保障技术与装备，开发旅游区域安全检验检测、大密度人流安全风险",
                3411: "监控及处置等技术装备。",
                3412: " 五、保障措施",
                3414: "（一）完善体制机制，激励自主创新。",
            }
        )
    )
    assert indented.page_starts == (3412,)


def test_raw_lines_keep_word_spaces_that_the_text_drops():
    # 000 lines 6394-6398: the space separates two issuers in the announcement number.
    source = unwrap(
        corpus_excerpt(
            {
                6394: " 财政部 税务总局",
                6396: "关于企业投入基础研究税收优惠政策的公告",
                6398: "财政部 税务总局公告 2022年第 32号",
                6400: "为鼓励企业加大创新投入，支持我国基础研究发展，现就企业投入基",
            }
        )
    )
    assert "财政部税务总局公告2022年第32号" in source.text
    assert source.raw_lines[source.lines.index(6398)] == "财政部 税务总局公告 2022年第 32号"
    assert len(source.raw_lines) == len(source.lines)


def test_slice_keeps_its_share_of_the_layout_facts():
    source = unwrap(corpus_excerpt(ENVIRONMENT_MEASURES))
    begin = source.starts[source.lines.index(9574)]
    part = source.slice(begin, len(source.text))
    assert part.lines[0] == 9574 and part.page_starts == (9574,)
    assert part.raw_lines[0] == "省财政厅 省生态环境厅印发关于支持生态环境高水平"
    assert part.line_at(part.text.index("关于支持生态环境高水平保护助推经济高质量发展的若干措施\n")) == 9584


def test_page_footer_rules():
    assert is_page_footer("— 143 —", 0)
    assert is_page_footer("215", 3)
    assert not is_page_footer("1", 1)  # a table's row number after one blank line


def test_two_numbers_on_two_lines_are_never_glued_into_one():
    # a line ending in a number and one starting with a number stay apart ("4000" + "2 高新..." is not 40002)
    source = unwrap("全社会研发经费投入（亿元） 3700 4000\n2 高新技术企业（万家） 4.4 5\n")
    assert source.text.split("\n") == ["全社会研发经费投入（亿元）3700 4000", "2高新技术企业（万家）4.4 5"]
    # look-alike: a number wrapped away from its unit is joined again
    assert unwrap("到2025年，港口综合通过能力达到28\n亿吨，集装箱通过能力达到2100万标箱。\n").text.count("\n") == 0
