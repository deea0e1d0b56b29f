"""Reading what users hand `gongbao add`: encodings, formats by content, files that cannot be
read, a directory of mixed files, and the fields `show --json` gains from the source."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from corpus.cli import main
from corpus.errors import InputError
from corpus.formats import read_data, read_source
from corpus.formats.detect import is_fixed_width
from corpus.pipeline import process_file
from corpus.read import decode

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
SEEDS = Path(__file__).parent.parent / "seeds"
WEB = FIXTURES / "govdoc-cn_397.txt"
PKULAW = FIXTURES / "pkulaw_CLI.12.5679380_京经信发2022-87.txt"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "Traceback" not in out
    return code, out, err


# -- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("gbk"),
        lambda t: t.encode("utf-16"),  # with its BOM
        lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16-le-bom", "utf16-be-bom"],
)
def test_the_same_document_in_every_encoding(encode: object, tmp_path: Path) -> None:
    text = PKULAW.read_text("utf-8").replace("\r\n", "\n")
    path = tmp_path / "doc.txt"
    path.write_bytes(encode(text))  # type: ignore[operator]
    _issue, docs, _sha = process_file(path)
    _issue, want, _sha = process_file(PKULAW)
    assert [d.title for d in docs] == [d.title for d in want]
    assert [d.text for d in docs] == [d.text for d in want]


def test_big5_is_read_as_big5() -> None:
    # traditional text (GB18030 would decode these bytes too, into rare characters)
    text = "國務院辦公廳關於印發試點方案的通知\n各省、自治區、直轄市人民政府：\n　　現將方案印發給你們，請認真貫徹執行。\n"
    got, enc = decode(text.encode("big5"), "x.txt")
    assert enc == "big5" and got == text


def test_gbk_is_not_taken_for_big5() -> None:
    text = SEEDS.joinpath("000_d5f3b22cfb2f0cfd.txt").read_text("utf-8")[:3000]
    got, enc = decode(text.encode("gbk"), "x.txt")
    assert enc == "gb18030" and got == text


def test_text_that_decodes_to_garbage_is_refused_in_one_line() -> None:
    # Shift-JIS Japanese decodes under GB18030, but to characters no Chinese text uses
    data = ("これは日本語の文書です。政府の公報ではありません。" * 20).encode("shift_jis")
    with pytest.raises(InputError) as info:
        decode(data, "jp.txt")
    msg = str(info.value)
    assert "\n" not in msg and msg.startswith("jp.txt:") and "garbage" in msg


# -- formats by content --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "as_name", "fmt"),
    [
        ("lishui_detail.html", "page.txt", "html"),
        ("cee_gdsxzzfgsbf.md", "law.txt", "markdown"),
        ("ge_policy_raw-20190217.sql", "dump.txt", "sqldump"),
        ("govdoc-cn_397.pdf", "scan.txt", "pdf"),
        ("flk_种子法授权决定_20250430.docx", "word.bin", "docx"),
        ("pkulaw_CLI.12.5679380_京经信发2022-87.txt", "export.html", "pkulaw"),
        ("govdoc-cn_397.txt", "copy.md", "webtext"),
    ],
)
def test_format_is_decided_by_content_not_extension(
    src: str, as_name: str, fmt: str, tmp_path: Path
) -> None:
    path = tmp_path / as_name
    shutil.copy(FIXTURES / src, path)
    assert read_source(path).format == fmt


def test_seeds_are_fixed_width_and_web_copies_are_not() -> None:
    for seed in sorted(SEEDS.glob("*.txt")):
        assert read_source(seed).format == "fixed"
    assert not is_fixed_width(WEB.read_text("utf-8").splitlines())


def test_seeds_stay_gazette_issues() -> None:
    names = {process_file(seed)[0].name for seed in sorted(SEEDS.glob("*.txt"))}
    assert names == {"国务院公报 2021年第10期", "四川省人民政府公报 2017年（期号不详）"}
    for seed in sorted(SEEDS.glob("*.txt")):
        issue, docs, _ = process_file(seed)
        assert issue.kind == "gazette"
        assert all(d.format == "fixed" and d.source_file == seed.name for d in docs)
        assert all(d.issuers for d in docs)


def test_a_pdf_without_text_layer_needs_ocr() -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    buf = io.BytesIO()
    pdf.save(buf)
    with pytest.raises(InputError) as info:
        read_data(buf.getvalue(), "scan.pdf", "scan.pdf", ".pdf")
    msg = str(info.value)
    assert "\n" not in msg and msg.startswith("scan.pdf:") and "OCR" in msg


@pytest.mark.parametrize(
    "data",
    [
        (FIXTURES / "govdoc-cn_397.pdf").read_bytes()[:4000],  # cut short
        b"PK\x03\x04" + b"\x00" * 200,  # a broken zip
    ],
    ids=["truncated-pdf", "broken-zip"],
)
def test_broken_binary_files_are_refused_in_one_line(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        read_data(data, "bad", "bad", "")
    assert "\n" not in str(info.value) and str(info.value).startswith("bad:")


# -- gongbao add on a directory of mixed files -------------------------------------------


def test_add_a_directory_of_mixed_files_with_a_bad_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GONGBAO_HOME", str(tmp_path / "home"))
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for name in (
        "govdoc-cn_397.pdf",
        "lishui_detail.html",
        "cee_gyecqtcbpfflsyygwtdfh.md",
        "flk_种子法授权决定_20250430.docx",
        "pkulaw_CLI.12.5679380_京经信发2022-87.txt",
    ):
        shutil.copy(FIXTURES / name, incoming / name)
    (incoming / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    (incoming / "2019").mkdir()  # a year folder: not read, but said
    shutil.copy(FIXTURES / "govdoc-cn_397.txt", incoming / "2019" / "govdoc-cn_397.txt")
    db = tmp_path / "store.json"
    code, out, err = run(capsys, "add", str(incoming), "--db", str(db))
    assert f"gongbao: {incoming / '2019'}: a folder inside {incoming} is not read" in err
    assert code == 2  # something could not be read; the rest went in
    lines = [x for x in out.splitlines() if x.startswith(str(incoming))]
    assert lines == [
        f"{incoming / 'cee_gyecqtcbpfflsyygwtdfh.md'}: 生态环境部办公厅, 1 document (read as Markdown; collection)",
        f"{incoming / 'flk_种子法授权决定_20250430.docx'}: 全国人民代表大会常务委员会, 2 documents (read as Word document; collection)",
        f"{incoming / 'govdoc-cn_397.pdf'}: 国家发展改革委办公厅, 1 document (read as PDF; collection)",
        f"{incoming / 'lishui_detail.html'}: 丽水市人民政府, 2 documents (read as HTML page; collection)",
        f"{incoming / 'pkulaw_CLI.12.5679380_京经信发2022-87.txt'}: 北京市经济和信息化局, 2 documents (read as 北大法宝 export; collection)",
    ]
    bad = [x for x in err.splitlines() if "broken.pdf" in x]
    assert len(bad) == 1 and bad[0].startswith(f"gongbao: {incoming / 'broken.pdf'}: ")
    assert "added 5 file(s)" in out

    code, out, _ = run(capsys, "list", "--json", "--db", str(db))
    rows = json.loads(out)
    assert {"id", "issue", "section", "title", "doc_number", "issuer", "date", "kind"} <= set(
        rows[0]
    )
    pdf_row = next(r for r in rows if r["doc_number"] == "发改办财金规〔2019〕860号")
    code, out, _ = run(capsys, "show", pdf_row["id"], "--json", "--db", str(db))
    doc = json.loads(out)
    assert doc["format"] == "pdf" and doc["source_file"] == "govdoc-cn_397.pdf"
    assert doc["issuers"] == ["国家发展改革委办公厅", "税务总局办公厅"]
    assert doc["issue_name"] == "国家发展改革委办公厅"
    lishui = next(r for r in rows if r["doc_number"] == "丽政发〔2023〕30号")
    code, out, _ = run(capsys, "show", lishui["id"], "--json", "--db", str(db))
    doc = json.loads(out)
    assert (doc["date"], doc["promulgated"]) == ("2023-10-16", "2023-10-23")


def test_add_only_bad_files_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF-1.4\n%%EOF")
    code, out, err = run(capsys, "add", str(bad), "--db", str(tmp_path / "store.json"))
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and str(bad) in err
    assert not (tmp_path / "store.json").exists()


def test_markdown_label_lines_are_fields_not_text(tmp_path: Path) -> None:
    # crawled Markdown puts `**检索关键词**：…` and `**发布机关**：…` lines under the front matter
    src = (FIXTURES / "cee_gyecqtcbpfflsyygwtdfh.md").read_text("utf-8")
    front, _, body = src.partition("\n---\n")
    extra = "\n**检索关键词**：恶臭、超标排放\n\n**发布机关**：生态环境部办公厅\n"
    path = tmp_path / "crawled.md"
    path.write_text(front + "\n---\n" + extra + body, "utf-8")
    _issue, docs, _ = process_file(path)
    _issue, want, _ = process_file(FIXTURES / "cee_gyecqtcbpfflsyygwtdfh.md")
    assert [d.text for d in docs] == [d.text for d in want]
    assert docs[0].issuers == ["生态环境部办公厅"]
    assert "检索关键词" not in docs[0].text and "**" not in docs[0].text


def test_pdf_page_numbers_and_masthead_leave_the_text() -> None:
    _issue, docs, _ = process_file(FIXTURES / "govdoc-cn_397.pdf")
    text = docs[0].text
    for folio in ("— 1 —", "—1—", "— 5 —"):
        assert folio not in text
    assert not any(p.text.strip("—- ").isdigit() for p in docs[0].paragraphs)
    assert "文件" not in docs[0].paragraphs[0].text  # the masthead became the issuers
    assert docs[0].addressees[0] == "各省、自治区、直辖市、新疆生产建设兵团社会信用体系建设牵头部门"
