"""The import's limits hold before the work: a workbook of half a million blank rows is refused in
a fraction of a second (rows are counted as they are read, blank or not; a sheet's declared
dimension and its row elements are looked at before openpyxl reads it), the declared
uncompressed size of every part is checked before anything is parsed, and reading stops at a
deadline."""
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cds.audit.models import AuditEvent
from cds.projects import importer
from cds.projects.importer import parsing
from cds.projects.models import Project
from tests.conftest import login
from tests.xlsx_raw import raw_xlsx

from .test_import import HEADERS, row

TOO_MANY = "dòng bên dưới dòng tiêu đề (kể cả dòng trống)"


def upload(client, data):
    return client.post(reverse("projects:import"), {"file": SimpleUploadedFile("danh-muc.xlsx", data)})


@pytest.mark.parametrize("dimension", [None, "A1:Q500001"], ids=["no-dimension", "dimension"])
def test_half_a_million_blank_rows_are_refused_at_once(cast, units, settings, tmp_path, dimension):
    settings.MEDIA_ROOT = tmp_path
    data = raw_xlsx([HEADERS, row(name="Dự án thật")], blank_rows=500_000, dimension=dimension)
    assert len(data) < 3 * 1024 * 1024  # the size of the file that took a minute
    client = login(cast.appraiser)
    # The first request of a process compiles templates and loads modules: not the file's cost.
    assert upload(client, b"PK\x03\x04 not a workbook").status_code == 400
    started = time.perf_counter()
    resp = upload(client, data)
    elapsed = time.perf_counter() - started
    assert resp.status_code == 400 and TOO_MANY in resp.content.decode()
    assert elapsed < 1.0, f"refused after {elapsed:.2f} s"
    assert not Project.objects.exists() and "projects_import" not in client.session
    assert not (tmp_path / "imports").exists() or not any((tmp_path / "imports").iterdir())
    assert AuditEvent.objects.filter(verb="import.rejected").count() == 2


def test_blank_rows_count_against_the_cap(cast, units, monkeypatch):
    """Rows read, not rows kept: blank rows past the cap stop the reading, so a data row after
    them is never reached."""
    monkeypatch.setattr(parsing, "MAX_ROWS", 100)
    data = raw_xlsx([HEADERS, row(name="Dự án thật")] + [[None]] * 150 + [row(name="Dự án sau dòng trống")])
    result = importer.parse(cast.appraiser, data)
    assert result.messages == [parsing.too_many_rows()] and "Tệp có hơn 100 dòng" in result.messages[0]
    assert result.rows == [] and result.total_rows == 1
    # Up to the cap the blank rows are simply skipped.
    fine = importer.parse(cast.appraiser, raw_xlsx([HEADERS, row(name="Dự án thật")] + [[None]] * 90
                                                   + [row(name="Dự án sau dòng trống")]))
    assert fine.ok and [r.name for r in fine.rows] == ["Dự án thật", "Dự án sau dòng trống"]


def test_a_sheet_declaring_too_many_rows_is_refused_before_reading(cast, units):
    data = raw_xlsx([HEADERS, row(name="Dự án thật")], dimension="A1:Q1048576")
    result = importer.parse(cast.appraiser, data)
    assert result.messages == [parsing.too_many_rows()]


def test_row_elements_are_counted_before_openpyxl_opens_the_file(cast, units, monkeypatch):
    """Without a dimension tag openpyxl reads the whole sheet when opening it: the rows are
    counted on the decompressed bytes first."""
    monkeypatch.setattr(parsing, "MAX_SHEET_ROWS", 50)
    opened = []
    monkeypatch.setattr(parsing, "open_workbook", lambda data: opened.append(1))
    result = importer.parse(cast.appraiser, raw_xlsx([HEADERS], blank_rows=60))
    assert result.messages == [parsing.too_many_rows()] and opened == []


def test_declared_uncompressed_sizes_are_checked_before_parsing(cast, units, monkeypatch):
    data = raw_xlsx([HEADERS, row(name="Dự án thật")])
    assert importer.parse(cast.appraiser, data).ok
    monkeypatch.setattr(parsing, "MAX_PART_BYTES", 1000)   # the sheet's XML is larger
    opened = []
    monkeypatch.setattr(parsing, "open_workbook", lambda data: opened.append(1))
    result = importer.parse(cast.appraiser, data)
    assert result.messages == [parsing.too_big()] and "dung lượng giải nén bất thường" in result.messages[0]
    assert opened == []


def test_reading_stops_at_the_deadline(cast, units, monkeypatch):
    monkeypatch.setattr(parsing, "MAX_SECONDS", 0)
    result = importer.parse(cast.appraiser, raw_xlsx([HEADERS, row(name="Dự án thật")]))
    assert result.messages == [parsing.too_slow()] and result.rows == []
    assert result.messages[0].startswith("Đọc tệp mất quá 0 giây nên đã dừng")
