"""The yearly schedules 2023–2026 as checked against their notices (cds/workdays/schedule_data.py):
each row's citation and confirmation, the make-up day of 31/8/2026 and the Saturday 22/8/2026, and
08/02/2025 — not a make-up day — withdrawn."""
from django.db import migrations

from cds.workdays.schedule_data import load


class Migration(migrations.Migration):
    dependencies = [("workdays", "0003_confirmation")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
