"""Stage 1, read: which bytes become lines, and which are refused with a one-line error."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from corpus.errors import GongbaoError, InputError
from corpus.read import decode, read_file

SNIPPET = "国务院办公厅\n关于印发试点方案的通知\n\n国办发〔２０１７〕６号\n"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _assert_one_line_naming(err: GongbaoError, path: Path) -> None:
    msg = str(err)
    assert "\n" not in msg
    assert str(path) in msg


def test_utf8_without_bom(tmp_path: Path) -> None:
    data = SNIPPET.encode("utf-8")
    raw = read_file(_write(tmp_path, "a.txt", data))
    assert raw.lines[:4] == ["国务院办公厅", "关于印发试点方案的通知", "", "国办发〔２０１７〕６号"]
    assert raw.name == "a.txt"
    assert raw.sha256 == hashlib.sha256(data).hexdigest()
    assert raw.encoding.startswith("utf-8")


def test_utf8_with_bom_drops_the_bom(tmp_path: Path) -> None:
    raw = read_file(_write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + SNIPPET.encode("utf-8")))
    assert raw.lines[0] == "国务院办公厅"
    assert "\ufeff" not in "".join(raw.lines)


@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
def test_gb_encodings(tmp_path: Path, codec: str) -> None:
    data = SNIPPET.encode(codec)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the case is real: these bytes are not UTF-8
    raw = read_file(_write(tmp_path, f"{codec}.txt", data))
    assert raw.encoding == "gb18030"
    assert raw.lines[1] == "关于印发试点方案的通知"
    assert raw.lines[3] == "国办发〔２０１７〕６号"


def test_line_endings_and_form_feeds_are_normalised(tmp_path: Path) -> None:
    raw = read_file(_write(tmp_path, "crlf.txt", "第一行\r\n第二行\r第三行\f第四行".encode()))
    assert raw.lines == ["第一行", "第二行", "第三行", "第四行"]


@pytest.mark.parametrize("data", [b"", b"   \n\n  \r\n"], ids=["empty", "blank"])
def test_empty_file_is_refused(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "empty.txt", data)
    with pytest.raises(InputError) as info:
        read_file(path)
    _assert_one_line_naming(info.value, path)
    assert "empty" in str(info.value)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    # a PDF-like header with NUL bytes: not a gazette text file
    path = _write(tmp_path, "scan.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 8)
    with pytest.raises(InputError) as info:
        read_file(path)
    _assert_one_line_naming(info.value, path)


def test_binary_without_nul_bytes_is_refused(tmp_path: Path) -> None:
    # control bytes that GB18030 would happily decode are still not text
    data = bytes(b for b in range(1, 32) if b not in (9, 10, 12, 13)) * 200
    path = _write(tmp_path, "ctl.txt", data)
    with pytest.raises(InputError) as info:
        read_file(path)
    _assert_one_line_naming(info.value, path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError) as info:
        read_file(path)
    _assert_one_line_naming(info.value, path)


def test_directory_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dir.txt"
    path.mkdir()
    with pytest.raises(InputError) as info:
        read_file(path)
    _assert_one_line_naming(info.value, path)


def test_unreadable_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # chmod 0 does not stop root, so the permission error is raised where the file is read
    path = _write(tmp_path, "secret.txt", SNIPPET.encode())

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(InputError) as info:
        read_file(path)
    _assert_one_line_naming(info.value, path)
    assert "Permission denied" in str(info.value)


def test_input_error_exit_code() -> None:
    with pytest.raises(InputError) as info:
        decode(b"", "x.txt")
    assert info.value.exit_code == 2
    assert str(info.value).startswith("x.txt:")
