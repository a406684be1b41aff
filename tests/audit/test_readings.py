"""Every audit verb reads in Vietnamese on the log page and in its export: choice labels rather
than their English values, Có/Không rather than True/False, dates dd/mm/yyyy, amounts in đồng,
codes and names rather than ids — for the events the demo province records, and for each verb
the demo does not record, for the data the code records with it (today's shape and the older
shapes still stored in existing logs)."""
from __future__ import annotations

import re
from types import SimpleNamespace

from django.apps import apps

from cds.audit import registry
from cds.audit.models import AuditEvent

# What every hand-over of an ended unit's work records (cds.orgs.handover.Handover.data).
HANDOVER = {"from": "Sở Thông tin và Truyền thông", "from_id": 3, "to": "Sở Khoa học và Công nghệ", "to_id": 2,
            "rule": "đơn vị kế thừa duy nhất", "automatic": True, "since": "2025-03-01"}

# Data recorded with the verbs the demo does not record, as the services record them now and as
# they recorded them before (an append-only log keeps every shape).
SAMPLES: dict[str, list[dict]] = {
    "auth.login": [{}],
    "auth.logout": [{}],
    "auth.login_failed": [{"username": "thanhtra"}],
    "auth.locked": [{"username": "thanhtra"}],
    "auth.token": [{"prefix": "Ab3dE9xQ", "expires_at": "2026-12-31T08:30:00+00:00"}],
    "export.audit_xlsx": [{"count": 1250, "truncated": False, "filters": "từ ngày 01/11/2026"},
                          {"count": 20000, "truncated": True, "filters": ""}],
    "export.projects_xlsx": [
        {"count": 12, "filters": {"search": "dat dai", "state": "implementing", "kind": "investment", "unit": 7,
                                  "year": 2025, "group": "B", "sort": "-year"}},
        {"count": 3, "filters": {"sort": "-year"}, "filters_text": "đơn vị Sở Y tế, năm 2025"},
    ],
    "export.directive_tasks_xlsx": [
        {"count": 7, "filters": {"status": "overdue", "unit": 12, "year": 2026},
         "filters_text": "trạng thái: Quá hạn, đơn vị chủ trì: Sở Y tế (kể cả đơn vị trực thuộc), thời hạn trong năm 2026"},
        {"count": 30, "filters": {}, "filters_text": ""},
        {"count": 2, "filters": {"status": "due_soon", "q": "dat dai", "directive": 3}},
    ],
    "export.review_report": [{"format": "docx", "campaign": 2, "bytes": 183_204, "seconds": 1.42},
                             {"format": "xlsx", "campaign": 2, "bytes": 20_480, "seconds": 0.3}],
    "estimate.import_rejected": [{"errors": 3}],
    "estimate.exported": [{"document": "xlsx", "version": 2}, {"document": "docx", "version": 1},
                          {"document": "template"}],
    "import.previewed": [{"file_name": "danh-muc.xlsx", "sha256": "ab" * 32, "rows": 40, "ok_rows": 40,
                          "error_rows": 0, "errors": 0, "first_errors": []}],
    "import.rejected": [{"file_name": "danh-muc.xlsx", "sha256": "ab" * 32, "rows": 40, "ok_rows": 38,
                         "error_rows": 2, "errors": 3, "first_errors": ["Dòng 5, cột Năm bắt đầu: thiếu"]}],
    "import.applied": [{"count": 40, "sha256": "ab" * 32, "file_name": "danh-muc.xlsx",
                        "first_code": "DA-2026-0001", "last_code": "DA-2026-0040"}],
    "project.document_removed": [{"document": "Quyết định số 12/QĐ-UBND ngày 05/01/2024", "reason": "Nhầm văn bản"}],
    "project.checked": [{"event": 362, "note": "Đúng trình tự"},
                        {"event": 362, "kind": "transition", "from": "in_appraisal", "to": "approved",
                         "occurred_on": "2026-03-02", "note": ""},
                        {"event": 363, "kind": "rebaseline", "from": "implementing", "to": "implementing",
                         "occurred_on": "2026-03-02", "note": "Đã đối chiếu quyết định"}],
    "budget.recorded": [{"stage": "allocated", "year": 2025, "amount": 2_000_000_000, "decision": "10/QĐ-UBND"},
                        {"entry": 5, "stage": "settled", "year": 2026, "amount": 1_000, "decision": "1/QĐ-STC",
                         "decision_date": "2026-02-01", "source_name": "Ngân sách địa phương — đầu tư phát triển"}],
    "budget.voided": [{"entry": 41, "reason": "Nhập nhầm"},
                      {"entry": 41, "stage": "disbursed", "year": 2025, "amount": 5_000_000, "decision": "",
                       "source_name": "Ngân sách trung ương", "reason": "Nhập nhầm"}],
    "budget.rebaseline": [{"old": 1_000_000_000, "new": 900_000_000, "decision": "20/QĐ-UBND", "source": 1},
                          {"entry": 9, "old": 1_000_000_000, "new": 900_000_000, "decision": "20/QĐ-UBND",
                           "decision_date": "2024-09-01", "source": 1, "source_name": "Ngân sách địa phương",
                           "year": 2024}],
    "project.updated": [{"fields": ["end_year", "carried_over", "funding_sources"]}],
    "appraisal.returned": [{"dossier": "HS-2026-0003", "decision": "return"},
                           {"dossier": "HS-2026-0003", "decision": "return", "note": "Bổ sung dự toán chi tiết"}],
    "appraisal.rejected": [{"dossier": "HS-2026-0003", "decision": "reject"}],
    "appraisal.approved": [{"dossier": "HS-2026-0003", "decision": "approve"}],
    "appraisal.countersign_refused": [{"dossier": "HS-2026-0003"},
                                      {"dossier": "HS-2026-0003", "note": "Chưa đủ căn cứ"}],
    "appraisal.exported": [{"dossier": "HS-2026-0003", "document": "report"},
                           {"dossier": "HS-2026-0003", "document": "decision"}],
    "appraisal.created": [{"dossier": "HS-2026-0003", "procedure": "de_cuong"}],
    "appraisal.document": [{"dossier": "HS-2026-0003", "document": "khao_sat", "version": 2, "sha256": "cd" * 32}],
    "appraisal.opinion_answered": [{"dossier": "HS-2026-0003", "unit": "Sở Tài chính", "late": True},
                                   {"dossier": "HS-2026-0003", "unit": "Sở Tài chính", "late": False}],
    "appraisal.opinion_escalated": [{"dossier": "HS-2026-0003", "opinion": 7, "unit": "Công an tỉnh",
                                     "late_working_days": 8, "automatic": True}],
    "appraisal.opinion_requested": [{"dossier": "HS-2026-0003", "unit": "Công an tỉnh", "due": "2026-11-25"}],
    "appraisal.submitted": [{"dossier": "HS-2026-0003", "due": "2026-11-27"}],
    "appraisal.concluded": [{"dossier": "HS-2026-0003", "conclusion": "needs_supplement"}],
    "appraisal.checked": [{"dossier": "HS-2026-0003", "changed": 3}],
    "directive.updated": [{"number": "215/KH-UBND"}],
    "directive.task_updated": [{"deadline": ["2026-11-30", "2026-12-15"]}, {"deadline": [None, None]},
                               {"deadline": ["2026-11-30", None]}],
    "directive.task_deleted": [{"content": "Báo cáo kết quả triển khai"}],
    "directive.extracted": [{"proposed": 12}],
    "directive.progress": [{"percent": 100, "completes": True, "period_due": "2026-03-31"},
                           {"percent": 60, "completes": False, "period_due": None}],
    "directive.extension_decided": [{"approved": False, "to": "2026-12-15"}, {"approved": True, "to": "2026-12-15"}],
    "overlap.scanned": [{"pairs": 5356, "added": 12, "threshold": 0.5}],
    "overlap.decided": [{"pair": 3, "from": "pending", "to": "duplicate", "other": "system:LGSP"},
                        {"pair": 3, "from": "pending", "to": "duplicate", "other": "platform:LGSP"},
                        {"pair": 4, "from": "pending", "to": "related", "other": "DA-2024-0012", "cluster": 4}],
    "review.campaign_closed": [{}],
    "review.evidence_added": [{"review": 4, "file": "bien-ban.pdf"}],
    "review.submitted": [{"review": 91, "late": True}, {"review": 91, "late": False}],
    "review.assessed": [{"review": 101, "rating": "effective", "proposal": "continue"},
                        {"review": 101, "rating": "not_yet", "proposal": None}],
    "review.decided": [{"review": 1, "decision": "scale_down", "number": "602/QĐ-UBND"}],
    "review.saved": [{"review": 93, "campaign": 2}],
    "review.issue_answered": [{"issue": 10}],
    "review.follow_up_done": [{"action": 1}],
    "directive.task_transferred": [
        {**HANDOVER, "role": "lead", "coordinating": ["UBND xã Tân Hiệp"]}, {**HANDOVER, "role": "coordinating"}],
    "directive.task_unowned": [{**HANDOVER, "to": "", "to_id": None, "rule": "không có đơn vị kế thừa",
                                "role": "lead"}],
    "review.transferred": [{**HANDOVER, "campaign": "Đánh giá hiệu quả năm 2025"}],
    "review.follow_up_transferred": [{**HANDOVER, "action": "Lập hồ sơ điều chỉnh giảm quy mô"}],
    "review.unowned": [{**HANDOVER, "to": "", "to_id": None, "campaign": "Đánh giá hiệu quả năm 2025"}],
    "appraisal.opinion_transferred": [{**HANDOVER, "dossier": "HS-2026-0003", "opinion": 7}],
    "appraisal.opinion_unowned": [{**HANDOVER, "to": "", "to_id": None, "dossier": "HS-2026-0003", "opinion": 7}],
    "unit.created": [{}],
    "unit.updated": [{}],
    "unit.reorganised": [{"successors": [38, 39]},
                         {"successors": [38], "successor_names": ["Sở Khoa học và Công nghệ"], "valid_to": "2025-02-28"}],
    # estimates, as cds.estimates.services and the estimate pages record them
    "estimate.created": [{"project": "DA-2026-0001"}],
    "estimate.version_added": [{"version": 2, "source": "import", "lines": 14, "total": 1_175_000_000,
                                "file": "du-toan.xlsx"},
                               {"version": 3, "source": "manual", "lines": 15, "total": 1_180_000_000}],
    "estimate.evidence": [{"version": 1, "line": "Máy chủ ứng dụng", "file": "bao-gia.pdf"}],
    "estimate.ucp_attached": [{"version": 1, "method": "CV2589", "total": 388_846_218}],
    "estimate.submitted": [{"version": 2}],
    "estimate.reviewed": [{"version": 2, "line": "Máy chủ ứng dụng", "checked_amount": 400_000_000,
                           "note": "Đơn giá cao hơn giá đã duyệt"},
                          {"version": 2, "line": "", "checked_amount": None, "note": "Bổ sung chi phí tư vấn"}],
    "estimate.concluded": [{"version": 2, "conclusion": "adjust", "checked_total": 900_000_000,
                            "requested_total": 1_175_000_000}],
    # systems-map verbs the demo does not take (the demo records the others)
    "system.project_unlinked": [{"project": "DA-2021-0012", "role": "upgrade"}],
    "system.holding_removed": [{"entity": "Đất đai"}],
    "integration.removed": [{"source": "SL-DATDAI-BN", "target": "SL-DATDAI"}],
    "equipment.updated": [{"fields": ["location"]}, {"fields": []}],
    "system.exported": [{"document": "docx", "count": 42}, {"document": "svg"}],
    "dashboard.exported": [{"format": "Word"}, {"format": "Excel"}],
    "plan.exported": [{"document": "docx", "number": 1, "items": 25, "bytes": 48_211, "seconds": 0.4},
                      {"document": "xlsx", "number": 2, "items": 20000, "bytes": 1_100_000, "seconds": 4.2}],
    "system.imported": [{"file_name": "danh-muc-he-thong.xlsx", "sha256": "ab12", "created": 40, "updated": 2,
                         "links": 120}],
    "system.import_rejected": [{"file_name": "danh-muc.xlsx", "sha256": "", "create": 0, "update": 0, "links": 0,
                                "errors": 3, "first_errors": ["Trang “Hệ thống”, dòng 3, cột “Loại”: …"]},
                               {"file_name": "danh-muc.pdf", "errors": 1}],
    "plan.rubric_drafted": [{"code": "KH-CDS", "version": 2}],
    "plan.rubric_published": [{"code": "KH-CDS", "version": 2}],
    "plan.round_created": [{"name": "Kế hoạch ứng dụng CNTT, chuyển đổi số năm 2027", "period": "2027"}],
    "plan.round_updated": [{"fields": ["deadline", "called_units"]}, {"fields": []}],
    "plan.envelopes_set": [{"count": 3, "total": 45_000_000_000}],
    "plan.round_opened": [{"units": 12}],
    "plan.round_reviewing": [{}],
    "plan.round_closed": [{}],
    "plan.proposal_created": [{"code": "DX2027-3-0001", "name": "Kho dữ liệu dùng chung", "basis": "carried",
                               "total": 2_500_000_000}],
    "plan.proposal_updated": [{"fields": ["name", "costs"], "total": 1_000_000_000}],
    "plan.proposal_submitted": [{"code": "DX2027-3-0001", "warnings": 2, "total": 1_000_000_000}],
    "plan.proposal_returned": [{"comment": "Bổ sung phương án kết nối LGSP"}],
    "plan.proposal_merged": [{"code": "DX2027-3-0004", "into": "DX2027-3-0001", "reason": "Cùng một hệ thống"}],
    "plan.proposal_rejected": [{"code": "DX2027-3-0009", "reason": "Nền tảng dùng chung đã có chức năng"}],
    "plan.proposal_scored": [{"code": "DX2027-3-0001", "total": "82.00"}],
    "plan.funding_recommended": [{"funded": 18, "unfunded": 4}],
    "plan.funding_set": [{"code": "DX2027-3-0002", "funding": "funded", "over": True, "note": "Ưu tiên Đề án 06"},
                         {"code": "DX2027-3-0003", "funding": "unfunded", "over": False, "note": ""}],
    "plan.drafted": [{"number": 2, "items": 20}],
    "plan.item_updated": [{"item": "Kho dữ liệu dùng chung", "total": 1_500_000_000}],
    "plan.item_added": [{"item": "Kho dữ liệu dùng chung", "total": 1_500_000_000}],
    "plan.item_removed": [{"item": "Kho dữ liệu dùng chung", "total": 1_500_000_000}],
    "plan.submitted": [{"number": 1, "over": [], "over_reason": ""},
                       {"number": 2, "over": ["nguồn NSĐP năm 2027"], "over_reason": "Bổ sung từ nguồn tăng thu"}],
    "plan.returned": [{"number": 1, "comment": "Sắp xếp lại thứ tự ưu tiên"}],
    "plan.approved": [{"number": 1, "decision": "45/QĐ-UBND", "decision_date": "2026-12-20"}],
    "plan.registered": [{"number": 1, "created": 18, "updated": 0, "voided": 0, "items": 20}],
    "plan.proposals_imported": [{"file_name": "de-xuat-2027.xlsx", "sha256": "ab" * 32, "count": 3,
                                 "total": 2_250_000_000, "first_code": "DX2027-1-0001", "last_code": "DX2027-1-0003"}],
    "plan.import_rejected": [{"file_name": "de-xuat-2027.xlsx", "sha256": "ab" * 32, "rows": 9, "ok_rows": 1,
                              "errors": 8, "total": 1_200_000_000,
                              "first_errors": ["Dòng 3, cột “Loại nhiệm vụ”: loại “Nghiên cứu” không hợp lệ"]},
                             {"file_name": "de-xuat.csv", "sha256": "", "rows": 0, "ok_rows": 0, "errors": 1,
                              "total": 0, "first_errors": ["Chỉ nhận tệp Excel .xlsx (dùng mẫu tải về từ hệ thống)."]}],
    "procurement.plan_created": [{"project": "DA-2025-001", "name": "KHLCNT dự án đất đai", "plan_code": "PL2500000001"}],
    "procurement.plan_updated": [{"fields": ["decision_number", "budget"]}],
    "procurement.package_created": [{"project": "DA-2025-001", "name": "Mua sắm máy chủ", "price": 1900000000,
                                     "method": "direct", "notice_code": "IB2500012345"}],
    "procurement.package_updated": [{"fields": ["package_price", "method", "online"]}],
    "procurement.package_cancelled": [{"reason": "Không có nhà thầu đáp ứng"}],
    "procurement.result_recorded": [{"contractor": "Công ty TNHH Giải pháp Số", "tax_code": "0101234567",
                                     "price": 1750000000, "bidders": 3, "awarded_on": "2025-04-20"}],
    "procurement.items_set": [{"count": 4}],
    "procurement.contract_saved": [{"number": "01/2025/HĐ", "value": 1750000000, "created": True, "fields": []},
                                   {"number": "01/2025/HĐ", "value": 1750000000, "created": False,
                                    "fields": ["actual_completion"]}],
    "procurement.payment_added": [{"contract": "01/2025/HĐ", "amount": 400000000, "paid_on": "2025-06-01",
                                   "entry": 12}],
    "procurement.payment_removed": [{"contract": "01/2025/HĐ", "amount": 400000000, "paid_on": "2025-06-01"}],
    "procurement.package_confirmed": [{"version": 3}],
    "procurement.packages_imported": [{"file_name": "goi-thau.xlsx", "count": 12, "mapping": "unit_sheet"}],
    "procurement.import_rejected": [{"file_name": "goi-thau.csv", "errors": 2,
                                     "first_errors": ["Dòng 3: Giá gói thầu không được âm."]}],
    "procurement.exported": [{"document": "danh sách gói thầu (Excel)", "count": 40}],
    "survey.round_created": [{"name": "Khảo sát điểm nghẽn 2024", "deadline": "2024-06-15"}],
    "survey.round_updated": [{"name": "Khảo sát điểm nghẽn 2024", "deadline": "2024-06-20"}],
    "survey.round_opened": [{"name": "Khảo sát điểm nghẽn 2024", "units": 42}],
    "survey.round_closed": [{"name": "Khảo sát điểm nghẽn 2024"}],
    "survey.answers_saved": [{"answers": 18, "hidden": 2}],
    "survey.response_submitted": [{"unit": "Sở Y tế", "late": False}, {"unit": "UBND huyện Ngọc Sơn", "late": True}],
    "survey.response_returned": [{"unit": "Sở Y tế", "section": "Dữ liệu", "comment": "Bổ sung mức sẵn sàng CSDL."}],
    "survey.bottleneck_raised": [{"title": "Thiếu đường truyền số liệu chuyên dùng", "unit": "Sở Y tế",
                                  "responsible": "Sở Khoa học và Công nghệ", "source": "unit", "due": "2026-12-21"}],
    "survey.bottleneck_answered": [{"title": "Thiếu đường truyền", "answer": "Đã đưa vào kế hoạch năm 2026."}],
    "survey.bottleneck_proposed": [{"title": "Thiếu đường truyền", "level": "UBND tỉnh",
                                    "text": "Giao Sở Tài chính bố trí kinh phí."}],
    "survey.bottleneck_assigned": [{"title": "Thiếu đường truyền", "task": 12, "directive": "61/TB-UBND",
                                    "created": True}],
    "survey.bottleneck_resolved": [{"title": "Thiếu đường truyền", "closed": False, "note": "Đã bố trí kinh phí."},
                                   {"title": "Trùng", "closed": True, "note": "Trùng nội dung đã phản ánh"}],
    "survey.bottlenecks_exported": [{"rows": 40}],
    "survey.keytask_saved": [{"number": 3, "name": "Làm sạch dữ liệu hộ tịch", "created": True,
                              "lead_unit": "Sở Tư pháp"}],
    "survey.keytask_deleted": [{"number": 3, "name": "Làm sạch dữ liệu hộ tịch"}],
    "survey.keytask_reported": [{"number": 3, "unit": "Sở Y tế", "progress": "Vướng mắc", "percent": 40,
                                 "file": "bao-cao.pdf"}],
    "survey.keytasks_exported": [{"format": "Excel", "tasks": 17, "units": 25, "filters": "nhóm: Dữ liệu số"}],
    "ranking.method_drafted": [{"title": "Phương pháp xếp hạng tuân thủ", "number": 2, "criteria": 12}],
    "ranking.method_updated": [{"title": "Phương pháp xếp hạng tuân thủ", "number": 2, "criteria": 12}],
    "ranking.method_submitted": [{"title": "Phương pháp xếp hạng tuân thủ", "number": 2}],
    "ranking.method_approved": [{"title": "Phương pháp xếp hạng tuân thủ", "number": 1, "note": "Đồng ý ban hành."}],
    "ranking.method_returned": [{"title": "Phương pháp xếp hạng tuân thủ", "number": 2,
                                 "note": "Cần giải trình trọng số tiêu chí trung thực."}],
    "ranking.period_opened": [{"name": "Xếp hạng tuân thủ năm 2025", "year": 2025, "number": 1}],
    "ranking.period_updated": [{"name": "Xếp hạng tuân thủ năm 2025", "number": 1}],
    "ranking.period_computed": [{"name": "Xếp hạng tuân thủ năm 2025", "number": 2, "units": 23}],
    "ranking.period_published": [{"name": "Xếp hạng tuân thủ năm 2025", "number": 1}],
    "survey.form_saved": [{"title": "Khảo sát điểm nghẽn CĐS năm 2024", "number": 1, "questions": 42}],
    "survey.form_published": [{"title": "Khảo sát điểm nghẽn CĐS năm 2024", "number": 1}],
    "survey.form_imported": [{"file_name": "khao-sat-diem-nghen.xlsx", "questions": 42}],
    "survey.form_rejected": [{"file_name": "khao-sat.xlsx", "errors": 2,
                              "first_errors": ["Sheet “survey”, dòng 7: loại câu hỏi “barcode” không được hỗ trợ."]}],
    "survey.form_exported": [{"title": "Khảo sát điểm nghẽn CĐS năm 2024", "number": 2}],
    "survey.results_exported": [{"name": "Khảo sát điểm nghẽn CĐS năm 2024", "format": "xlsx", "sections": ["Dữ liệu"],
                                 "bytes": 52_000, "seconds": 1.2},
                                {"name": "Khảo sát điểm nghẽn CĐS năm 2024", "format": "docx", "sections": [],
                                 "bytes": 0, "seconds": 0}],
    "ranking.exported": [{"name": "Xếp hạng tuân thủ năm 2025", "format": "docx"},
                         {"name": "Xếp hạng tuân thủ năm 2025", "format": "xlsx"}],
    "alert.opened": [{"project": "DA-2023-0004 — Hệ thống quản lý văn bản", "kind": "red_twice",
                      "reason": "Chênh lệch chi phí hoặc tiến độ ở mức đỏ (từ 30% trở lên) hai quý liên tiếp — cuối quý "
                                "30/06/2025: chi phí —, tiến độ +24,8%; cuối quý 30/09/2025: chi phí —, tiến độ +37,3%.",
                      "due_on": "2025-10-29", "owner": "Nguyễn Văn An"},
                     {"project": "DA-2024-0001 — Cơ sở dữ liệu đất đai", "kind": "behind", "owner": "",
                      "reason": "Giải ngân năm 2025 đến ngày 30/09/2025: 100.000.000 đ, đạt 10,0% kế hoạch vốn năm.",
                      "due_on": "2025-10-14"}],
    "alert.assigned": [{"project": "DA-2023-0004 — Hệ thống quản lý văn bản", "owner": "Trần Thị Bình",
                        "owner_id": 12, "due_on": "2025-11-05"}],
    "alert.closed": [{"project": "DA-2023-0004 — Hệ thống quản lý văn bản", "outcome": "Đề xuất tạm dừng",
                      "note": "Đề xuất UBND tỉnh tạm dừng, rà soát lại phạm vi."}],
    "library.proposed": [{"code": "MH-2026-0001", "title": "Một cửa điện tử liên thông cấp xã", "unit": "Sở Y tế"}],
    "library.nominated": [{"code": "MH-2026-0002", "title": "Cơ sở dữ liệu đất đai", "unit": "Sở Nông nghiệp và Môi trường"}],
    "library.updated": [{"code": "MH-2026-0001", "title": "Một cửa điện tử liên thông cấp xã"}],
    "library.submitted": [{"code": "MH-2026-0001", "title": "Một cửa điện tử liên thông cấp xã"}],
    "library.published": [{"code": "MH-2026-0001", "title": "Một cửa điện tử liên thông cấp xã", "note": "Đạt yêu cầu."},
                          {"code": "MH-2026-0003", "title": "Trục LGSP", "note": ""}],
    "library.returned": [{"code": "MH-2026-0001", "title": "Một cửa điện tử", "note": "Bổ sung kết quả đo được."}],
    "library.withdrawn": [{"code": "MH-2026-0001", "title": "Một cửa điện tử", "note": "Giải pháp đã lạc hậu."}],
    "library.results_set": [{"code": "MH-2026-0001", "title": "Một cửa điện tử", "count": 3}],
    "library.document_added": [{"code": "MH-2026-0001", "title": "Một cửa điện tử", "document": "Thiết kế điển hình"}],
    "library.document_removed": [{"code": "MH-2026-0001", "title": "Một cửa điện tử", "document": "Thiết kế cũ",
                                  "note": "Thay bằng bản mới."}],
    "library.document_downloaded": [{"code": "MH-2026-0001", "title": "Một cửa điện tử",
                                     "document": "Thiết kế điển hình"}],
    "library.reused": [{"code": "MH-2026-0001", "title": "Một cửa điện tử", "project": "DA-2026-0012"}],
    "library.exported": [{"count": 8}],
    "publication.policy_set": [{"dataset": "Nhiệm vụ, dự án", "masked": ["Mục tiêu", "Quyết toán"]},
                               {"dataset": "Hệ thống thông tin", "masked": []}],
    "publication.withheld": [{"project": "Hệ thống camera giám sát an ninh", "reason": "Liên quan an ninh."}],
    "publication.withhold_lifted": [{"project": "Hệ thống camera giám sát an ninh", "reason": "Đã được phép công bố."}],
    "publication.prepared": [{"number": 2, "counts": {"projects": 97, "systems": 41, "library": 8, "withheld": 1}}],
    "publication.approved": [{"number": 2, "note": "Đồng ý công bố."}],
    "publication.rejected": [{"number": 2, "note": "Bổ sung số liệu giải ngân."}],
}

