"""The one definition of characters that must never reach a terminal as they are.

File names, queries and document text are data. A name such as `\\e]0;PWNED\\a.txt` would set
the window title if printed raw, a newline would split a one-line error, bidi overrides
reorder what is shown, and zero-width, tag and byte-order-mark characters hide inside text
that looks clean. Every place that prints, draws or stores such text uses one of the three
helpers below, all built from the single character class `UNSAFE`:

- `escape`: for messages that name a path or quote input: each unsafe character becomes a
  visible escape (`\\x1b`, `\\n`, `\\u202e`), so the user sees exactly what is there;
- `blank`: for drawing text where offsets must hold (search marks, reader lines): one
  replacement character for one unsafe character;
- `strip_invisible`: for document text at clean time: format characters with no visible
  meaning in a gazette are removed (tabs and newlines kept).
"""

from __future__ import annotations

import re

#: C0 and C1 controls (DEL included), line/paragraph separators, bidi marks, embeddings,
#: overrides and isolates, zero-width characters and word joiners, the byte-order mark,
#: interlinear annotation marks, Unicode tag characters and lone surrogates (undecodable
#: bytes of a file name under `surrogateescape`).
_INVISIBLE = (
    "\x7f-\x9f"
    "\u061c\u180e"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb"
    "\ud800-\udfff"
    "\U000e0000-\U000e007f"
)
UNSAFE_CLASS = "\x00-\x1f" + _INVISIBLE
UNSAFE = re.compile(f"[{UNSAFE_CLASS}]")
_UNSAFE_BUT_WHITESPACE = re.compile(f"[\x00-\x08\x0b-\x1f{_INVISIBLE}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e", "\\": "\\\\"}


def _visible(ch: str) -> str:
    named = _NAMED.get(ch)
    if named:
        return named
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


_ESCAPE = re.compile(f"[{UNSAFE_CLASS}\\\\]")


def escape(text: object, backslash: bool = True) -> str:
    """`text` with every unsafe character (and backslash) as a visible escape, on one line.

    Use for anything a message quotes: paths, file names, refs, queries. The result is
    printable on any terminal, and a file named `a\\nb` reads as `a\\nb`, not two lines.
    `backslash=False` is for a whole message whose parts may already be escaped.
    """
    pattern = _ESCAPE if backslash else UNSAFE
    return pattern.sub(lambda m: _visible(m.group()), str(text))


def blank(text: str, replacement: str = " ", keep: str = "") -> str:
    """One `replacement` for each unsafe character, so offsets into `text` still hold.

    `keep` lists characters to leave alone (e.g. "\\n" for multi-line output).
    """
    if keep:
        return re.sub(
            f"[{UNSAFE_CLASS}]", lambda m: m.group() if m.group() in keep else replacement, text
        )
    return UNSAFE.sub(replacement, text)


def strip_invisible(text: str) -> str:
    """Document text with controls and invisible format characters removed (not tab/newline).

    Called once, by the clean stage, so `show`, `list`, `--json` and exports never carry
    U+2028, U+FEFF, bidi or tag characters.
    """
    return _UNSAFE_BUT_WHITESPACE.sub("", text)


def has_unsafe(text: str) -> bool:
    return UNSAFE.search(text) is not None
