"""Indicator catalogue, problem checklist and the first scoring method, as data.

The indicator catalogue is the system's proposal — no national method for ex-post IT
effectiveness exists — except the online public-service metrics, which NĐ 224/2026 Điều 19
names; every row carries its citation (the texts were settled by 0005). Admins edit them in
/quan-tri/.
"""
import datetime as d

from django.db import migrations

U = "NĐ 224/2026/NĐ-CP Điều 68.2 (báo cáo đánh giá hiệu quả hằng năm)"
V224 = "NĐ 224/2026/NĐ-CP Điều 19 (chỉ số dịch vụ công trực tuyến)"
INDICATORS = [
    # code, name, group, unit, direction, is_pct, description, citation, unsure
    ("USE_ACTIVE", "Tỷ lệ người dùng thường xuyên so với số người dùng dự kiến", "use", "%", "higher", True,
     "Số tài khoản đăng nhập ít nhất 1 lần/tháng ÷ số người dùng theo hồ sơ được duyệt × 100.", U, True),
    ("USE_BUSINESS", "Tỷ lệ nghiệp vụ được xử lý trên hệ thống", "use", "%", "higher", True,
     "Số giao dịch, hồ sơ xử lý trên hệ thống ÷ tổng số giao dịch, hồ sơ cùng loại × 100.", U, True),
    ("DIG_RECORDS", "Tỷ lệ hồ sơ, tài liệu đã được số hóa", "digitisation", "%", "higher", True,
     "Số hồ sơ đã số hóa (PDF ≥ 1.4, màu, ≥ 200 dpi theo NĐ 30/2020) ÷ tổng số hồ sơ × 100.", U, True),
    ("ONL_FULL", "Tỷ lệ dịch vụ công trực tuyến toàn trình", "online", "%", "higher", True,
     "Số DVCTT toàn trình ÷ tổng số TTHC đủ điều kiện × 100.", V224, False),
    ("ONL_DOSSIERS", "Tỷ lệ hồ sơ tiếp nhận, xử lý trực tuyến", "online", "%", "higher", True,
     "Số hồ sơ nộp trực tuyến ÷ tổng số hồ sơ tiếp nhận × 100.", V224, False),
    ("REL_UPTIME", "Thời gian hệ thống hoạt động so với cam kết (uptime)", "reliability", "%", "higher", True,
     "Thời gian hoạt động ÷ tổng thời gian trong kỳ × 100 (so với mức cam kết SLA).", U, True),
    ("REL_INCIDENTS", "Số sự cố gây gián đoạn trong năm", "reliability", "lần", "lower", False,
     "Số sự cố làm gián đoạn dịch vụ quá 1 giờ.", U, True),
    ("DATA_LGSP", "Đã kết nối nền tảng tích hợp, chia sẻ dữ liệu (LGSP/NDXP)", "data", "có/không", "yes", False,
     "1 = đã kết nối, chia sẻ dữ liệu qua LGSP/NDXP; 0 = chưa.", "NĐ 47/2020/NĐ-CP Điều 27, 46", True),
    ("DATA_APIS", "Số dịch vụ dữ liệu (API) đã công bố, chia sẻ", "data", "API", "higher", False,
     "Số API được công bố qua LGSP/NDXP.", U, True),
    ("DATA_NATDB", "Số cơ sở dữ liệu quốc gia đã kết nối", "data", "CSDL", "higher", False,
     "Dân cư, đất đai, doanh nghiệp, bảo hiểm …", U, True),
    ("COST_DISB", "Tỷ lệ giải ngân so với kế hoạch vốn", "cost", "%", "higher", True,
     "Giải ngân ÷ kế hoạch vốn được giao × 100 (lấy từ sổ ngân sách).", U, True),
    ("COST_OM", "Chi phí vận hành, duy trì so với kế hoạch", "cost", "%", "lower", True,
     "Chi phí vận hành thực tế ÷ dự toán vận hành × 100.", U, True),
    ("CMP_SOURCE", "Đã bàn giao mã nguồn, tài liệu kỹ thuật", "compliance", "có/không", "yes", False,
     "1 = đã bàn giao đầy đủ theo NĐ 73/2019 Điều 35; 0 = chưa.", "NĐ 73/2019/NĐ-CP Điều 35", True),
    ("CMP_SECURITY", "Hồ sơ đề xuất cấp độ an toàn hệ thống thông tin đã được phê duyệt", "compliance", "có/không",
     "yes", False, "1 = đã phê duyệt; 0 = chưa.", U, True),
]
QN = "Báo cáo rà soát các đề án CNTT, UBND tỉnh Quảng Ninh (19/3/2022)"
PROVINCES = "Kết quả rà soát, chỉ đạo của UBND các tỉnh về đầu tư CNTT, chuyển đổi số"
PROBLEMS = [
    ("DEVICE_UNFIT", "Thiết bị đầu tư chưa phù hợp, hoạt động chưa ổn định", QN),
    ("UNUSED_FUNCTIONS", "Người dùng chưa sử dụng, khai thác hết chức năng", QN),
    ("LOW_DIGITISATION", "Tỷ lệ số hóa hồ sơ điện tử chưa cao", QN),
    ("NO_SOFTWARE", "Hạ tầng đã hoàn thành nhưng chưa có phần mềm để khai thác", QN),
    ("IDLE_DEVICES", "Thiết bị chưa đưa vào khai thác sử dụng, lỗi hỏng", QN),
    ("STAFF_SHORTAGE", "Nhân lực CNTT thiếu về số lượng, hạn chế về chất lượng", QN),
    ("OUTDATED", "Nội dung, công nghệ lạc hậu, không còn phù hợp", QN),
    ("DUPLICATE", "Trùng lặp với hệ thống, nhiệm vụ khác", PROVINCES),
    ("NOT_INTEGRATED", "Chưa kết nối, liên thông, chia sẻ dữ liệu với hệ thống liên quan", "NĐ 47/2020/NĐ-CP; " + PROVINCES),
    ("NO_OM_FUNDS", "Thiếu kinh phí vận hành, duy trì", "NĐ 224/2026/NĐ-CP Điều 60"),
]
METHOD = {
    "value": {"USE_ACTIVE": 3, "USE_BUSINESS": 3, "DIG_RECORDS": 2, "ONL_FULL": 2, "ONL_DOSSIERS": 2,
              "COST_DISB": 1, "COST_OM": 1},
    "fitness": {"REL_UPTIME": 3, "REL_INCIDENTS": 1, "DATA_LGSP": 2, "DATA_APIS": 1, "DATA_NATDB": 1,
                "CMP_SOURCE": 2, "CMP_SECURITY": 2},
}
METHOD_TEXT = (
    "Mỗi chỉ tiêu có mục tiêu được quy đổi thành mức đạt từ 0 đến 1: thực tế ÷ mục tiêu (chỉ tiêu càng "
    "cao càng tốt), mục tiêu ÷ thực tế (càng thấp càng tốt), 1 hoặc 0 (đạt/không đạt); tối đa là 1. "
    "Điểm giá trị mang lại và điểm phù hợp kỹ thuật (0–100) là trung bình có trọng số của mức đạt các "
    "chỉ tiêu thuộc từng nhóm; chỉ tiêu không có số liệu không được tính (không coi là 0). Dự án có "
    "điểm giá trị và điểm kỹ thuật từ 50 trở lên thuộc nhóm “Đầu tư thêm”; giá trị cao, kỹ thuật thấp: "
    "“Chuyển đổi/nâng cấp”; giá trị thấp, kỹ thuật cao: “Duy trì”; cả hai thấp: “Loại bỏ/dừng” "
    "(mô hình TIME). Pháp luật chưa quy định phương pháp chấm điểm; cơ quan chuyên trách CĐS của tỉnh "
    "điều chỉnh trọng số, ngưỡng bằng một phiên bản mới."
)


def load(apps, schema_editor):
    Indicator = apps.get_model("reviews", "Indicator")
    ProblemType = apps.get_model("reviews", "ProblemType")
    ScoringMethod = apps.get_model("reviews", "ScoringMethod")
    for i, (code, name, group, unit, direction, pct, desc, cite, unsure) in enumerate(INDICATORS):
        Indicator.objects.update_or_create(code=code, defaults=dict(
            name=name, group=group, unit=unit, direction=direction, is_percentage=pct, description=desc,
            citation=cite, needs_confirmation=unsure, sort_order=(i + 1) * 10))
    for i, (code, name, cite) in enumerate(PROBLEMS):
        ProblemType.objects.update_or_create(code=code, defaults=dict(name=name, citation=cite, sort_order=(i + 1) * 10))
    ScoringMethod.objects.update_or_create(code="CDS-HQ", version=1, defaults=dict(
        name="Phương pháp chấm điểm hiệu quả nhiệm vụ, dự án CĐS", description=METHOD_TEXT, weights=METHOD,
        published_on=d.date(2023, 12, 1), citation=U))


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
