"""The first published completeness weighting (cds/systems/completeness.py DEFAULT_WEIGHTS)."""
import datetime as dt

from django.db import migrations

from cds.systems.completeness import DEFAULT_WEIGHTS


def load(apps, schema_editor):
    Scheme = apps.get_model("systems", "CompletenessScheme")
    Scheme.objects.get_or_create(version=1, defaults=dict(
        name="Mức đầy đủ hồ sơ hệ thống thông tin", weights=DEFAULT_WEIGHTS, published_on=dt.date(2026, 12, 7),
        note="Trọng số 2 cho thông tin quyết định việc quản lý (chủ quản, đánh giá phù hợp, an toàn thông tin, "
             "hệ thống lõi, dự án, kết nối, dữ liệu, chi phí); 1 cho thông tin mô tả."))


class Migration(migrations.Migration):
    dependencies = [("systems", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
