"""Database housekeeping shared by migrations, imports and recurring commands."""
from django.db import connection


def refresh_statistics() -> None:
    """Give SQLite's planner statistics (it keeps none until ANALYZE runs; without them it
    picks the wrong index at 100,000 projects — bench/README.md, A1). PostgreSQL's
    autovacuum does this by itself."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
