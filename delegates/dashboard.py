"""The delegates' part of the back office's home page (``assembly.dashboard``): the queues of
the registration desk and the Credentials Bureau, and charts of the registrations.

Fixed queries whatever the number of rows: registrations to decide (1), per day (1), per
region and category (2, ``reports.registration_counts``), credentials per state (1),
delegations without a head (1).
"""

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from assembly.dashboard import Chart, Queue, changelist_url, days_between, may_view
from assembly.i18n import long_date

from .models import Credentials, Delegation, Registration
from .reports import registration_counts
from .selectors import without_head


def registration_panel(request, session) -> list[Queue | Chart]:
    if session is None or not may_view(request, Registration):
        return []
    waiting = Registration.objects.filter(
        session=session, status=Registration.Status.SUBMITTED
    ).count()
    items: list[Queue | Chart] = [
        Queue(
            "registrations-to-decide",
            ngettext(
                "%(count)d registration to decide",
                "%(count)d registrations to decide",
                waiting,
            )
            % {"count": waiting},
            waiting,
            changelist_url(
                Registration,
                session__id__exact=session.pk,
                status__exact=Registration.Status.SUBMITTED,
            ),
        )
    ]
    per_day = dict(
        Registration.objects.filter(session=session)
        .annotate(day=TruncDate("created_at", tzinfo=session.tzinfo))
        .values_list("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
        .order_by("day")
    )
    items.append(
        Chart(
            "registrations-per-day",
            _("Registrations per day"),
            _("Registrations received each day (session time zone), whatever their status."),
            _("Day"),
            _("Registrations"),
            [(long_date(day), n) for day, n in days_between(per_day)],
            kind="columns",
        )
    )
    table = registration_counts(session)
    items.append(
        Chart(
            "registrations-per-region",
            _("Registrations per region"),
            _("Registrations submitted or approved, per region of the member country."),
            _("Region"),
            _("Registrations"),
            [(row.label, row.total) for row in table.rows],
        )
    )
    items.append(
        Chart(
            "registrations-per-category",
            _("Registrations per category"),
            _("Registrations submitted or approved, per category."),
            _("Category"),
            _("Registrations"),
            [
                (str(label), n)
                for (_value, label), n in zip(table.columns, table.totals, strict=True)
            ],
        )
    )
    return items


def credentials_panel(request, session) -> list[Queue | Chart]:
    if session is None or not may_view(request, Credentials):
        return []
    per_state = dict(
        Credentials.objects.filter(delegation__session=session)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
        .order_by()
    )
    received = per_state.get(Credentials.State.RECEIVED, 0)
    disputed = per_state.get(Credentials.State.DISPUTED, 0)
    queues = [
        Queue(
            "credentials-received",
            ngettext(
                "%(count)d credentials letter received and not decided",
                "%(count)d credentials letters received and not decided",
                received,
            )
            % {"count": received},
            received,
            _credentials_url(session, Credentials.State.RECEIVED),
        ),
        Queue(
            "credentials-disputed",
            ngettext(
                "%(count)d delegation with disputed credentials",
                "%(count)d delegations with disputed credentials",
                disputed,
            )
            % {"count": disputed},
            disputed,
            _credentials_url(session, Credentials.State.DISPUTED),
        ),
    ]
    chart = Chart(
        "credentials-states",
        _("Credentials"),
        _("Delegations of the session per state of their credentials."),
        _("State"),
        _("Delegations"),
        [(str(label), per_state.get(value, 0)) for value, label in Credentials.State.choices],
    )
    return [*queues, chart]


def _credentials_url(session, state) -> str:
    return changelist_url(
        Credentials, delegation__session__id__exact=session.pk, state__exact=state
    )


def delegation_panel(request, session) -> list[Queue | Chart]:
    if session is None or not may_view(request, Delegation):
        return []
    count = without_head(Delegation.objects.filter(session=session)).count()
    label = ngettext(
        "%(count)d delegation without a head",
        "%(count)d delegations without a head",
        count,
    ) % {"count": count}
    url = changelist_url(Delegation, session__id__exact=session.pk, head="missing")
    return [Queue("delegations-without-head", label, count, url)]
