"""Structured sources into the split/structure stages, and their fields onto the documents.

A reader's paragraphs are cleaned like any gazette line (widths, controls, letter-spacing),
its furniture dropped and its head taken off into fields; the body then goes through
`split` (which finds the texts a notice issues) and `structure`; last, what the source
states — title, 文号, issuers, dates — replaces what was guessed from the text.
"""

from __future__ import annotations

import re

from corpus.clean import Line, em_width, normalize_line
from corpus.dates import line_date
from corpus.formats.base import DocMeta, SourceDoc
from corpus.formats.furniture import is_furniture
from corpus.formats.head import take_head
from corpus.formats.notes import is_history_note, read_note
from corpus.model import Document
from corpus.normalize import normalize_doc_number
from corpus.reflow import DATE_LINE, RawParagraph
from corpus.split import DocPart, link_parents, split
from corpus.structure import document_kind

_ORG = re.compile(r"(?:部|委|委员会|厅|局|署|办|院|行|会|政府|中心|办公室|室|组|公司|总局|银行)$")


def paragraph(text: str, no: int) -> RawParagraph:
    """A ready paragraph as the one-line RawParagraph split and structure expect."""
    line = Line(no=no, text=text, width=em_width(text))
    return RawParagraph(text=text, lines=[line])


_SPACES = re.compile(r"[\u2002-\u200a\u202f\u205f]")
_ITEM_POINT = re.compile(r"^([\s\u3000]*\d{1,2})\.(?=[\u4e00-\u9fff（(])")
_PART = re.compile(
    r"^(?P<mark>第[一二三四五六七八九十百零〇\d]+[编章节])"
    r"(?:[ \u3000]+(?P<name>\S.*)|(?P<glued>[\u4e00-\u9fff][^。，；：\s]{0,14}))$"
)


_ASCII_AFTER_HAN = re.compile(r"[\u4e00-\u9fff][,;:](?!//)")
_FULL_AFTER_HAN = re.compile(r"[\u4e00-\u9fff][，；：]")


def _ascii_punctuated(paras: list[str]) -> bool:
    """Does this copy write `,` `;` `:` after Chinese where print has `，` `；` `：`? A page is
    short, so a few are enough when they outnumber the Chinese ones."""
    text = "\n".join(paras)
    ascii_n = len(_ASCII_AFTER_HAN.findall(text))
    return ascii_n >= 3 and ascii_n > 2 * len(_FULL_AFTER_HAN.findall(text))


def _part_heading(text: str) -> str:
    """`第一章 总  则` → `第一章　总则`: the gap after a 编/章/节 mark is the ideographic space
    the printed page sets, and a name spaced out a character at a time is one word."""
    m = _PART.match(text.strip(" \u3000"))
    if not m or len(m["name"] or m["glued"]) > 40:
        return text
    if m["glued"]:  # `第一章总则`: the page dropped the gap
        return f"{m['mark']}\u3000{m['glued']}"
    words = m["name"].split()
    name = "".join(words) if all(len(w) == 1 for w in words) else m["name"]
    return f"{m['mark']}\u3000{name}"


def clean_paragraphs(paras: list[str]) -> list[str]:
    """Per-line repairs of the clean stage, furniture and empty lines dropped."""
    out: list[str] = []
    ascii_punct = _ascii_punctuated(paras)  # a copy that turned ，：（ into ,:(
    for p in paras:
        p = _SPACES.sub("\u3000", p)  # EM SPACE (&emsp;) and kin indent like the 全角 space
        if not p.strip(" \u3000\t\u00a0") or is_furniture(p):
            continue
        if ascii_punct:  # `1.加快…` numbers an item: its point is no sentence end
            p = _ITEM_POINT.sub("\\1．", p)
        text = normalize_line(_part_heading(p), ascii_punct).strip(" \u3000")
        if text:
            out.append(text)
    return out


