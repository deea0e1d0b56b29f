"""The contents tree: issue → section → document → attached documents → outline headings.

Documents get their children (attached texts and outline headings) only when first
expanded, so the tree builds in a few milliseconds however large the corpus. Labels are
`Text` objects: a title is never parsed as markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from corpus.api import Document, Issue
from tui.bindings import bindings_for
from tui.cjk_wrap import cell_width
from tui.layout import safe

MARK = "» "
_OPENERS = "《〔（([【〈“"
_CLOSERS = "》〕）)]】〉”"


def tree_title(doc: Document) -> str:
    """A title as the tree shows it: without the issuer and 关于 it starts with, which every
    sibling shares (国务院办公厅关于印发…的通知 → 印发…的通知), so a narrow tree still tells
    documents apart. The reader and every export keep the full title."""
    title = doc.title
    if doc.kind == "令":  # the number first: 第6号 国家卫生健康委员会令, 第7号 …
        name = title.replace("中华人民共和国", "")
        number = doc.doc_number.strip()
        if number and number in name:
            name = name.replace(number, "").replace("（）", "").replace("()", "").strip()
            return f"{number} {name}"
        return name
    for issuer in sorted({doc.issuer, *doc.issuer.split("、")} - {""}, key=len, reverse=True):
        if title.startswith(issuer) and len(title) > len(issuer) + 4:
            rest = title[len(issuer) :].lstrip(" \u3000")
            return rest[2:] if rest.startswith("关于") and len(rest) > 6 else rest
    return title


def clip(text: str, width: int) -> str:
    """`text` cut to `width` cells, with `…` where it was cut (no bracket rule)."""
    if cell_width(text) <= width:
        return text
    out = ""
    for ch in text:
        if cell_width(out + ch) > width - 1:
            break
        out += ch
    return out + "…"


def ellipsize(text: str, width: int) -> str:
    """`text` cut to `width` cells with `…`, never inside a bracket: 国办发〔2017〕6号 is
    shown whole or not at all, and 《…》 is never left open."""
    if cell_width(text) <= width:
        return text
    room = max(0, width - 1)
    kept = ""
    for ch in text:
        if cell_width(kept + ch) > room:
            break
        kept += ch
    depth, cut = 0, len(kept)
    for i, ch in enumerate(kept):
        if ch in _OPENERS:
            if depth == 0:
                cut = i
            depth += 1
        elif ch in _CLOSERS and depth:
            depth -= 1
    if depth:
        kept = kept[:cut]
    return kept.rstrip() + "…"


@dataclass
class Entry:
    """What a tree node stands for."""

    kind: str  # issue, section, doc, heading
    ref: str  # issue id, section name, or document id
    para: int = -1
    text: str = ""
    loaded: bool = False


Node = TreeNode[Entry]


class DocTree(Tree[Entry]):
    """The table of contents of the whole corpus."""

    BINDINGS = bindings_for("tree")

    DEFAULT_CSS = """
    DocTree { background: $surface; scrollbar-size-vertical: 1; overflow-x: hidden; }
    DocTree > .tree--cursor { text-style: bold; }
    """

    class OpenDocument(Message):
        """Open a document, at a heading's paragraph if `para` is not None."""

        def __init__(self, doc_id: str, para: int | None = None) -> None:
            super().__init__()
            self.doc_id = doc_id
            self.para = para

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("gongbao", id=id)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self._docs: dict[str, Document] = {}
        self._doc_nodes: dict[str, Node] = {}
        self._heading_nodes: dict[tuple[str, int], Node] = {}
        self._marked: Node | None = None
        self._revealed: tuple[str, int | None] | None = None
        self._kids: dict[str, list[str]] = {}
        self._cut_width = -1

    def render_label(self, node: Node, base_style: Style, style: Style) -> Text:
        """The label cut with `…` to the width left after the guides (Textual would crop it
        mid-character, or mid-bracket)."""
        text = super().render_label(node, base_style, style)
        width = self.scrollable_content_region.width
        if width <= 0:
            return text
        depth, up = 0, node.parent
        while up is not None and up is not self.root:
            depth += 1
            up = up.parent
        room = max(4, width - depth * self.guide_depth)
        if text.cell_len <= room:
            return text
        plain = text.plain
        short = ellipsize(plain, room)
        out = text[: len(short) - 1]
        out.append("…", style=style)
        return out

    def on_resize(self, event: events.Resize) -> None:
        """Re-cut the labels when the width changes — only then: a Resize also comes when
        the lines (the virtual size) change, and re-cutting on that would never settle."""
        if event.size.width != self._cut_width:
            self._cut_width = event.size.width
            self._invalidate()

    def process_label(self, label: str | Text) -> Text:
        """Labels are plain text, always: never markup."""
        text = label if isinstance(label, Text) else Text(safe(str(label)))
        return text.split()[0] if "\n" in text.plain else text

    # -- building ----------------------------------------------------------------------------
    def populate(self, issues: list[Issue], docs: list[Document]) -> None:
        """Issues and their sections and top-level documents; the rest comes on expand."""
        self.clear()
        self._docs = {d.id: d for d in docs}
        self._kids = {}
        for d in docs:  # parent → children, once: not a scan of every document per document
            if d.parent and d.parent != d.id:
                self._kids.setdefault(d.parent, []).append(d.id)
        by_issue: dict[str, list[Document]] = {}
        for d in docs:
            by_issue.setdefault(d.issue, []).append(d)
        self._doc_nodes.clear()
        self._heading_nodes.clear()
        self._marked = None
        self._revealed = None
        for issue in issues:
            inode = self.root.add(Text(safe(issue.name), style="bold"), Entry("issue", issue.id))
            in_issue = by_issue.get(issue.id, [])
            sections = list(issue.sections) or []
            for d in in_issue:
                if d.section not in sections:
                    sections.append(d.section)
            for section in sections:
                top = [
                    d
                    for d in in_issue
                    if d.section == section and not (d.parent and d.parent in self._docs)
                ]
                if not top:
                    continue
                if not section and not issue.sections:
                    snode = inode  # a collection has no sections: its documents sit under it
                else:
                    label = Text(safe(section or "（未分栏）"), style="italic")
                    snode = inode.add(label, Entry("section", section))
                for d in top:
                    self._add_doc(snode, d)
        if len(issues) == 1:
            self.root.children[0].expand()

    def _add_doc(self, parent: Node, doc: Document) -> Node:
        has_children = bool(doc.outline or doc.children or self._attached(doc))
        label = Text(safe(tree_title(doc)))
        node = parent.add(label, Entry("doc", doc.id), allow_expand=has_children)
        self._doc_nodes[doc.id] = node
        return node

    def _attached(self, doc: Document) -> list[Document]:
        ids = list(doc.children)
        ids += [i for i in self._kids.get(doc.id, []) if i not in ids]
        return [self._docs[i] for i in ids if i in self._docs and i != doc.id]

    def _load(self, node: Node) -> None:
        """Attached documents, then the outline, nested by heading level."""
        entry = node.data
        if entry is None or entry.kind != "doc" or entry.loaded:
            return
        entry.loaded = True
        doc = self._docs[entry.ref]
        for child in self._attached(doc):
            if child.id not in self._doc_nodes:
                self._add_doc(node, child)
        stack: list[tuple[int, Node]] = []
        added: list[Node] = []
        for h in doc.outline:
            while stack and stack[-1][0] >= h.level:
                stack.pop()
            parent = stack[-1][1] if stack else node
            text = safe(h.text)
            hnode = parent.add(
                Text(text), Entry("heading", doc.id, h.para, text), allow_expand=False
            )
            stack.append((h.level, hnode))
            added.append(hnode)
            self._heading_nodes[(doc.id, h.para)] = hnode
        for hnode in added:  # a heading with sub-headings can be expanded
            hnode.allow_expand = bool(hnode.children)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded[Entry]) -> None:
        self._load(event.node)

    # -- actions -----------------------------------------------------------------------------
    def on_tree_node_selected(self, event: Tree.NodeSelected[Entry]) -> None:
        event.stop()
        entry = event.node.data
        if entry is None:
            return
        if entry.kind == "doc":
            self.post_message(self.OpenDocument(entry.ref))
        elif entry.kind == "heading":
            self.post_message(self.OpenDocument(entry.ref, entry.para))
        else:
            event.node.toggle()

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_cursor_top(self) -> None:
        self.move_cursor_to_line(0) if self.last_line >= 0 else None

    def action_cursor_bottom(self) -> None:
        self.move_cursor_to_line(self.last_line) if self.last_line >= 0 else None

    # -- following the reader ----------------------------------------------------------------
    def reveal(self, doc_id: str, heading_para: int | None, move_cursor: bool = True) -> None:
        """Show where the reader is: expand down to the document, mark the heading being
        read, and (unless the tree is in use) put the cursor on it. Called on every scroll
        that changes the paragraph on top, so it does nothing unless the heading changed."""
        if (doc_id, heading_para) == self._revealed and move_cursor:
            return
        if move_cursor:
            left = self._revealed[0] if self._revealed else None
            self._revealed = (doc_id, heading_para)
            if left is not None and left != doc_id:
                self._collapse_left(left, doc_id)
        node = self._doc_nodes.get(doc_id)
        if node is None:
            doc = self._docs.get(doc_id)
            if doc is None or not doc.parent:
                return
            self.reveal(doc.parent, None, move_cursor=False)
            parent = self._doc_nodes.get(doc.parent)
            if parent is not None:
                self._load(parent)
            node = self._doc_nodes.get(doc_id)
            if node is None:
                return
        ancestor = node.parent
        while ancestor is not None and ancestor is not self.root:
            if not ancestor.is_expanded:
                ancestor.expand()
            ancestor = ancestor.parent
        self._load(node)
        if node.children and not node.is_expanded:
            node.expand()
        target = node
        if heading_para is not None:
            hnode = self._heading_nodes.get((doc_id, heading_para))
            if hnode is not None:
                up = hnode.parent
                while up is not None and up is not node:
                    if not up.is_expanded:
                        up.expand()
                    up = up.parent
                target = hnode
        self._mark(target if target is not node else None)
        if move_cursor and not self.has_focus:
            self.call_after_refresh(self._cursor_to, target)

    def _collapse_left(self, old: str, new: str) -> None:
        """Fold the branch of the document the reader left, up to where it meets the branch
        of the new one, so the tree does not keep every visited document open."""
        node = self._doc_nodes.get(old)
        target = self._doc_nodes.get(new)
        keep: set[int] = set()
        up = target
        while up is not None:
            keep.add(id(up))
            up = up.parent
        while node is not None and node is not self.root and id(node) not in keep:
            entry = node.data
            if entry is None or entry.kind not in ("doc", "heading"):
                break
            if node.is_expanded:
                node.collapse()
            node = node.parent

    def _cursor_to(self, node: Node) -> None:
        if node.tree is self and node.line >= 0:
            self.move_cursor(node)

    def _mark(self, node: Node | None) -> None:
        if node is self._marked:
            return
        if self._marked is not None and self._marked.data is not None:
            self._marked.set_label(Text(self._marked.data.text))
        if node is not None and node.data is not None:
            node.set_label(Text.assemble((MARK, "bold"), (node.data.text, "bold")))
        self._marked = node

    def marked_heading(self) -> int | None:
        """The paragraph of the heading marked as being read (for tests)."""
        return self._marked.data.para if self._marked and self._marked.data else None
