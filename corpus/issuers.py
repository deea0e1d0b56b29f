"""Who issues documents, and where they apply: issuers and jurisdictions as data.

A 发文字号 opens with its issuer's abbreviation (国办发, 川府发, 皖政办秘, 穗府办规,
发改办财金规), and a title or signature names the issuer in full. This module holds what a
reader knows without being told — the 31 provincial-level regions and their one-character
abbreviations, the central organs and their short names — and derives the rest (a city's
own abbreviation, 穗 for 广州) from the issuer named in the text, never from a list of cities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.normalize import abbreviates, fold_width

#: The 31 provincial-level regions: abbreviation → full name. 黔/贵 and 滇/云 are both used.
PROVINCES: dict[str, str] = {
    "京": "北京市",
    "津": "天津市",
    "沪": "上海市",
    "渝": "重庆市",
    "冀": "河北省",
    "晋": "山西省",
    "蒙": "内蒙古自治区",
    "内蒙": "内蒙古自治区",
    "辽": "辽宁省",
    "吉": "吉林省",
    "黑": "黑龙江省",
    "苏": "江苏省",
    "浙": "浙江省",
    "皖": "安徽省",
    "闽": "福建省",
    "赣": "江西省",
    "鲁": "山东省",
    "豫": "河南省",
    "鄂": "湖北省",
    "湘": "湖南省",
    "粤": "广东省",
    "桂": "广西壮族自治区",
    "琼": "海南省",
    "川": "四川省",
    "蜀": "四川省",
    "黔": "贵州省",
    "贵": "贵州省",
    "滇": "云南省",
    "云": "云南省",
    "藏": "西藏自治区",
    "陕": "陕西省",
    "甘": "甘肃省",
    "陇": "甘肃省",
    "青": "青海省",
    "宁": "宁夏回族自治区",
    "新": "新疆维吾尔自治区",
}
#: Provincial names as printed without their suffix (北京, 内蒙古, 广西 …): what a title opens with.
PROVINCE_STEMS: dict[str, str] = {
    re.sub(r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$", "", full): full
    for full in PROVINCES.values()
}

#: Central organs: full name → the short names and 文号 prefixes they are cited by.
CENTRAL_ORGANS: dict[str, tuple[str, ...]] = {
    "中共中央": ("中共中央", "中央", "中发"),
    "国务院": ("国务院", "国发", "国函", "国令"),
    "国务院办公厅": ("国务院办公厅", "国办", "国办发", "国办函", "国办发明电"),
    "中共中央办公厅": ("中共中央办公厅", "中办", "中办发"),
    "全国人民代表大会": ("全国人大",),
    "全国人民代表大会常务委员会": ("全国人大常委会", "人大常委会"),
    "最高人民法院": ("最高法", "法释"),
    "最高人民检察院": ("最高检", "高检发"),
    "外交部": ("外交部",),
    "国防部": ("国防部",),
    "国家发展和改革委员会": ("国家发展改革委", "发展改革委", "国家发改委", "发改委", "发改"),
    "教育部": ("教育部", "教"),
    "科学技术部": ("科技部", "国科发"),
    "工业和信息化部": ("工业和信息化部", "工信部"),
    "国家民族事务委员会": ("国家民委", "民委"),
    "公安部": ("公安部", "公"),
    "国家安全部": ("国家安全部",),
    "民政部": ("民政部", "民"),
    "司法部": ("司法部", "司"),
    "财政部": ("财政部", "财"),
    "人力资源和社会保障部": ("人力资源社会保障部", "人社部", "人社"),
    "自然资源部": ("自然资源部", "自然资"),
    "生态环境部": ("生态环境部", "环"),
    "住房和城乡建设部": ("住房城乡建设部", "住建部", "建"),
    "交通运输部": ("交通运输部", "交"),
    "水利部": ("水利部", "水"),
    "农业农村部": ("农业农村部", "农"),
    "商务部": ("商务部", "商"),
    "文化和旅游部": ("文化和旅游部", "文旅部", "文旅"),
    "国家卫生健康委员会": ("国家卫生健康委", "国家卫健委", "卫健委", "国卫"),
    "国家卫生和计划生育委员会": ("国家卫生计生委", "卫生计生委"),
    "卫生部": ("卫生部", "卫"),
    "退役军人事务部": ("退役军人事务部", "退役军人部"),
    "应急管理部": ("应急管理部", "应急"),
    "中国人民银行": ("人民银行", "人民银行总行", "央行", "银"),
    "审计署": ("审计署", "审"),
    "国家语言文字工作委员会": ("国家语委",),
    "国家国际发展合作署": ("国家国际发展合作署",),
    "国家医疗保障局": ("国家医保局", "医保"),
    "国务院国有资产监督管理委员会": ("国务院国资委", "国资委", "国资"),
    "海关总署": ("海关总署", "署"),
    "国家税务总局": ("税务总局", "税总", "税"),
    "国家市场监督管理总局": ("市场监管总局", "国市监"),
    "国家金融监督管理总局": ("金融监管总局",),
    "中国银行保险监督管理委员会": ("中国银保监会", "银保监会", "银保监"),
    "中国银行业监督管理委员会": ("中国银监会", "银监会", "银监"),
    "中国保险监督管理委员会": ("中国保监会", "保监会", "保监"),
    "中国证券监督管理委员会": ("中国证监会", "证监会"),
    "国家广播电视总局": ("广电总局", "国家广电总局"),
    "国家体育总局": ("体育总局",),
    "国家统计局": ("统计局", "国统"),
    "国家知识产权局": ("知识产权局", "国知发"),
    "国家互联网信息办公室": ("国家网信办", "网信办", "国信办"),
    "国务院新闻办公室": ("国新办",),
    "国家能源局": ("能源局", "国能"),
    "国家林业和草原局": ("国家林草局", "林草局"),
    "国家铁路局": ("国家铁路局",),
    "中国民用航空局": ("民航局",),
    "国家邮政局": ("国家邮政局",),
    "国家文物局": ("国家文物局",),
    "国家中医药管理局": ("国家中医药局",),
    "国家疾病预防控制局": ("国家疾控局",),
    "国家药品监督管理局": ("国家药监局", "药监局"),
    "国家外汇管理局": ("外汇局", "汇"),
    "国家粮食和物资储备局": ("国家粮食和储备局", "粮储"),
    "国家移民管理局": ("国家移民局",),
    "国家乡村振兴局": ("国家乡村振兴局",),
    # organs since merged or renamed, whose 文号 fill the archive's older issues
    "劳动和社会保障部": ("劳动保障部", "劳社部", "劳社"),
    "劳动部": ("劳动部", "劳部"),
    "人事部": ("人事部",),
    "国家发展计划委员会": ("国家计委",),
    "国家经济贸易委员会": ("国家经贸委", "国经贸"),
    "建设部": ("建设部",),
    "国土资源部": ("国土资源部", "国土资"),
    "农业部": ("农业部",),
    "铁道部": ("铁道部",),
    "信息产业部": ("信息产业部", "信部"),
    "文化部": ("文化部",),
    "监察部": ("监察部",),
    "环境保护部": ("环境保护部", "环保部"),
    "国家环境保护总局": ("国家环保总局", "环保总局"),
    "国家工商行政管理总局": ("国家工商总局", "工商总局"),
    "国家质量监督检验检疫总局": ("国家质检总局", "质检总局", "国质检"),
    "国家食品药品监督管理总局": ("食品药品监管总局", "食药监总局"),
    "国家安全生产监督管理总局": ("安全监管总局", "安监总"),
    "国家新闻出版广电总局": ("新闻出版广电总局",),
    "国家人口和计划生育委员会": ("国家人口计生委", "人口计生委"),
    "国务院扶贫开发领导小组办公室": ("国务院扶贫办", "国开办"),
}
#: Short names in use for organs that were renamed or merged, to their full names.
_SHORT_TO_FULL: dict[str, str] = {
    short: full for full, shorts in CENTRAL_ORGANS.items() for short in shorts if len(short) >= 2
}

#: What a body's name ends with: the words that make a string an issuer's name.
ORG_END = re.compile(
    r"(?:国务院|中共中央|办公厅|办公室|人民政府|政府|行署|部|委员会|委|局|署|银行|院|厅|会|办|"
    r"总队|中心|小组|公司|联合会|联)$"
)

#: Which organ of a provincial or city government a 文号 prefix names, after its place
#: abbreviation: 府 the government, 办/政办 its general office.
_GOV = re.compile(r"^(?:政|府)(?:发|函|规|令|字|文|明电)?")
_OFFICE = re.compile(r"^(?:政府?办|府办|办)(?:发|函|秘|规|字|文|明电)?")


@dataclass(frozen=True)
class Jurisdiction:
    """Where a document applies: "central", a province, or a city within a province."""

    level: str  # "central" | "province" | "city" | ""
    province: str = ""  # 四川省 (for a city: its province where known)
    city: str = ""  # 广州市

    @property
    def name(self) -> str:
        """中央, 四川省, 广州市: how the jurisdiction is shown."""
        if self.level == "central":
            return "中央"
        return self.city or self.province


CENTRAL = Jurisdiction("central")
UNKNOWN = Jurisdiction("")

_PROVINCE_NAME = re.compile(
    "^(?:"
    + "|".join(sorted(PROVINCE_STEMS, key=len, reverse=True))
    + ")(?:省|市|[^，。]{0,5}自治区)?"
)
_CITY_NAME = re.compile(r"^(?P<city>[\u4e00-\u9fff]{2,8}?(?:市|自治州|地区|盟|州))")


def province_in(name: str) -> str:
    """The province an issuer's full name opens with (四川省人民政府 → 四川省), or ""."""
    m = _PROVINCE_NAME.match(name)
    if not m:
        return ""
    for stem, full in sorted(PROVINCE_STEMS.items(), key=lambda kv: -len(kv[0])):
        if name.startswith(stem):
            return full
    return ""