def source_parts(doc: SourceDoc, first_no: int = 1) -> tuple[list[DocPart], DocMeta]:
    """One source document → its parts (itself first, then what it issues) and its fields."""
    paras = clean_paragraphs(doc.paragraphs)
    text_meta, body = take_head(paras, doc.meta)
    k = 0
    while k < len(body) and k < 4 and is_history_note(body[k]):
        text_meta = text_meta.merged(read_note(body[k]))  # `…通过` then `…施行`: both
        k += 1
    if k and k < len(body):
        # under its 题注 a text may print its title (and 文号) once more: the head again
        again, rest = take_head(body[k:], DocMeta(title=doc.meta.title or text_meta.title))
        if len(rest) < len(body) - k:
            text_meta = text_meta.merged(again)
            body = body[:k] + rest
    meta = doc.meta.merged(text_meta)
    raws = [paragraph(t, first_no + len(paras) - len(body) + i) for i, t in enumerate(body)]
    parts = _notes_stay(split(raws) if raws else [])
    if parts and parts[0].anchor == "fragment":
        parts[0].body = parts[0].head + parts[0].body  # no head of its own: all body
    else:
        parts.insert(0, DocPart(anchor="fragment"))
    head: list[RawParagraph] = []
    if meta.title:
        head.append(paragraph(meta.title, first_no))
    number = normalize_doc_number(meta.doc_number) if meta.doc_number else ""
    if number:
        head.append(paragraph(number, first_no))
        parts[0].anchor = "number"
    parts[0].head = head
    link_parents(parts)
    return cut_attachments(parts), meta


_LONE_ATTACHMENT = re.compile(r"^附件\s*\d{0,2}$")
_NAMED = re.compile(r"《([^》]{4,80})》")
_END = re.compile(r"[。；！？：]$|^\d{4}年\d{1,2}月\d{1,2}日$")


def _key(text: str) -> str:
    return re.sub(r"[\s\u3000《》〈〉（）()\-—–]", "", text)


_NOTE = re.compile(r"^（[^（）]{1,12}）$")


def _after_signature(body: list[RawParagraph], j: int) -> bool:
    """Does body[j] come right after a signature date in Chinese numerals (and a bracketed
    editorial note such as `（本文有删减）`)? Split already cuts after Arabic-numeral dates."""
    i = j - 1
    if i > 0 and _NOTE.match(body[i].text):
        i -= 1
    text = body[i].text if i >= 0 else ""
    return bool(line_date(text)) and not DATE_LINE.match(text)


def _notes_stay(parts: list[DocPart]) -> list[DocPart]:
    """A bracketed editorial note under a signature (`（本文有删减）`) ends the text it follows;
    it is no title of a next one."""
    from corpus.split import is_title_like

    out: list[DocPart] = []
    for part in parts:
        while out and part.head and _NOTE.match(part.head[0].text):
            out[-1].body.append(part.head.pop(0))
            if not part.head:
                while part.body and is_title_like(part.body[0]) and len(part.head) < 3:
                    part.head.append(part.body.pop(0))
        if out and not part.head and not part.body:
            continue
        out.append(part)
    return out


def cut_attachments(parts: list[DocPart]) -> list[DocPart]:
    """Cut off texts a source runs on without a signature between them.

    Two marks are general: a lone `附件` line over a title (the attachment of the text it
    follows), and a title line that the notice names in 《》 after a sentence's end (the
    second text a notice 印发, printed straight after the first).
    """
    from corpus.split import is_title_like

    named = {_key(m) for p in parts[0].body for m in _NAMED.findall(p.text)} if parts else set()
    out: list[DocPart] = []
    for k, part in enumerate(parts):
        owner = len(out)
        out.append(part)
        body = part.body
        j = 1
        cut_from = None
        pieces: list[tuple[int, int, int, str]] = []  # (head start, head end, parent, mark)
        while j < len(body) - 1:
            t, nxt = body[j].text, body[j + 1]
            prev = body[j - 1].text
            if _LONE_ATTACHMENT.match(t) and is_title_like(nxt):
                h = j + 1
                while h < len(body) and h - j <= 3 and is_title_like(body[h]):
                    h += 1  # a title set over several lines
                parent = owner + len(pieces) if pieces and pieces[-1][3] == "named" else owner
                pieces.append((j + 1, h, parent, "lone"))
                j = h
                continue
            if _after_signature(body, j) and is_title_like(body[j]) and not _NOTE.match(t):
                h = j
                while h < len(body) and h - j < 3 and is_title_like(body[h]):
                    h += 1
                if h < len(body) and not _LONE_ATTACHMENT.match(body[h].text):
                    pieces.append((j, h, owner, "signed"))
                    j = h
                    continue
            if k > 0 and _key(t) in named and is_title_like(body[j]) and _END.search(prev):
                pieces.append((j, j + 1, part.parent if part.parent is not None else 0, "named"))
                j += 1
                continue
            j += 1
        if not pieces:
            continue
        cut_from = pieces[0][0] - (1 if pieces[0][3] == "lone" else 0)
        for n, (start, head_end, parent, _how) in enumerate(pieces):
            nxt_start = len(body)
            if n + 1 < len(pieces):
                nxt_start = pieces[n + 1][0] - (1 if pieces[n + 1][3] == "lone" else 0)
            new = DocPart(
                anchor="attached", head=body[start:head_end], body=body[head_end:nxt_start]
            )
            new.parent = parent
            out.append(new)
        part.body = body[:cut_from]
    return out


