"""Site and database furniture that is no part of a document, whatever format carried it.

Government sites and legal databases wrap a document in their own lines: publication
notes (`（此件主动公开）`), links to interpretations (`相关解读：…`, `【一图读懂】`), share and
print buttons, QR-code prompts, database headers (`【法宝引证码】`, `原文链接：`) and crawler
keywords (`**检索关键词**：`). Readers drop them line by line with `is_furniture`.
"""

from __future__ import annotations

import re

FURNITURE = re.compile(
    r"^(?:"
    r"[（(]此件[^）)]{0,10}[）)]"  # （此件主动公开） （此件公开发布）
    r"|相关(?:解读|链接|文件|阅读)[:：].*"
    r"|【(?:一图读懂|图解|解读|政策解读|相关解读|视频解读|打印|关闭|我要纠错)】.*"
    r"|(?:一图读懂|图解)[:：].*"
    r"|扫一扫在手机打开当前页|打印(?:本页)?|关闭(?:窗口)?|收藏|分享到[:：]?.*|字号[:：].*"
    r"|【字体[:：].*】|【?\s*(?:大|中|小)\s*】?\s*【?\s*(?:大|中|小)\s*】?.*字体.*"
    r"|【法宝引证码】.*|原文链接[:：].*|\*{0,2}检索关键词\*{0,2}[:：].*"
    r"|[^\n]{0,200}\.(?:pdf|docx?|xlsx?|wps|ofd|zip|rar|et)"  # a download link's file name
    r"|语言播报|浏览次数[:：].*|信息来源[:：].*|发布时间[:：].*"
    r"|(?:当前位置|您的位置|您现在的位置|当前的位置)\s*[:：].*"  # breadcrumbs
    r"|归档时间[:：].*|浏览(?:量|数)\s*[:：].*|访问(?:量|次数)[:：].*|视力保护色[:：]?.*"
    r"|(?:来源|作者)\s*[:：][^。]{0,40}(?:日期|时间)\s*[:：].*"  # 来源:…网 日期:2017-01-12 17:08
    r"|(?:发布|更新)?(?:日期|时间)\s*[:：]\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r")$"
)


def is_furniture(text: str) -> bool:
    """Is this whole line a site's or database's furniture rather than document text?"""
    return bool(FURNITURE.match(text.strip(" \u3000\t")))
