"""The wheel: built offline from a copy of the source, it ships both seeds and every module."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ("000_d5f3b22cfb2f0cfd.txt", "003_3e333828b05b8474.txt")


def _can_build_offline() -> bool:
    """setuptools can build a wheel without fetching anything (it needs `wheel` before 70.1)."""
    if importlib.util.find_spec("setuptools") is None:
        return False
    import setuptools

    major, minor = (int(x) for x in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    # build from a copy: setuptools writes build/ and *.egg-info next to the sources, and
    # the working tree is shared
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info", "build")
    for name in ("corpus", "tui", "seeds"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    out = tmp_path_factory.mktemp("wheelhouse")
    cmd = [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-w", str(out), "-q"]
    if _can_build_offline():
        cmd += ["--no-build-isolation", "--no-index"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=src)
    assert done.returncode == 0, done.stdout + done.stderr
    wheels = list(out.glob("gongbao-*.whl"))
    assert len(wheels) == 1, wheels
    return zipfile.ZipFile(wheels[0])


def test_the_wheel_ships_both_seeds_unchanged(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for seed in SEEDS:
        member = f"gongbao_seeds/{seed}"
        assert member in names
        shipped = hashlib.sha256(wheel.read(member)).hexdigest()
        assert shipped == hashlib.sha256((ROOT / "seeds" / seed).read_bytes()).hexdigest()
    assert "gongbao_seeds/__init__.py" in names


@pytest.mark.parametrize("package", ["corpus", "tui"])
def test_the_wheel_ships_every_module(wheel: zipfile.ZipFile, package: str) -> None:
    names = set(wheel.namelist())
    assert f"{package}/__init__.py" in names
    modules = sorted(
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / package).rglob("*.py")
        if "__pycache__" not in p.parts
    )
    missing = [m for m in modules if m not in names]
    assert not missing, missing


def test_the_wheel_has_the_command_and_no_tests(wheel: zipfile.ZipFile) -> None:
    entry = next(n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt"))
    text = wheel.read(entry).decode("utf-8")
    assert "[console_scripts]" in text
    assert "gongbao = corpus.cli:main" in text
    assert not [n for n in wheel.namelist() if n.startswith(("tests/", "benchmarks/"))]
