"""Domain audit log: who did what (logged in, submitted, approved, imported, exported …) and when.

Field-level before/after lives in django-simple-history tables; this log records the
*acts*. Rows are append-only: there is no service that updates or deletes them.
"""
from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEvent(models.Model):
    created_at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người thực hiện", null=True, blank=True,
        on_delete=models.PROTECT, related_name="audit_events",
    )
    actor_name = models.CharField(max_length=150, blank=True)
    verb = models.CharField("hành động", max_length=60, db_index=True)
    target_type = models.CharField(max_length=60, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    target_repr = models.CharField("đối tượng", max_length=300, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # The unit the event concerns (a project's investor, a user's unit): scopes the log by subtree.
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name = "nhật ký"

    def __str__(self):
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.actor_name} {self.verb} {self.target_repr}"

    @property
    def verb_label(self):
        return VERB_LABELS.get(self.verb, self.verb)

    @property
    def summary(self):
        return summarize(self)


VERB_LABELS = {
    "auth.login": "Đăng nhập",
    "auth.logout": "Đăng xuất",
    "auth.login_failed": "Đăng nhập sai",
    "auth.locked": "Khóa tài khoản do đăng nhập sai nhiều lần",
    "auth.token": "Cấp mã truy cập API",
    "project.created": "Tạo nhiệm vụ/dự án",
    "project.updated": "Sửa nhiệm vụ/dự án",
    "project.transition": "Chuyển trạng thái",
    "project.adjusted": "Điều chỉnh (giảm quy mô)",
    "project.checked": "Giám sát xác nhận",
    "project.document_added": "Thêm văn bản",
    "project.document_removed": "Gỡ văn bản",
    "budget.recorded": "Ghi sổ ngân sách",
    "budget.updated": "Sửa bút toán ngân sách",
    "budget.voided": "Hủy bút toán ngân sách",
    "budget.rebaseline": "Điều chỉnh tổng mức đầu tư/dự toán",
    "import.previewed": "Xem trước nhập Excel",
    "import.applied": "Nhập danh mục từ Excel",
    "import.rejected": "Nhập Excel bị từ chối",
    "export.projects_xlsx": "Xuất danh mục ra Excel",
    "unit.created": "Tạo đơn vị",
    "unit.updated": "Sửa đơn vị",
    "unit.reorganised": "Sắp xếp lại đơn vị",
    "review.campaign_created": "Lập đợt đánh giá hiệu quả",
    "review.campaign_opened": "Mở đợt đánh giá hiệu quả",
    "review.campaign_closed": "Kết thúc đợt đánh giá hiệu quả",
    "review.saved": "Nhập báo cáo đánh giá",
    "review.submitted": "Gửi báo cáo đánh giá",
    "review.returned": "Trả lại báo cáo đánh giá",
    "review.assessed": "Thẩm tra, đánh giá",
    "review.decided": "Quyết định sau đánh giá",
    "review.issue_answered": "Trả lời kiến nghị",
    "overlap.decided": "Kết luận về cặp nghi trùng lặp",
    "overlap.scanned": "Quét trùng lặp toàn bộ danh mục",
    "appraisal.created": "Lập hồ sơ thẩm định",
    "appraisal.document": "Tải lên tài liệu hồ sơ thẩm định",
    "appraisal.submitted": "Trình thẩm định",
    "appraisal.supplement_requested": "Yêu cầu bổ sung hồ sơ",
    "appraisal.supplemented": "Nộp hồ sơ bổ sung",
    "appraisal.opinion_requested": "Xin ý kiến đơn vị",
    "appraisal.opinion_answered": "Trả lời ý kiến thẩm định",
    "appraisal.opinion_escalated": "Báo cáo lãnh đạo ý kiến quá hạn",
    "appraisal.checked": "Cập nhật kết quả kiểm tra hồ sơ",
    "appraisal.concluded": "Kết luận thẩm định",
    "appraisal.countersigned": "Giám sát xác nhận kết luận thẩm định",
    "appraisal.countersign_refused": "Giám sát không xác nhận kết luận thẩm định",
    "appraisal.returned": "Trả hồ sơ thẩm định",
    "appraisal.approved": "Phê duyệt hồ sơ thẩm định",
    "appraisal.rejected": "Không phê duyệt hồ sơ thẩm định",
    "appraisal.exported": "Tải văn bản thẩm định (Word)",
    "review.evidence_added": "Đính kèm minh chứng",
    "review.follow_up_done": "Hoàn thành việc sau đánh giá",
    "directive.created": "Nhập văn bản chỉ đạo",
    "directive.updated": "Sửa văn bản chỉ đạo",
    "directive.task_created": "Giao nhiệm vụ",
    "directive.task_updated": "Sửa nhiệm vụ được giao",
    "directive.task_deleted": "Xóa nhiệm vụ được giao",
    "directive.progress": "Báo cáo tiến độ nhiệm vụ",
    "directive.extension_requested": "Đề nghị gia hạn nhiệm vụ",
    "directive.extension_decided": "Quyết định gia hạn nhiệm vụ",
    "directive.extracted": "Trích xuất nhiệm vụ từ văn bản",
}


def _vnd(n):
    try:
        return f"{int(n):,} đ".replace(",", ".")
    except (TypeError, ValueError):
        return str(n)


def summarize(event: "AuditEvent") -> str:
    """A Vietnamese one-line reading of ``event.data`` for the log page."""
    from cds.projects.models import Stage, State

    d = event.data or {}
    states, stages = dict(State.choices), dict(Stage.choices)
    if event.verb == "project.transition":
        text = f"{states.get(d.get('from'), d.get('from'))} → {states.get(d.get('to'), d.get('to'))}"
        if d.get("decision"):
            text += f" theo văn bản {d['decision']}"
        return text + (f". Lý do: {d['reason']}" if d.get("reason") else "")
    if event.verb == "budget.recorded":
        text = f"{stages.get(d.get('stage'), d.get('stage'))} năm {d.get('year')}: {_vnd(d.get('amount'))}"
        return text + (f" ({d['decision']})" if d.get("decision") else "")
    if event.verb == "budget.rebaseline":
        return f"Từ {_vnd(d.get('old'))} thành {_vnd(d.get('new'))} theo {d.get('decision')}"
    if event.verb == "overlap.decided":
        from cds.overlap.models import PairStatus

        labels = dict(PairStatus.choices)
        return f"Với {d.get('other')}: {labels.get(d.get('from'), d.get('from'))} → {labels.get(d.get('to'), d.get('to'))}"
    if event.verb == "project.updated":
        return "Sửa: " + ", ".join(d.get("fields") or []) if d.get("fields") else ""
    if event.verb in ("import.applied", "import.previewed", "import.rejected", "export.projects_xlsx"):
        parts = []
        if "file_name" in d:
            parts.append(f"tệp “{d['file_name']}”")
        for key, label in (("count", "số dòng"), ("rows", "số dòng"), ("errors", "số lỗi"), ("sha256", "SHA-256")):
            if key in d:
                parts.append(f"{label}: {d[key]}")
        return ", ".join(parts) or ", ".join(f"{k}: {v}" for k, v in d.items())
    return "; ".join(f"{k}: {v}" for k, v in d.items() if v not in ("", None, []))

