"""The layers, read from the source's imports (`ast`, so imports inside functions and under
`if TYPE_CHECKING:` count too):

- the corpus pipeline never imports Textual or the browser (`corpus.cli` may start the
  browser: `from tui.app import run`, and nothing else of it);
- `tui/` and `corpus/commands/` reach the corpus through `corpus.api` only, and only for
  the names it exports (`corpus.api.__all__`);
- every name `corpus.api` re-exports is the object its defining module has (the lazy
  table and the typed imports agree).
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import corpus.api

ROOT = Path(__file__).resolve().parent.parent


def imports(tree: ast.AST) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) for every import: `import a.b` gives ("a.b", []), `from a
    import b` gives ("a", ["b"]), and `importlib.import_module("a.b")` gives ("a.b", [])."""
    out: list[tuple[int, str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, a.name, []) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: nothing in this project uses it; report it as is
                out.append((node.lineno, "." * node.level + (node.module or ""), []))
            else:
                out.append((node.lineno, node.module or "", [a.name for a in node.names]))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))
            and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            out.append((node.lineno, node.args[0].value, []))
    return out


def _top(module: str) -> str:
    return module.split(".")[0]


def boundary_violations(source: str, where: str, *, commands: bool = False) -> list[str]:
    """What in a tui/ (or corpus/commands/) file crosses into the corpus other than through
    `corpus.api`'s exports."""
    exported = set(corpus.api.__all__)
    bad: list[str] = []
    for line, module, names in imports(ast.parse(source)):
        if module.startswith("."):
            bad.append(f"{where}:{line}: relative import {module}")
            continue
        if _top(module) != "corpus":
            if commands and _top(module) in ("tui", "textual", "rich"):
                bad.append(f"{where}:{line}: a command imports {module}")
            continue
        if commands and (module == "corpus.commands" or module.startswith("corpus.commands.")):
            continue
        if module == "corpus" and names:
            # `from corpus import api` is fine; `from corpus import store` is not
            bad.extend(f"{where}:{line}: imports corpus.{n}" for n in names if n != "api")
            continue
        if module != "corpus.api":
            bad.append(f"{where}:{line}: imports {module} (use corpus.api)")
            continue
        bad.extend(
            f"{where}:{line}: corpus.api does not export {n}" for n in names if n not in exported
        )
    return bad


def pipeline_violations(source: str, where: str) -> list[str]:
    """Textual, Rich-in-the-browser or tui imports in a corpus module."""
    bad = []
    for line, module, names in imports(ast.parse(source)):
        top = _top(module)
        if top == "textual":
            bad.append(f"{where}:{line}: imports {module}")
        elif top == "tui":
            # the one way in: `gongbao` with no subcommand starts the browser
            if not (where == "corpus/cli.py" and module == "tui.app" and names == ["run"]):
                bad.append(f"{where}:{line}: imports {module}")
    return bad


def _files(folder: str) -> list[Path]:
    files = sorted((ROOT / folder).rglob("*.py"))
    assert files, folder
    return files


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_tui_reaches_the_corpus_only_through_corpus_api() -> None:
    bad = []
    for path in _files("tui"):
        bad += boundary_violations(path.read_text(encoding="utf-8"), _rel(path))
    assert not bad, "\n".join(bad)


def test_commands_reach_the_corpus_only_through_corpus_api() -> None:
    bad = []
    for path in _files("corpus/commands"):
        bad += boundary_violations(path.read_text(encoding="utf-8"), _rel(path), commands=True)
    assert not bad, "\n".join(bad)


def test_the_corpus_never_imports_textual_or_the_browser() -> None:
    bad = []
    for path in _files("corpus"):
        bad += pipeline_violations(path.read_text(encoding="utf-8"), _rel(path))
    assert not bad, "\n".join(bad)
    cli = (ROOT / "corpus/cli.py").read_text(encoding="utf-8")
    assert any(m == "tui.app" for _, m, _ in imports(ast.parse(cli))), "the launcher moved?"


@pytest.mark.parametrize(
    "line",
    [
        "from corpus.store import read_shard",
        "import corpus.search",
        "from corpus import store",
        "from corpus.api import _LazyDocument",
        "from corpus.model import Document",
        "import importlib\nimportlib.import_module('corpus.links')",
    ],
)
def test_the_boundary_check_catches_a_way_around_corpus_api(line: str) -> None:
    """The checks above would fail on any of these (in a function or not)."""
    nested = "def f() -> None:\n" + "".join(f"    {x}\n" for x in line.splitlines())
    for source in (line, nested):
        assert boundary_violations(source, "tui/x.py")
        assert boundary_violations(source, "corpus/commands/x.py", commands=True)


def test_the_boundary_check_allows_what_is_allowed() -> None:
    ok = (
        "from corpus.api import Document, LibraryAPI, describe\n"
        "from corpus import api\n"
        "import corpus.api\n"
        "import textual\n"
    )
    assert boundary_violations(ok, "tui/x.py") == []
    cmd = "from corpus.api import Library\nfrom corpus.commands.common import open_library\n"
    assert boundary_violations(cmd, "corpus/commands/x.py", commands=True) == []
    assert boundary_violations("from tui.app import run", "corpus/commands/x.py", commands=True)
    assert pipeline_violations("from textual.app import App", "corpus/store.py")
    assert pipeline_violations("from tui.app import run", "corpus/store.py")
    assert pipeline_violations("from tui.app import run", "corpus/cli.py") == []
    assert pipeline_violations("from tui.screen import MainScreen", "corpus/cli.py")


def _typed_reexports() -> dict[str, str]:
    """name → module of the `from M import N as N` lines under `if TYPE_CHECKING:` in
    corpus/api.py: what mypy believes `corpus.api` exports."""
    tree = ast.parse((ROOT / "corpus/api.py").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for sub in node.body:
                if isinstance(sub, ast.ImportFrom):
                    for a in sub.names:
                        if a.asname == a.name:
                            out[a.name] = sub.module or ""
    return out


def test_every_reexport_is_typed_and_loads_the_real_object() -> None:
    assert _typed_reexports() == corpus.api.REEXPORTS
    for name, module in corpus.api.REEXPORTS.items():
        assert getattr(corpus.api, name) is getattr(importlib.import_module(module), name)
    for name in corpus.api.__all__:
        assert hasattr(corpus.api, name), name
    with pytest.raises(AttributeError):
        corpus.api.no_such_name  # type: ignore[attr-defined]  # noqa: B018 - mypy rejects it too
