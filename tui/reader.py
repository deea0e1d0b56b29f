"""The reader: a line-API widget that lays out and draws one document.

It wraps Chinese itself (`tui.cjk_wrap`), keeps the wrapped lines and the drawn strips in
memory, and draws only the rows on screen, so a 100,000-character document opens and pages
at once. Document text only ever reaches the terminal as `Segment`s of sanitised text,
never as markup. Highlights (search and find matches) and links (citations) are generic
spans of (paragraph, start, end), the same offsets the corpus uses.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from corpus.api import Document, fold_width
from tui.bindings import bindings_for
from tui.layout import Block, Layout, document_blocks

MARGIN = 1  # cells left blank at each side of the text


#: Drawn lines kept for redrawing: a few screens' worth.
CACHED_LINES = 512


@dataclass(frozen=True, order=True)
class Span:
    """A highlighted or linked stretch of a paragraph; `target` is a document id for links."""

    para: int
    start: int
    end: int
    target: str | None = None
    text: str = ""


class Reader(ScrollView, can_focus=True):
    """Shows one document: header, then paragraphs laid out as in print."""

    BINDINGS = bindings_for("reader")  # type: ignore[assignment]

    COMPONENT_CLASSES = {
        "reader--title",
        "reader--meta",
        "reader--rule",
        "reader--heading-1",
        "reader--heading-2",
        "reader--heading-3",
        "reader--heading-4",
        "reader--label",
        "reader--note",
        "reader--signature",
        "reader--match",
        "reader--match-current",
        "reader--link",
        "reader--link-current",
        "reader--empty",
        "reader--status-ok",
        "reader--status-warn",
        "reader--status-bad",
        "reader--status-unknown",
    }

    DEFAULT_CSS = """
    Reader {
        scrollbar-gutter: stable;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
    }
    Reader > .reader--title { text-style: bold; color: $text-primary; }
    Reader > .reader--meta { color: $text-muted; }
    Reader > .reader--rule { color: $text-muted; }
    Reader > .reader--heading-1 { text-style: bold; color: $text-accent; }
    Reader > .reader--heading-2 { text-style: bold; }
    Reader > .reader--heading-3 { text-style: bold italic; }
    Reader > .reader--heading-4 { text-style: italic; }
    Reader > .reader--label { text-style: bold; }
    Reader > .reader--note { color: $text-muted; }
    Reader > .reader--status-ok { color: $text-success; text-style: bold; }
    Reader > .reader--status-warn { color: $text-warning; text-style: bold; }
    Reader > .reader--status-bad { color: $text-error; text-style: bold; }
    Reader > .reader--status-unknown { color: $text-muted; }
    Reader > .reader--signature { }
    Reader > .reader--match { background: $warning 40%; text-style: underline; }
    Reader > .reader--match-current { text-style: bold reverse; }
    Reader > .reader--link { text-style: underline; color: $text-secondary; }
    Reader > .reader--link-current { text-style: reverse underline; }
    Reader > .reader--empty { color: $text-muted; }
    """

    class Moved(Message):
        """The paragraph at the top of the reader changed (for the tree and status line)."""

        def __init__(self, doc_id: str, para: int) -> None:
            super().__init__()
            self.doc_id = doc_id
            self.para = para

    class LinkActivated(Message):
        """The reader asks to follow a citation link."""

        def __init__(self, span: Span) -> None:
            super().__init__()
            self.span = span

    class FindRequested(Message):
        """The reader asks for the find bar (the screen owns it)."""

    class Status(Message):
        """A short status message to show (match counts, wrap-around)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self._blocks: list[Block] = []
        self._layout: Layout | None = None
        self._cache: dict[int, Strip] = {}
        self._styles: dict[str, Style] = {}
        self._issue_name = ""
        self._pending_anchor: tuple[int, int] | None = None
        self._pending_reveal: tuple[int, int] | None = None
        self._last_para = -2
        self.matches: list[Span] = []
        self.match_index = -1
        self.links: list[Span] = []
        self.link_index = -1
        self.find_query = ""

    # -- loading ---------------------------------------------------------------------------
    def show(
        self,
        doc: Document,
        issue_name: str = "",
        at: tuple[int, int] | None = None,
        matches: list[Span] | None = None,
        links: list[Span] | None = None,
    ) -> None:
        """Lay out `doc` and show it at paragraph/offset `at` (default: the top)."""
        self.document = doc
        self._issue_name = issue_name
        self._blocks = document_blocks(doc, issue_name)
        self.matches = sorted(matches or [])
        self.match_index = -1
        self.links = sorted(links or [])
        self.link_index = -1
        self.find_query = ""
        self._last_para = -2
        self._pending_reveal = None
        self._relayout(at or (-1, 0))

    def set_header_extra(self, blocks: list[Block]) -> None:
        """Put extra header lines (时效性, 沿革) above the rule, keeping the reader's place."""
        if self.document is None or not self._blocks:
            return
        old = {id(b) for b in getattr(self, "_extra", [])}
        self._blocks = [b for b in self._blocks if id(b) not in old]
        rule = next((i for i, b in enumerate(self._blocks) if b.kind == "rule"), len(self._blocks))
        self._extra = list(blocks)
        self._blocks[rule:rule] = self._extra
        anchor = self.position() if self._layout is not None else (-1, 0)
        # The lines go above the text: a match or link on screen (the reader's cursor) may
        # be pushed below the view, so bring it back rather than keep only the top line.
        cursor = self.cursor() if self._layout is not None else anchor
        self._relayout(anchor)
        if cursor != anchor:
            self._reveal(*cursor)

    def set_links(self, links: list[Span]) -> None:
        self.links = sorted(links)
        self.link_index = -1
        self._invalidate()

    def clear(self) -> None:
        self.document = None
        self._blocks = []
        self._layout = None
        self.matches, self.links = [], []
        self._relayout((-1, 0))

    @property
    def layout_(self) -> Layout | None:
        return self._layout

    @property
    def text_width(self) -> int:
        return max(4, self.scrollable_content_region.width - 2 * MARGIN)

    def _relayout(self, anchor: tuple[int, int]) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:  # not laid out yet (or hidden): wait for the first resize
            self._pending_anchor = anchor
            # the previous document's layout would place matches and links wrongly
            self._layout = None
            return
        self._layout = Layout(self._blocks, self.text_width) if self._blocks else None
        self._cache.clear()
        self.virtual_size = Size(width, len(self._layout) if self._layout else 0)
        self._pending_anchor = None
        self.go_to(*anchor)
        if self._pending_reveal is not None:
            para, offset = self._pending_reveal
            self._pending_reveal = None
            self._reveal(para, offset)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        """Re-wrap when the width changes, keeping the same paragraph and offset on top."""
        if self._pending_anchor is not None:
            self._relayout(self._pending_anchor)
        elif self._layout is not None and self._layout.width != self.text_width:
            self._relayout(self.position())
        elif self._layout is None and self._blocks:
            self._relayout((-1, 0))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    def _invalidate(self) -> None:
        self._cache.clear()
        self.refresh()

    # -- positions -------------------------------------------------------------------------
    @property
    def top_line(self) -> int:
        return round(self.scroll_y)

    def position(self) -> tuple[int, int]:
        """(paragraph, offset) at the top of the view; -1 means the header."""
        if self._layout is None:
            return self._pending_anchor or (-1, 0)
        return self._layout.anchor(self.top_line)

    def current_para(self) -> int:
        """The paragraph being read: the first one whose text shows at the top."""
        return self.position()[0]

    def go_to(self, para: int, offset: int = 0, *, center: bool = False) -> None:
        """Scroll so that paragraph `para` at `offset` is on the top line (or centred)."""
        if self._layout is None:
            self._pending_anchor = (para, offset)
            return
        line = 0 if para < 0 else self._layout.line_of(para, offset)
        if center:
            line = max(0, line - self.scrollable_content_region.height // 3)
        self.scroll_to(y=line, animate=False, force=True)
        self._moved()

    def _reveal(self, para: int, offset: int) -> None:
        """Scroll only if that place is off screen, then put it a third of the way down."""
        if self._layout is None:  # hidden or not laid out yet: go there when it is
            self._pending_reveal = (para, offset)
            return
        line = self._layout.line_of(para, offset)
        top = self.top_line
        if not top <= line < top + self.scrollable_content_region.height:
            self.go_to(para, offset, center=True)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._moved()

    def _moved(self) -> None:
        if self.document is None or self._layout is None:
            return
        para = self.current_para()
        if para != self._last_para:
            self._last_para = para
            self.post_message(self.Moved(self.document.id, para))

    # -- drawing ---------------------------------------------------------------------------
    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            # Full (not partial) styles, so that colours with alpha are blended onto the
            # reader's background; the label only adds bold, so it stays partial.
            style = self.get_component_rich_style(name, partial=name == "reader--label")
            self._styles[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        index = self.top_line + y
        if self._layout is None:
            hints = {
                1: " 从左侧目录选择文件，或按 s 搜索。",
                2: " Pick a document, or press s to search.",
            }
            if y in hints and not self._blocks:
                return Strip([Segment(hints[y], base + self._style("reader--empty"))]).crop_extend(
                    0, width, base
                )
            return Strip.blank(width, base)
        if index >= len(self._layout.lines):
            return Strip.blank(width, base)
        strip = self._cache.get(index)
        if strip is None:
            strip = self._render_wrapped(index, base)
            if len(self._cache) >= CACHED_LINES:
                # oldest first: a long read would otherwise keep every line it drew, and
                # each Strip is a score of objects the cyclic collector walks on the loop
                for old in list(self._cache)[: CACHED_LINES // 2]:
                    del self._cache[old]
            self._cache[index] = strip
        return strip.crop_extend(0, width, base)

    def _block_style(self, block: Block) -> Style:
        if block.kind == "heading":
            return self._style(f"reader--heading-{min(4, max(1, block.level or 1))}")
        if block.kind in ("title", "meta", "rule", "note", "signature"):
            return self._style(f"reader--{block.kind}")
        if block.kind.startswith("status:"):
            from tui.analysis_header import STATUS_CLASS

            return self._style(STATUS_CLASS.get(block.kind[7:], "reader--status-unknown"))
        return Style()

    def _render_wrapped(self, index: int, base: Style) -> Strip:
        assert self._layout is not None
        line = self._layout.lines[index]
        block = self._layout.blocks[line.block]
        if block.kind == "rule":
            rule = "─" * max(0, min(self.text_width, 40))
            pad = (self.text_width - len(rule)) // 2 + MARGIN
            # every segment carries a style: NO_COLOR's monochrome filter reads each one's
            return Strip(
                [Segment(" " * pad, base), Segment(rule, base + self._style("reader--rule"))]
            )
        style = base + self._block_style(block)
        text = block.text
        # Style runs: cut the line at every span boundary, then style each piece.
        spans: list[tuple[int, int, Style]] = []
        if block.label and line.start < block.label:
            spans.append((line.start, min(block.label, line.end), self._style("reader--label")))
        if block.para >= 0:
            spans.extend(
                self._spans_on(
                    self.links,
                    "reader--link",
                    "reader--link-current",
                    self.link_index,
                    block.para,
                    line.start,
                    line.end,
                )
            )
            spans.extend(
                self._spans_on(
                    self.matches,
                    "reader--match",
                    "reader--match-current",
                    self.match_index,
                    block.para,
                    line.start,
                    line.end,
                )
            )
        cuts = sorted({line.start, line.end, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
        segments = [Segment(" " * (MARGIN + line.pad), base)]
        for a, b in zip(cuts, cuts[1:], strict=False):
            if b <= a:
                continue
            piece_style = style
            for s, e, st in spans:
                if s <= a and b <= e:
                    piece_style = piece_style + st
            segments.append(Segment(text[a:b], piece_style))
        return Strip(segments)

    def _spans_on(
        self,
        spans: list[Span],
        name: str,
        current_name: str,
        current: int,
        para: int,
        start: int,
        end: int,
    ) -> list[tuple[int, int, Style]]:
        """Spans of `para` that overlap [start, end), clipped, with their styles."""
        out = []
        lo = bisect_left(spans, Span(para, -1, -1))
        for i in range(lo, len(spans)):
            sp = spans[i]
            if sp.para != para or sp.start >= end:
                break
            if sp.end <= start:
                continue
            st = self._style(current_name if i == current else name)
            out.append((max(sp.start, start), min(sp.end, end), st))
        return out

    # -- matches -----------------------------------------------------------------------------
    def set_matches(self, matches: list[Span], *, jump: bool = True) -> None:
        """Highlight `matches`; with `jump`, go to the first one."""
        self.matches = sorted(set(matches))
        self.match_index = -1
        self._invalidate()
        if jump and self.matches:
            self._select_match(0)

    def find(self, query: str) -> int:
        """Highlight every occurrence of `query` (width- and case-folded); go to the first
        one at or after the top of the view. Returns how many there are."""
        self.find_query = query
        doc = self.document
        if doc is None or not query:
            self.set_matches([], jump=False)
            return 0
        needle = fold_width(query).lower()
        found: list[Span] = []
        for i, p in enumerate(doc.paragraphs):
            hay = fold_width(p.text).lower()
            pos = hay.find(needle)
            while pos >= 0:
                found.append(Span(i, pos, pos + len(needle)))
                pos = hay.find(needle, pos + max(1, len(needle)))
        self.set_matches(found, jump=False)
        if found:
            here = self.position()
            idx = bisect_left(self.matches, Span(here[0], here[1], here[1]))
            self._select_match(idx % len(self.matches))
        return len(found)

    def _select_match(self, index: int, note: str = "") -> None:
        self.match_index = index
        m = self.matches[index]
        self._invalidate()
        self._reveal(m.para, m.start)
        self.post_message(self.Status(f"match {index + 1}/{len(self.matches)}{note}"))

    def action_next_match(self) -> None:
        if not self.matches:
            self.post_message(self.Status("no matches: / to find, s to search"))
            return
        if self.match_index < 0:
            here = self.position()
            idx = bisect_left(self.matches, Span(here[0], here[1], here[1]))
        else:
            idx = self.match_index + 1
        note = " (wrapped to top)" if idx >= len(self.matches) else ""
        self._select_match(idx % len(self.matches), note)

    def action_previous_match(self) -> None:
        if not self.matches:
            self.post_message(self.Status("no matches: / to find, s to search"))
            return
        if self.match_index < 0:
            here = self.position()
            idx = bisect_left(self.matches, Span(here[0], here[1], here[1])) - 1
        else:
            idx = self.match_index - 1
        note = " (wrapped to bottom)" if idx < 0 else ""
        self._select_match(idx % len(self.matches), note)

    def clear_matches(self) -> bool:
        """Drop highlights; True if there were any (so Esc can step back one level)."""
        had = bool(self.matches)
        self.matches, self.match_index, self.find_query = [], -1, ""
        if had:
            self._invalidate()
        return had

    # -- links -----------------------------------------------------------------------------
    def _select_link(self, index: int) -> None:
        self.link_index = index
        link = self.links[index]
        self._invalidate()
        self._reveal(link.para, link.start)
        target = "not in the corpus" if link.target is None else "Enter to open"
        self.post_message(self.Status(f"link {index + 1}/{len(self.links)}: {target}"))

    def action_next_link(self) -> None:
        if not self.links:
            self.post_message(self.Status("no citation links in this document"))
            return
        if self.link_index < 0:
            here = self.position()
            idx = bisect_left(self.links, Span(here[0], here[1], here[1]))
        else:
            idx = self.link_index + 1
        self._select_link(idx % len(self.links))

    def action_previous_link(self) -> None:
        if not self.links:
            self.post_message(self.Status("no citation links in this document"))
            return
        idx = self.link_index - 1 if self.link_index >= 0 else len(self.links) - 1
        self._select_link(idx % len(self.links))

    def action_follow_link(self) -> None:
        if 0 <= self.link_index < len(self.links):
            self.post_message(self.LinkActivated(self.links[self.link_index]))
        else:
            self.post_message(self.Status("no link selected: f selects the next one"))

    # -- movement --------------------------------------------------------------------------
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_by(self, lines: int) -> None:
        self.scroll_to(y=max(0, self.scroll_y + lines), animate=False, force=True)

    def action_line_down(self) -> None:
        self._scroll_by(1)

    def action_line_up(self) -> None:
        self._scroll_by(-1)

    def action_page_down(self) -> None:
        self._scroll_by(self._page())

    def action_page_up(self) -> None:
        self._scroll_by(-self._page())

    def action_half_page_down(self) -> None:
        self._scroll_by(max(1, self.scrollable_content_region.height // 2))

    def action_half_page_up(self) -> None:
        self._scroll_by(-max(1, self.scrollable_content_region.height // 2))

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False, force=True)

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False, force=True)

    def heading_paras(self, depth: int | None = None) -> list[int]:
        """Paragraphs of the outline's headings; with `depth`, only those of the document's
        top `depth` levels (1: 一、 …, 2: also （一） …)."""
        doc = self.document
        if doc is None:
            return []
        if doc.outline:
            levels = sorted({h.level for h in doc.outline})
            keep = set(levels[:depth]) if depth else set(levels)
            return sorted(h.para for h in doc.outline if h.level in keep)
        return [i for i, p in enumerate(doc.paragraphs) if p.kind in ("heading", "article")]

    def _next_heading(self, depth: int) -> None:
        paras = self.heading_paras(depth)
        if self._layout is None or not paras:
            self.post_message(self.Status("this document has no headings"))
            return
        top = self.top_line
        for p in paras:
            if self._layout.line_of(p) > top:
                self.go_to(p)
                return
        self.post_message(self.Status("no more headings"))

    def _previous_heading(self, depth: int) -> None:
        paras = self.heading_paras(depth)
        if self._layout is None or not paras:
            self.post_message(self.Status("this document has no headings"))
            return
        top = self.top_line
        earlier = [p for p in paras if self._layout.line_of(p) < top]
        if earlier:
            self.go_to(earlier[-1])
        else:
            self.action_top()

    def action_next_heading(self) -> None:
        self._next_heading(1)

    def action_previous_heading(self) -> None:
        self._previous_heading(1)

    def action_next_subheading(self) -> None:
        self._next_heading(2)

    def action_previous_subheading(self) -> None:
        self._previous_heading(2)

    def cursor(self) -> tuple[int, int]:
        """The reading cursor: the current match or selected link while it is on screen
        (what the reader is looking at), else the place at the top of the view."""
        if self._layout is not None:
            height = self.scrollable_content_region.height
            for spans, index in ((self.matches, self.match_index), (self.links, self.link_index)):
                if 0 <= index < len(spans):
                    sp = spans[index]
                    line = self._layout.line_of(sp.para, sp.start)
                    if self.top_line <= line < self.top_line + max(1, height):
                        return (sp.para, sp.start)
        return self.position()

    def action_find(self) -> None:
        self.post_message(self.FindRequested())

    # -- text for tests and export ----------------------------------------------------------
    def visible_lines(self) -> list[str]:
        """The text of the rows on screen, without styles (what a person sees)."""
        height = self.scrollable_content_region.height
        return [self.line_text(self.top_line + y) for y in range(height)]

    def line_text(self, index: int) -> str:
        if self._layout is None or not 0 <= index < len(self._layout.lines):
            return ""
        line = self._layout.lines[index]
        return self._layout.blocks[line.block].text[line.start : line.end]

    def all_lines(self) -> list[str]:
        return [self.line_text(i) for i in range(len(self._layout or ()))]

    def heading_at(self, para: int) -> int | None:
        """The outline entry (its paragraph) that `para` falls under."""
        paras = self.heading_paras()
        i = bisect_right(paras, para) - 1
        return paras[i] if i >= 0 else None
