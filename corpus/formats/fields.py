"""Metadata labels as sites and databases print them, and how each becomes a field.

gov.cn's 政策文件库 table (索引号 主题分类 发文机关 成文日期 标题 发文字号 发布日期), the 基本信息
tables of provincial and city sites (文号 发布机构 成文日期 …), 北大法宝's 【发布部门】【发文字号】
【发布日期】【实施日期】【时效性】, Markdown front matter (title, office, publish, status …):
all name the same few fields in different words.
"""

from __future__ import annotations

import datetime as dt
import re

from corpus.formats.base import DocMeta

#: label (spaces and colons removed) → DocMeta field
LABELS = {
    "标题": "title",
    "名称": "title",
    "文件名称": "title",
    "title": "title",
    "发文字号": "doc_number",
    "文号": "doc_number",
    "发文文号": "doc_number",
    "doc_number": "doc_number",
    "number": "doc_number",
    "发文机关": "issuers",
    "发布机构": "issuers",
    "发布部门": "issuers",
    "发文单位": "issuers",
    "制定机关": "issuers",
    "office": "issuers",
    "issuer": "issuers",
    "author": "issuers",
    "成文日期": "date",
    "发文日期": "date",
    "date": "date",
    "发布日期": "promulgated",
    "公布日期": "promulgated",
    "publish": "promulgated",
    "实施日期": "effective",
    "施行日期": "effective",
    "生效日期": "effective",
    "expiry": "",
    "effective": "effective",
    "时效性": "status",
    "发布机关": "issuers",
    "发文机构": "issuers",
    "公布机关": "issuers",
    "有效性": "status",
    "status": "status",
    "时效状态": "status",
    "效力级别": "level",
    "效力位阶": "level",
    "法律效力位阶": "level",
    "法律性质": "level",
    "level": "level",
    # front matter as Markdown collections spell it (snake_case and camelCase)
    "policy_name": "title",
    "file_number": "doc_number",
    "document_no": "doc_number",
    "document_number": "doc_number",
    "documentnumber": "doc_number",
    "publishing_agency": "issuers",
    "issuing_authority": "issuers",
    "issuingauthority": "issuers",
    "publish_date": "promulgated",
    "publishing_date": "promulgated",
    "announced": "promulgated",
    "issuedate": "promulgated",
    "effective_date": "effective",
    "effectivedate": "effective",
    "legal_level": "level",
    "legal_status": "status",
}

_DATE = re.compile(r"(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})")
#: What a site puts where the issuer belongs that is no issuing body (`县政府网站`).
_NO_BODY = re.compile(r"(?:网站|网|平台|系统|门户|本站|本网)$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")  # publishing_date: 20241225


def label_key(label: str) -> str:
    """`标　　题：` → `标题`; `索 引 号` → `索引号`."""
    return re.sub(r"[\s\u3000:：【】\*]+", "", label).strip()


def iso(value: object) -> str:
    """A date in any common form (2018年12月21日, 2018-12-21, a YAML date) → ISO, else ""."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    m = _DATE.search(str(value)) or _COMPACT.match(str(value).strip())
    if not m:
        return ""
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def split_issuers(value: str) -> list[str]:
    """`国务院办公厅、中央军委办公厅` → both, lead first; `生态环境部等` names only the lead."""
    parts = [p.strip() for p in re.split(r"[、，,;；\s\u3000]+", value) if p.strip()]
    return [re.sub(r"等$", "", p) for p in parts if p != "等"]


def apply(meta: DocMeta, label: str, value: object) -> bool:
    """Set the field `label` names from `value`; False for labels that are no field."""
    key = LABELS.get(label_key(label)) or LABELS.get(label_key(label).lower())
    if not key or value is None:
        return False
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    if key in ("date", "promulgated", "effective"):
        date = iso(value)
        if date and not getattr(meta, key):
            setattr(meta, key, date)
        return True
    if not text:
        return True
    if key == "issuers":
        names = [x for x in split_issuers(text) if not _NO_BODY.search(x)]
        if not meta.issuers and names:
            meta.issuers = names
    elif key == "title":
        if not meta.title:
            meta.title = re.sub(r"\s+", "", text)
    elif key == "doc_number":
        if not meta.doc_number and re.search(r"\d", text):
            meta.doc_number = re.sub(r"\s+", "", text)
    elif not getattr(meta, key):
        setattr(meta, key, text)
    return True


def is_label(text: str) -> bool:
    """Is this cell a metadata label (any we know, or 索引号/主题分类/公开方式 we drop)?"""
    key = label_key(text)
    return key in LABELS or key in _OTHER_LABELS


_OTHER_LABELS = {
    "索引号",
    "主题分类",
    "组配分类",
    "公开方式",
    "主题词",
    "信息来源",
    "发布时间",
    "浏览次数",
    "公开范围",
    "体裁分类",
    "分类",
    "法宝引证码",
    "类别",
    "来源",
    "有效期",
    "检索关键词",
    "关键词",
    "题注",
    "统一编号",
    "公开时限",
    "内容概述",
    "摘要",
    "生成日期",
    "所属机构",
}
