"""English / Chinese UI strings and the language switch.

The language lives in session state (so it survives page switches) and is mirrored to `?lang=zh`
so a shared link opens in the same language. Pages with their own strings call
`translate({"en": ..., "zh": ...})`; shared strings live in STRINGS and are looked up with `t(key)`.
STRINGS is the one catalogue of words shown to people, including a target's status
("status.<status>") and why it has it ("reason.<key>", "basis.<key>": the keys etl.status.assess
gives, with {names} filled from its facts).
"""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

LANGUAGES = ("en", "zh")
LANGUAGE_NAMES = {"en": "English", "zh": "中文"}
SESSION_KEY = "ui_language"
URL_KEY = "lang"

STRINGS: dict[str, dict[str, str]] = {
    # --- progress reported in documents (issue 13) ---
    "chart.reported": {"en": "Reported in documents", "zh": "文件中报告的数据"},
    "links.reported.title": {"en": "Reported in documents", "zh": "文件中报告的进展"},
    "links.reported.none": {
        "en": "No later document reports a figure for this target yet.",
        "zh": "暂无后续文件报告该目标的数据。",
    },
    "links.type.progress": {"en": "for the target year", "zh": "目标年份"},
    "links.type.interim": {"en": "during the horizon", "zh": "期间"},
    "links.type.restatement": {"en": "restatement", "zh": "重申"},
    "links.decision.confirm": {"en": "confirmed", "zh": "已确认"},
    "links.decision.reject": {"en": "rejected", "zh": "已否决"},
    "links.decision.link": {"en": "linked by hand", "zh": "人工关联"},
    "links.decision.none": {"en": "found automatically", "zh": "自动关联"},
    "links.confirm": {"en": "Confirm", "zh": "确认"},
    "links.reject": {"en": "Reject", "zh": "否决"},
    "links.saved": {"en": "Saved: {decision}", "zh": "已保存：{decision}"},
    "links.read_only": {"en": "Read-only: link decisions cannot be saved here.", "zh": "只读模式：无法保存关联判断。"},
    "links.manual.title": {"en": "Link an observation the build missed", "zh": "手动关联遗漏的观测值"},
    "links.manual.choose": {"en": "Observation", "zh": "观测值"},
    "links.manual.type": {"en": "Kind of link", "zh": "关联类型"},
    "links.manual.button": {"en": "Link", "zh": "关联"},
    "links.manual.none": {"en": "No other observation in this unit.", "zh": "没有相同单位的其他观测值。"},
    "links.restated.title": {"en": "Also stated in", "zh": "亦见于"},
    "links.restated.this": {"en": "this document", "zh": "本文件"},
    "links.source.documents": {"en": "Status from figures reported in documents.", "zh": "状态依据文件中报告的数据。"},
    "links.source.upload": {"en": "Status from uploaded figures.", "zh": "状态依据上传的数据。"},
    "links.source.both": {
        "en": "Status from uploaded figures and figures reported in documents (an upload wins for the same period).",
        "zh": "状态依据上传数据及文件中报告的数据（同一时期以上传数据为准）。",
    },
    "links.sources.title": {"en": "Where progress comes from", "zh": "进展数据来源"},
    "links.sources.documents": {"en": "From documents", "zh": "来自文件"},
    "links.sources.upload": {"en": "From uploads", "zh": "来自上传"},
    "links.sources.none": {"en": "None", "zh": "无"},
    "links.open": {"en": "Open the document", "zh": "打开文件"},
    "links.orphaned": {
        "en": "A decision ({decision}, {date}) about a figure no longer found in the documents "
        "(its file or sentence changed); it is kept:",
        "zh": "一项关联判断（{decision}，{date}）所指的数据已在文件中找不到（文件或句子已改动），判断仍予保留：",
    },
    # --- end of issue 13 ---
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
        "zh": "跟踪数据库 `{path}` 尚不存在。可从 `{corpus}` 中的文本建立（读取全部文件并抽取目标，约需数秒）。",
    },
    "empty.no_db.button": {"en": "Build the database", "zh": "建立数据库"},
    "empty.no_db.building": {"en": "Building the database…", "zh": "正在建立数据库…"},
    "empty.no_db.done": {"en": "Built: {summary}", "zh": "已建立：{summary}"},
    "db.bad.title": {"en": "The tracker database cannot be used", "zh": "跟踪数据库无法使用"},
    "db.bad.corrupt": {
        "en": "`{path}` is damaged or is not a DuckDB database ({detail}).",
        "zh": "`{path}` 已损坏，或不是 DuckDB 数据库（{detail}）。",
    },
    "db.bad.schema": {
        "en": "`{path}` was written by another version of this program ({detail}).",
        "zh": "`{path}` 由本程序的其他版本生成（{detail}）。",
    },
    "db.bad.body": {
        "en": "It is built from the corpus in `{corpus}`, so rebuilding it loses nothing. Uploaded progress is "
        "kept in progress.duckdb and is not touched.",
        "zh": "该数据库由 `{corpus}` 中的文本生成，重建不会丢失任何内容。已上传的进展数据保存在 progress.duckdb 中，不受影响。",
    },
    "db.rebuild.button": {"en": "Rebuild the database", "zh": "重建数据库"},
    "db.read_error": {
        "en": "The tracker database could not be read ({detail}). Rebuilding it from the corpus fixes this.",
        "zh": "无法读取跟踪数据库（{detail}）。从文本重建即可修复。",
    },
    "db.read_only_build": {
        "en": "This dashboard is read-only; ask whoever runs it to build the database (python -m etl build).",
        "zh": "此看板为只读模式；请联系管理员建立数据库（python -m etl build）。",
    },
    "progress.unreadable.banner": {
        "en": "The progress database cannot be read, so statuses are shown without uploaded figures. "
        "The file is kept unchanged; see the Progress page.",
        "zh": "无法读取进展数据库，目标状态暂不计入已上传的数据。该文件保持原样；详见“进展”页。",
    },
    "targets.template": {"en": "Progress template for these {n} targets (CSV)", "zh": "这 {n} 个目标的进展模板（CSV）"},
    "empty.no_targets": {
        "en": "No targets have been extracted yet. The documents are listed on the Documents page.",
        "zh": "尚未抽取到任何目标。文件列表见“文件”页。",
    },
    "empty.no_match": {
        "en": "No targets match these filters. Remove a filter to see more.",
        "zh": "没有符合筛选条件的目标。请减少筛选条件。",
    },
    "empty.no_progress": {
        "en": "No progress has been uploaded for this target yet. Upload figures on the Progress page "
        "to see its status.",
        "zh": "该目标尚无进展数据。请在“进展”页上传数据后查看状态。",
    },
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
    "chart.axis.date": {"en": "Year (a year's figure is drawn at its end)", "zh": "年份（年度数据标于年末）"},
    "chart.no_year": {"en": "No year", "zh": "无年份"},
    "chart.caption.corpus": {
        "en": "Source: {n} documents in the tracker · as of {as_of}",
        "zh": "来源：跟踪库中 {n} 份文件 · 截至 {as_of}",
    },
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
    "filter.document_more": {
        "en": "{listed} of {matching} documents listed: type part of a title to find others.",
        "zh": "共 {matching} 个文件，列出 {listed} 个：输入标题中的文字可查找其他文件。",
    },
    "targets.page": {"en": "Page (of {pages})", "zh": "页码（共 {pages} 页）"},
    "targets.rows": {"en": "Rows {first}–{last} of {shown}", "zh": "第 {first}–{last} 行，共 {shown} 行"},
    "filter.clear": {"en": "Clear filters", "zh": "清除筛选"},
    "filter.any": {"en": "Any", "zh": "全部"},
    "targets.sort": {
        "en": "Sort all matching targets by (or click a column header)",
        "zh": "全部匹配目标排序依据（也可点击列标题）",
    },
    "targets.sort.document_order": {"en": "Document order", "zh": "文件顺序"},
    "targets.descending": {"en": "Descending", "zh": "降序"},
    "targets.count": {"en": "{shown} of {total} targets", "zh": "共 {total} 个目标，显示 {shown} 个"},
    "targets.csv": {"en": "Download CSV", "zh": "下载 CSV"},
    "targets.share": {
        "en": "The address bar holds these filters: copy it to share this view.",
        "zh": "筛选条件已写入地址栏，复制链接即可分享此视图。",
    },
    "status.achieved": {"en": "Achieved", "zh": "提前完成"},
    "status.ahead": {"en": "Ahead", "zh": "快于预期"},
    "status.on_track": {"en": "On track", "zh": "符合预期"},
    "status.lagging": {"en": "Lagging", "zh": "滞后"},
    "status.overdue": {"en": "Overdue", "zh": "逾期未完成"},
    "status.no_data": {"en": "No data", "zh": "暂无数据"},
    "reason.relative_no_base": {
        "en": "target stated as a change with no base value: upload two or more figures and it is measured "
        "from the first",
        "zh": "以变化量表述的目标缺少基数：上传两个及以上数据后，以首个数据为基数评估",
    },
    "reason.relative_no_baseline": {
        "en": "relative target (against {baseline_year}) without a baseline value: upload the figure for the "
        "base year to assess it",
        "zh": "相对目标（较{baseline_year}年）缺少基期值：上传基期年份的数据后即可评估",
    },
    "reason.no_progress": {"en": "no progress figures uploaded yet", "zh": "尚未上传进展数据"},
    "reason.yearly_met": {"en": "the latest figure meets the yearly target", "zh": "最新数据达到年度目标"},
    "reason.yearly_pro_rata": {
        "en": "the year is still running; compared pro rata",
        "zh": "本年度尚未结束，按时间比例比较",
    },
    "reason.yearly_missed": {"en": "the latest figure misses the yearly target", "zh": "最新数据未达到年度目标"},
    "reason.met": {"en": "the latest figure meets the target", "zh": "最新数据已达到目标"},
    "reason.overdue": {
        "en": "the target year {target_year} has passed and the target is not met",
        "zh": "目标年份{target_year}年已过，目标未完成",
    },
    "reason.not_met_yet": {"en": "the latest figure does not meet the target yet", "zh": "最新数据尚未达到目标"},
    "reason.pace": {
        "en": "{ratio:.0%} of the way after {elapsed:.0%} of the time",
        "zh": "时间过去{elapsed:.0%}，进度完成{ratio:.0%}",
    },
    "basis.baseline": {"en": "baseline {baseline_year}", "zh": "基期为{baseline_year}年"},
    "basis.first_figure": {
        "en": "no stated baseline: measured from the first uploaded figure",
        "zh": "未给出基期值：从首个上传数据起算",
    },
    "basis.none": {
        "en": "no baseline: only whether the target is met can be judged",
        "zh": "无基期值：只能判断是否达标",
    },
    "level.national": {"en": "National", "zh": "国家级"},
    "level.provincial": {"en": "Provincial", "zh": "省级"},
    "detail.choose": {"en": "Choose a target", "zh": "选择目标"},
    "detail.not_found": {
        "en": "No target with id `{qid}` (it may have changed in a rebuild).",
        "zh": "找不到编号为 `{qid}` 的目标（可能已在重建后变化）。",
    },
    "detail.none_selected": {
        "en": "Pick a target from the list (search to narrow it), or open one from the Targets page.",
        "zh": "请从列表中选择目标（可搜索），或在“目标”页打开。",
    },
    "detail.search": {"en": "Search targets (indicator or sentence)", "zh": "搜索目标（指标或原文）"},
    "detail.choose_placeholder": {"en": "Type to filter the list", "zh": "输入文字筛选列表"},
    "detail.picker_more": {
        "en": "{listed} of {matching} matching targets listed: search to find others.",
        "zh": "共 {matching} 个匹配目标，列出 {listed} 个：输入文字可查找其他目标。",
    },
    "detail.status": {"en": "Status", "zh": "状态"},
    "detail.required": {"en": "Required change per year", "zh": "每年需变化"},
    "detail.gap_overdue": {"en": "Still to close (deadline passed)", "zh": "距目标尚差（已逾期）"},
    "detail.target_value": {"en": "Target", "zh": "目标值"},
    "detail.latest": {"en": "Latest reported", "zh": "最新值"},
    "detail.source": {"en": "Source", "zh": "出处"},
    "detail.open_document": {"en": "Open the document", "zh": "打开原文"},
    "detail.relative_no_baseline": {
        "en": "This target is stated as a change: {goal}. Its absolute value (and so the chart) needs the "
        "value in {year}, which is not known yet. Upload that figure on the Progress page and the "
        "chart will appear.",
        "zh": "该目标以变化量表述：{goal}。绝对目标值（以及图表）需要{year}的数值，目前尚未获得。"
        "在“进展”页上传该数据后即可显示图表。",
    },
    "detail.relative_no_base": {
        "en": "This target is stated as a change: {goal}, with no base value. Upload two or more figures on the "
        "Progress page: it is measured from the first, and the chart appears.",
        "zh": "该目标以变化量表述：{goal}，未给出基数。在“进展”页上传两个及以上数据后，以首个数据为基数评估并显示图表。",
    },
    "detail.line": {"en": "{file}, line {line}", "zh": "{file}，第 {line} 行"},
    "change.increase": {"en": "an increase", "zh": "提高"},
    "change.decrease": {"en": "a decrease", "zh": "下降"},
    "documents.choose": {"en": "Document", "zh": "文件"},
    "documents.legend": {
        "en": "Highlighted: targets (yellow) and baselines (blue); click one to open it.",
        "zh": "高亮：目标（黄色）与基期值（蓝色）；点击可查看详情。",
    },
    "documents.none": {"en": "No documents in the database.", "zh": "数据库中没有文件。"},
    "documents.search": {"en": "Search document titles", "zh": "搜索文件标题"},
    "documents.no_match": {"en": "No document title contains this text.", "zh": "没有标题包含该文字的文件。"},
    # --- Add documents (pages/add_documents.py) ---
    "nav.add": {"en": "Add documents", "zh": "添加文件"},
    "add.read_only": {
        "en": "This dashboard is read-only: adding documents is turned off. Ask whoever runs it to "
        "add them (python -m etl add FILE).",
        "zh": "此看板为只读模式，无法添加文件。请联系管理员添加（python -m etl add FILE）。",
    },
    "add.intro": {
        "en": "PDF (scans are read by OCR), Word .docx, saved web pages (.html) or text, up to {limit} MB "
        "each. Check what was detected, correct it if needed, then add: the files are kept in the "
        "library and only they are extracted.",
        "zh": "支持 PDF（扫描件经 OCR 识别）、Word .docx、网页（.html）和文本文件，每个不超过 {limit} MB。"
        "请核对识别出的信息，必要时更正后再添加：文件保存在文件库中，只抽取新增的文件。",
    },
    "add.files": {"en": "Files to add", "zh": "要添加的文件"},
    "add.reading": {"en": "Reading {name} ...", "zh": "正在读取 {name} ……"},
    "add.already": {
        "en": "Already in the library as {doc_id}; nothing to do.",
        "zh": "文件库中已有此文件（{doc_id}），无需添加。",
    },
    "add.format.pdf": {"en": "PDF", "zh": "PDF"},
    "add.format.docx": {"en": "Word document", "zh": "Word 文档"},
    "add.format.html": {"en": "web page", "zh": "网页"},
    "add.format.text": {"en": "text", "zh": "文本"},
    "add.pages": {"en": "{n} pages", "zh": "{n} 页"},
    "add.ocr": {"en": "{n} pages read by OCR: check the numbers", "zh": "{n} 页经 OCR 识别，请核对数字"},
    "add.targets": {"en": "{n} targets found", "zh": "识别出 {n} 个目标"},
    "add.years": {"en": "target years {first}–{last}", "zh": "目标年份 {first}–{last}"},
    "add.title": {"en": "Title", "zh": "标题"},
    "add.issuer": {"en": "Issuer", "zh": "发文机关"},
    "add.date": {"en": "Date (YYYY-MM-DD)", "zh": "日期（YYYY-MM-DD）"},
    "add.level": {"en": "Level", "zh": "层级"},
    "add.button": {"en": "Add {n} and build", "zh": "添加 {n} 个文件并更新数据库"},
    "add.progress.start": {"en": "Adding ...", "zh": "正在添加……"},
    "add.progress.build": {"en": "Extracting targets ...", "zh": "正在抽取目标……"},
    "add.progress.done": {"en": "Done", "zh": "完成"},
    "add.done": {"en": "Added {n}: {summary}", "zh": "已添加 {n} 个：{summary}"},
    "add.open_document": {"en": "Open in Documents", "zh": "在“文件”页打开"},
    "add.page": {"en": "page {page}", "zh": "第 {page} 页"},
    "add.library": {"en": "Your library", "zh": "文件库"},
    "add.library.empty": {"en": "Nothing added yet.", "zh": "尚未添加文件。"},
    "add.library.name": {"en": "File", "zh": "文件名"},
    "add.library.state": {"en": "State", "zh": "状态"},
    "add.library.targets": {"en": "Targets", "zh": "目标数"},
    "add.library.added": {"en": "Added (UTC)", "zh": "添加时间（UTC）"},
    "add.library.choose": {"en": "Document", "zh": "文件"},
    "add.library.save": {"en": "Save corrections and rebuild", "zh": "保存更正并更新数据库"},
    "add.library.hint": {
        "en": "A field left empty goes back to what was detected in the document.",
        "zh": "留空的字段将恢复为从文件中识别出的值。",
    },
    "add.library.remove": {"en": "Remove from the database (the file is kept)", "zh": "从数据库移除（保留文件）"},
    "add.library.put_back": {"en": "Put back into the database", "zh": "恢复到数据库"},
    "add.state.built": {"en": "in the database", "zh": "已入库"},
    "add.state.pending": {"en": "not built yet", "zh": "待更新"},
    "add.state.removed": {"en": "removed", "zh": "已移除"},
}


