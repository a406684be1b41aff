"""Indexes for the diacritic-free search over ``search_text`` (bench/README.md, S1 and S2).

* SQLite: an external-content FTS5 table kept in step by triggers (through ``save()``,
  ``update()`` and ``bulk_create`` alike). The text is already folded by the application, so
  FTS5's tokenizer never has to know about Vietnamese marks.
* PostgreSQL: a trigram GIN index, which turns ``LIKE '% term %'`` into an index scan.
"""
from django.db import migrations

SQLITE_UP = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS projects_project_fts USING fts5(
           search_text, content='projects_project', content_rowid='id', tokenize='unicode61')""",
    "INSERT INTO projects_project_fts(projects_project_fts) VALUES('rebuild')",
    """CREATE TRIGGER IF NOT EXISTS projects_project_fts_ai AFTER INSERT ON projects_project BEGIN
           INSERT INTO projects_project_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
    """CREATE TRIGGER IF NOT EXISTS projects_project_fts_ad AFTER DELETE ON projects_project BEGIN
           INSERT INTO projects_project_fts(projects_project_fts, rowid, search_text)
           VALUES ('delete', old.id, old.search_text); END""",
    """CREATE TRIGGER IF NOT EXISTS projects_project_fts_au AFTER UPDATE OF search_text ON projects_project BEGIN
           INSERT INTO projects_project_fts(projects_project_fts, rowid, search_text)
           VALUES ('delete', old.id, old.search_text);
           INSERT INTO projects_project_fts(rowid, search_text) VALUES (new.id, new.search_text); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS projects_project_fts_au",
    "DROP TRIGGER IF EXISTS projects_project_fts_ad",
    "DROP TRIGGER IF EXISTS projects_project_fts_ai",
    "DROP TABLE IF EXISTS projects_project_fts",
]
PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS projects_project_search_trgm ON projects_project USING gin (search_text gin_trgm_ops)",
]
PG_DOWN = ["DROP INDEX IF EXISTS projects_project_search_trgm"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_list_indexes")]
    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
                             _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN})),
    ]
