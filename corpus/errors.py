"""The one exception type the command line turns into a one-line message and an exit code."""

from __future__ import annotations


class GongbaoError(Exception):
    """A failure the user can act on; `str(err)` is the whole message, one line."""

    exit_code = 1


class InputError(GongbaoError):
    """A seed or gazette file that cannot be read as text."""

    exit_code = 2


class StoreError(GongbaoError):
    """The store is missing, unreadable or from an incompatible schema."""

    exit_code = 3


class NotFound(GongbaoError):
    """A document reference that matches nothing in the store."""

    exit_code = 4


class QueryError(GongbaoError):
    """A search query that cannot be understood (unknown filter, unbalanced quote, too long)."""

    exit_code = 5


class BusyError(GongbaoError):
    """Another gongbao is changing the store, and did not finish in time."""

    exit_code = 6
