from django.db import migrations


def load(apps, schema_editor):
    from cds.systems.platform_data import PLATFORMS, UNCONFIRMED

    Platform = apps.get_model("overlap", "Platform")
    Capability = apps.get_model("catalog", "Capability")
    DataEntity = apps.get_model("catalog", "DataEntity")
    for row in PLATFORMS:
        row = dict(row, needs_confirmation=row["code"] in UNCONFIRMED)
        caps = row.pop("capabilities", [])
        ents = row.pop("data_entities", [])
        obj, created = Platform.objects.get_or_create(code=row["code"], defaults=row)
        if created:
            obj.capabilities.set(Capability.objects.filter(code__in=caps))
            obj.data_entities.set(DataEntity.objects.filter(code__in=ents))


class Migration(migrations.Migration):
    dependencies = [("overlap", "0001_initial"), ("catalog", "0002_initial_catalog")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
