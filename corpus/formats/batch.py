"""Reading many files at once (`gongbao add FILE|DIR…`): one result a file, never a stop.

A directory stands for the files in it (name order, hidden files left out). Each file is
read on its own: one that cannot be read becomes a one-line reason, and the others still
go in. `FileResult.line` is what `add` prints for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from corpus.errors import GongbaoError
from corpus.formats import FORMAT_NAMES
from corpus.model import Document, Issue


@dataclass
class FileResult:
    """What became of one file: its format, issue or collection and count, or an error."""

    path: Path
    format: str = ""
    issue: Issue | None = None
    documents: int = 0
    sha256: str = ""
    error: str = ""
    #: the processed documents, so `add` does not process the file a second time
    docs: list[Document] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.error

    def line(self) -> str:
        """`FILE: NAME, N documents (read as FORMAT; collection)` or the reason it failed."""
        if self.error:
            return self.error
        assert self.issue is not None
        what = "collection" if self.issue.kind == "collection" else "gazette issue"
        return (
            f"{self.path}: {self.issue.name}, {self.documents} "
            f"{'document' if self.documents == 1 else 'documents'} "
            f"(read as {FORMAT_NAMES.get(self.format, self.format)}; {what})"
        )


def expand(names: list[str], notes: list[str] | None = None) -> tuple[list[Path], list[FileResult]]:
    """(files to read, results for names that are no readable file or directory).

    A folder inside a named directory is not read (an archive's year folders are added by
    name, so nothing comes in unasked); each one is said in `notes`, never passed over quietly.
    """
    files: list[Path] = []
    bad: list[FileResult] = []
    for name in names:
        path = Path(name).expanduser()
        if path.is_dir():
            visible = sorted(p for p in path.iterdir() if not p.name.startswith("."))
            inside = [p for p in visible if p.is_file()]
            if notes is not None:
                notes.extend(
                    f"{p}: a folder inside {name} is not read (add it by name)"
                    for p in visible
                    if p.is_dir()
                )
            if not inside:
                bad.append(FileResult(path, error=f"{name}: directory holds no files"))
            files.extend(inside)
        elif path.is_file():
            files.append(path)
        else:
            bad.append(FileResult(path, error=f"{name}: no such file"))
    return files, bad


def read_one(path: Path) -> FileResult:
    """Read one file through the pipeline; any failure is a one-line reason naming it."""
    from corpus.pipeline import process_file

    try:
        issue, docs, sha = process_file(path)
    except GongbaoError as err:
        return FileResult(path, error=str(err))
    except Exception as exc:  # noqa: BLE001 - a parser's surprise must not stop the other files
        return FileResult(path, error=f"{path}: cannot be read ({type(exc).__name__}: {exc})"[:300])
    fmt = docs[0].format if docs else ""
    return FileResult(path, format=fmt, issue=issue, documents=len(docs), sha256=sha, docs=docs)
