"""English / Chinese UI strings and the language switch.

The language lives in session state (so it survives page switches) and is mirrored to `?lang=zh`
so a shared link opens in the same language. Pages with their own strings call
`translate({"en": ..., "zh": ...})`; shared strings live in STRINGS and are looked up with `t(key)`.
"""
from __future__ import annotations

import streamlit as st

from etl.status import STATUS_LABELS

LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
SESSION_KEY = "ui_language"
URL_KEY = "lang"

STRINGS: dict[str, dict[str, str]] = {
    "app.title": {"en": "Policy targets tracker", "zh": "政策目标跟踪"},
    "nav.overview": {"en": "Overview", "zh": "总览"},
    "nav.targets": {"en": "Targets", "zh": "目标"},
    "nav.detail": {"en": "Target detail", "zh": "目标详情"},
    "nav.progress": {"en": "Progress", "zh": "进展"},
    "nav.documents": {"en": "Documents", "zh": "文件"},
    # --- review and correct (issue 14); the review controls' own strings are in pages/common/review_view.py
    "nav.review": {"en": "Review", "zh": "核对"},
    # --- end review
    "language": {"en": "Language", "zh": "语言"},
    "empty.no_db.title": {"en": "No database yet", "zh": "尚未建立数据库"},
    "empty.no_db.body": {
        "en": "The tracker database `{path}` does not exist yet. Build it from the corpus in `{corpus}` "
              "(this reads every document and extracts its targets; it takes a few seconds).",
        "zh": "跟踪数据库 `{path}` 尚不存在。可从 `{corpus}` 中的文本建立（读取全部文件并抽取目标，约需数秒）。"},
    "empty.no_db.button": {"en": "Build the database", "zh": "建立数据库"},
    "empty.no_db.building": {"en": "Building the database…", "zh": "正在建立数据库…"},
    "empty.no_db.done": {"en": "Built: {summary}", "zh": "已建立：{summary}"},
    "db.bad.title": {"en": "The tracker database cannot be used", "zh": "跟踪数据库无法使用"},
    "db.bad.corrupt": {"en": "`{path}` is damaged or is not a DuckDB database ({detail}).",
                       "zh": "`{path}` 已损坏，或不是 DuckDB 数据库（{detail}）。"},
    "db.bad.schema": {"en": "`{path}` was written by another version of this program ({detail}).",
                      "zh": "`{path}` 由本程序的其他版本生成（{detail}）。"},
    "db.bad.body": {
        "en": "It is built from the corpus in `{corpus}`, so rebuilding it loses nothing. Uploaded progress is "
              "kept in progress.duckdb and is not touched.",
        "zh": "该数据库由 `{corpus}` 中的文本生成，重建不会丢失任何内容。已上传的进展数据保存在 progress.duckdb 中，不受影响。"},
    "db.rebuild.button": {"en": "Rebuild the database", "zh": "重建数据库"},
    "db.read_error": {
        "en": "The tracker database could not be read ({detail}). Rebuilding it from the corpus fixes this.",
        "zh": "无法读取跟踪数据库（{detail}）。从文本重建即可修复。"},
    "db.read_only_build": {
        "en": "This dashboard is read-only; ask whoever runs it to build the database (python -m etl build).",
        "zh": "此看板为只读模式；请联系管理员建立数据库（python -m etl build）。"},
    "progress.unreadable.banner": {
        "en": "The progress database cannot be read, so statuses are shown without uploaded figures. "
              "The file is kept unchanged; see the Progress page.",
        "zh": "无法读取进展数据库，目标状态暂不计入已上传的数据。该文件保持原样；详见“进展”页。"},
    "targets.template": {"en": "Progress template for these {n} targets (CSV)",
                         "zh": "这 {n} 个目标的进展模板（CSV）"},
    "empty.no_targets": {
        "en": "No targets have been extracted yet. The documents are listed on the Documents page.",
        "zh": "尚未抽取到任何目标。文件列表见“文件”页。"},
    "empty.no_match": {"en": "No targets match these filters. Remove a filter to see more.",
                       "zh": "没有符合筛选条件的目标。请减少筛选条件。"},
    "empty.no_progress": {
        "en": "No progress has been uploaded for this target yet. Upload figures on the Progress page "
              "to see its status.",
        "zh": "该目标尚无进展数据。请在“进展”页上传数据后查看状态。"},
    "metric.documents": {"en": "Documents", "zh": "文件"},
    "metric.targets": {"en": "Targets", "zh": "目标"},
    "metric.baselines": {"en": "Baselines", "zh": "基期值"},
    "metric.issuers": {"en": "Issuers", "zh": "发文机关"},
    "metric.with_progress": {"en": "Targets with progress", "zh": "有进展数据的目标"},
    "chart.status.title": {"en": "Targets by status", "zh": "目标状态分布"},
    "chart.years.title": {"en": "Targets by target year", "zh": "各目标年份的目标数"},
    "chart.documents.title": {"en": "Targets by document (top {n})", "zh": "各文件目标数（前{n}）"},
    "chart.axis.targets": {"en": "Targets (count)", "zh": "目标数（个）"},
    "chart.axis.year": {"en": "Target year", "zh": "目标年份"},
    "chart.axis.status": {"en": "Status", "zh": "状态"},
    "chart.axis.document": {"en": "Document", "zh": "文件"},
    "chart.axis.date": {"en": "Year", "zh": "年份"},
    "chart.no_year": {"en": "No year", "zh": "无年份"},
    "chart.caption.corpus": {"en": "Source: {n} documents in the tracker · as of {as_of}",
                             "zh": "来源：跟踪库中 {n} 份文件 · 截至 {as_of}"},
    "chart.caption.document": {"en": "Source: {title} · as of {as_of}", "zh": "来源：{title} · 截至 {as_of}"},
    "chart.click_hint": {"en": "Click a bar to open the matching targets.", "zh": "点击柱形可查看对应目标。"},
    "chart.baseline": {"en": "Baseline", "zh": "基期"},
    "chart.target": {"en": "Target", "zh": "目标"},
    "chart.expected": {"en": "Expected path", "zh": "预期路径"},
    "chart.progress": {"en": "Reported progress", "zh": "实际进展"},
    "chart.today": {"en": "Today", "zh": "今天"},
    "chart.range": {"en": "Target range", "zh": "目标区间"},
    "deadlines.title": {"en": "Deadlines coming up", "zh": "即将到期的目标"},
    "deadlines.none": {"en": "No targets are due from {year} on.", "zh": "{year}年及以后没有到期的目标。"},
    "col.indicator": {"en": "Indicator", "zh": "指标"},
    "col.target": {"en": "Target", "zh": "目标值"},
    "col.year": {"en": "Year", "zh": "年份"},
    "col.document": {"en": "Document", "zh": "文件"},
    "col.issuer": {"en": "Issuer", "zh": "发文机关"},
    "col.status": {"en": "Status", "zh": "状态"},
    "col.unit": {"en": "Unit", "zh": "单位"},
    "col.confidence": {"en": "Confidence", "zh": "置信度"},
    "col.sentence": {"en": "Sentence", "zh": "原文"},
    "col.detail": {"en": "Detail", "zh": "详情"},
    "col.open": {"en": "open", "zh": "查看"},
    "col.targets": {"en": "Targets", "zh": "目标数"},
    "col.baselines": {"en": "Baselines", "zh": "基期值数"},
    "col.doc_number": {"en": "Doc. number", "zh": "文号"},
    "col.date": {"en": "Date", "zh": "日期"},
    "col.level": {"en": "Level", "zh": "层级"},
    "col.line": {"en": "Line", "zh": "行号"},
    "filter.document": {"en": "Document", "zh": "文件"},
    "filter.issuer": {"en": "Issuer", "zh": "发文机关"},
    "filter.level": {"en": "Level", "zh": "层级"},
    "filter.year": {"en": "Target year", "zh": "目标年份"},
    "filter.status": {"en": "Status", "zh": "状态"},
    "filter.unit": {"en": "Unit", "zh": "单位"},
    "filter.confidence": {"en": "Minimum confidence", "zh": "最低置信度"},
    "filter.text": {"en": "Search text", "zh": "搜索文本"},
    "filter.document_title": {"en": "Find a document by title", "zh": "按标题查找文件"},
    "filter.document_more": {"en": "{listed} of {matching} documents listed: type part of a title to find others.",
                             "zh": "共 {matching} 个文件，列出 {listed} 个：输入标题中的文字可查找其他文件。"},
    "targets.page": {"en": "Page (of {pages})", "zh": "页码（共 {pages} 页）"},
    "targets.rows": {"en": "Rows {first}–{last} of {shown}", "zh": "第 {first}–{last} 行，共 {shown} 行"},
    "filter.clear": {"en": "Clear filters", "zh": "清除筛选"},
    "targets.count": {"en": "{shown} of {total} targets", "zh": "共 {total} 个目标，显示 {shown} 个"},
    "targets.csv": {"en": "Download CSV", "zh": "下载 CSV"},
    "targets.share": {"en": "The address bar holds these filters: copy it to share this view.",
                      "zh": "筛选条件已写入地址栏，复制链接即可分享此视图。"},
    "level.national": {"en": "National", "zh": "国家级"},
    "level.provincial": {"en": "Provincial", "zh": "省级"},
    "detail.choose": {"en": "Choose a target", "zh": "选择目标"},
    "detail.not_found": {"en": "No target with id `{qid}` (it may have changed in a rebuild).",
                         "zh": "找不到编号为 `{qid}` 的目标（可能已在重建后变化）。"},
    "detail.none_selected": {"en": "Pick a target from the list, or open one from the Targets page.",
                             "zh": "请从列表中选择目标，或在“目标”页打开。"},
    "detail.status": {"en": "Status", "zh": "状态"},
    "detail.required": {"en": "Required change per year", "zh": "每年需变化"},
    "detail.target_value": {"en": "Target", "zh": "目标值"},
    "detail.latest": {"en": "Latest reported", "zh": "最新值"},
    "detail.source": {"en": "Source", "zh": "出处"},
    "detail.open_document": {"en": "Open the document", "zh": "打开原文"},
    "detail.relative_no_baseline": {
        "en": "This target is stated as a change: {goal}. Its absolute value (and so the chart) needs the "
              "value in {year}, which is not known yet. Upload that figure on the Progress page and the "
              "chart will appear.",
        "zh": "该目标以变化量表述：{goal}。绝对目标值（以及图表）需要{year}的数值，目前尚未获得。"
              "在“进展”页上传该数据后即可显示图表。"},
    "detail.base_year": {"en": "the base year", "zh": "基期"},
    "detail.line": {"en": "{file}, line {line}", "zh": "{file}，第 {line} 行"},
    "change.increase": {"en": "an increase", "zh": "提高"},
    "change.decrease": {"en": "a decrease", "zh": "下降"},
    "documents.choose": {"en": "Document", "zh": "文件"},
    "documents.legend": {"en": "Highlighted: targets (yellow) and baselines (blue); click one to open it.",
                         "zh": "高亮：目标（黄色）与基期值（蓝色）；点击可查看详情。"},
    "documents.none": {"en": "No documents in the database.", "zh": "数据库中没有文件。"},
}


