"""``manage.py find_overlaps``: overlapping pairs inside a CSV list of project names, no database.
Row numbers are data rows of the analyst's sheet (header not counted, rows without a name still
counted); every bad input is a Vietnamese CommandError and leaves no output file behind."""
import csv
import io
import itertools
import unicodedata

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cds.overlap import csv_scan
from cds.text.matching import DEFAULT_THRESHOLD

HEADER = ["row_a", "row_b", "score", "name_a", "name_b", "explanation"]
CAMERA = "Camera giám sát giao thông"
LANG_SON = "Xây dựng cơ sở dữ liệu đất đai tỉnh Lạng Sơn"
HA_GIANG = "Xay dung CSDL dat dai tinh Ha Giang"
VAN_BAN = "Hệ thống quản lý văn bản và điều hành"
NAMES = [CAMERA, LANG_SON, VAN_BAN, HA_GIANG]


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text):
    """Windows-1258, as old Vietnamese Excel saves it: letters with a tone mark are written as the
    letter plus a combining tone ("ở" = "ơ" + U+0309), which the codec does not do by itself."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def write_csv(path, rows, delimiter=",", encoding="utf-8"):
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerows(rows)
    text = buf.getvalue()
    path.write_bytes(cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


def sheet(tmp_path, names=NAMES, **kw):
    rows = [["stt", "name", "don_vi"]] + [[str(k), n, "Sở KH&CN"] for k, n in enumerate(names, 1)]
    return write_csv(tmp_path / "ds.csv", rows, **kw)


def run(src, *args, out=None):
    """(rows of the output CSV, stderr)."""
    err = io.StringIO()
    out = out or src.parent / "pairs.csv"
    call_command("find_overlaps", "--csv", str(src), "--column", "name", "--out", str(out), *args,
                 stdout=io.StringIO(), stderr=err)
    return list(csv.reader(out.read_text(encoding="utf-8").splitlines())), err.getvalue()


def test_finds_the_land_pair_numbered_by_data_rows(tmp_path):
    rows, err = run(sheet(tmp_path))
    assert rows[0] == HEADER
    assert len(rows) == 2  # only the land pair at the default threshold
    row_a, row_b, score, name_a, name_b, explanation = rows[1]
    assert (row_a, row_b, name_a, name_b) == ("2", "4", LANG_SON, HA_GIANG)  # camera is data row 1
    assert float(score) >= DEFAULT_THRESHOLD and score == f"{float(score):.4f}"
    assert explanation.startswith("Từ khóa chung:") and "đất đai" in explanation
    threshold = str(DEFAULT_THRESHOLD).replace(".", ",")
    assert err.startswith(f"Đã so 4 tên, tìm thấy 1 cặp (ngưỡng {threshold})") and "pairs.csv" in err


def test_threshold_zero_lists_every_pair_sorted(tmp_path):
    names = NAMES + ["Phần mềm một cửa điện tử"]
    rows, _ = run(sheet(tmp_path, names), "--threshold", "0")
    assert rows[0] == HEADER
    body = rows[1:]
    n = len(names)
    assert len(body) == n * (n - 1) // 2
    assert {(int(a), int(b)) for a, b, *_ in body} == set(itertools.combinations(range(1, n + 1), 2))
    keys = [(-float(s), int(a), int(b)) for a, b, s, *_ in body]
    assert keys == sorted(keys)
    assert body[0][:2] == ["2", "4"]
    assert all(names[int(a) - 1] == na and names[int(b) - 1] == nb for a, b, _, na, nb, _ in body)


def test_high_threshold_and_empty_names_keep_numbering(tmp_path):
    names = [CAMERA, "", LANG_SON, "   ", HA_GIANG]
    rows, err = run(sheet(tmp_path, names), "--threshold", "0.3")
    assert rows[1][:2] == ["3", "5"]
    assert "Đã so 3 tên" in err and "bỏ qua 2 dòng" in err


def test_semicolon_bom_and_stdout(tmp_path):
    src = sheet(tmp_path, delimiter=";", encoding="utf-8-sig")
    assert src.read_bytes().startswith(b"\xef\xbb\xbf")
    out = io.StringIO()
    call_command("find_overlaps", "--csv", str(src), "--column", "name", "--out", "-",
                 stdout=out, stderr=io.StringIO())
    rows = list(csv.reader(out.getvalue().splitlines()))
    assert rows[0] == HEADER and [r[:2] for r in rows[1:]] == [["2", "4"]]
    assert not (tmp_path / "pairs.csv").exists()


def test_tab_delimited_single_column_with_commas(tmp_path):
    src = write_csv(tmp_path / "ds.tsv", [["name"], ["Camera giám sát, xử lý vi phạm giao thông"],
                                          [LANG_SON], [HA_GIANG]], delimiter="\t")
    rows, _ = run(src)
    assert [r[:2] for r in rows[1:]] == [["2", "3"]]


def error(src, *args, out_name="pairs.csv"):
    out = src.parent / out_name
    with pytest.raises(CommandError) as exc:
        call_command("find_overlaps", "--csv", str(src), "--column", "name", "--out", str(out), *args,
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert not out.exists()
    assert [p.name for p in src.parent.iterdir() if p.name.startswith(".pairs")] == []
    return str(exc.value)


def test_missing_column_lists_the_columns_found(tmp_path):
    src = write_csv(tmp_path / "ds.csv", [["STT", "Tên dự án"], ["1", LANG_SON], ["2", HA_GIANG]])
    msg = error(src)
    assert "“name”" in msg and "Tên dự án" in msg and "STT" in msg


def test_not_utf8(tmp_path):
    src = sheet(tmp_path, encoding="cp1258")
    with pytest.raises(UnicodeDecodeError):
        src.read_bytes().decode("utf-8")
    assert "UTF-8" in error(src)


def test_latin1(tmp_path):
    src = write_csv(tmp_path / "ds.csv", [["name"], ["Caméra de surveillance"], ["Base de données"]],
                    encoding="latin-1")
    assert "UTF-8" in error(src)


@pytest.mark.parametrize("content, words", [
    (b"", "trống"),
    (b"\n\n", "trống"),
    (b"stt,name\n", "không có dòng dữ liệu"),
    ("name\n\n" + LANG_SON + "\n\n", "ít nhất 2 tên"),
])
def test_empty_inputs(tmp_path, content, words):
    src = tmp_path / "ds.csv"
    src.write_bytes(content if isinstance(content, bytes) else content.encode())
    assert words in error(src)


def test_missing_file_bad_threshold_and_too_big(tmp_path, monkeypatch):
    assert "Không tìm thấy tệp" in error(tmp_path / "khong_co.csv")
    src = sheet(tmp_path)
    assert "0 đến 1" in error(src, "--threshold", "1.5")
    assert "0 đến 1" in error(src, "--threshold", "-0.1")
    monkeypatch.setattr(csv_scan, "MAX_BYTES", 100)
    assert "vượt giới hạn" in error(src)


def test_existing_output_is_left_alone_on_error(tmp_path):
    src = write_csv(tmp_path / "ds.csv", [["STT", "Tên"], ["1", LANG_SON]])
    out = tmp_path / "old.csv"
    out.write_text("cũ", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("find_overlaps", "--csv", str(src), "--column", "name", "--out", str(out),
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert out.read_text(encoding="utf-8") == "cũ"
