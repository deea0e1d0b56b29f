"""How the contents tree files issues: newest first, and by gazette and year when there
are many (国务院公报 › 2021 › 第10期).

Only issue metadata is read here (never a document), so arranging a 100,000-document
archive's few thousand issues takes milliseconds and no shard is opened. Nothing here
knows Textual: the tree turns a `Shelf` into nodes only when it is expanded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from corpus.model import Issue

#: Up to this many issues (or collections) are listed as they are, without a group level:
#: the two seeds and a handful of added files keep their look.
FLAT_UP_TO = 24

COLLECTIONS = "文件合集"
NO_YEAR = "年份不详"


@dataclass
class Shelved:
    """An issue as the tree names it in its place."""

    issue: Issue
    label: str


class Shelf:
    """A group of issues: a gazette, a year of one, or the collections. What it holds is
    worked out when first asked for (when the tree opens it), so arranging thousands of
    issues at start only sorts and counts them."""

    def __init__(
        self, key: str, kind: str, label: str, members: list[Issue], place: Placing
    ) -> None:
        self.key = key  # unique in the tree: g:国务院公报, y:国务院公报:2021, c:, cy:2021
        self.kind = kind  # gazette, year, collections
        self.label = label
        self.members = members  # the issues below, at any depth, newest first
        self._place = place
        self._items: list[Shelf | Shelved] | None = None

    @property
    def items(self) -> list[Shelf | Shelved]:
        """Its year shelves, or its issues as they are named here."""
        if self._items is None:
            self._items = self._place(self)
        return self._items

    def year_key(self, issue: Issue) -> str | None:
        """The key of the year shelf `issue` sits in, if this shelf is divided by year."""
        divided = self.kind != "year" and len(self.members) > FLAT_UP_TO
        return f"{self._year_prefix()}:{issue.year or ''}" if divided else None

    def _year_prefix(self) -> str:
        return "cy" if self.kind == "collections" else f"y:{self.key[2:]}"

    def issues(self) -> Iterable[Shelved]:
        for item in self.items:
            if isinstance(item, Shelf):
                yield from item.issues()
            else:
                yield item


Placing = Callable[[Shelf], "list[Shelf | Shelved]"]


def newest_first(issues: Iterable[Issue]) -> list[Issue]:
    """By year, then number, latest first; an issue without either goes after those with;
    equal ones keep the store's order."""
    return sorted(issues, key=lambda i: (-(i.year or 0), -(i.number or 0)))


def _short(issue: Issue) -> str:
    """An issue's name under its gazette's year: 第10期 (the rest is on the levels above)."""
    return f"第{issue.number}期" if issue.number is not None and issue.year else issue.name


def distinguish(items: list[Shelved]) -> list[Shelved]:
    """Give siblings that would read the same (a PDF and a web copy of one notice, both named
    after their issuer) a suffix that tells them apart: their year where the years differ,
    else the file they were read from."""
    groups: dict[str, list[Shelved]] = {}
    for item in items:
        groups.setdefault(item.label, []).append(item)
    for label, same in groups.items():
        if len(same) < 2:
            continue
        years = [s.issue.year for s in same]
        if None not in years and len(set(years)) == len(years):
            for s in same:
                s.label = f"{label}（{s.issue.year}）"
            continue
        sources = [s.issue.source for s in same]
        unique = all(sources) and len(set(sources)) == len(sources)
        for n, s in enumerate(same, 1):
            tag = s.issue.source if unique else (s.issue.sha256[:8] or str(n))
            s.label = f"{label}（{tag}）"
    return items


def _within(issue: Issue) -> str:
    """An issue's name under its gazette: 2021年第10期 (the gazette is the level above)."""
    rest = issue.name[len(issue.gazette) :].strip() if issue.name.startswith(issue.gazette) else ""
    return rest or issue.name


def _name(issue: Issue) -> str:
    return issue.name


def _listed(issues: list[Issue], name: Callable[[Issue], str] = _name) -> list[Shelf | Shelved]:
    return list(distinguish([Shelved(i, name(i)) for i in issues]))


def _listed_short(shelf: Shelf) -> list[Shelf | Shelved]:
    """A gazette's year: 第10期, 第9期 …"""
    return _listed(shelf.members, _short)


def _listed_whole(shelf: Shelf) -> list[Shelf | Shelved]:
    """A year of collections: their names."""
    return _listed(shelf.members)


def _by_year(shelf: Shelf) -> list[Shelf | Shelved]:
    """Year shelves, newest first (the year unknown last), each with its issues."""
    years: dict[int | None, list[Issue]] = {}
    for issue in shelf.members:  # already newest first
        years.setdefault(issue.year, []).append(issue)
    unit = "件" if shelf.kind == "collections" else "期"
    out: list[Shelf | Shelved] = []
    for year, inside in years.items():
        label = f"{f'{year}年' if year else NO_YEAR}（{len(inside)}{unit}）"
        key = shelf.year_key(inside[0]) or ""
        place = _listed_short if unit == "期" else _listed_whole
        out.append(Shelf(key, "year", label, inside, place))
    return out


def _place(shelf: Shelf) -> list[Shelf | Shelved]:
    """A gazette's or the collections' shelf: its issues, or by year when they are many."""
    if shelf.year_key(shelf.members[0]) is not None:
        return _by_year(shelf)
    return list(_listed(shelf.members, _within if shelf.kind == "gazette" else _name))


def arrange(issues: list[Issue]) -> list[Shelf | Shelved]:
    """The tree's top level. Few issues: the issues themselves, gazette issues newest first,
    then collections newest first. Many: one shelf per gazette (by size, largest first) and
    one for the collections; a shelf holding many issues is divided by year."""
    gazettes = newest_first(i for i in issues if i.kind != "collection")
    collections = sorted(
        (i for i in issues if i.kind == "collection"), key=lambda i: (-(i.year or 0), i.name)
    )
    if len(issues) <= FLAT_UP_TO:
        return [*_listed(gazettes), *_listed(collections)]
    by_gazette: dict[str, list[Issue]] = {}
    for issue in gazettes:
        by_gazette.setdefault(issue.gazette, []).append(issue)
    top: list[Shelf | Shelved] = []
    for name, inside in sorted(by_gazette.items(), key=lambda kv: -len(kv[1])):
        top.append(Shelf(f"g:{name}", "gazette", f"{name}（{len(inside)}期）", inside, _place))
    if collections:
        label = f"{COLLECTIONS}（{len(collections)}）"
        top.append(Shelf("c:", "collections", label, collections, _place))
    return top
