"""The default scoring rubric of proposals, published so rounds can use it from the first day.
A province changes it by publishing a new version (the old one stays with the rounds that used it)."""
import datetime as dt

from django.db import migrations

CRITERIA = [
    {"code": "alignment", "name": "Phù hợp chương trình, kế hoạch CĐS của tỉnh và Đề án 06", "weight": 25,
     "guidance": "5: thực hiện trực tiếp một nhiệm vụ được giao trong chương trình, kế hoạch, Đề án 06; "
                 "0: không gắn với mục tiêu nào đã ban hành."},
    {"code": "necessity", "name": "Sự cần thiết", "weight": 20,
     "guidance": "Vấn đề cần giải quyết rõ, có số liệu hiện trạng; không trùng với hệ thống, nhiệm vụ đã có."},
    {"code": "readiness", "name": "Mức độ sẵn sàng của hồ sơ", "weight": 15,
     "guidance": "Có đề cương hoặc báo cáo nghiên cứu, khái toán theo định mức, phương án kết nối."},
    {"code": "reuse", "name": "Kế thừa hệ thống lõi, nền tảng dùng chung", "weight": 15,
     "guidance": "Xây dựng trên nền tảng, hệ thống lõi và dữ liệu đã có; không đầu tư lặp lại chức năng sẵn có."},
    {"code": "benefit", "name": "Hiệu quả dự kiến", "weight": 15,
     "guidance": "Lợi ích đo được cho người dân, doanh nghiệp, cơ quan nhà nước, có chỉ tiêu và mốc."},
    {"code": "risk", "name": "Rủi ro thực hiện (điểm cao là rủi ro thấp)", "weight": 10,
     "guidance": "Năng lực đơn vị, tiến độ khả thi, phụ thuộc vào dự án khác, an toàn thông tin."},
]


def load(apps, schema_editor):
    Rubric = apps.get_model("plans", "Rubric")
    Rubric.objects.update_or_create(code="KH-CDS", version=1, defaults=dict(
        name="Bộ tiêu chí xét chọn nhiệm vụ kế hoạch ứng dụng CNTT, chuyển đổi số",
        description="Mỗi người chấm cho từng tiêu chí từ 0 đến 5 điểm; điểm của đề xuất (thang 100) là tổng "
                    "điểm từng tiêu chí chia 5 nhân trọng số. Điểm của đề xuất là trung bình các người chấm; "
                    "chênh lệch giữa người cao nhất và thấp nhất từ 20 điểm trở lên được đánh dấu để xem lại.",
        criteria=CRITERIA, scale_max=5, spread_alert=20,
        citation="Tiêu chí do cơ quan chuyên trách CĐS của tỉnh ban hành, trên cơ sở yêu cầu về sự cần thiết, "
                 "sự phù hợp với quy hoạch, kế hoạch và khả năng kết nối, chia sẻ dữ liệu của Nghị định "
                 "73/2019/NĐ-CP và nhiệm vụ của Quyết định 06/QĐ-TTg ngày 06/01/2022 (Đề án 06).",
        published_on=dt.date(2026, 1, 1),
    ))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