def city_in(name: str) -> str:
    """The city (市/州/盟/地区) an issuer's name names after any province: 广州市人民政府 → 广州市."""
    rest = name
    prov = province_in(name)
    if prov:
        m = _PROVINCE_NAME.match(name)
        rest = name[m.end() :] if m else name
    if rest.startswith(("人民政府", "政府", "省", "自治区")):
        return ""
    m = _CITY_NAME.match(rest)
    if not m or m["city"] in PROVINCES.values():
        return ""
    return m["city"]


def central_organ(name: str) -> str:
    """The full name of a central organ `name` names (国办 → 国务院办公厅), or ""."""
    n = fold_width(name).removeprefix("中华人民共和国").strip()
    if n in CENTRAL_ORGANS:
        return n
    return _SHORT_TO_FULL.get(n, "")


def jurisdiction_of_issuer(issuer: str) -> Jurisdiction:
    """central / which province / which city, from an issuer's name."""
    names = split_issuers(issuer) if issuer else []
    if not names:
        return UNKNOWN
    first = names[0].removeprefix("中华人民共和国")
    if central_organ(first) or first.startswith(("国务院", "中共中央", "全国人", "国家", "中国")):
        return CENTRAL
    prov = province_in(first)
    city = city_in(first)
    if city:
        return Jurisdiction("city", prov, city)
    if prov:
        return Jurisdiction("province", prov)
    if any(first.startswith(short) for short, _full in _PREFIX_SHORTS if len(short) >= 3):
        return CENTRAL  # 税务总局办公厅, 发展改革委办公厅
    return UNKNOWN


