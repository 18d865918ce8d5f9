"""Language knowledge used by quantity extraction, as plain tables.

A reader adds a word here without reading the parser (etl.numbers, etl.extract). Each table says
what it is for; the code that applies it stays small and generic.
"""

from __future__ import annotations

# --- Numerals -------------------------------------------------------------------------------
CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}

# Magnitudes written after a number: 28亿吨, 2100万标箱, 1.3万亿斤. Longest first when matching.
MAGNITUDES = {
    "万亿": 10**12,
    "千亿": 10**11,
    "百亿": 10**10,
    "亿": 10**8,
    "千万": 10**7,
    "百万": 10**6,
    "十万": 10**5,
    "万": 10**4,
}

# Words that stand for a number before a measure word: "上千家企业" (at least a thousand).
APPROXIMATE_NUMERAL_PREFIXES = {"上": ">=", "近": "~"}

# Whole words that are quantities by themselves: "一半以上" is 50%, "倍增" is doubling.
WORD_QUANTITIES = {"一半": (50.0, "%"), "倍增": (2.0, "倍"), "翻一番": (2.0, "倍"), "翻番": (2.0, "倍")}
# Of those, the words that state a change rather than a level.
WORD_CHANGES = {"倍增": "increase", "翻一番": "increase", "翻番": "increase"}

# --- Document kinds ---------------------------------------------------------------------------
# The word a document title ends with ("...的通知", "...实施方案", "...管理办法"): segmentation finds
# titles by it, and extraction uses it to keep a year inside the document that states it.
DOCUMENT_KINDS = (
    "通知",
    "意见",
    "方案",
    "规划",
    "办法",
    "措施",
    "公告",
    "通告",
    "纲要",
    "指南",
    "指引",
    "计划",
    "决定",
    "细则",
    "举措",
    "规定",
    "政策",
    "条例",
    "要点",
    "规则",
    "决议",
    "批复",
    "报告",
    "综述",
    "公报",
)
# Notes a draft prints after its title: "（公开征求意见稿）", "（试行）".
DRAFT_NOTES = ("公开征求意见稿", "征求意见稿", "草案", "送审稿", "讨论稿", "修订稿", "试行", "暂行")

# --- Units ----------------------------------------------------------------------------------
# Units as written after the (optional) magnitude, mapped to the unit stored. Order does not
# matter: numbers.py sorts by length so "吨标准煤" wins over "吨".
UNITS = {
    "%": "%",
    "％": "%",
    "个百分点": "百分点",
    "百分点": "百分点",
    "吨标准煤": "吨标准煤",
    "载重吨": "载重吨",
    "吨": "吨",
    "斤": "斤",
    "公斤": "公斤",
    "千瓦时": "千瓦时",
    "千伏安": "千伏安",
    "千瓦": "千瓦",
    "度": "度",
    "标箱": "标箱",
    "TEU": "标箱",
    "公里": "公里",
    "千米": "公里",
    "平方公里": "平方公里",
    "平方米": "平方米",
    "立方米": "立方米",
    "亩": "亩",
    "公顷": "公顷",
    "元": "元",
    "元人民币": "元",
    "美元": "美元",
    "个工作日": "工作日",
    "工作日": "工作日",
    "个": "个",
    "家": "家",
    "户": "户",
    "人次": "人次",
    "人": "人",
    "名": "名",
    "条": "条",
    "项": "项",
    "次": "次",
    "场": "场",
    "期": "期",
    "类": "类",
    "件": "件",
    "台": "台",
    "只（盏）": "只（盏）",
    "只": "只",
    "座": "座",
    "所": "所",
    "处": "处",
    "套": "套",
    "辆": "辆",
    "艘": "艘",
    "批": "批",
    "倍": "倍",
    "款": "款",
    "部": "部",
    "张": "张",
    "支": "支",
    "种": "种",
    "层": "层",
    "枚": "枚",
    "份": "份",
    "篇": "篇",
    "岁": "岁",
    "‰": "‰",
    "/10万": "/10万",
    "例": "例",
}
# Words after a number (and its magnitude) that make it "more than": "620多万套", "4万余个", "14亿多".
MORE_THAN_SUFFIXES = ("多", "余")

