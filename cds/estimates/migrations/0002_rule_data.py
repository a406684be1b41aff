"""The cost structures per regime and the constants of the calculation methods
(cds/estimates/norm_data.py). Rows are updated in place."""
from django.db import migrations

from cds.estimates.norm_data import load


class Migration(migrations.Migration):
    dependencies = [("estimates", "0001_initial"), ("rules", "0007_vietnamese_names")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
