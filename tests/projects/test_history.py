import datetime as dt

from django.urls import reverse

from cds.audit.models import AuditEvent
from cds.projects import services
from tests.conftest import login
from tests.factories import source


def test_edit_is_kept_with_who_and_before_after(cast, projects):
    p = projects.a
    services.update_project(cast.staff_a, p, {"name": "Xây dựng CSDL đất đai tỉnh giai đoạn 2"},
                            expected_version=p.version)
    rec = p.history.first()
    assert rec.history_user == cast.staff_a and rec.history_type == "~"
    page = login(cast.inspector).get(reverse("projects:detail", args=[p.pk]) + "?tab=history").content.decode()
    assert "Xây dựng cơ sở dữ liệu đất đai tỉnh" in page and "Xây dựng CSDL đất đai tỉnh giai đoạn 2" in page
    assert "diff-old" in page and cast.staff_a.get_full_name() in page
    assert AuditEvent.objects.filter(verb="project.updated", target_id=p.pk, actor=cast.staff_a).exists()


def test_m2m_and_ledger_changes_in_history(cast, projects, units):
    p = projects.a
    services.update_project(cast.staff_a, p, {"coordinating_units": [units.syt]}, expected_version=p.version)
    services.record_budget_entry(cast.staff_a, p, {"stage": "estimate", "amount": 7_000_000, "year": 2024,
                                                   "funding_source": source()})
    page = login(cast.inspector).get(reverse("projects:detail", args=[p.pk]) + "?tab=history").content.decode()
    assert "Đơn vị phối hợp" in page and "Sở Y tế" in page
    assert "7.000.000 đ" in page


def test_one_history_record_per_edit(cast, projects, units):
    p = projects.a
    n = p.history.count()
    services.update_project(cast.staff_a, p, {"coordinating_units": [units.syt], "name": "Tên mới"},
                            expected_version=p.version)
    assert p.history.count() == n + 1


def test_documents_are_never_hard_deleted(cast, projects):
    p = projects.a
    doc = services.add_document(cast.staff_a, p, {"number": "33/NQ-HĐND", "issued_on": dt.date(2020, 9, 17),
                                                  "issuer": "HĐND tỉnh", "doc_type": "NQ"})
    services.remove_document(cast.staff_a, doc, reason="Nhầm văn bản")
    doc.refresh_from_db()
    assert doc.is_removed and doc.removed_reason == "Nhầm văn bản"
    assert p.documents.count() == 1


def test_audit_log_reads_in_vietnamese(cast, projects):
    services.transition(cast.staff_a, projects.a, "start_dossier")
    services.record_budget_entry(cast.staff_a, projects.a, {"stage": "estimate", "amount": 5_000_000, "year": 2024,
                                                            "funding_source": source()})
    body = login(cast.inspector).get(reverse("audit:log")).content.decode()
    assert "Đề xuất → Đang lập hồ sơ" in body
    assert "Dự toán/khái toán đề xuất năm 2024: 5.000.000 đ" in body


def test_audit_log_scoped_to_own_tree(cast, projects):
    body = login(cast.inspector).get(reverse("audit:log")).content.decode()
    assert projects.bo.code not in body and projects.a.code in body