ENGLISH_KEY = re.compile(r"(?:^|[;,]\s*)[a-z_][a-z0-9_]*\s*:\s")   # "review: 91; late: True"
QUOTED = re.compile(r"“[^”]*”")                                   # what a person typed, as typed
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
RAW_VALUE = re.compile(r"\b(True|False|None)\b|[\[\]{}]|#\d")


def english_choice_values() -> set[str]:
    """Every stored value of a choice field whose label differs from it: "effective",
    "in_appraisal", "scale_down", "pending" … (short ones like "A" or "QD" are left out)."""
    values = set()
    for model in apps.get_models():
        for f in model._meta.get_fields():
            for value, label in getattr(f, "flatchoices", None) or ():
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z_]{3,}", value) and value != str(label):
                    values.add(value)
    return values


def problems(text: str, english: set[str]) -> list[str]:
    plain = QUOTED.sub("“…”", text)
    found = [m.group(0) for m in (ENGLISH_KEY.search(plain), ISO_DATE.search(plain), RAW_VALUE.search(plain)) if m]
    found += sorted(w for w in re.findall(r"[a-z_]+", plain) if w in english)
    return found


def test_every_verb_of_every_app_reads_in_vietnamese(demo):
    recorded = {}
    for verb, data in AuditEvent.objects.values_list("verb", "data"):
        recorded.setdefault(verb, []).append(data)
    assert len(recorded) >= 30   # the demo records most verbs itself
    cases = {verb: recorded.get(verb, []) + SAMPLES.get(verb, []) for verb in registry.VERB_LABELS}
    assert sorted(v for v, shapes in cases.items() if not shapes) == [], \
        "a verb with neither demo events nor a sample here: add the data it records to SAMPLES"
    assert sorted(v for v, shapes in cases.items() if any(shapes) and v not in registry.SUMMARIES) == [], \
        "a verb recording data needs a summary in its app's events.py"
    english = english_choice_values()
    assert {"effective", "continue", "in_appraisal", "pending", "disbursed"} <= english
    bad = []
    for verb, shapes in cases.items():
        for data in shapes:
            text = registry.summarize(SimpleNamespace(verb=verb, data=data))
            if found := problems(text, english):
                bad.append(f"{verb}: {text!r} — {found}")
    assert bad == []