@dataclass(frozen=True)
class NumberIssuer:
    """What a 文号 prefix says about its issuer: jurisdiction, and the organ where known."""

    jurisdiction: Jurisdiction
    organ: str = ""  # 四川省人民政府办公厅, 国务院 …, or "" where only the place is known
    section: str = ""  # the gazette section such documents are printed in (省政府文件 …)


def issuer_of_prefix(prefix: str, places: dict[str, Jurisdiction] | None = None) -> NumberIssuer:
    """Read a 文号 prefix: 国办发 → 国务院办公厅; 川府发 → 四川省人民政府; 穗府办规 with
    `places` {"穗": 广州市} → 广州市人民政府办公厅. `places` holds abbreviations learnt from the
    issuers named in the same text (see `learn_place`)."""
    if prefix in _CENTRAL_PREFIX:
        organ = _CENTRAL_PREFIX[prefix]
        section = f"{organ}文件"
        return NumberIssuer(CENTRAL, organ, section)
    for abbr, place in sorted((places or {}).items(), key=lambda kv: -len(kv[0])):
        if prefix.startswith(abbr) and len(prefix) > len(abbr):
            return _local(place, prefix[len(abbr) :])
    for abbr in sorted(PROVINCES, key=len, reverse=True):
        if prefix.startswith(abbr) and len(prefix) > len(abbr):
            return _local(Jurisdiction("province", PROVINCES[abbr]), prefix[len(abbr) :])
    # a ministry's or commission's own prefix: 发改办财金规, 国信办发文, 国卫办医发
    for short, full in _PREFIX_SHORTS:
        if prefix.startswith(short):
            office = prefix[len(short) :].startswith(("办", "厅")) and not full.endswith("办公室")
            return NumberIssuer(CENTRAL, f"{full}办公厅" if office else full, "部门文件")
    return NumberIssuer(UNKNOWN)


_CENTRAL_PREFIX = {
    "国发": "国务院",
    "国函": "国务院",
    "国令": "国务院",
    "国办发": "国务院办公厅",
    "国办函": "国务院办公厅",
    "国办发明电": "国务院办公厅",
    "中发": "中共中央 国务院",
    "中办发": "中共中央办公厅 国务院办公厅",
}


#: Central organs' short names that open 文号 (two characters or more), longest first.
_PREFIX_SHORTS = sorted(
    (
        (short, full)
        for full, shorts in CENTRAL_ORGANS.items()
        for short in shorts
        if len(short) >= 2
    ),
    key=lambda kv: -len(kv[0]),
)


