"""Upload checks by content, size and type — never by the file name alone.

A document must be a PDF, an Office Open XML file (docx/xlsx), an old Office file
(doc/xls), or a PNG/JPEG scan, and its bytes must say so. Spreadsheets for import must be
real .xlsx packages whose declared uncompressed size stays small (zip bombs are refused
before anything is decompressed).
"""
from __future__ import annotations

import hashlib
import io
import os
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from .errors import ServiceError

DOC_EXTENSIONS = {"pdf", "docx", "xlsx", "doc", "xls", "png", "jpg", "jpeg"}
MAX_XLSX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_XLSX_RATIO = 200


def _read_limited(upload, limit: int) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ServiceError(f"Tệp quá lớn ({_mb(size)}); dung lượng tối đa là {_mb(limit)}.")
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ServiceError(f"Tệp quá lớn; dung lượng tối đa là {_mb(limit)}.")
    upload.seek(0)
    if not data:
        raise ServiceError("Tệp rỗng.")
    return data


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


def _ooxml_kind(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def sniff(data: bytes) -> str | None:
    """The real type of ``data`` (pdf, docx, xlsx, ole, png, jpg) or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"  # legacy .doc / .xls
    if data.startswith(b"PK\x03\x04"):
        return _ooxml_kind(data)
    return None


def check_document_upload(upload) -> bytes:
    """Validate an attached document; return its bytes."""
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in DOC_EXTENSIONS:
        raise ServiceError("Chỉ nhận tệp PDF, Word, Excel hoặc ảnh quét (PNG, JPEG).")
    data = _read_limited(upload, settings.MAX_DOCUMENT_BYTES)
    kind = sniff(data)
    expected = {"pdf": {"pdf"}, "docx": {"docx"}, "xlsx": {"xlsx"}, "doc": {"ole"}, "xls": {"ole"},
                "png": {"png"}, "jpg": {"jpg"}, "jpeg": {"jpg"}}[ext]
    if kind not in expected:
        raise ServiceError(f"Nội dung tệp “{name}” không đúng định dạng .{ext} (tệp giả mạo hoặc bị hỏng).")
    return data


def check_xlsx_upload(upload) -> bytes:
    """Validate a spreadsheet for import: size, real .xlsx content, no zip bomb."""
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise ServiceError("Chỉ nhận tệp Excel .xlsx (dùng mẫu tải về từ hệ thống).")
    data = _read_limited(upload, settings.MAX_IMPORT_BYTES)
    if not data.startswith(b"PK\x03\x04"):
        raise ServiceError("Tệp không phải là tệp Excel .xlsx hợp lệ (nội dung không đúng định dạng).")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ServiceError("Tệp Excel bị hỏng, không đọc được.") from None
    if total > MAX_XLSX_UNCOMPRESSED or total / packed > MAX_XLSX_RATIO:
        raise ServiceError("Tệp Excel có dung lượng giải nén bất thường (nghi ngờ tệp nén độc hại), đã từ chối.")
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise ServiceError("Tệp không phải là bảng tính Excel .xlsx hợp lệ.")
    return data


@dataclass(frozen=True)
class StoredFile:
    name: str      # the name the user gave it (≤ 255 characters)
    sha256: str
    size: int


def store_document(upload, field, stem: str) -> StoredFile:
    """Check an attached document (:func:`check_document_upload`) and save it into the model's
    ``FileField`` ``field`` as ``<stem>-<sha256[:12]>.<ext>`` without saving the model. The
    original name and the digest are returned for the row to keep."""
    content = check_document_upload(upload)
    sha = hashlib.sha256(content).hexdigest()
    name = upload.name or ""
    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    upload.seek(0)
    field.save(f"{stem}-{sha[:12]}{ext}", upload, save=False)
    return StoredFile(name=name[-255:], sha256=sha, size=len(content))


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_download(field, name: str = "", missing: str = "Không có tệp.") -> FileResponse:
    """A stored attachment as a download under the name it was uploaded with (404 when the
    record has no file). The caller has already fetched the record through its scoped reader."""
    if not field:
        raise Http404(missing)
    return FileResponse(field.open("rb"), as_attachment=True, filename=name or os.path.basename(field.name))


def xlsx_download(stream, filename: str) -> FileResponse:
    return FileResponse(stream, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


def bytes_download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A document built in memory (a Word report, an export) as a private download."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