# The review of extracted records (pages/review.py, pages/common/review_view.py).
STRINGS.update(
    {
        "review.name": {"en": "Your name (recorded with each change)", "zh": "您的姓名（随每次修改记录）"},
        "review.need_name": {
            "en": "Type your name in the sidebar to confirm, reject or edit.",
            "zh": "请先在侧边栏填写姓名，再确认、驳回或修改。",
        },
        "review.read_only": {
            "en": "This dashboard is read-only: corrections are turned off.",
            "zh": "此看板为只读模式：不能修改。",
        },
        "review.confirm": {"en": "Confirm", "zh": "确认"},
        "review.reject": {"en": "Reject (not a target)", "zh": "驳回（不是目标）"},
        "review.skip": {"en": "Skip", "zh": "跳过"},
        "review.save": {"en": "Save changes", "zh": "保存修改"},
        "review.edit": {"en": "Edit fields", "zh": "修改字段"},
        "review.add": {"en": "Add", "zh": "添加"},
        "review.restore": {"en": "Restore", "zh": "恢复"},
        "review.undo": {"en": "Undo", "zh": "撤销"},
        "review.undo_which": {"en": "Change to undo", "zh": "要撤销的修改"},
        "review.done.confirm": {"en": "Confirmed.", "zh": "已确认。"},
        "review.done.reject": {"en": "Rejected (hidden).", "zh": "已驳回（已隐藏）。"},
        "review.done.edit": {"en": "Saved.", "zh": "已保存。"},
        "review.done.add": {"en": "Added.", "zh": "已添加。"},
        "review.done.undo": {"en": "Undone.", "zh": "已撤销。"},
        "review.done.reopen": {"en": "Restored.", "zh": "已恢复。"},
        "review.replaced": {
            "en": "{who} changed this record at {when} (UTC) after you opened it; your change was applied after theirs and both are in the history below.",
            "zh": "{who} 在 {when}（UTC）修改过此记录；您的修改已在其后生效，两次修改均记录在历史中。",
        },
        "review.review_these": {
            "en": "Review these targets (unchecked first, lowest confidence first)",
            "zh": "核对这些目标（未核对、置信度低者优先）",
        },
        "review.checked": {"en": "Checked {checked} of {targets} targets", "zh": "已核对 {checked} / {targets} 个目标"},
        "review.state": {"en": "Origin: {origin} · checked: {checked}", "zh": "来源：{origin} · 已核对：{checked}"},
        "review.queue.empty": {
            "en": "Nothing left to review here: every matching target is checked.",
            "zh": "没有待核对的目标：符合条件的目标均已核对。",
        },
        "review.queue.next": {"en": "Next in the queue", "zh": "队列中接下来的"},
        "review.queue.current": {
            "en": "To review (confidence {confidence:.2f})",
            "zh": "待核对（置信度 {confidence:.2f}）",
        },
        "review.orphans": {
            "en": "Orphaned corrections ({n}): their sentence is not in the current build. Kept, not applied.",
            "zh": "孤立的修改（{n} 条）：当前数据中找不到原句。已保留，未生效。",
        },
        "review.rejected": {"en": "Rejected records ({n})", "zh": "已驳回的记录（{n} 条）"},
        "review.history": {"en": "History of corrections", "zh": "修改历史"},
        "review.add.title": {"en": "Add a quantity the extractor missed", "zh": "添加漏抽的数值"},
        "review.add.find": {"en": "Find the sentence (type a few words of it)", "zh": "查找句子（输入其中几个字）"},
        "review.add.sentence": {"en": "Sentence", "zh": "句子"},
        "review.add.number": {"en": "Number", "zh": "数字"},
        "review.add.none": {
            "en": "No sentence with a number contains that text.",
            "zh": "没有包含该文字且带数字的句子。",
        },
        "review.rejected_notice": {
            "en": "This record was rejected by {who}; restore it on the Review page.",
            "zh": "此记录已被 {who} 驳回；可在核对页面恢复。",
        },
        "review.field.kind": {"en": "Kind", "zh": "类型"},
        "review.field.indicator": {"en": "Indicator", "zh": "指标"},
        "review.field.value": {"en": "Value", "zh": "数值"},
        "review.field.value_high": {"en": "Value (upper end of a range)", "zh": "上限"},
        "review.field.unit": {"en": "Unit", "zh": "单位"},
        "review.field.comparator": {"en": "Comparator", "zh": "比较符"},
        "review.field.change": {"en": "Change", "zh": "变化"},
        "review.field.baseline_year": {"en": "Baseline year", "zh": "基准年"},
        "review.field.target_year": {"en": "Target year", "zh": "目标年"},
        "review.field.per_year": {"en": "Per year", "zh": "年均"},
    }
)