def test_the_reading_of_the_issue_examples():
    read = lambda verb, data: registry.summarize(SimpleNamespace(verb=verb, data=data))  # noqa: E731
    assert read("review.submitted", {"review": 91, "late": True}) == "Gửi quá hạn"
    assert read("review.assessed", {"review": 101, "rating": "effective", "proposal": "continue"}) == \
        "Đánh giá: Hiệu quả; đề xuất: Tiếp tục"
    assert read("budget.recorded", {"stage": "allocated", "year": 2025, "amount": 2_000_000_000,
                                    "decision": "10/QĐ-UBND", "decision_date": "2025-01-05"}) == \
        "Kế hoạch vốn năm 2025: 2.000.000.000 đ; theo văn bản 10/QĐ-UBND ngày 05/01/2025"
    assert read("directive.extension_decided", {"approved": True, "to": "2026-12-15"}) == "Đồng ý gia hạn đến 15/12/2026"
    assert read("overlap.decided", {"from": "pending", "to": "duplicate", "other": "platform:LGSP"}) == \
        "Với nền tảng LGSP: Chờ xem xét → Trùng lặp"
    assert read("overlap.decided", {"from": "pending", "to": "duplicate", "other": "system:LGSP"}) == \
        "Với hệ thống LGSP: Chờ xem xét → Trùng lặp"


def test_the_checker_catches_what_the_log_used_to_print():
    english = english_choice_values()
    for text in ("review: 91; late: True", "rating: effective; proposal: continue", "Hạn 2026-11-25",
                 "successors: [38, 39]", "Đang thẩm định (in_appraisal)"):
        assert problems(text, english), text
