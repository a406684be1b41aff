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


class KeysFirst:
    """A list's rows for :class:`django.core.paginator.Paginator`, read in two steps: the keys of
    the page from ``queryset`` alone (its filter and order, no joins), then the rows of those keys
    through ``fetch`` (joins, related records).

    Why: with the joins of the full row in the same statement PostgreSQL's planner joined every
    row of a 300,000-row table before it applied a narrow filter and cut the page (1.1 s for a
    unit's 979 packages; bench/README.md, procurement); the keys alone walk one index and stop at
    the page."""

    def __init__(self, queryset, fetch):
        self.queryset = queryset
        self.fetch = fetch

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        keys = list(self.queryset.values_list("pk", flat=True)[index])
        rows = {row.pk: row for row in self.fetch(self.queryset.model._default_manager.filter(pk__in=keys))}
        return [rows[k] for k in keys if k in rows]