# The Progress page (pages/progress.py), in the order it shows them.
STRINGS.update(
    {
        "progress.intro": {
            "en": "Upload the latest figures for the targets you track. Every row is checked first; nothing is "
            "saved until you confirm, and every upload can be undone.",
            "zh": "上传所跟踪目标的最新数据。每一行都会先经过检查；确认之前不会保存任何数据，每次上传都可以撤销。",
        },
        "progress.template.heading": {"en": "1. Download the template", "zh": "1. 下载模板"},
        "progress.template.button": {"en": "Template for all {n} targets (CSV)", "zh": "全部 {n} 个目标的模板（CSV）"},
        "progress.template.help": {
            "en": "Fill in `period` (2024, 2024-06 or 2024-06-30) and `value` (1,234.5, 28亿, 87%); rows left empty are "
            "skipped. Chinese headers (指标编号, 期间, 数值, 备注), GBK files from Excel, tabs and .xlsx "
            "workbooks (first sheet) are fine.",
            "zh": "填写 `period`（2024、2024-06 或 2024-06-30）和 `value`（1,234.5、28亿、87%）；未填写的行会被跳过。"
            "可用中文表头（指标编号、期间、数值、备注），Excel 保存的 GBK 文件、制表符分隔的文件和 .xlsx 工作簿"
            "（第一个工作表）均可。",
        },
        "progress.damaged.help": {
            "en": "Uploads are turned off until this is resolved. If you have no backup to restore, you can move the "
            "file aside: it is **renamed** (progress.duckdb.corrupt-<time>), not deleted, so it can still be "
            "sent for repair; the next upload then starts a new, empty progress database.",
            "zh": "在解决此问题之前，上传功能已关闭。如果没有可恢复的备份，可以把该文件移到一旁：文件会被**重命名**"
            "（progress.duckdb.corrupt-<时间>），不会删除，仍可送去修复；之后的上传会建立一个新的空进展数据库。",
        },
        "progress.damaged.agree": {
            "en": "I understand: the figures in the damaged file will no longer be shown.",
            "zh": "我已了解：损坏文件中的数据将不再显示。",
        },
        "progress.damaged.move": {"en": "Move the damaged file aside", "zh": "将损坏的文件移到一旁"},
        "progress.damaged.moved": {
            "en": "The damaged file was moved to {path}; it is kept there. New uploads go to a new progress database.",
            "zh": "损坏的文件已移至 {path} 并保留。新的上传将保存到新的进展数据库。",
        },
        "progress.upload.heading": {"en": "2. Upload and check", "zh": "2. 上传并检查"},
        "progress.upload.label": {
            "en": "Progress file (CSV or .xlsx, up to {mb} MB)",
            "zh": "进展数据文件（CSV 或 .xlsx，最大 {mb} MB）",
        },
        "progress.report.rows": {"en": "Rows", "zh": "行数"},
        "progress.report.valid": {"en": "Valid", "zh": "有效"},
        "progress.report.rejected": {"en": "Rejected", "zh": "被拒绝"},
        "progress.report.rejected_help": {
            "en": "{n} rows were rejected. Fix them in the file and upload it again, or import the valid rows now.",
            "zh": "{n} 行未通过检查。可在文件中修改后重新上传，或先导入有效的行。",
        },
        "progress.col.line": {"en": "Line", "zh": "行号"},
        "progress.col.quantity_id": {"en": "quantity_id", "zh": "指标编号"},
        "progress.col.reason": {"en": "Reason", "zh": "原因"},
        "progress.col.text": {"en": "Row as read", "zh": "原始内容"},
        "progress.report.valid_rows": {"en": "Valid rows ({n})", "zh": "有效行（{n}）"},
        "progress.encoding.choose": {"en": "Read the file as", "zh": "按以下编码读取文件"},
        "progress.encoding.detected": {"en": "GBK/GB18030 (detected)", "zh": "GBK/GB18030（自动识别）"},
        "progress.encoding.cp1252": {"en": "Windows-1252 (Western European)", "zh": "Windows-1252（西欧文字）"},
        "progress.encoding.confirm": {"en": "The text above reads correctly", "zh": "以上文字显示正确"},
        "progress.import.done": {
            "en": "Saved as upload #{id}: {new} figures imported, {same} were already there.",
            "zh": "已保存为第 {id} 次上传：导入 {new} 条数据，{same} 条已存在。",
        },
        "progress.import.all": {"en": "Import {n} rows", "zh": "导入 {n} 行"},
        "progress.import.valid": {
            "en": "Import the {n} valid rows, skip {r} rejected",
            "zh": "导入 {n} 行有效数据，跳过 {r} 行",
        },
        "progress.history.heading": {"en": "3. Upload history", "zh": "3. 上传记录"},
        "progress.history.none": {"en": "Nothing has been uploaded yet.", "zh": "尚无上传记录。"},
        "progress.history.active": {"en": "in effect", "zh": "生效"},
        "progress.history.undone": {"en": "undone", "zh": "已撤销"},
        "progress.col.file": {"en": "File", "zh": "文件"},
        "progress.col.uploaded": {"en": "Uploaded (UTC)", "zh": "上传时间（UTC）"},
        "progress.col.rows": {"en": "Rows", "zh": "行数"},
        "progress.col.imported": {"en": "Imported", "zh": "导入"},
        "progress.col.rejected": {"en": "Rejected", "zh": "拒绝"},
        "progress.col.state": {"en": "State", "zh": "状态"},
        "progress.history.choice": {"en": "Upload", "zh": "上传记录"},
        "progress.history.restore": {"en": "Restore upload #{id}", "zh": "恢复第 {id} 次上传"},
        "progress.history.undo": {"en": "Undo upload #{id}", "zh": "撤销第 {id} 次上传"},
        "progress.history.help": {
            "en": "Undo takes an upload's figures out of use; nothing is deleted, and Restore brings them back.",
            "zh": "撤销会停用该次上传的数据，但不会删除；可随时恢复。",
        },
        "progress.orphans.heading": {"en": "Progress without a target", "zh": "找不到对应目标的进展数据"},
        "progress.orphans.help": {
            "en": "Figures whose target is no longer in the targets database (a rebuild may have changed the "
            "extraction): {n}. They are kept, not deleted.",
            "zh": "有 {n} 条数据对应的目标已不在目标库中（重新建库后抽取结果可能有变化）。这些数据会保留，不会删除。",
        },
    }
)


