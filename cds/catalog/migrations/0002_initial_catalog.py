"""Starting catalogues (editable by admins afterwards)."""
from django.db import migrations

PROGRAMMES = [
    ("KH-CDS", "Kế hoạch chuyển đổi số hằng năm của tỉnh"),
    ("DA06", "Đề án 06 (QĐ 06/QĐ-TTg) — dữ liệu dân cư, định danh và xác thực điện tử"),
    ("CQDT", "Đề án Chính quyền điện tử tỉnh"),
    ("TPTM", "Đề án xây dựng Thành phố/Đô thị thông minh"),
    ("KH-CNTT", "Kế hoạch ứng dụng CNTT trong cơ quan nhà nước giai đoạn 2016–2020"),
    ("NQ-CDS", "Nghị quyết HĐND tỉnh về chuyển đổi số giai đoạn 2021–2025"),
    ("CCHC", "Chương trình cải cách hành chính"),
]
SOURCES = [
    ("NSTW-DT", "Ngân sách trung ương — đầu tư phát triển"),
    ("NSDP-DT", "Ngân sách địa phương — đầu tư phát triển"),
    ("NSDP-TX", "Ngân sách địa phương — chi thường xuyên (sự nghiệp)"),
    ("NSTW-TX", "Ngân sách trung ương — chi thường xuyên"),
    ("CTMTQG", "Chương trình mục tiêu quốc gia"),
    ("ODA", "Vốn ODA, vay ưu đãi"),
    ("KHAC", "Nguồn hợp pháp khác (xã hội hóa)"),
]
CAPABILITIES = [
    ("QLVB", "Quản lý văn bản và điều hành"),
    ("MOTCUA", "Một cửa điện tử, giải quyết thủ tục hành chính"),
    ("DVC", "Cổng dịch vụ công trực tuyến"),
    ("CONG-TTDT", "Cổng/Trang thông tin điện tử"),
    ("LGSP", "Tích hợp, chia sẻ dữ liệu (LGSP)"),
    ("IOC", "Trung tâm điều hành thông minh (IOC)"),
    ("SOC", "Giám sát an toàn thông tin (SOC)"),
    ("TTDL", "Trung tâm dữ liệu, điện toán đám mây"),
    ("GIS", "Bản đồ số, hệ thống thông tin địa lý (GIS)"),
    ("CAMERA", "Camera giám sát, an ninh trật tự"),
    ("PAKN", "Tiếp nhận phản ánh, kiến nghị"),
    ("BAOCAO", "Hệ thống thông tin báo cáo"),
    ("HNTH", "Hội nghị truyền hình trực tuyến"),
    ("CKS", "Chữ ký số, xác thực"),
    ("SSO", "Định danh, đăng nhập một lần (SSO)"),
    ("KHODL", "Kho dữ liệu dùng chung"),
    ("SOHOA", "Số hóa hồ sơ, tài liệu"),
    ("HATANG", "Hạ tầng mạng, thiết bị"),
    ("CHUYENNGANH", "Quản lý chuyên ngành"),
    ("YTE", "Y tế số"),
    ("GIAODUC", "Giáo dục số"),
    ("DULICH", "Du lịch thông minh"),
    ("GIAOTHONG", "Giao thông thông minh"),
]
ENTITIES = [
    ("DANCU", "Dân cư"), ("DATDAI", "Đất đai"), ("DOANHNGHIEP", "Doanh nghiệp"), ("HOTICH", "Hộ tịch"),
    ("CBCCVC", "Cán bộ, công chức, viên chức"), ("HOSO-TTHC", "Hồ sơ thủ tục hành chính"),
    ("VANBAN", "Văn bản điều hành"), ("QUYHOACH", "Quy hoạch, cấp phép xây dựng"),
    ("GIAOTHONG", "Giao thông"), ("YTE", "Y tế, sức khỏe"), ("GIAODUC", "Giáo dục"),
    ("MOITRUONG", "Tài nguyên, môi trường"), ("NONGNGHIEP", "Nông nghiệp"),
    ("BAOHIEM", "Bảo hiểm"), ("TAICHINH", "Tài chính, ngân sách"), ("DULICH", "Du lịch"),
]


def load(apps, schema_editor):
    for model, rows in (("Programme", PROGRAMMES), ("FundingSource", SOURCES),
                        ("Capability", CAPABILITIES), ("DataEntity", ENTITIES)):
        Model = apps.get_model("catalog", model)
        for i, (code, name) in enumerate(rows):
            Model.objects.update_or_create(code=code, defaults={"name": name, "sort_order": (i + 1) * 10})


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
