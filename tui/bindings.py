"""The one table of key bindings.

Every key the browser answers to is listed here, once. The widgets build their Textual
`BINDINGS` from it, the footer shows the rows marked `footer`, the help screen (F1, ?)
prints the whole table, the command palette offers the rows marked `palette`, and the tests
check that each row's action exists. Change a key here and all of those follow.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType

#: Where a key works, in the order the help screen lists them.
SCOPES: dict[str, str] = {
    "app": "Everywhere",
    "reader": "Reader",
    "tree": "Contents tree",
    "results": "Search results",
    "refs": "References panel",
    "bookmarks": "Bookmark list",
}


@dataclass(frozen=True)
class Key:
    """One row of the table: `keys` in Textual's notation, comma-separated."""

    keys: str
    action: str
    description: str
    scope: str
    footer: bool | str = False  # True: always in the footer; "wide": when it fits
    palette: bool = False
    display: str | None = None  # how the help and footer show the keys
    short: str = ""  # the footer's label, where the description is too long for 80 columns
    priority: bool = False
    zh: str = ""  # the Chinese name the command palette also answers to

    @property
    def shown_keys(self) -> str:
        """The keys as a person reads them: `j / ↓`, `F1 / ?`."""
        if self.display:
            return self.display
        return " / ".join(_pretty(k) for k in self.keys.split(","))


_PRETTY = {
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "space": "Space",
    "enter": "Enter",
    "escape": "Esc",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "question_mark": "?",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "apostrophe": "'",
    "delete": "Del",
    "backspace": "Backspace",
    "f1": "F1",
    "less_than_sign": "<",
    "greater_than_sign": ">",
    "left_curly_bracket": "{",
    "right_curly_bracket": "}",
}


def _pretty(key: str) -> str:
    key = key.strip()
    if key in _PRETTY:
        return _PRETTY[key]
    if key.startswith("ctrl+"):
        return "Ctrl+" + _pretty(key[5:])
    if key.startswith("alt+"):
        return "Alt+" + _pretty(key[4:])
    return key


