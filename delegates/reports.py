"""Counts for the back office: registrations per region and category, credentials per region."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from assembly.models import AssemblySession, Region

from .models import Credentials, Delegation, Registration

# Rows for registrations outside any member country's region.
OBSERVERS_ROW = _("Observer organisations")
NO_DELEGATION_ROW = _("Secretariat and media")


@dataclass
class CountRow:
    label: str
    cells: list[int]
    total: int = 0
    region_id: int | None = None


@dataclass
class CountTable:
    """A table of counts: one row per region (then the rows outside regions), a total row."""

    columns: list[tuple[str, str]]
    rows: list[CountRow] = field(default_factory=list)
    totals: list[int] = field(default_factory=list)
    grand_total: int = 0


def _table(columns, keyed_counts, *, extra_rows=()) -> CountTable:
    """Turn {(row_key, column_value): count} into a CountTable in region order."""
    table = CountTable(columns=list(columns))
    keys = [value for value, _label in columns]
    row_specs = [(region.pk, region.name) for region in Region.objects.order_by("order", "code")]
    row_specs += list(extra_rows)
    for row_key, label in row_specs:
        cells = [keyed_counts.get((row_key, key), 0) for key in keys]
        table.rows.append(
            CountRow(
                label=str(label),
                cells=cells,
                total=sum(cells),
                region_id=row_key if isinstance(row_key, int) else None,
            )
        )
    table.totals = [sum(row.cells[i] for row in table.rows) for i in range(len(keys))]
    table.grand_total = sum(table.totals)
    return table


def registration_counts(
    session: AssemblySession, *, statuses=Registration.ACTIVE_STATUSES
) -> CountTable:
    """Registrations of ``session`` in ``statuses`` per region (rows) and category (columns).

    Two queries whatever the number of registrations: the regions and one aggregate.
    """
    counts = {}
    rows = (
        Registration.objects.filter(session=session, status__in=list(statuses))
        .values("delegation__country__region", "delegation__organisation", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        if row["delegation__country__region"] is not None:
            key = row["delegation__country__region"]
        elif row["delegation__organisation"] is not None:
            key = "observers"
        else:
            key = "none"
        counts[(key, row["category"])] = counts.get((key, row["category"]), 0) + row["n"]
    return _table(
        Registration.Category.choices,
        counts,
        extra_rows=[("observers", OBSERVERS_ROW), ("none", NO_DELEGATION_ROW)],
    )


def credentials_counts(session: AssemblySession) -> CountTable:
    """Member delegations of ``session`` per region (rows) and credentials state (columns).

    A delegation without a credentials row counts as pending. Two queries.
    """
    counts = {}
    rows = (
        Delegation.objects.filter(session=session, country__isnull=False)
        .values("country__region", "credentials__state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        state = row["credentials__state"] or Credentials.State.PENDING
        key = (row["country__region"], state)
        counts[key] = counts.get(key, 0) + row["n"]
    return _table(Credentials.State.choices, counts)
