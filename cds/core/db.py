"""Database housekeeping shared by migrations, imports and recurring commands."""
from django.db import connection


def refresh_statistics(*models) -> None:
    """Refresh the planner's statistics after a bulk write.

    SQLite keeps none until ANALYZE runs; without them it picks the wrong index at 100,000
    projects (bench/README.md, A1). PostgreSQL's autovacuum analyses a table only after a
    minute or more, so right after a bulk insert (20,000 reviews when a campaign opens) its
    planner still believes the table is empty and picks nested loops that made the campaign page
    three times slower; the tables just written are analysed at once. ANALYZE may run inside
    a transaction on both engines."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        elif models:
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
            cursor.execute(f"ANALYZE {tables}")
