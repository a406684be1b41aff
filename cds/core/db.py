"""Database housekeeping shared by migrations, imports and recurring commands, and query
helpers the lists share."""
from django.db import connection
from django.db.models import Count, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce


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


def count_of(related, field: str):
    """An annotation: how many rows of the queryset ``related`` (already filtered on
    ``field=OuterRef("pk")``) belong to each row, counted in a correlated subquery.

    Why not ``Count("relation", distinct=True)``: two such counts in one statement join both
    relations at once, so the database builds (and de-duplicates) their product — a planning
    round with 20,000 proposals and 80 called units is 1.6 million rows, 1.9 s for a page of
    rounds. A subquery per count reads each relation through its index, and a paginator's
    ``count()`` drops it."""
    counted = related.order_by().values(field).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))