# Units of physical dimension: a number with one of these right before a noun is a
# specification ("12.5米深水航道", "220千伏变电站"), not a quantity to reach.
DIMENSION_UNITS = ("米", "千伏", "英寸", "纳米", "毫米", "厘米", "伏", "吨")

# Units that count things; with a Chinese numeral ("三千家") only these are accepted, so that
# words such as 统一, 一流, 三大 are never read as numbers.
COUNT_UNITS = ("个", "家", "户", "人次", "人", "名", "条", "项", "次", "场", "座", "所", "个工作日", "亿", "万")
# A Chinese numeral below this is a word more often than a count ("一批", "两类", "二次节能"):
# it counts only right after a comparator ("不少于一次").
CHINESE_MIN_VALUE_WITHOUT_COMPARATOR = 10

# --- Comparators ----------------------------------------------------------------------------
# Words before a number. Longest match wins (numbers are matched against the text just before).
COMPARATORS_BEFORE = {
    "达到": "=",
    "达": "=",
    "为": "=",
    "提高到": "=",
    "提升到": "=",
    "提升至": "=",
    "提高至": "=",
    "增加到": "=",
    "增长到": "=",
    "缩减至": "=",
    "压缩至": "=",
    "降低到": "=",
    "降低至": "=",
    "降至": "=",
    "不少于": ">=",
    "不低于": ">=",
    "不小于": ">=",
    "至少": ">=",
    "保持在": "=",
    "稳定在": "=",
    "超过": ">",
    "突破": ">",
    "高于": ">",
    "超": ">",
    "逾": ">",
    "多于": ">",
    "大于": ">",
    "不超过": "<=",
    "不高于": "<=",
    "控制在": "<=",
    "不多于": "<=",
    "不大于": "<=",
    "最多": "<=",
    "低于": "<",
    "少于": "<",
    "小于": "<",
    "接近": "~",
    "约": "~",
    "左右": "~",
    "近": "~",
    "大约": "~",
    "大概": "~",
}
# Words after a number (and unit). "以内" is an upper bound like "以下".
COMPARATORS_AFTER = {
    "以上": ">=",
    "及以上": ">=",
    "以下": "<=",
    "及以下": "<=",
    "以内": "<=",
    "之内": "<=",
    "内": "<=",
    "左右": "~",
    "上下": "~",
    "多": ">",
}

# Comparators that are verbs when the number counts the noun after it ("突破50种以上智能检测装备":
# achieve breakthroughs in 50+ kinds), comparators when it measures what came before ("突破1000亿元").
VERB_SENSE_COMPARATORS = ("突破",)
# Verbs of relative change: "较2020年压缩20%", "提高10个百分点", "年均增长7%".
CHANGE_VERBS = {
    "提高": "increase",
    "提升": "increase",
    "增长": "increase",
    "增加": "increase",
    "扩大": "increase",
    "上升": "increase",
    "增幅": "increase",
    "下降": "decrease",
    "降低": "decrease",
    "减少": "decrease",
    "压缩": "decrease",
    "压减": "decrease",
    "缩减": "decrease",
    "缩短": "decrease",
    "减排": None,
    "降幅": "decrease",
    "削减": "decrease",
}
# A change verb followed by one of these states a final level, not a change ("提高到60%").
CHANGE_TO_LEVEL = ("到", "至", "为")

