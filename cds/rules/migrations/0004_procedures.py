"""Procedures, time limits and dossier checklists per regime: loaded by 0006 (cds/rules/rule_data.py),
together with each row's confirmation. This step once loaded them before the confirmation existed;
it is kept, empty, so that installations migrated through it stay consistent."""
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("rules", "0003_procedure_schema")]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
