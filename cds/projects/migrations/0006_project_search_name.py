"""The folded name of each project on its own, for ordering search results by relevance (a
match in the name before a match elsewhere).

On SQLite, adding a column rebuilds the table, which drops the full-text triggers of 0004:
they are created again and the index rebuilt."""
from importlib import import_module

from django.db import migrations, models

from cds.text.normalize import search_document

search_index = import_module("cds.projects.migrations.0004_search_index")


def fill(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    batch = []
    for pk, name in Project.objects.order_by().values_list("pk", "name").iterator(chunk_size=5000):
        batch.append(Project(pk=pk, search_name=search_document(name)))
        if len(batch) >= 5000:
            Project.objects.bulk_update(batch, ["search_name"])
            batch = []
    if batch:
        Project.objects.bulk_update(batch, ["search_name"])


class Migration(migrations.Migration):
    dependencies = [("projects", "0005_project_updated_at_index")]
    operations = [
        migrations.AddField("project", "search_name", models.TextField(default="", editable=False)),
        migrations.RunPython(search_index._run({"sqlite": search_index.SQLITE_UP}), migrations.RunPython.noop),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