# --- Year scope -----------------------------------------------------------------------------
# "到2025年", "2023年底前", "力争2023年" make a year the target year of what follows.
TARGET_YEAR_BEFORE = ("到", "至", "力争", "确保", "争取", "预计", "计划", "在")
# Written right after "YYYY年": "2023年底前", "2025年末".
TARGET_YEAR_AFTER = ("前", "底前", "末前", "底", "末", "全年", "以前", "度")
# A base year ("较2020年", "与2021年相比"), an observation date ("截至2021年底"), a start ("从2020年",
# "由2012年的240元"), a date ("于2023年"), an edition or a part of a year: never a target year.
BASE_YEAR_BEFORE = ("较", "比", "与")
BASE_YEAR_AFTER = ("以来", "相比")
OBSERVED_YEAR_BEFORE = ("截至", "截止")
OTHER_YEAR_BEFORE = ("从", "由", "于")
DATE_YEAR_AFTER = ("版", "上半年", "下半年")
# Named plan periods: "十四五"时期 ends in 2025.
PLAN_PERIODS = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030, "十六五": 2035}
# Headings that open a goals section: the horizon stated there scopes the task sections.
GOAL_SECTION_HEADINGS = ("目标", "主要目标", "总体目标", "发展目标", "工作目标", "行动目标")
# Headings of a part that reports the past ("一、2023年工作回顾", "发展基础", "“十三五”时期发展成就"): its
# numbers are observed values (baselines) of the year the heading names.
REVIEW_HEADINGS = (
    "背景",
    "现状",
    "基本情况",
    "发展基础",
    "现实基础",
    "已取得",
    "发展成就",
    "主要成就",
    "成就",
    "工作回顾",
    "回顾",
    "面临形势",
    "进展情况",
    "完成情况",
    "执行情况",
    "过去五年",
    "过去一年",
    "过去的五年",
    "过去的一年",
    "五年来",
    "一年来",
)
# Titles of documents that only report the past: reviews, bulletins, statistical communiqués.
REVIEW_TITLES = ("综述", "统计公报", "公报", "成就", "回顾", "工作总结", "情况通报", "年鉴")
# A paragraph that opens on one of these reviews the year before the document was written
# ("过去一年", "去年") or the five years up to it ("过去五年": the last of the five is the year before).
REVIEW_OPENERS = (
    "过去一年",
    "过去的一年",
    "去年",
    "过去五年",
    "过去的五年",
    "五年来",
    "一年来",
    "回顾过去",
    "这一年",
    "上一年",
)
# Words that make a sentence inside a review state a goal after all.
FUTURE_CUES = ("力争", "目标是", "目标为", "预期目标", "预计", "计划", "将要", "争取", "确保")
# A paragraph that opens on one of these looks ahead again: its numbers are goals of the year named.
PLAN_OPENERS = ("今年", "新的一年", "明年", "今后", "展望", "下一步", "未来五年", "未来一年", "我们要")
# Clauses whose years are not target years: validity, issue date, unrelated deadlines.
NON_TARGET_YEAR_CUES = ("有效期", "施行", "印发", "发布", "执行期限", "执行至", "之日", "自")
# Standing limits ("严守18亿亩耕地红线") hold every year: no target year.
STANDING_LIMIT_CUES = ("严守", "红线", "底线", "守住")
# A sentence with its own relative horizon does not take the plan's year.
RELATIVE_HORIZON_OPENERS = ("经过", "再用", "用")  # "经过3-5年", "用5年"
RELATIVE_HORIZON_ENDINGS = ("内", "左右时间", "时间")  # "三年内", "两年左右时间"

