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
    r"|[您你]?(?:当前|现在)?(?:所在|所处)?的?位置\s*[:：].*"  # breadcrumbs
    r"|返回顶部|返回首页|\[?打印本页\]?|\[?关闭窗口\]?"
    r"|下载地址\s*[:：].*|点击此处下载|来源\s*[:：]\s*\S{1,30}|分享到\s*[:：]?"
    r"|\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"  # a bare timestamp
    r"|归档时间[:：].*|浏览(?:量|数)\s*[:：].*|访问(?:量|次数)[:：].*|视力保护色[:：]?.*"
    r"|(?:来源|作者)\s*[:：][^。]{0,40}(?:日期|时间)\s*[:：].*"  # 来源:…网 日期:2017-01-12 17:08
    r"|(?:发布|更新)?(?:日期|时间)\s*[:：]\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r")$"
)


#: A bar of links: short items between `|` (`收藏本站| 设为首页| 首页`).
_LINK_BAR = re.compile(r"^[^|。，；：！？]{1,10}(?:\s*\|\s*[^|。，；：！？]{1,10}){2,}\|?$")
_BULLET = re.compile(r"^[•·▪◆●■]\s*")


def is_furniture(text: str) -> bool:
    """Is this whole line a site's or database's furniture rather than document text?"""
    t = _BULLET.sub("", text.strip(" \u3000\t"))
    return bool(FURNITURE.match(t) or _LINK_BAR.match(t))