def overlay(docs: list[Document], root: int, meta: DocMeta, signature: list[str]) -> None:
    """The source's fields onto the document at `root` (and what its children inherit)."""
    doc = docs[root]
    guessed = (doc.issuer, doc.date)
    if meta.title:
        doc.title = meta.title
        doc.kind = doc.kind or document_kind(doc.title, "")  # structure saw no title line
    if meta.doc_number:
        doc.doc_number = normalize_doc_number(meta.doc_number) or meta.doc_number
    issuers = _refine_issuers(
        meta.issuers or _title_issuers(doc.title), signature or _signature(doc)
    )
    if issuers:
        doc.issuers = issuers
        doc.issuer = "、".join(issuers)
    elif doc.issuer:
        doc.issuers = [doc.issuer]
    if meta.date:
        doc.date = meta.date
    doc.promulgated = meta.promulgated or doc.promulgated
    doc.effective = meta.effective or doc.effective
    doc.source_status = meta.status or doc.source_status
    doc.source_level = meta.level or doc.source_level
    family = {doc.id}
    for child in docs:  # parts come in order: a child follows its parent
        if child.parent in family:
            family.add(child.id)
            child.title = _ATTACHMENT_LABEL.sub("", child.title) or child.title
            if not child.issuer or child.issuer == guessed[0]:
                child.issuer, child.issuers = doc.issuer, list(doc.issuers)
            if not child.date or child.date == guessed[1]:
                child.date = doc.date


_TITLE_ISSUER = re.compile(r"^(?P<issuers>.+?)(?:关于|印发|转发|对)")


def _title_issuers(title: str) -> list[str]:
    """`包头市人民政府办公室关于印发…` → the body (or bodies, `、`-joined) the title opens with."""
    m = _TITLE_ISSUER.match(title)
    if not m:
        return []
    names = [x for x in re.split(r"[、\s\u3000]+", m["issuers"]) if x]
    return names if names and all(_ORG.search(x) for x in names) else []


_ATTACHMENT_LABEL = re.compile(r"^附件(?:\s*\d{1,2}(?![\d年]))?\s*[:：．.]?\s*(?=\S)")


def _signature(doc: Document) -> list[str]:
    """The issuing bodies signed at the foot (the lines over the first date line)."""
    out: list[str] = []
    for i, p in enumerate(doc.paragraphs):
        if p.kind == "date" and DATE_LINE.match(p.text):
            j = i - 1
            while (
                j >= 0
                and doc.paragraphs[j].kind == "signature"
                and _ORG.search(doc.paragraphs[j].text)
            ):
                out.insert(0, doc.paragraphs[j].text)
                j -= 1
            if out:
                return out
    return out


def _refine_issuers(stated: list[str], signed: list[str]) -> list[str]:
    """The stated issuers, in the signature's fuller form where it names the same bodies.

    A masthead prints `发展改革委办公厅`, the signature `国家发展改革委办公厅`; a front matter says
    `生态环境部等` where the signature lists every body.
    """
    signed = [s for s in signed if _ORG.search(s)]
    if not stated:
        return signed
    if signed and len(signed) >= len(stated):
        if all(any(_names_same(s, x) for s in signed) for x in stated):
            return signed
    return stated


def _names_same(full: str, short: str) -> bool:
    """`国家发展改革委办公厅` / `发展改革委办公厅`, `丽水市人民政府` / `市政府`: one body, two spellings."""
    if full.endswith(short) or short.endswith(full):
        return True
    it = iter(full)
    return len(short) >= 3 and short[-1] == full[-1] and all(ch in it for ch in short)


Root = tuple[int, DocMeta, list[str]]  # (index of a source document's part, its fields, signature)