# --- Target vs baseline ---------------------------------------------------------------------
# Cues that a value is observed, not wanted: "截至2021年底", "目前", "已超过".
BASELINE_CUES = (
    "截至",
    "截止",
    "目前",
    "当前",
    "现有",
    "已超",
    "已达",
    "已经",
    "已有",
    "已建成",
    "我国有",
    "全国有",
    "全省有",
    "共有",
    "已成为",
    "连续",
    "据有关机构测算",
    "据测算",
    "累计已",
    "保有量",
    "同比增长",
    "同比下降",
)
# Cues that a value is wanted: a goal verb or modal.
TARGET_CUES = (
    "力争",
    "确保",
    "争取",
    "达到",
    "实现",
    "培育",
    "建设",
    "建成",
    "打造",
    "新增",
    "新建",
    "创建",
    "推出",
    "认定",
    "累计",
    "提高",
    "提升",
    "增长",
    "下降",
    "降低",
    "压减",
    "缩减",
    "压缩",
    "控制",
    "安排",
    "设立",
    "投放",
    "提供",
    "支持",
    "举办",
    "组织",
    "开展",
    "选择",
    "评出",
    "梳理",
    "配备",
    "遴选",
    "策划",
    "争创",
    "精选",
    "优选",
    "形成",
    "带动",
    "服务",
    "不低于",
    "不少于",
    "不超过",
    "超过",
    "以上",
    "左右",
    "以内",
    "突破",
    "目标",
    "稳定在",
    "保持在",
    "覆盖",
    "通达",
    "制订",
    "发放",
    "储备",
    "落实",
    "严守",
    "规模",
    "总额",
    "推动",
    "引导",
    "下达",
    "研发",
    "研制",
    "培养",
    "组建",
    "制定",
    "开发",
    "增设",
    "招录",
    "引进",
    "建立",
    "布局",
    "拟",
    "完成",
    "拿出",
    "使用",
    "开工",
    "减轻",
    "再降",
    "守住",
    "清偿",
    "增加",
)
# Verbs that may follow a number directly ("拟按2.8%左右安排", "新增1000亿元用于..."): the number's
# noun is not after it.
VERBS_AFTER_NUMBER = (
    "安排",
    "实施",
    "开展",
    "推进",
    "下调",
    "上调",
    "执行",
    "用于",
    "计算",
    "发放",
    "提高",
    "降低",
    "增长",
    "下降",
)
# Verbs of "将X..." sentences that put an amount somewhere: "将2.8万亿元中央财政资金纳入直达机制".
DISPOSAL_VERBS = ("纳入", "用于", "投向", "投入", "下达", "安排到")
# Fiscal arrangements of a year are goals even without a verb ("财政赤字2.76万亿元，其中中央财政
# 赤字1.83万亿元", "中央预算内投资5776亿元").
FISCAL_NOUNS = ("赤字", "专项债券", "特别国债", "预算内投资", "转移支付")

# Verbs (and their adverbs) that the later items of a list share with the first:
# "遴选培养50名岐黄学者和200名青年岐黄学者", "支持创建优质农产品重点市2个、重点县12个".
SHARED_VERBS = (
    "累计",
    "新增",
    "新建",
    "力争",
    "支持",
    "培育",
    "培养",
    "遴选",
    "建设",
    "建成",
    "打造",
    "创建",
    "争创",
    "认定",
    "推出",
    "组建",
    "引进",
    "招录",
    "开展",
    "举办",
    "组织",
    "评出",
    "选择",
    "设立",
    "布局",
    "研发",
    "研制",
    "制定",
    "制订",
    "开发",
    "择优",
    "推动",
    "形成",
    "实施",
)
# Nouns that name what is measured of a thing; in "A、B占比分别达到..." what follows the last item
# from one of these on is shared by every item.
MEASURE_NOUNS = (
    "占比",
    "比重",
    "比例",
    "时限",
    "时间",
    "时长",
    "效率",
    "热效率",
    "覆盖率",
    "普及率",
    "合格率",
    "利用率",
    "达标率",
    "规模",
    "数量",
    "总量",
    "能力",
    "水平",
    "费率",
    "增速",
    "强度",
)
# Qualifiers the first item of such a list lends to the others ("在运工商业制冷设备、家用制冷设备" ->
# "在运家用制冷设备").
SHARED_QUALIFIERS = ("在运", "在用", "在役", "新增", "当年新增", "新建", "新生产")
# A goal verb followed by one of these is an adjective or a noun, not a verb ("开发性金融机构",
# "服务性消费").
TARGET_CUE_NOT_BEFORE = ("性",)

