"""Procedures, time limits and dossier checklists per regime (cds/rules/rule_data.py)."""
from django.db import migrations


def load(apps, schema_editor):
    from cds.rules.rule_data import load as load_rules

    load_rules(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("rules", "0003_procedure_schema")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