def structured_parts(sources: list[SourceDoc]) -> tuple[list[DocPart], list[Root]]:
    """Every source document's parts in one list (parents re-indexed), and where each starts."""
    parts: list[DocPart] = []
    roots: list[Root] = []
    no = 1
    for src in sources:
        own, meta = source_parts(src, no)
        base = len(parts)
        for part in own:
            if part.parent is not None:
                part.parent += base
        if src.parent is not None and src.parent < len(roots):
            own[0].anchor = "attached"
            own[0].parent = roots[src.parent][0]
        roots.append((base, meta, src.signature))
        parts.extend(own)
        no += len(src.paragraphs) + 1
    return parts, roots


def apply_fields(docs: list[Document], roots: list[Root]) -> None:
    """Each source document's stated fields onto its document (see `overlay`)."""
    for index, meta, signature in roots:
        overlay(docs, index, meta, signature)
    for d in docs:
        drop_contents(d)
        nest_under_chapters(d)
        _date_from_signature(d)
        for p in d.paragraphs[:4]:  # the 题注 lines under the title
            if not is_history_note(p.text):
                break
            p.kind, p.level = "note", 0
    for d in docs:
        if not d.issuers and d.issuer:
            d.issuers = [x for x in d.issuer.split("、") if x]


_PART_MARK = re.compile(r"^第[一二三四五六七八九十百零〇\d]+[编章节]")
_ARTICLE_MARK = re.compile(r"^第[一二三四五六七八九十百零〇\d]+条")


def nest_under_chapters(doc: Document) -> None:
    """Rules numbered 一、二、 inside chapters (`第一章 总则` / `一、根据…`) stand where 条 would:
    under their chapter, not beside it. Without 条, every heading after the first chapter
    that is no 编/章/节 goes two levels down (一、 to the articles' level, （一） below it)."""
    outline = doc.outline
    first = next((k for k, h in enumerate(outline) if _PART_MARK.match(h.text)), -1)
    if first < 0 or any(_ARTICLE_MARK.match(h.text) for h in outline):
        return
    for h in outline[first + 1 :]:
        if not _PART_MARK.match(h.text) and h.level <= 2:
            h.level += 2
            if 0 <= h.para < len(doc.paragraphs):
                doc.paragraphs[h.para].level = h.level


_CONTENTS = re.compile(r"^目[\s\u3000]*录$")


def drop_contents(doc: Document) -> None:
    """A 目录 block lists headings that follow: its lines are no outline entries."""
    start = next((i for i, p in enumerate(doc.paragraphs) if _CONTENTS.match(p.text)), -1)
    if start < 0:
        return
    seen: set[str] = set()
    end = start + 1
    while end < len(doc.paragraphs) and doc.paragraphs[end].kind == "heading":
        text = doc.paragraphs[end].text
        if text in seen or sum(1 for p in doc.paragraphs if p.text == text) < 2:
            break  # the block ends where its first entry comes again, as a real heading
        seen.add(text)
        end += 1
    if end == start + 1:
        return
    for p in doc.paragraphs[start:end]:
        p.kind, p.level = "note", 0
    doc.outline = [h for h in doc.outline if not start <= h.para < end]


def _date_from_signature(doc: Document) -> None:
    """The date the document is signed with wins over a site's table and over inheritance.

    A date-only line among the last few paragraphs (in Arabic or Chinese numerals) is the
    signature date; an attached report keeps its own (`国土资源部 二〇〇四年十月十日`), and
    its issuer is the body signed over it where the issuer was only inherited.
    """
    paras = doc.paragraphs
    for i in range(len(paras) - 1, max(-1, len(paras) - 5), -1):
        date = line_date(paras[i].text)
        if not date:
            continue
        doc.date = date
        paras[i].kind = "date"
        if doc.parent is not None and i > 0:
            lines = [p.text for p in paras[max(0, i - 2) : i]]
            if lines and _ORG.search(lines[-1]) and len(lines[-1]) <= 30 and "。" not in lines[-1]:
                name = lines[-1]
                if (
                    len(lines) == 2
                    and len(lines[0]) <= 20
                    and not re.search(r"[。；，：、）]$|^\d", lines[0])
                    and not _ORG.search(lines[0])
                ):
                    name = lines[0] + name
                if name != doc.issuer:
                    doc.issuer, doc.issuers = name, [name]
        return