# Verbs too general to mark a goal by themselves ("发展", "推进"), which do when they govern the
# number's own noun: "统筹发展高效节水灌溉16万亩" (the number closes the clause they open), "加快推进
# ...10个驻外检验室建设" (the number counts what the nominal goal word after it builds).
WEAK_TARGET_VERBS = ("发展", "推进")
NOMINAL_GOAL_WORDS = ("建设", "创建", "培育")
# A clause opening with 其中 breaks down the clause before it ("支持建设粮油绿色高质高效示范片，其中
# 水稻500个、小麦100个"): its numbers are goals when that clause states a goal.
BREAKDOWN_OPENERS = ("其中",)
# Measures that belong to a thing named earlier in the sentence; alone ("时长", "总容量") they say
# nothing: "优化能耗强度审批流程，时长控制在15个工作日内" -> "能耗强度审批流程时长", "电力变压器数量约
# 1700万台，总容量约110亿千伏安" -> "电力变压器总容量". A short modifier or these prefixes, then the
# measure. (Not 用电量: "占全社会用电总量的55%和工业用电量的75%" names a whole, not an owned measure.)
OWNED_MEASURE_PREFIXES = ("年", "总", "平均", "综合", "运行")
OWNED_MEASURES = ("容量", "时长", "时限", "通过能力", "进度", "耗电量", "能耗")
# Words that end the name of what was counted in the earlier clause ("电机保有量", "三季度开工率"):
# the owner is what comes before them.
OWNER_MEASURE_ENDINGS = ("保有量", "数量", "总量", "率", "占比", "比重", "时限", "时间", "规模")
# Verbs that open a task clause and are not part of what it names ("优化能耗强度审批流程").
TASK_VERBS = ("优化", "完善", "简化", "规范", "加快", "推进", "深化", "健全", "提升", "强化", "缩短")

# Goal modals and words that make a goal unmistakable; they raise a target's confidence.
STRONG_TARGET_CUES = ("力争", "确保", "争取", "目标", "达到", "预期")

