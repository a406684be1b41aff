import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cds.core.errors import ServiceError
from cds.core.uploads import check_document_upload, check_xlsx_upload


def test_real_pdf_accepted():
    assert check_document_upload(SimpleUploadedFile("qd.pdf", b"%PDF-1.4\n...")).startswith(b"%PDF")


@pytest.mark.parametrize("name,data", [
    ("qd.pdf", b"this is not a pdf"),
    ("scan.png", b"%PDF-1.4 pretending"),
    ("virus.exe", b"MZ\x90\x00"),
    ("empty.pdf", b""),
])
def test_fake_or_wrong_documents_refused(name, data):
    with pytest.raises(ServiceError):
        check_document_upload(SimpleUploadedFile(name, data))


def test_oversize_refused(settings):
    settings.MAX_DOCUMENT_BYTES = 1024
    with pytest.raises(ServiceError, match="quá lớn"):
        check_document_upload(SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2048))


def test_text_file_named_xlsx_refused():
    with pytest.raises(ServiceError, match="không phải"):
        check_xlsx_upload(SimpleUploadedFile("data.xlsx", "Tên dự án;Năm\n".encode()))


def test_zip_bomb_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (120 * 1024 * 1024))
    with pytest.raises(ServiceError, match="nghi ngờ"):
        check_xlsx_upload(SimpleUploadedFile("bomb.xlsx", buf.getvalue()))


def test_random_junk_refused():
    with pytest.raises(ServiceError):
        check_xlsx_upload(SimpleUploadedFile("junk.xlsx", os.urandom(5 * 1024 * 1024)))
