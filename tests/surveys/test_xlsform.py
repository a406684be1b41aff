"""XLSForm in and out: a stored version written and read back keeps its names, types, labels,
choices, required flags, conditions, matrix rows, scale ends and sections; a Kobo-style workbook
is read; every malformed workbook is refused with the sheet, the row and the problem."""
import io

import openpyxl
import pytest

from cds.surveys import services
from cds.surveys.xlsform import MAX_SURVEY_ROWS, XLSFormError, read_xlsform, write_definition, write_xlsform

from .conftest import sample_definition

HEADER = ["type", "name", "label::Tiếng Việt (vi)", "hint", "required", "relevant", "constraint", "appearance",
          "parameters"]


def book(survey, choices=None, settings=None, *, header=HEADER, blank_rows=0) -> io.BytesIO:
    """An .xlsx with a survey sheet (rows as lists under ``header``), optional choices and settings."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(header)
    for row in survey:
        ws.append(row)
    last = ws.max_row
    for i in range(blank_rows):  # formatted, empty cells: each row is written, with nothing in it
        ws.cell(row=last + 1 + i, column=1).number_format = "@"
    if choices is not None:
        cs = wb.create_sheet("choices")
        cs.append(["list_name", "name", "label::Tiếng Việt (vi)"])
        for row in choices:
            cs.append(row)
    if settings is not None:
        st = wb.create_sheet("settings")
        st.append(["form_title", "form_id", "version"])
        st.append(settings)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


KOBO = [
    ["start", "start", "", "", "", "", "", "", ""],
    ["begin group", "du_lieu", "Dữ liệu", "", "", "", "", "", ""],
    ["select_one yn", "co_nghen", "Có điểm nghẽn về dữ liệu?", "Chọn một", "yes", "", "", "", ""],
    ["select_multiple csdl", "csdl_thieu", "CSDL còn thiếu", "", "", "${co_nghen} = 'co'", "", "", ""],
    ["range", "muc_do", "Mức độ sẵn sàng", "", "", "", "", "", "start=1 end=5"],
    ["begin_group", "bang", "Mức sẵn sàng từng CSDL", "", "", "", "", "table-list", ""],
    ["select_one muc", "bang__dan_cu", "Dân cư", "", "", "", "", "", ""],
    ["select_one muc", "bang__dat_dai", "Đất đai", "", "", "", "", "", ""],
    ["end_group", "", "", "", "", "", "", "", ""],
    ["end group", "", "", "", "", "", "", "", ""],
    ["integer", "so_can_bo", "Số cán bộ", "", "true", "", ". >= 0", "", ""],
]
KOBO_CHOICES = [["yn", "co", "Có"], ["yn", "khong", "Không"], ["csdl", "dan_cu", "Dân cư"],
                ["csdl", "dat_dai", "Đất đai"], ["muc", "tot", "Tốt"], ["muc", "chua", "Chưa"]]


def errors_of(fileobj, name="bieu_mau.xlsx") -> list[str]:
    with pytest.raises(XLSFormError) as exc:
        read_xlsform(fileobj, name)
    return exc.value.messages


KEYS = ("name", "type", "label", "hint", "required", "relevant", "constraint", "constraint_message", "list_name",
        "rows", "scale_min", "scale_max", "section")


def test_a_stored_version_round_trips_through_xlsform(cast):
    fv = services.save_definition(cast.appraiser, sample_definition())
    back = read_xlsform(write_xlsform(fv), "lai.xlsx")
    original = sample_definition()
    assert [{k: q[k] for k in KEYS} for q in back["questions"]] == [{k: q[k] for k in KEYS}
                                                                    for q in original["questions"]]
    assert back["sections"] == original["sections"]
    assert back["choices"] == sorted(original["choices"], key=lambda c: c["list_name"])  # stored by list
    assert (back["title"], back["form_id"], back["version_label"]) == (
        original["title"], original["form_id"], original["version_label"])
    matrix = next(q for q in back["questions"] if q["type"] == "matrix")
    assert [r["label"] for r in matrix["rows"]] == ["Dân cư", "Đất đai"]


def test_the_matrix_is_written_as_a_kobo_table_list_group(cast):
    ws = openpyxl.load_workbook(write_definition(sample_definition()))["survey"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = rows[0]
    at = next(i for i, r in enumerate(rows) if r[1] == "du_lieu_csdl")
    assert rows[at][0] == "begin_group" and rows[at][header.index("appearance")] == "table-list"
    assert rows[at + 1][:3] == ["select_one muc_do", "du_lieu_csdl__dan_cu", "Dân cư"]
    assert rows[at + 3][0] == "end_group"
    scale = next(r for r in rows if r[1] == "ha_tang_muc")
    assert scale[0] == "range" and scale[header.index("parameters")] == "start=1 end=5 step=1"
    section = next(r for r in rows if r[1] == "an_ninh")
    assert section[header.index("cds_group")] == "security"


def test_a_kobo_style_workbook_is_read():
    d = read_xlsform(book(KOBO, KOBO_CHOICES, ["Khảo sát Kobo", "kobo_form", "3"]), "kobo.xlsx")
    assert (d["title"], d["form_id"], d["version_label"]) == ("Khảo sát Kobo", "kobo_form", "3")
    assert d["sections"] == [{"name": "du_lieu", "label": "Dữ liệu", "group": "data", "relevant": ""}]
    by_name = {q["name"]: q for q in d["questions"]}
    assert list(by_name) == ["co_nghen", "csdl_thieu", "muc_do", "bang", "so_can_bo"]  # "start" is skipped
    assert by_name["co_nghen"]["required"] and by_name["co_nghen"]["hint"] == "Chọn một"
    assert by_name["csdl_thieu"]["type"] == "select_multiple"
    assert by_name["csdl_thieu"]["relevant"] == "${co_nghen} = 'co'"
    assert (by_name["muc_do"]["type"], by_name["muc_do"]["scale_min"], by_name["muc_do"]["scale_max"]) == (
        "scale", 1, 5)
    assert by_name["bang"]["type"] == "matrix" and by_name["bang"]["rows"] == [
        {"name": "dan_cu", "label": "Dân cư"}, {"name": "dat_dai", "label": "Đất đai"}]
    assert by_name["so_can_bo"]["section"] is None and by_name["so_can_bo"]["required"]
    assert by_name["co_nghen"]["section"] == "du_lieu"


MALFORMED = [
    ("unknown_type", lambda: book([["barcode", "ma", "Mã vạch"] + [""] * 6]),
     "Sheet “survey”, dòng 2: loại câu hỏi “barcode” không được hỗ trợ."),
    ("not_xlsform_type", lambda: book([["text", "a", "A"] + [""] * 6, ["vanban", "b", "B"] + [""] * 6]),
     "Sheet “survey”, dòng 3: loại câu hỏi “vanban” không có trong quy chuẩn XLSForm."),
    ("duplicate", lambda: book([["text", "a", "A"] + [""] * 6, ["integer", "a", "B"] + [""] * 6]),
     "Sheet “survey”, dòng 3: tên “a” bị trùng với dòng 2."),
    ("list_missing", lambda: book([["select_one yn", "a", "A"] + [""] * 6], [["muc", "tot", "Tốt"]]),
     "Sheet “survey”, dòng 2: câu hỏi “a” dùng danh sách lựa chọn “yn” không có trong sheet choices."),
    ("choices_sheet_missing", lambda: book([["text", "b", "B"] + [""] * 6, ["select_one yn", "a", "A"] + [""] * 6]),
     "Tệp thiếu sheet “choices”: câu hỏi “a” (sheet “survey”, dòng 3) dùng danh sách lựa chọn “yn”."),
    ("broken_relevant", lambda: book([["text", "a", "A"] + [""] * 6, ["text", "b", "B", "", "", "${a} = = 1"]
                                      + [""] * 3]),
     "Sheet “survey”, dòng 3: điều kiện hiển thị (relevant) của “b” lỗi"),
    ("unknown_reference", lambda: book([["text", "a", "A"] + [""] * 6, ["integer", "b", "B", "", "", "",
                                                                      "${khong_co} > 1", "", ""]]),
     "Sheet “survey”, dòng 3: ràng buộc (constraint) của “b” lỗi — tham chiếu tới câu hỏi không có trong biểu mẫu: "
     "${khong_co}."),
    ("unclosed", lambda: book([["begin_group", "g", "G"] + [""] * 6, ["text", "a", "A"] + [""] * 6]),
     "Sheet “survey”, dòng 2: nhóm “g” mở ở dòng này chưa được đóng (thiếu end_group)."),
    ("extra_end", lambda: book([["text", "a", "A"] + [""] * 6, ["end_group", "", ""] + [""] * 6]),
     "Sheet “survey”, dòng 3: end_group thừa (không có nhóm nào đang mở)."),
    ("too_deep", lambda: book([["begin_group", "g", "G"] + [""] * 6, ["begin_group", "h", "H"] + [""] * 6,
                               ["text", "a", "A"] + [""] * 6, ["end_group"] + [""] * 8, ["end_group"] + [""] * 8]),
     "Sheet “survey”, dòng 3: nhóm “h” lồng trong một nhóm khác"),
    ("empty_label", lambda: book([["text", "a", ""] + [""] * 6]),
     "Sheet “survey”, dòng 2: câu hỏi “a” chưa có nội dung (cột label)."),
    ("choice_label", lambda: book([["select_one yn", "a", "A"] + [""] * 6], [["yn", "co", ""]]),
     "Sheet “choices”, dòng 2: lựa chọn “co” của danh sách “yn” chưa có nhãn (cột label)."),
    ("missing_survey", lambda: _only_choices(),
     "Tệp thiếu sheet “survey”"),
    ("not_xlsx", lambda: io.BytesIO(b"type,name,label\ntext,a,A\n"),
     "không phải bảng tính Excel .xlsx hợp lệ"),
    ("bad_range", lambda: book([["range", "m", "M", "", "", "", "", "", "start=5 end=1"]]),
     "Sheet “survey”, dòng 2: câu hỏi “m”: range cần start nhỏ hơn end"),
]


def _only_choices():
    wb = openpyxl.Workbook()
    wb.active.title = "choices"
    wb.active.append(["list_name", "name", "label"])
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


@pytest.mark.parametrize("case,make,expected", MALFORMED, ids=[c[0] for c in MALFORMED])
def test_every_malformed_workbook_names_sheet_row_and_problem(case, make, expected):
    messages = errors_of(make())
    assert any(expected in m for m in messages), messages


def test_all_problems_are_reported_together():
    messages = errors_of(book([["text", "a", ""] + [""] * 6, ["barcode", "b", "B"] + [""] * 6,
                               ["text", "a", "C"] + [""] * 6]))
    assert len(messages) == 3 and [m.split(":")[0] for m in messages] == [
        "Sheet “survey”, dòng 2", "Sheet “survey”, dòng 3", "Sheet “survey”, dòng 4"]


def test_limits_are_enforced_before_reading_everything():
    rows = [["text", f"q{i}", f"Câu {i}"] + [""] * 6 for i in range(MAX_SURVEY_ROWS + 1)]
    assert errors_of(book(rows)) == ["Sheet “survey” có hơn 2.000 dòng; biểu mẫu quá lớn để nhập một lần."]
    assert "quá lớn" in errors_of(io.BytesIO(b"PK\x03\x04" + b"\0" * (2 * 1024 * 1024 + 10)))[0]


def test_trailing_blank_rows_are_not_read():
    d = read_xlsform(book([["text", "a", "Câu A"] + [""] * 6], blank_rows=20_000), "trong.xlsx")
    assert [q["name"] for q in d["questions"]] == ["a"]


def test_a_file_that_is_not_xlsx_by_name_is_refused():
    assert "không phải bảng tính Excel .xlsx" in errors_of(book([["text", "a", "A"] + [""] * 6]), "bieu_mau.csv")[0]