def _local(place: Jurisdiction, rest: str) -> NumberIssuer:
    """A provincial or city prefix after its place abbreviation: government, office, or other.
    A province's general office is its 办公厅, a city's (市, 州, 盟) its 办公室."""
    name = place.city or place.province
    if place.level == "city":  # a city's office may be a 办公厅 or a 办公室: the text says which
        short = name[-1] if name[-1] in "市州盟" else "市"
        if _OFFICE.match(rest):
            return NumberIssuer(place, "", f"{short}政府办公厅文件")
        office = "办公室"
    else:
        short = "省" if name.endswith("省") else ("市" if name.endswith("市") else "自治区")
        office = "办公厅"
    if _OFFICE.match(rest):
        return NumberIssuer(place, f"{name}人民政府{office}", f"{short}政府{office}文件")
    if _GOV.match(rest):
        return NumberIssuer(place, f"{name}人民政府", f"{short}政府文件")
    return NumberIssuer(place, "", "")  # a department's number (京经信发, 皖开放办)


def learn_place(prefix: str, issuer: str) -> tuple[str, Jurisdiction] | None:
    """A city's 文号 abbreviation learnt from the issuer the text names: (穗府办规, 广州市人民政府
    办公厅) → ("穗", 广州市). Only a prefix that reads as 府/办/政 after one or two characters
    teaches anything, and only when the issuer is a city's."""
    j = jurisdiction_of_issuer(issuer)
    if j.level != "city":
        return None
    m = re.match(r"^([\u4e00-\u9fff]{1,2}?)(?:政府?办|府办|政办|府|政|办)", prefix)
    if not m:
        return None  # the text's own evidence wins over the provincial table: 宁政发 of 南京市
    return m[1], j


def split_issuers(issuer: str) -> list[str]:
    """A joint issuer string as a list, lead first: `国家发展改革委、交通运输部` or
    `中共中央办公厅 国务院办公厅` → two names. Spaces inside a name (`李　忠`) are not splits:
    a part is split off only where both sides read as bodies."""
    text = fold_width(issuer).strip()
    if not text:
        return []
    parts = [p for p in re.split(r"[、，,；;\n]+", text) if p.strip()]
    out: list[str] = []
    for part in parts:
        words = [w for w in re.split(r"[ \u3000]+", part.strip()) if w]
        if len(words) > 1 and all(ORG_END.search(w) for w in words):
            out.extend(words)
        else:
            out.append(part.strip())
    return list(dict.fromkeys(out))


# -- comparing issuers (orders are numbered per issuer) ------------------------------------

#: Common short names of issuers of 令, to their full names (after 中华人民共和国 is dropped).
ISSUER_ALIASES: dict[str, str] = {
    "国家发展改革委": "国家发展和改革委员会",
    "发展改革委": "国家发展和改革委员会",
    "国家发改委": "国家发展和改革委员会",
    "国家卫生健康委": "国家卫生健康委员会",
    "国家卫健委": "国家卫生健康委员会",
    "卫健委": "国家卫生健康委员会",
    "国家卫生计生委": "国家卫生和计划生育委员会",
    "银保监会": "中国银行保险监督管理委员会",
    "中国银保监会": "中国银行保险监督管理委员会",
    "保监会": "中国保险监督管理委员会",
    "中国保监会": "中国保险监督管理委员会",
    "证监会": "中国证券监督管理委员会",
    "中国证监会": "中国证券监督管理委员会",
    "银监会": "中国银行业监督管理委员会",
    "中国银监会": "中国银行业监督管理委员会",
    "人民银行": "中国人民银行",
    "人民银行总行": "中国人民银行",
    "商务部": "商务部",
}


def issuer_keys(issuer: str) -> set[str]:
    """Comparable keys for an issuer, one per co-issuer of a joint order."""
    keys = set()
    for part in re.split(r"[、，,\s]+", fold_width(issuer)):
        part = part.removeprefix("中华人民共和国").removesuffix("令")
        if not part:
            continue
        part = ISSUER_ALIASES.get(part, part)
        keys.add(part.replace("发展和改革", "发展改革").replace("委员会", "委"))
    return keys


def same_issuer(short: str, issuer: str) -> bool:
    """Does `short` (卫健委, 银保监会, 生态环境部…) name one of `issuer`'s bodies?

    Known short names are compared exactly (保监会 is not 银保监会); an unknown short name
    matches when its characters abbreviate one of the full names.
    """
    short = short.removeprefix("中华人民共和国")
    if issuer_keys(short) & issuer_keys(issuer):
        return True
    if short in ISSUER_ALIASES or short in ISSUER_ALIASES.values() or len(short) > 6:
        return False
    return any(
        abbreviates(short, name.removeprefix("中华人民共和国"))
        for name in re.split(r"[、\s]+", issuer)
        if name
    )
