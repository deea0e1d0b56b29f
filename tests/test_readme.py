"""README.md's commands are real: what they install and run exists, and CI runs the test command."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10: pytest itself depends on tomli there
    import tomli as tomllib  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def fenced_commands() -> list[str]:
    """The first line of each ```sh block, in order."""
    blocks = re.findall(r"^```(?:sh|bash|console)\n(.*?)^```", README, flags=re.M | re.S)
    return [b.strip().splitlines()[0] for b in blocks]


def steps(command: str) -> list[list[str]]:
    return [shlex.split(part) for part in command.split("&&")]


def test_the_first_two_fenced_commands() -> None:
    commands = fenced_commands()
    assert len(commands) >= 2
    install, test = commands[:2]
    assert (
        steps(install)[:2]
        == steps(test)[:2]
        == [["python3", "-m", "venv", ".venv"], [".", ".venv/bin/activate"]]
    )
    # the first installs the package and runs the command it installs
    assert steps(install)[2] == ["pip", "install", "."]
    assert steps(install)[3] == ["gongbao"]
    assert PYPROJECT["project"]["scripts"]["gongbao"] == "corpus.cli:main"
    # the second installs the test extra and runs pytest, which the extra provides
    assert steps(test)[2] == ["pip", "install", "-e", ".[test]"]
    assert steps(test)[3] == ["pytest"]
    extra = PYPROJECT["project"]["optional-dependencies"]["test"]
    assert any(re.match(r"pytest\b(?!-)", req) for req in extra)
    assert PYPROJECT["tool"]["pytest"]["ini_options"]["testpaths"] == ["tests"]


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    test = fenced_commands()[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines()


def test_the_build_benchmark_exists() -> None:
    assert "python benchmarks/build.py" in README
    assert (ROOT / "benchmarks" / "build.py").is_file()


def test_the_key_table_in_the_readme_is_the_one_the_app_uses() -> None:
    from tui.bindings import markdown_table

    assert markdown_table() in README
