"""Shared set-up for appraisal tests: a Sở Tài chính and Công an tỉnh to ask for opinions, a
project of Sở KH&CN routed to a chosen procedure, and helpers that walk a dossier through the
workflow with the named cast (staff_a prepares, head_a submits, appraiser appraises,
supervisor countersigns, leader decides)."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cds.accounts.models import Role
from cds.appraisal import services
from cds.appraisal.models import Result
from cds.orgs.models import UnitKind
from cds.rules.models import ItemKind
from tests.factories import UserFactory, make_project, make_unit, regime

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TR, TY = 1_000_000, 1_000_000_000


@pytest.fixture
def others(units):
    stc = make_unit("T01-STC", "Sở Tài chính", parent=units.tinh, short_name="Sở Tài chính", aliases=["STC"])
    ca = make_unit("T01-CA", "Công an tỉnh", parent=units.tinh, short_name="Công an tỉnh", kind=UnitKind.POLICE)
    return SimpleNamespace(
        stc=stc, ca=ca,
        stc_head=UserFactory(username="stc_head", role=Role.UNIT_HEAD, unit=stc),
        ca_staff=UserFactory(username="ca_staff", role=Role.UNIT_STAFF, unit=ca),
        supervisor2=UserFactory(username="supervisor2", role=Role.SUPERVISOR, unit=units.thanhtra),
        leader2=UserFactory(username="leader2", role=Role.LEADER, unit=units.tinh),
    )


def pdf(name="tai-lieu.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def new_project(cast, units, *, kind="recurrent", regime_code="ND73_2019", group="C", **kw):
    return make_project(cast.staff_a, units.skhcn, kind=kind, regime=regime(regime_code), group=group, **kw)


def new_dossier(cast, units, *, amount=1 * TY, **kw):
    project = new_project(cast, units, **kw)
    return services.create_dossier(cast.staff_a, project, {"amount": amount, "title": ""})


def complete(dossier, actor):
    """Upload one PDF for every required document item of the dossier's checklist."""
    for item in dossier.procedure.checklist.filter(kind=ItemKind.DOCUMENT, required=True):
        services.add_document(actor, dossier, kind=item.document_kind.split("|")[0], upload=pdf(f"{item.pk}.pdf"))
    return dossier


def submitted(cast, units, **kw):
    dossier = complete(new_dossier(cast, units, **kw), cast.staff_a)
    return services.submit(cast.head_a, dossier)


def check_all(dossier, actor, result=Result.PASS):
    items = dossier.procedure.checklist.filter(kind=ItemKind.CONTENT)
    services.save_checklist(actor, dossier, {i.pk: (result, "Nhận xét" if result == Result.FAIL else "") for i in items})
    dossier.refresh_from_db()
    return dossier


def concluded(cast, units, conclusion="eligible", **kw):
    dossier = check_all(submitted(cast, units, **kw), cast.appraiser)
    return services.conclude(cast.appraiser, dossier, conclusion=conclusion, text="Hồ sơ đáp ứng yêu cầu.")


def countersigned(cast, units, conclusion="eligible", **kw):
    dossier = concluded(cast, units, conclusion, **kw)
    return services.countersign(cast.supervisor, dossier, agree=True, note="Thống nhất.")


def approved(cast, units, **kw):
    dossier = countersigned(cast, units, **kw)
    return services.decide(cast.leader, dossier, decision="approve", decision_number="123/QĐ-UBND",
                           decision_date=dt.date.today())
