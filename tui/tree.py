"""The contents tree: (gazette › year ›) issue → section → document → attached documents →
outline headings.

Nothing is created before it is shown: at start the tree holds the top level only (the
issues, or with many issues one shelf per gazette, see `tui.shelves`); a shelf gets its
years or issues, an issue its documents (read then, one issue's worth) and a document its
attached texts and outline when first expanded, or when a reveal passes through them. So
start, expand and reveal each cost one level's worth of nodes at any corpus size. Labels
are `Text` objects: a title is never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

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
from tui.shelves import Shelf, Shelved, arrange

if TYPE_CHECKING:
    from textual.widgets.tree import NodeID

MARK = "» "
#: At most this many entries are created under one node at a time.
PAGE = 500
T = TypeVar("T")

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


class TreeSource(Protocol):
    """What the tree reads from the library: issue metadata at start, one issue's documents
    when that issue is expanded, one document when a reveal needs its place."""

    def issues(self) -> list[Issue]: ...

    def documents(self, issue: str | None = None) -> list[Document]: ...

    def document(self, ref: str) -> Document | None: ...


@dataclass
class Entry:
    """What a tree node stands for."""

    kind: str  # gazette, year, collections (shelves), issue, section, doc, heading
    ref: str  # shelf key, issue id, section name, or document id
    para: int = -1
    text: str = ""
    loaded: bool = False
    shelf: Shelf | None = None


Node = TreeNode[Entry]


@cache
def _open_key() -> str:
    """The key that opens an entry, as the help shows it (a "more" entry names it)."""
    from tui.bindings import keys_for

    row = next((k for k in keys_for("tree") if k.action == "select_cursor"), None)
    return row.shown_keys.split(" / ")[0] if row is not None else "Enter"


def _key(item: object) -> str:
    """What a paged item is known by: a document's or an issue's id."""
    if isinstance(item, Document):
        return f"d:{item.id}"
    if isinstance(item, Shelved):
        return f"i:{item.issue.id}"
    return f"s:{item.key}" if isinstance(item, Shelf) else ""


class DocTree(Tree[Entry]):
    """The table of contents of the whole corpus, built as it is opened: at start only the
    top level exists; a shelf, issue or document gets its children when first expanded."""

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
        self._source: TreeSource | None = None
        self._docs: dict[str, Document] = {}  # documents of the issues loaded so far
        self._issue_nodes: dict[str, Node] = {}
        self._shelf_nodes: dict[str, Node] = {}
        self._tops: dict[str, Shelf] = {}  # the top-level shelves by key
        self._issues: dict[str, Issue] = {}
        self._doc_nodes: dict[str, Node] = {}
        self._heading_nodes: dict[tuple[str, int], Node] = {}
        self._marked: Node | None = None
        self._revealed: tuple[str, int | None] | None = None
        self._kids: dict[str, list[str]] = {}
        self._pages: dict[NodeID, tuple[list[Any], Callable[[Node, Any, Node | None], Node]]] = {}
        self._pending: dict[str, Node] = {}  # document or issue → the "more" entry it waits in
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
        rest = self._issue_rest(node, plain)
        head = clip(plain[: -len(rest)], room - cell_width(rest)) if rest else ""
        icon = len(plain) - len(str(node.label))
        if rest and len(head) - 1 - icon >= 2:
            # 国务院… 2021年第10期: an issue keeps its number, which tells it from the next
            out = text[: len(head) - 1]
            out.append("…", style=style)
            out.append_text(text[-len(rest) :])
            return out
        short = ellipsize(plain, room)
        out = text[: len(short) - 1]
        out.append("…", style=style)
        return out

    def _issue_rest(self, node: Node, plain: str) -> str:
        """What follows the gazette's name in an issue's label (" 2021年第10期"), or ""."""
        entry = node.data
        if not isinstance(entry, Entry) or entry.kind != "issue":
            return ""
        issue = self._issues.get(entry.ref)
        gazette = issue.gazette if issue is not None else ""
        label = str(node.label)  # `plain` has the expand icon before it
        if not gazette or not label.startswith(gazette):
            return ""
        rest = label[len(gazette) :]
        return rest if rest.strip() and plain.endswith(rest) else ""

    def get_label_width(self, node: Node) -> int:
        """The label's width without rendering it: Textual asks for every shown line each
        time the lines change, and rendering (with the cut above) costs ~20 µs a line.
        Only the widest line matters, for a horizontal scroll this tree does not have."""
        return node._label.cell_len + 2  # always a Text here (process_label)

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
    def populate(self, source: TreeSource) -> None:
        """The top level only: issues (few) or shelves (many). Reads issue metadata, never a
        document, so it takes milliseconds at any size; the rest comes on expand."""
        self.clear()
        self._source = source
        self._docs = {}
        self._kids = {}
        self._issue_nodes.clear()
        self._shelf_nodes.clear()
        self._doc_nodes.clear()
        self._heading_nodes.clear()
        self._pages.clear()
        self._pending.clear()
        self._marked = None
        self._revealed = None
        issues = source.issues()
        self._issues = {i.id: i for i in issues}
        top = arrange(issues)
        self._tops = {item.key: item for item in top if isinstance(item, Shelf)}
        for item in top:
            self._add_item(self.root, item)
        if len(top) == 1:
            self.load(self.root.children[0])
            self.root.children[0].expand()

    def _shelf_path(self, issue: Issue) -> list[str]:
        """The keys of the shelves an issue sits in, top first (none when few issues)."""
        top = self._tops.get("c:" if issue.kind == "collection" else f"g:{issue.gazette}")
        if top is None:
            return []
        year = top.year_key(issue)
        return [top.key, year] if year else [top.key]

    def _add_item(self, parent: Node, item: Shelf | Shelved, before: Node | None = None) -> Node:
        if isinstance(item, Shelf):
            label = Text(safe(item.label), style="bold")
            node = parent.add(label, Entry(item.kind, item.key, shelf=item), before=before)
            self._shelf_nodes[item.key] = node
            return node
        label = Text(safe(item.label), style="bold")
        node = parent.add(label, Entry("issue", item.issue.id), before=before)
        self._issue_nodes[item.issue.id] = node
        return node

    def _load_issue(self, node: Node, issue_id: str) -> None:
        """An issue's sections and top-level documents: its documents are read now, and
        only its own."""
        issue = self._issues.get(issue_id)
        if issue is None or self._source is None:
            return
        in_issue = self._source.documents(issue_id)
        ids = {d.id for d in in_issue}
        attached = set()  # hung under their parent in this issue, not listed on their own
        for d in in_issue:
            self._docs[d.id] = d
            if d.parent and d.parent != d.id and d.parent in ids:
                self._kids.setdefault(d.parent, []).append(d.id)
                attached.add(d.id)
        sections = list(issue.sections) or []
        for d in in_issue:
            if d.section not in sections:
                sections.append(d.section)
        for section in sections:
            top = [d for d in in_issue if d.section == section and d.id not in attached]
            if not top:
                continue
            if not section and not issue.sections:
                snode = node  # a collection has no sections: its documents sit under it
            else:
                label = Text(safe(section or "（未分栏）"), style="italic")
                snode = node.add(label, Entry("section", section))
            self._add_paged(snode, top, self._add_doc)

    def _add_paged(
        self,
        parent: Node,
        items: Sequence[T],
        add: Callable[[Node, T, Node | None], Node],
        before: Node | None = None,
        start: int = 0,
    ) -> None:
        """`items[start:start + PAGE]` under `parent` (before `before`); the items in front
        of that page and after it wait behind "more" entries that add a page when opened,
        so a collection of thousands of files costs one page at a time."""
        if start > 0:
            self._add_more(parent, items[:start], add, before)
        for item in items[start : start + PAGE]:
            add(parent, item, before)
        if len(items) > start + PAGE:
            self._add_more(parent, items[start + PAGE :], add, before)

    def _add_more(
        self,
        parent: Node,
        rest: Sequence[Any],
        add: Callable[[Node, Any, Node | None], Node],
        before: Node | None,
    ) -> None:
        label = Text(f"…… 另有 {len(rest)} 项（{_open_key()} more）", style="dim italic")
        more = parent.add(label, Entry("more", ""), before=before)
        self._pages[more.id] = (list(rest), add)
        for item in rest:
            self._pending[_key(item)] = more

    def _next_page(self, more: Node, key: str = "") -> None:
        """Replace a "more" entry with a page of what it holds: the first, or the one
        holding `key` (a document or issue a reveal is looking for)."""
        rest, add = self._pages.pop(more.id, ([], None))
        parent = more.parent
        if add is None or parent is None:
            return
        for item in rest:
            self._pending.pop(_key(item), None)
        at = next((i for i, item in enumerate(rest) if key and _key(item) == key), 0)
        self._add_paged(parent, rest, add, before=more, start=at - at % PAGE)
        more.remove()

    def _unpage(self, key: str) -> None:
        """Open the page holding a document or issue a reveal is looking for."""
        if key in self._pending:
            self._next_page(self._pending[key], key)

    def _add_doc(self, parent: Node, doc: Document, before: Node | None = None) -> Node:
        has_children = bool(doc.outline or doc.children or self._attached(doc))
        label = Text(safe(tree_title(doc)))
        node = parent.add(label, Entry("doc", doc.id), before=before, allow_expand=has_children)
        self._doc_nodes[doc.id] = node
        return node

    def _attached(self, doc: Document) -> list[Document]:
        ids = list(doc.children)
        ids += [i for i in self._kids.get(doc.id, []) if i not in ids]
        return [self._docs[i] for i in ids if i in self._docs and i != doc.id]

    def load(self, node: Node) -> None:
        """Create `node`'s children, once: a shelf's issues or years, an issue's sections and
        documents, a document's attached texts and outline."""
        entry = node.data
        if entry is None or entry.loaded:
            return
        entry.loaded = True
        if entry.shelf is not None:
            self._add_paged(node, entry.shelf.items, self._add_item)
        elif entry.kind == "more":
            self._next_page(node)
        elif entry.kind == "issue":
            self._load_issue(node, entry.ref)
        elif entry.kind == "doc":
            self._load_doc(node, self._docs[entry.ref])

    def _load_doc(self, node: Node, doc: Document) -> None:
        """Attached documents, then the outline, nested by heading level."""
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
        self.load(event.node)

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
        elif entry.kind == "more":
            self._next_page(event.node)
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
        node = self._place(doc_id)
        if node is None:
            return
        ancestor = node.parent
        while ancestor is not None and ancestor is not self.root:
            if not ancestor.is_expanded:
                ancestor.expand()
            ancestor = ancestor.parent
        self.load(node)
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

    def _place(self, doc_id: str, depth: int = 0) -> Node | None:
        """The document's node, created if need be: the shelves, the issue and (for an
        attached text) the parent document above it are loaded on the way, and nothing
        else, so a document deep in an unopened year is found in a few milliseconds."""
        node = self._doc_nodes.get(doc_id)
        if node is not None or self._source is None or depth > 8:
            return node
        doc = self._docs.get(doc_id) or self._source.document(doc_id)
        if doc is None:
            return None
        self._open_issue(doc.issue)
        self._unpage(_key(doc))
        node = self._doc_nodes.get(doc.id)
        if node is None and doc.parent and doc.parent != doc.id:
            parent = self._place(doc.parent, depth + 1)
            if parent is not None:
                self.load(parent)
                node = self._doc_nodes.get(doc.id)
        return node

    def _open_issue(self, issue_id: str) -> Node | None:
        """The issue's node with its documents, creating the shelves above it on the way."""
        node = self._issue_nodes.get(issue_id)
        issue = self._issues.get(issue_id)
        if node is None and issue is not None:
            for key in self._shelf_path(issue):
                self._unpage(f"s:{key}")
                shelf_node = self._shelf_nodes.get(key)
                if shelf_node is None:
                    return None
                self.load(shelf_node)
            self._unpage(f"i:{issue_id}")
            node = self._issue_nodes.get(issue_id)
        if node is not None:
            self.load(node)
        return node

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
