"""The regimes and their rules as checked against the legal texts (cds/rules/rule_data.py): NĐ 45/2026
in force 01/3/2026–30/6/2026, NĐ 82/2024 of 10/7/2024, the time limits of NĐ 224/2026, TT 03/2020 and
NĐ 73/2019, each row's citation and its confirmation. Rows are updated in place."""
from django.db import migrations

from cds.rules.rule_data import load


class Migration(migrations.Migration):
    dependencies = [("rules", "0005_confirmation")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
