"""``load_key_tasks``: the catalogue from a sheet, all rows or none, errors by row in Vietnamese."""
import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from cds.surveys.models import KeyTask

HEADER = ["Số thứ tự", "Tên nhiệm vụ", "Nhóm", "Nguyên tắc, phương châm", "Đơn vị chủ trì", "Thời hạn", "Căn cứ"]


def xlsx(tmp_path, rows, name="danh-muc.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    path = tmp_path / name
    wb.save(path)
    return path


def run(path, user="appraiser"):
    out = io.StringIO()
    call_command("load_key_tasks", str(path), "--user", user, stdout=out)
    return out.getvalue()


def test_loads_and_updates_the_catalogue(cast, units, tmp_path):
    path = xlsx(tmp_path, [[1, "Làm sạch dữ liệu dân cư", "Dữ liệu", "5 rõ", "Sở KH&CN", "31/12/2026", "KH 12"],
                           [2, "Dịch vụ công toàn trình", "Thủ tục hành chính", "", "T01-SYT", None, ""]])
    assert "thêm 2 nhiệm vụ" in run(path)
    first = KeyTask.objects.get(number=1)
    assert first.lead_unit == units.skhcn and first.deadline.year == 2026 and first.principles == "5 rõ"
    csv_path = tmp_path / "sua.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEADER, ["1", "Làm sạch và làm giàu dữ liệu dân cư", "Dữ liệu", "", "Sở Y tế", "",
                                          ""]])
    assert "cập nhật 1 nhiệm vụ" in run(csv_path)
    first.refresh_from_db()
    assert first.name == "Làm sạch và làm giàu dữ liệu dân cư" and first.lead_unit == units.syt
    assert KeyTask.objects.count() == 2


def test_any_bad_row_cancels_the_file(cast, units, tmp_path):
    path = xlsx(tmp_path, [[1, "Đúng", "", "", "Sở Y tế", "", ""],
                           [1, "Trùng số", "", "", "Sở Y tế", "", ""],
                           [1000, "", "", "", "Văn phòng Bộ Thử Nghiệm", "31/02/2026", ""]])
    with pytest.raises(CommandError) as exc:
        run(path)
    text = str(exc.value)
    assert "Dòng 3: số thứ tự 1 lặp lại trong tệp" in text
    assert "Dòng 4:" in text and "Số thứ tự phải là số nguyên từ 1 đến 999" in text
    assert "không tìm thấy đơn vị chủ trì “Văn phòng Bộ Thử Nghiệm”" in text
    assert not KeyTask.objects.exists()


def test_refused_for_other_roles_and_bad_files(cast, units, tmp_path):
    path = xlsx(tmp_path, [[1, "Nhiệm vụ", "", "", "Sở Y tế", "", ""]])
    with pytest.raises(CommandError, match="Chỉ cơ quan chuyên trách CĐS"):
        run(path, user="staff_a")
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(CommandError, match="Không đọc được tệp Excel"):
        run(broken)
    no_header = tmp_path / "thieu.csv"
    no_header.write_text("Tên nhiệm vụ\nA\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Dòng tiêu đề thiếu cột: Số thứ tự, Đơn vị chủ trì"):
        run(no_header)
    assert not KeyTask.objects.exists()
