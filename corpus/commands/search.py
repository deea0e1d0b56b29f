"""`gongbao search QUERY`: ranked documents for a query, as text or JSON."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from typing import TYPE_CHECKING, Any, TextIO

from corpus.api import GongbaoError, blank
from corpus.commands.common import open_library

if TYPE_CHECKING:
    from corpus.api import SearchResponse

EPILOG = """\
query syntax:
  乡村振兴 衔接            words separated by spaces must all occur (AND), anywhere in
                           the title, 文号, issuer or body; any string that occurs is found,
                           however jieba would segment it (振兴 inside 乡村振兴, 2-character
                           words, 2017 or ２０１７ alike; Latin is case-insensitive)
  "巩固拓展脱贫攻坚成果"     text in double quotes must occur exactly as written
  -试点                    leave out documents that contain 试点 (also -"a phrase")
  国办发[2017]6号          a 发文字号 in any form — 〔〕 [] () brackets, full-width digits,
                           spaces (国办发 〔2017〕 6 号) — puts that document first;
                           国务院令第40号 and 第40号 work for 令 numbers
  乡村振兴有效衔接          a word no document contains is split into corpus words (a note
                           says so); quote it to forbid that

filters (combine with words; the same filter twice means either value; -filter: excludes):
  section:国务院文件        the gazette section contains this text          (栏目:)
  issuer:办公厅             the issuing body contains this text            (发文机关: 机关:)
  type:通知                 the document type: 通知 意见 令 办法 规定 决定 方案 批复 …  (文种: 类型:)
  year:2017                 issued in 2017; year:2016..2018 for a range    (年份:)
  date:2021-03              issued in March 2021; date:2021-01..2021-03, date:2021-01-15..,
                            date:..2020-12-31 (open ends allowed)         (日期:)
  status:有效               时效性: 现行有效 已修改 已废止 部分失效 尚未生效 未知, or a part
                            (有效, 废止, 修改, 未生效); see `gongbao show --json`  (时效性: 时效:)

  Put text containing a colon in quotes ("注:"); an unknown filter name is an error.

ranking:
  BM25 over the query's words, counted exactly in each field; the title and 文号 weigh
  four times the body, the issuer twice. Filters only restrict.

output:
  Each result shows the title, 文号, date and id, and a one-line snippet around the
  passage with the most matches; matches are 【marked】 (highlighted on a terminal).
  --json prints an array of objects: id, title, doc_number, date, score, snippet,
  snippet_marks ([start, end) in snippet), title_marks, snippet_para, and hits
  (each {para, start, end}: character offsets into the document's paragraph `para`).

exit status: 0 documents found, 1 none found, 5 the query could not be understood.

a query that starts with "-":
  Options (--json, --limit N) may come before or after the query, and a word that
  starts with - is an exclusion, not an option: gongbao search -乡村振兴 works. In
  scripts, put the query after --, which ends the options for certain:
  gongbao search --json -- -乡村振兴 year:2021

examples:
  gongbao search 生育保险
  gongbao search -- -乡村振兴
  gongbao search '"巩固拓展脱贫攻坚成果" type:意见'
  gongbao search 国办发[2017]6号 --json
  gongbao search 脱贫 -乡村 year:2021 --limit 5
"""

_MARK = ("\x1b[1;7m", "\x1b[0m")
_PLAIN_MARK = ("【", "】")


def register(subparsers: Any) -> None:
    """Add the `search` subcommand to the CLI's subparsers."""
    p = subparsers.add_parser(
        "search",
        help="full-text search: ranked documents for a query",
        description="Find the documents that contain QUERY, best first.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "query",
        nargs="+",
        metavar="QUERY",
        help='words, "phrases", -exclusions, filters (see below); several '
        "arguments are joined with spaces",
    )
    p.add_argument("--json", action="store_true", help="print a JSON array of results")
    p.add_argument(
        "--limit",
        "-n",
        type=_positive,
        default=20,
        metavar="N",
        help="show at most N results (default 20)",
    )
    p.set_defaults(func=run)


_FLAGS = {"--json", "-h", "--help"}
_VALUED = {"--limit", "-n", "--db"}


def query_after_options(args: list[str]) -> list[str]:
    """`search` arguments with the options first and the query after `--`, so that query
    words starting with - (exclusions: -乡村振兴, -type:通知) are never read as options.
    Arguments already containing `--` are left as they are."""
    if "--" in args:
        return args
    options: list[str] = []
    query: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in _FLAGS or any(a.startswith(v + "=") for v in _VALUED if v.startswith("--")):
            options.append(a)
        elif a in _VALUED and i + 1 < len(args):
            options += [a, args[i + 1]]
            i += 1
        elif re.fullmatch(r"-n\d+", a):
            options.append(a)
        else:
            query.append(a)
        i += 1
    return [*options, "--", *query] if query else options


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return n


def run(args: argparse.Namespace) -> int:
    """Search and print; returns the exit status."""
    query = " ".join(args.query) if isinstance(args.query, list) else str(args.query)
    out: TextIO = sys.stdout
    try:
        lib = open_library(args)
        response = lib.run_search(query, limit=args.limit)
    except GongbaoError as err:
        print(f"gongbao search: {_safe(str(err))}", file=sys.stderr)
        return err.exit_code
    for note in response.notes:
        print(f"note: {_safe(note)}", file=sys.stderr)
    if args.json:
        json.dump([r.to_dict() for r in response.results], out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        _print_plain(response, query, out)
    return 0 if response.results else 1


def _print_plain(response: SearchResponse, query: str, out: TextIO) -> None:
    colour = out.isatty() and not os.environ.get("NO_COLOR")
    marks = _MARK if colour else _PLAIN_MARK
    from corpus.api import describe

    results = response.results
    headline, _ = describe(response, query)
    print(_safe(headline), file=sys.stderr)
    if not results:
        return
    width = len(str(len(results)))
    for n, r in enumerate(results, 1):
        meta = " · ".join(x for x in (r.doc_number, r.date, r.id) if x)
        out.write(f"{n:>{width}}. {mark(r.title, r.title_marks, marks)}\n")
        out.write(f"{'':>{width}}  {_safe(meta)}\n")
        if r.snippet:
            out.write(f"{'':>{width}}  {mark(r.snippet, r.snippet_marks, marks)}\n")


def mark(text: str, spans: list[tuple[int, int]], marks: tuple[str, str]) -> str:
    """`text` made safe for a terminal, with each [start, end) span wrapped in `marks`."""
    parts: list[str] = []
    pos = 0
    for s, e in sorted(spans):
        if s < pos:
            continue
        parts += [_safe(text[pos:s]), marks[0], _safe(text[s:e]), marks[1]]
        pos = e
    parts.append(_safe(text[pos:]))
    return "".join(parts)


def _safe(text: str) -> str:
    """No control or bidi characters: document text must never drive the terminal."""
    return blank(text)