# --- Not a target -----------------------------------------------------------------------------
# Words right after a number (and unit) that make it a specification, a name or a list count.
SPEC_SUFFIXES = (
    "级",
    "型",
    "号",
    "版",
    "代",
    "英寸",
    "寸",
    "纵",
    "横",
    "部门",
    "部委",
    "方面",
    "领域",
    "周年",
    "届",
    "倍速",
)
# Words before a number that make it a reference, not a quantity: 第3条, 〔2023〕, 附件2.
REFERENCE_PREFIXES = ("第", "〔", "[", "附件", "附表", "No", "NO", "简称", "称为")
# Single characters that are references only when they stand alone ("见表2", "条3"), not when they
# end a word ("贷款2500亿元", "代表100家").
REFERENCE_LETTERS = ("表", "图", "条", "款")
# Subsidies, rewards, loans and fees to a single firm or project: never targets.
# Anywhere in the clause before the number:
SUBSIDY_CUES = ("给予", "最高", "一次性", "对每", "单个", "单家", "单户", "每户", "每家企业", "支持额度")
# Right next to the number ("100万元奖励", "奖励100万元"):
SUBSIDY_NEAR_CUES = ("奖励", "补助", "补贴", "奖补", "资助")
# A subsidy standard that applies to everyone ("居民医保人均财政补助标准提高30元") is a policy goal.
STANDARD_SUBSIDY = ("人均财政补助标准", "补助标准", "补贴标准", "最低标准")
# Money for one firm or project stays below this; above it an amount is a programme total
# ("对种粮农民一次性发放200亿元补贴", "累计提供不低于600亿元授信"), never an award.
AGGREGATE_AMOUNT_MIN = 1_000_000_000
# Expressions with a number that name or exaggerate, never count: "亿万人民", "56个民族".
IDIOMS = (
    "亿万",
    "千家万户",
    "数以千万计",
    "数以万计",
    "成千上万",
    "千千万万",
    "千方百计",
    "万众一心",
    "万无一失",
    "56个民族",
    "五十六个民族",
    "数百万",
    "数千万",
    "数十万",
    "一亿多",
    "十三亿",
    "十四亿",
)
# Nouns that count people: a bare 万/亿 before or after one counts persons ("农村贫困人口减少1386万",
# "近1400万农业转移人口在城镇落户", "国内出游人次48.9亿").
PEOPLE_NOUNS = {
    "人次": "人次",
    "人口": "人",
    "人数": "人",
    "学生": "人",
    "老年人": "人",
    "劳动力": "人",
    "毕业生": "人",
    "职工": "人",
    "就业人员": "人",
    "人员": "人",
    "患者": "人",
    "农民工": "人",
}
# Fees, taxes and reimbursement rates are parameters of a rule, not goals ("报销比例不低于75%",
# "减按1%预征率", "缴费率降低1个百分点"). Anywhere in the sentence before the number.
FEE_CUES = (
    "征收率",
    "罚款",
    "处罚",
    "缴费",
    "报销",
    "预付",
    "起付",
    "税率",
    "征收率",
    "预征率",
    "加计",
    "减按",
    "利率",
    "收费",
    "费标准",
    "收取",
    "免征",
    "减征",
)
# Penalties: a fine or penalty range anywhere in the sentence ("处上一年度销售额百分之一以上百分之十
# 以下的罚款") is a rule, not a goal.
PENALTY_CUES = ("罚款", "罚金", "处罚", "没收", "滞纳金")
# Conditions: the number sets who qualifies or what is allowed ("超过10%红线的地区，不得新上").
CONDITION_AFTER_CUES = ("不得", "不再", "可采用", "可以", "是否")
CONDITION_BEFORE_CUES = ("是否", "凡", "对于", "符合条件的", "适用", "可按", "按不低于", "按不超过")
# Headings or lead-ins of a list of criteria ("第二章 基本条件", "应满足以下基本条件："): the
# numbers below are thresholds to qualify, not goals.
CONDITION_SECTION_CUES = (
    "申报条件",
    "申请条件",
    "基本条件",
    "认定条件",
    "资格条件",
    "准入条件",
    "入选条件",
    "评选条件",
    "参评条件",
    "推荐条件",
    "申报要求",
    "申请要求",
    "认定标准",
    "评价标准",
    "评选标准",
    "遴选标准",
    "评审标准",
    "入选标准",
    "认定范围",
    "申报范围",
    "申报对象",
)
# A line ending with one of these and a colon leads in a list of criteria ("应当符合下列基本条件：",
# "不存在下列情形："); a task heading that merely names a condition ("改善办学条件") does not.
CONDITION_LEAD_IN_ENDINGS = ("条件", "要求", "标准", "情形", "情形之一")
# Words right before a count that make it the size of an existing set ("全省16个先进制造业集群",
# "在13个设区市各建设1个..."), not a count to reach.
EXISTING_SET_BEFORE = ("全省", "全市", "全国", "全区", "全县", "在", "等")
# The whole of an administrative area: "全省16个先进制造业集群、50条重点产业链" lists sets that exist
# already, and every count of that list is the size of an existing set.
WHOLE_AREA_PREFIXES = ("全省", "全市", "全国", "全区", "全县")
# "在4个市开展农业数字化建设整市推进试点": a count of places where a goal verb follows is the number
# of places the goal reaches, not an existing set ("在13个设区市各建设1个..." and "在832个脱贫县域内"
# stay existing sets: 各 and 内 stop the look-ahead).
PLACE_GOAL_VERBS = ("开展", "实施", "建设", "推进", "试点", "打造", "创建")
PLACE_GOAL_STOPS = "各内"
# A count right before a noun and 等 names a set that exists already ("参与102项重大工程等项目建设").
EXISTING_SET_AFTER = ("等",)
# A cap on how many awards are given ("每年评定数量各不超过10个") is a rule of an award, not a goal.
QUOTA_CUES = ("评定", "评选", "名额", "获奖", "奖")
# A sentence that opens on who qualifies ("对符合条件的“环保担”项目，...担保费率由0.8%降为0.6%")
# sets terms for those who qualify: its numbers are parameters, not goals.
CONDITION_SENTENCE_OPENERS = ("对符合条件的", "对于符合条件的", "对符合")
# Nouns that make "N以上的X" a threshold on X rather than a count of X.
ENTITY_NOUNS = (
    "企业",
    "项目",
    "园区",
    "单位",
    "主体",
    "地区",
    "纳税人",
    "商户",
    "农户",
    "个人",
    "机构",
    "港口",
    "城市",
    "人员",
    "统筹地区",
    "船舶",
)
# A count of the items of a list or of a text's own provisions: "8个领域", "措施25条".
LIST_COUNT_NOUNS = ("措施", "举措", "政策", "条款", "领域", "方面", "部门", "任务", "行动", "环节")
# A count of a text's own provisions anywhere in its clause: "推出第二批25条便民办税缴费接续措施".
PROVISION_NOUNS = ("措施", "举措", "政策", "条款", "意见")
# Words that state an observation: a year-scoped number needs one to be a baseline
# ("2021年...比重为24.5%"), so a definition ("98%税目产品包括...") is not one.
OBSERVATION_VERBS = (
    "为",
    "达",
    "达到",
    "超过",
    "突破",
    "占",
    "约",
    "增长",
    "下降",
    "完成",
    "实现",
    "保持",
    "累计",
    "位居",
    "高于",
    "低于",
    "提高",
    "提升",
)
# Deadlines of a procedure, not service goals ("10个工作日内完成推荐工作", "公示不少于5个工作日");
# a time limit that is cut ("办理时限缩减至30个工作日") is a goal.
PROCEDURE_CUES = ("公示", "报送", "备案", "申请后", "之日起", "受理", "完成")
TIME_LIMIT_NOUNS = ("时限", "时间", "时长", "周期")
# Words that make a value a threshold for eligibility, not a goal ("营业收入2000万元以上的企业").
ELIGIBILITY_CUES = (
    "营业收入",
    "营收",
    "年收入",
    "年销售",
    "销售收入",
    "销售额",
    "注册资本",
    "资产总额",
    "从业人员",
    "职工人数",
    "年纳税",
    "纳税额",
    "应纳税所得额",
    "单笔",
    "单户",
)

