"""The appraisal reads the project's estimate: its findings carry the checker's conclusion or
where the estimate stands and its open flags with their citations, and the Word report carries
the "Thẩm định dự toán" appendix (requested, checked, difference per group). Built on the
shared demo, whose Sở GD&ĐT dossier waits on an estimate with contingency above its cap."""
import io

from docx import Document

from cds.accounts.models import User
from cds.appraisal import documents, findings
from cds.appraisal.models import Dossier
from cds.estimates import services as estimate_services
from cds.estimates.models import Conclusion, Estimate
from cds.rules.models import CheckKind

CONTINGENCY = "Xây dựng phần mềm quản lý đội ngũ nhà giáo"


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _estimate_findings(user, dossier):
    return [f for f in findings.PROVIDERS[CheckKind.ESTIMATE][-1](user, dossier)]


def test_findings_carry_the_open_flags_of_the_standing_version(demo):
    appraiser = User.objects.get(username="thamdinh")
    dossier = Dossier.objects.get(project__name__startswith=CONTINGENCY)
    found = _estimate_findings(appraiser, dossier)
    texts = [f.text for f in found]
    assert any("chưa có kết luận" in t for t in texts), texts
    contingency = [f for f in found if "Dự phòng" in f.text and "vượt mức tối đa 10 %" in f.text]
    assert contingency and contingency[0].level == "warning"
    assert "TT 03/2020/TT-BTTTT" in contingency[0].detail
    assert all(f.link.startswith("/du-toan/") for f in found)


def test_conclusion_reaches_findings_and_report_appendix(demo):
    appraiser = User.objects.get(username="thamdinh")
    dossier = Dossier.objects.get(project__name__startswith=CONTINGENCY)
    estimate = Estimate.objects.get(project=dossier.project)
    version = estimate.versions.get(number=estimate.current_version)
    line = version.lines.get(group_code="dp")
    allowed = line.amount * 10 // 12
    estimate_services.review_line(appraiser, estimate, line_id=line.pk, checked_amount=allowed,
                                  text="Dự phòng tính lại bằng 10 % theo TT 03/2020.")
    estimate_services.conclude(appraiser, estimate, conclusion=Conclusion.ADJUST,
                               text="Giảm dự phòng về 10 %.", expected_version=Estimate.objects.get(pk=estimate.pk).version)
    found = _estimate_findings(appraiser, dossier)
    head = found[0]
    assert head.level == "warning" and "cần điều chỉnh" in head.text and "chênh lệch -" in head.text
    text = _text(documents.appraisal_report(dossier))
    assert "THẨM ĐỊNH DỰ TOÁN" in text and "Phụ lục I" in text
    assert "Chi phí dự phòng" in text
    estimate.refresh_from_db()
    assert f"{estimate.checked_total:,}".replace(",", ".") in text


def test_no_estimate_is_said_plainly(demo):
    appraiser = User.objects.get(username="thamdinh")
    with_estimates = Estimate.objects.values("project_id")
    dossier = Dossier.objects.exclude(project__in=with_estimates).first()
    found = _estimate_findings(appraiser, dossier)
    assert [f.level for f in found] == ["warning"] and "Chưa có dự toán chi tiết" in found[0].text
    assert "THẨM ĐỊNH DỰ TOÁN" not in _text(documents.appraisal_report(dossier))
