"""SYNTHETIC gazette issues for scale benchmarks, made from the seeds' own text.

    python benchmarks/synth.py OUT_DIR --documents 10000

Real users hold thousands of issues; we ship two. To measure how gongbao behaves with a whole
archive, this writes copies of the bundled 国务院公报 seed as further issues of the same
gazette: each copy's running heads (`国务院公报２０２１１０`) name another year and number, so the
pipeline sees a distinct issue, and each copy's 发文字号 serials are shifted so 文号 lookups stay
unique. The text is the seed's text, so vocabulary, paragraph lengths and the cleaning work
are those of a real issue. Nothing here is a real document: every file's first line says so
only in its name (`synthetic-YYYY-NN.txt`), because the pipeline must read it as a gazette.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "003_3e333828b05b8474.txt"  # 国务院公报 2021年第10期
DOCS_PER_ISSUE = 23  # what the pipeline makes of one copy (attached texts included)
_FW = str.maketrans("0123456789", "０１２３４５６７８９")
_HEAD = re.compile(r"国务院公报２０２１１０")
# a 文号's serial: 国发〔２０２１〕６号 → shift the serial so copies don't collide
_SERIAL = re.compile(r"(〔[０-９0-9]{4}〕)([０-９0-9]+)(号)")


def _fw(n: int, width: int = 0) -> str:
    return str(n).zfill(width).translate(_FW)


def issue_text(seed: str, k: int) -> tuple[str, str]:
    """The `k`-th synthetic copy of the seed: (file name, text)."""
    year = 1954 + k // 24
    number = k % 24 + 1
    text = _HEAD.sub(f"国务院公报{_fw(year)}{_fw(number, 2)}", seed)
    shift = (k + 1) * 1000

    def serial(m: re.Match[str]) -> str:
        n = int(
            m[2].translate({ord(c): ord("0") + i for i, c in enumerate("０１２３４５６７８９")})
        )
        return f"{m[1]}{_fw(n + shift)}{m[3]}"

    text = _SERIAL.sub(serial, text)
    return f"synthetic-{year}-{number:02d}.txt", text


def write_corpus(out: Path, documents: int, start: int = 0) -> list[Path]:
    """Write enough synthetic issues for about `documents` documents into `out`."""
    seed = (ROOT / "seeds" / SEED).read_text(encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for k in range(start, start + max(1, round(documents / DOCS_PER_ISSUE))):
        name, text = issue_text(seed, k)
        path = out / name
        if not path.exists():
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--documents", type=int, default=1000)
    args = ap.parse_args(argv)
    paths = write_corpus(args.out, args.documents)
    print(f"{len(paths)} synthetic issues (~{len(paths) * DOCS_PER_ISSUE} documents) in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