# --- Indicator tables -------------------------------------------------------------------------
# Header cells of an indicator table; the first three name the indicator column.
TABLE_HEADER_WORDS = ("指标", "指标名称", "项目", "属性", "指标属性", "单位", "序号", "类别", "领域", "具体指标")
# A comparator written in a value cell: "＞6.5", "≥99", "超过 4000", "99以上".
TABLE_COMPARATOR_PREFIXES = {
    ">": ">",
    "＞": ">",
    "≥": ">=",
    "⩾": ">=",
    "<": "<",
    "＜": "<",
    "≤": "<=",
    "⩽": "<=",
    "超过": ">",
    "高于": ">",
    "不低于": ">=",
    "不少于": ">=",
    "大于": ">",
    "不超过": "<=",
    "不高于": "<=",
    "小于": "<",
    "低于": "<",
    "约": "~",
}
TABLE_COMPARATOR_SUFFIXES = {"以上": ">=", "以下": "<=", "以内": "<=", "左右": "~"}
# The 属性 column: whether an indicator binds (约束性) or guides (预期性).
TABLE_ATTRIBUTES = ("预期性", "约束性")
# Notes after a year column that say its values are goals ("2023年目标") or observed ("2022年情况").
TABLE_GOAL_NOTES = ("目标", "目标值", "预期", "规划", "计划")
TABLE_OBSERVED_NOTES = ("情况", "现状", "基数", "实际", "完成", "基期", "基准")

# --- Jurisdictions ----------------------------------------------------------------------------
# Provincial-level divisions (a document's level and geography come from the one its issuer names).
PROVINCES = (
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "黑龙江",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "内蒙古",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
)
# Cities that are provinces of their own.
MUNICIPALITIES = ("北京", "天津", "上海", "重庆")
# The one-character names that open a province's 文号 ("苏政发〔2023〕", "浙政办发").
PROVINCE_ABBREVIATIONS = (
    "京",
    "津",
    "沪",
    "渝",
    "冀",
    "晋",
    "辽",
    "吉",
    "黑",
    "苏",
    "浙",
    "皖",
    "闽",
    "赣",
    "鲁",
    "豫",
    "鄂",
    "湘",
    "粤",
    "琼",
    "川",
    "蜀",
    "黔",
    "贵",
    "云",
    "滇",
    "陕",
    "秦",
    "甘",
    "陇",
    "青",
    "蒙",
    "桂",
    "藏",
    "宁",
    "新",
)
