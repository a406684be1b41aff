"""Legal regimes as data, each with its citation (rewritten with their confirmation by 0006)."""
import datetime as d

from django.db import migrations

REGIMES = [
    ("ND102_2009", "Nghị định 102/2009/NĐ-CP về quản lý đầu tư ứng dụng CNTT sử dụng nguồn vốn NSNN",
     "NĐ 102/2009", None, d.date(2019, 12, 31),
     "NĐ 102/2009/NĐ-CP; bị thay thế bởi NĐ 73/2019/NĐ-CP từ 01/01/2020.", True, 5),
    ("ND73_2019", "Nghị định 73/2019/NĐ-CP quy định quản lý đầu tư ứng dụng CNTT sử dụng nguồn vốn NSNN (kèm TT 03/2020, TT 04/2020)",
     "NĐ 73/2019", d.date(2020, 1, 1), d.date(2024, 7, 9),
     "NĐ 73/2019/NĐ-CP ngày 05/9/2019, hiệu lực 01/01/2020.", False, 10),
    ("ND73_82_2024", "Nghị định 73/2019/NĐ-CP được sửa đổi, bổ sung bởi Nghị định 82/2024/NĐ-CP",
     "NĐ 73 + NĐ 82/2024", d.date(2024, 7, 10), d.date(2026, 2, 28),
     "NĐ 82/2024/NĐ-CP ngày 10/7/2024 sửa đổi, bổ sung NĐ 73/2019/NĐ-CP.", True, 20),
    ("ND45_2026", "Nghị định 45/2026/NĐ-CP về quản lý đầu tư ứng dụng CNTT sử dụng nguồn vốn NSNN",
     "NĐ 45/2026", d.date(2026, 3, 1), d.date(2026, 6, 30),
     "NĐ 45/2026/NĐ-CP ngày 26/01/2026, có hiệu lực từ ngày 01/3/2026.", True, 30),
    ("ND224_2026", "Nghị định 224/2026/NĐ-CP quy định chi tiết Luật Chuyển đổi số (Chương VI: đầu tư, mua sắm, thuê dịch vụ cho CĐS)",
     "NĐ 224/2026", d.date(2026, 7, 1), None,
     "NĐ 224/2026/NĐ-CP ngày 24/6/2026, có hiệu lực từ ngày 01/7/2026.", False, 40),
]


def load(apps, schema_editor):
    LegalRegime = apps.get_model("rules", "LegalRegime")
    for code, name, short, start, end, cite, unsure, order in REGIMES:
        LegalRegime.objects.update_or_create(code=code, defaults=dict(
            name=name, short_name=short, in_force_from=start, in_force_to=end, citation=cite,
            needs_confirmation=unsure, sort_order=order))


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
