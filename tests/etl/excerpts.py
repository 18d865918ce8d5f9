"""Real excerpts of data/corpus shared by the text and segmentation tests.

Each excerpt is keyed by source line number; `corpus_excerpt` fills the blank lines pdftotext
prints between them back in, so line numbers are the corpus's own.
"""

from __future__ import annotations

NATIONAL = "000_2b41b7aea7ba18c4.txt"
JIANGSU = "001_4730ba62b89b5414.txt"


def corpus_excerpt(lines: dict[int, str]) -> str:
    """pdftotext layout: the quoted lines at their numbers, blank lines everywhere else."""
    return "\n".join(lines.get(n, "") for n in range(1, max(lines) + 1)) + "\n"


# 001 lines 9568-9588: a page number "215" after three blank lines, then a notice that starts
# the next page (no 文号, no addressee, no signature), then its attachment's title, printed in a
# larger font (27 characters) and repeating the name 现将《...》 announced.
ENVIRONMENT_MEASURES = {
    9568: "放建设，加大试点应用、创新示范案例总结和经验推广的力度。",
    9572: "215",
    9574: "省财政厅 省生态环境厅印发关于支持生态环境高水平",
    9576: "保护助推经济高质量发展若干措施的通知",
    9578: "为贯彻落实省政府关于推动经济运行率先整体好转的有关要求，经研",
    9580: "究，现将《关于支持生态环境高水平保护助推经济高质量发展的若干措施》",
    9582: "印发你们，请认真贯彻落实。",
    9584: "关于支持生态环境高水平保护助推经济高质量发展的若干措施",
    9586: "为深入贯彻党的二十大精神，全面落实中央和省委经济工作会议部",
    9588: "署，加力提效实施积极的财政政策，扩大生态环境领域有效投资，提振企",
}