def current_language() -> str:
    """The UI language, "en" or "zh": the sidebar choice, else `?lang=`, else English."""
    chosen = st.session_state.get(SESSION_KEY)
    if chosen in LANGUAGES:
        return chosen
    return "zh" if st.query_params.get(URL_KEY) == "zh" else "en"


def translate(strings: dict[str, str], language: str | None = None, **fmt) -> str:
    """Pick the string in `language` (default: the current one; English when missing) and fill in `fmt`."""
    text = strings.get(language or current_language()) or strings["en"]
    return text.format(**fmt) if fmt else text


def t(key: str, **fmt) -> str:
    """A shared UI string by key (see STRINGS)."""
    return translate(STRINGS[key], **fmt)


def status_label(status: str, language: str | None = None) -> str:
    """ "on_track" -> "On track" / "符合预期" (the wording of China's mid-term plan reviews)."""
    key = f"status.{status}"
    return translate(STRINGS[key], language) if key in STRINGS else status


def status_reason(
    reason: str, basis: str = "", facts: Iterable[tuple[str, object]] = (), language: str | None = None
) -> str:
    """Why a target has its status (etl.status.Assessment's reason, basis and facts) as a sentence in
    `language` (default: the current one)."""
    if not reason:
        return ""
    language = language or current_language()
    values = dict(facts)
    text = translate(STRINGS[f"reason.{reason}"], language, **values)
    if basis:
        said = translate(STRINGS[f"basis.{basis}"], language, **values)
        text += f"（{said}）" if language == "zh" else f" ({said})"
    return text


def level_label(level: str) -> str:
    key = f"level.{level}"
    return t(key) if key in STRINGS else level


def language_switch() -> str:
    """The sidebar English / 中文 switch; seeds from `?lang=` and keeps the URL in step."""
    if SESSION_KEY not in st.session_state:
        st.session_state[SESSION_KEY] = current_language()
    language = st.sidebar.radio(
        t("language"), LANGUAGES, format_func=LANGUAGE_NAMES.get, key=SESSION_KEY, horizontal=True
    )
    if language == "zh":
        if st.query_params.get(URL_KEY) != "zh":
            st.query_params[URL_KEY] = "zh"
    elif URL_KEY in st.query_params:
        del st.query_params[URL_KEY]
    return language