TABLE: tuple[Key, ...] = (
    # -- everywhere ------------------------------------------------------------------
    Key(
        "f1,question_mark",
        "help",
        "Help",
        "app",
        footer=True,
        palette=True,
        display="F1 / ?",
        zh="帮助",
    ),
    Key("s", "focus_search", "Search", "app", footer=True, palette=True, zh="搜索"),
    Key("q", "quit", "Quit", "app", footer=True, palette=True, zh="退出"),
    Key("tab", "next_pane", "Next pane", "app", priority=True),
    Key("shift+tab", "previous_pane", "Previous pane", "app", priority=True),
    Key(
        "t",
        "toggle_tree",
        "Show/hide tree",
        "app",
        footer=True,
        palette=True,
        short="Tree",
        zh="目录",
    ),
    Key("less_than_sign", "narrow_tree", "Narrower tree", "app", palette=True, zh="目录变窄"),
    Key("greater_than_sign", "widen_tree", "Wider tree", "app", palette=True, zh="目录变宽"),
    Key(
        "o",
        "outline",
        "Go to heading (outline)",
        "app",
        footer=True,
        palette=True,
        short="Outline",
        zh="大纲 提纲 标题",
    ),
    Key("H,alt+left", "back", "Back", "app", palette=True, zh="后退 返回"),
    Key("L,alt+right", "forward", "Forward", "app", palette=True, zh="前进"),
    Key(
        "m",
        "add_bookmark",
        "Bookmark here",
        "app",
        footer="wide",
        palette=True,
        short="Mark",
        zh="书签 添加书签",
    ),
    Key(
        "apostrophe,B",
        "bookmarks",
        "List bookmarks",
        "app",
        footer=True,
        palette=True,
        short="Marks",
        zh="书签 书签列表",
    ),
    Key(
        "y",
        "copy_citation",
        "Copy citation",
        "app",
        footer="wide",
        palette=True,
        short="Cite",
        zh="引用 复制引文 引文格式",
    ),
    Key(
        "e",
        "export",
        "Export document",
        "app",
        footer="wide",
        palette=True,
        short="Export",
        zh="导出 保存",
    ),
    Key(
        "r",
        "toggle_refs",
        "References panel",
        "app",
        footer="wide",
        palette=True,
        short="Refs",
        zh="关联 引用关系 参考",
    ),
    Key("ctrl+p", "command_palette", "Command palette", "app"),
    Key("escape", "step_back", "Step back one level", "app"),
    # -- reader ------------------------------------------------------------------------
    Key("j,down", "line_down", "Down a line", "reader"),
    Key("k,up", "line_up", "Up a line", "reader"),
    Key("space,pagedown,ctrl+f", "page_down", "Page down", "reader"),
    Key("b,pageup,ctrl+b", "page_up", "Page up", "reader"),
    Key("d,ctrl+d", "half_page_down", "Half page down", "reader"),
    Key("u,ctrl+u", "half_page_up", "Half page up", "reader"),
    Key("g,home", "top", "Top of document", "reader"),
    Key("G,end", "bottom", "End of document", "reader"),
    Key(
        "right_square_bracket",
        "next_heading",
        "Next top-level heading (一、)",
        "reader",
        palette=True,
        zh="下一章节",
    ),
    Key(
        "left_square_bracket",
        "previous_heading",
        "Previous top-level heading",
        "reader",
        palette=True,
        zh="上一章节",
    ),
    Key(
        "right_curly_bracket",
        "next_subheading",
        "Next heading of the next level ((一))",
        "reader",
        palette=True,
        zh="下一小节",
    ),
    Key(
        "left_curly_bracket",
        "previous_subheading",
        "Previous heading of the next level",
        "reader",
        palette=True,
        zh="上一小节",
    ),
    Key(
        "slash",
        "find",
        "Find in document",
        "reader",
        footer=True,
        palette=True,
        short="Find",
        zh="查找",
    ),
    Key("n", "next_match", "Next match", "reader", palette=True, zh="下一处"),
    Key("N", "previous_match", "Previous match", "reader", palette=True, zh="上一处"),
    Key("f", "next_link", "Next citation link", "reader", palette=True, zh="下一引用链接"),
    Key("F", "previous_link", "Previous citation link", "reader"),
    Key("enter", "follow_link", "Follow the selected link", "reader"),
    # -- tree --------------------------------------------------------------------------
    Key("j,down", "cursor_down", "Down", "tree"),
    Key("k,up", "cursor_up", "Up", "tree"),
    Key("enter", "select_cursor", "Open document / go to heading", "tree"),
    Key("space,l,right", "toggle_node", "Expand / collapse", "tree"),
    Key("h,left", "collapse_or_parent", "Collapse / to parent", "tree"),
    Key("g,home", "cursor_top", "First entry", "tree"),
    Key("G,end", "cursor_bottom", "Last entry", "tree"),
    # -- search results ----------------------------------------------------------------
    Key("j,down", "cursor_down", "Next result", "results"),
    Key("k,up", "cursor_up", "Previous result", "results"),
    Key("g,home", "first", "First result", "results"),
    Key("G,end", "last", "Last result", "results"),
    Key("space,pagedown", "page_down", "Page down", "results"),
    Key("b,pageup", "page_up", "Page up", "results"),
    Key("enter", "select", "Open at first match", "results"),
    # -- references panel --------------------------------------------------------------
    Key("j,down", "cursor_down", "Next entry", "refs"),
    Key("k,up", "cursor_up", "Previous entry", "refs"),
    Key("enter", "select", "Open the document", "refs"),
    # -- bookmark list -----------------------------------------------------------------
    Key("j,down", "cursor_down", "Next bookmark", "bookmarks"),
    Key("k,up", "cursor_up", "Previous bookmark", "bookmarks"),
    Key("enter", "select", "Jump to bookmark", "bookmarks"),
    Key("d,delete", "delete_bookmark", "Delete bookmark", "bookmarks"),
    Key("escape,q", "close", "Close", "bookmarks"),
    # -- analysis, everywhere (so also from the references panel) ------------------------
    Key("D", "diff_versions", "Compare with another version", "app", palette=True),
    Key("C", "show_chain", "Policy chain (upstream and downstream)", "app", palette=True),
)


def keys_for(scope: str) -> list[Key]:
    """The rows of one scope, in table order."""
    return [k for k in TABLE if k.scope == scope]


#: From this many columns the footer has room for the rows marked footer="wide".
WIDE = 90


def bindings_for(scope: str, wide: bool = True) -> list[BindingType]:
    """Textual bindings for the widget that owns `scope`; with `wide` false the footer
    leaves out the rows marked "wide" (whole labels, never a cut one, on 80 columns)."""
    return [
        Binding(
            k.keys,
            k.action,
            k.short or k.description,
            show=k.footer is True or (k.footer == "wide" and wide),
            key_display=k.shown_keys.split(" / ")[0] if k.footer else None,
            priority=k.priority,
        )
        for k in keys_for(scope)
    ]


def palette_keys() -> list[Key]:
    """Rows the command palette offers."""
    return [k for k in TABLE if k.palette]


def markdown_table() -> str:
    """The table as Markdown, for README.md (tests/test_readme.py keeps the two equal)."""
    lines = ["| where | keys | what |", "|---|---|---|"]
    for scope, title in SCOPES.items():
        for k in keys_for(scope):
            keys = k.shown_keys.replace("|", "\\|")
            lines.append(f"| {title} | `{keys}` | {k.description} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown_table())