def current_language() -> str:
    """The UI language, "en" or "zh": the sidebar choice, else `?lang=`, else English."""
    chosen = st.session_state.get(SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    return "zh" if st.query_params.get(URL_KEY) == "zh" else "en"


def translate(strings: dict[str, str], **fmt) -> str:
    """Pick the current language's string (English when missing) and fill in `fmt`."""
    text = strings.get(current_language()) or strings["en"]
    return text.format(**fmt) if fmt else text


def t(key: str, **fmt) -> str:
    """A shared UI string by key (see STRINGS)."""
    return translate(STRINGS[key], **fmt)


def status_label(status: str) -> str:
    return STATUS_LABELS[current_language()].get(status, status)


def level_label(level: str) -> str:
    key = f"level.{level}"
    return t(key) if key in STRINGS else level


def language_switch() -> str:
    """The sidebar English / 中文 switch; seeds from `?lang=` and keeps the URL in step."""
    if SESSION_KEY not in st.session_state:
        st.session_state[SESSION_KEY] = current_language()
    language = st.sidebar.radio(t("language"), LANGUAGES, format_func=LANGUAGE_NAMES.get,
                                key=SESSION_KEY, horizontal=True)
    if language == "zh":
        if st.query_params.get(URL_KEY) != "zh":
            st.query_params[URL_KEY] = "zh"
    elif URL_KEY in st.query_params:
        del st.query_params[URL_KEY]
    return language
