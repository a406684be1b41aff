"""Shared set-up for the directives register's pages: a công văn of UBND tỉnh registered by the
CĐS agency (the appraiser) with two tasks — one led by Sở KH&CN with Sở Y tế coordinating whose
deadline has passed (overdue), one led by Sở Y tế due in a month."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cds.directives import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TODAY = dt.date.today()
FULL_TEXT = ("Giao Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Y tế xây dựng kế hoạch chuyển đổi số năm "
             f"{TODAY.year + 1}, hoàn thành trước ngày 30/12/{TODAY.year + 1}.")


def pdf(name="minh-chung.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def make_directive(actor, issuer, *, number="8826/UBND-VXNV", issued_on=None, **extra):
    data = {"kind": "cong_van", "number": number, "issued_on": issued_on or TODAY - dt.timedelta(days=60),
            "issuer": issuer, "signer": "Chủ tịch UBND tỉnh Nguyễn Văn A",
            "title": "Về việc đẩy mạnh chuyển đổi số trên địa bàn tỉnh", "full_text": FULL_TEXT}
    data.update(extra)
    return services.create_directive(actor, data)


def make_task(actor, directive, lead, *, deadline, content="Xây dựng kế hoạch chuyển đổi số của tỉnh", coordinating=(),
              **extra):
    data = {"content": content, "lead_unit": lead.pk, "coordinating_units": [u.pk for u in coordinating],
            "deadline": deadline, "responsible": "Giám đốc Sở", "expected_product": "Kế hoạch trình UBND tỉnh"}
    data.update(extra)
    return services.add_task(actor, directive, data)


@pytest.fixture
def dv(cast, units):
    """The directive (``dv.d``), its overdue task led by Sở KH&CN (``dv.overdue``) and its future
    task led by Sở Y tế (``dv.upcoming``)."""
    d = make_directive(cast.appraiser, units.tinh)
    overdue = make_task(cast.appraiser, d, units.skhcn, coordinating=[units.syt], deadline=TODAY - dt.timedelta(days=20),
                        content="Xây dựng kế hoạch chuyển đổi số năm nay của tỉnh")
    upcoming = make_task(cast.appraiser, d, units.syt, deadline=TODAY + dt.timedelta(days=30),
                         content="Triển khai bệnh án điện tử tại các bệnh viện tuyến tỉnh")
    return SimpleNamespace(d=d, overdue=overdue, upcoming=upcoming)
