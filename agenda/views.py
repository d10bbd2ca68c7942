"""Public pages, exports and the delegate's own programme (stars, feed, side-event sign-ups)."""

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assembly.i18n import time_zone_name
from assembly.net import site_url
from assembly.text import printable

from . import exports, selectors, services
from .cache import public_page
from .fragments import per_slot, slot_fragments, whole
from .models import AgendaItem, FloorRequest, ProgrammeSlot, SideEventSignup, SlotChange, Star
from .shell import render_with_shell

# The query parameters the programme reads (selectors.programme_filter): its filters.
PROGRAMME_FILTERS = ("theme", "room", "kind")


def _namespace(request) -> str:
    return request.resolver_match.namespace if request.resolver_match else "agenda"


def agenda_reverse(request, session, name: str, **kwargs) -> str:
    """A URL of this app in the namespace the visitor came through (current or numbered)."""
    namespace = _namespace(request)
    if namespace == "session-agenda":
        kwargs["number"] = session.number
    return reverse(f"{namespace}:{name}", kwargs=kwargs)


def _time_zone_label(session) -> str:
    """The session's zone in the reader's words («توقيت وسط أوروبا»), named once per page."""
    return time_zone_name(session.tzinfo)


def _base_context(request, session, **extra) -> dict:
    return {
        "session": session,
        "tz": session.tzinfo,
        "time_zone_label": _time_zone_label(session),
        "agenda_ns": _namespace(request),
        **extra,
    }


def _day_tabs(request, session, current=None) -> list[dict]:
    from assembly.i18n import long_date

    return [
        {
            "date": day,
            "label": long_date(day),
            "url": agenda_reverse(request, session, "day", day=day.isoformat()),
            "current": day == current,
        }
        for day in selectors.session_days(session)
    ]


def _programme(request, number, day_value=None):
    session = selectors.programme_session_or_404(number)
    day = selectors.parse_day(session, day_value) if day_value else None
    slots, rooms, themes = selectors.programme_data(session)
    filters = selectors.programme_filter(request.GET, themes, rooms)
    shown = filters.apply(slots)
    if day is not None:
        tz = session.tzinfo
        shown = [s for s in shown if s.start.astimezone(tz).date() == day]
    namespace = _namespace(request)

    def programme_days() -> str:
        # The days of the slots shown, kept under their ids and versions: joined again after a
        # change from each slot's entry (agenda.fragments), of which one is made again.
        def make() -> str:
            fragments = slot_fragments(shown, session=session, namespace=namespace)
            listed = [slot for slot in shown if slot.pk in fragments]  # none deleted meanwhile
            days = [
                # Each day's entries joined here: the template loops over the days only.
                (date, mark_safe("".join(fragments[slot.pk] for slot in day_slots)))  # noqa: S308
                for date, day_slots in selectors.group_by_day(session, listed)
            ]
            return render_to_string(
                "agenda/_programme_days.html",
                {"days": days, "filters": filters, "session": session, "agenda_ns": namespace},
            )

        parts = ([(slot.pk, slot.version) for slot in shown], filters.active)
        return whole("days", parts, session=session, namespace=namespace, make=make)

    def now_next() -> str:
        # "Now and next" is made on every request, never part of a fragment or of the shell.
        live, upcoming = selectors.now_and_next_slots(*selectors.now_and_next(session, slots))
        if not live and upcoming is None:
            return ""
        return render_to_string(
            "agenda/_now_next.html",
            {
                "live": live,
                "upcoming": upcoming,
                "session": session,
                "tz": session.tzinfo,
                "agenda_ns": namespace,
            },
        )

    def shell_context() -> dict:
        return _base_context(
            request,
            session,
            day=day,
            day_tabs=_day_tabs(request, session, day),
            themes=themes,
            rooms=rooms,
            kinds=ProgrammeSlot.Kind.choices,
            filters=filters,
        )

    holes = {"now_next": now_next, "programme_days": programme_days}
    if filters.problems:
        # The page repeats what the visitor typed: for them only, made whole, and never a cache
        # entry (the cache then holds one page per filter that exists, however many are tried).
        made = {name: make() for name, make in holes.items()}
        response = render(request, "agenda/programme.html", {**shell_context(), **made})
        patch_cache_control(response, private=True)
        return response
    # The shell (everything but the days and "now and next") shows the session, its themes,
    # rooms and days, and the filters chosen: its key (agenda.shell), which no slot is part of.
    key = (
        session.pk,
        session.number,
        session.title,
        session.time_zone,
        session.start_date,
        session.end_date,
        _time_zone_label(session),
        day,
        [(t.pk, t.slug, t.short_title) for t in themes],
        [(r.pk, r.name) for r in rooms],
        (
            filters.theme.pk if filters.theme else None,
            filters.room.pk if filters.room else None,
            filters.kind,
        ),
    )
    return render_with_shell(
        request, "agenda/programme.html", key=key, context=shell_context, holes=holes
    )


@require_GET
@public_page(reads=PROGRAMME_FILTERS)
def programme(request, number=None):
    return _programme(request, number)


@require_GET
@public_page(reads=PROGRAMME_FILTERS)
def day(request, day, number=None):
    return _programme(request, number, day)


@require_GET
@public_page()
def slot_detail(request, slug, number=None):
    """A programme slot, or else an item of the legal agenda: both live under items/<slug>/."""
    session = selectors.session_or_404(number)
    slot = selectors.slot_for_page(session, slug)
    if slot is None:
        item = selectors.agenda_item_for_page(session, slug)
        if item is None:
            raise Http404(_("There is no such item in the programme."))
        return render(
            request, "agenda/agenda_item.html", _base_context(request, session, item=item)
        )
    context = _base_context(request, session, slot=slot)
    if request.user.is_authenticated:
        context["starred"] = Star.objects.filter(user=request.user, slot=slot).exists()
        person = getattr(request.user, "person", None)
        if person is not None and slot.is_side_event_with_capacity:
            context["signup"] = (
                SideEventSignup.objects.filter(slot=slot, person=person)
                .exclude(status=SideEventSignup.Status.CANCELLED)
                .first()
            )
    if slot.is_side_event_with_capacity and request.user.is_authenticated:
        # Only on uncached pages: sign-ups do not bump the programme version.
        context["seats_taken"] = slot.signups.filter(
            status=SideEventSignup.Status.CONFIRMED
        ).count()
    return render(request, "agenda/slot_detail.html", context)


@require_GET
@public_page()
def speaker_list(request, number=None):
    session = selectors.session_or_404(number)
    context = _base_context(request, session, speakers=selectors.speakers_of(session))
    return render(request, "agenda/speaker_list.html", context)


@require_GET
@public_page()
def speaker_detail(request, slug, number=None):
    session = selectors.session_or_404(number)
    speaker = selectors.speakers_of(session).filter(slug=slug).first()
    if speaker is None:
        raise Http404(_("There is no such speaker in this programme."))
    return render(
        request, "agenda/speaker_detail.html", _base_context(request, session, speaker=speaker)
    )


@require_GET
@public_page()
def theme_detail(request, slug, number=None):
    session = selectors.session_or_404(number)
    theme = session.themes.filter(slug=slug).first()
    if theme is None:
        raise Http404(_("There is no such theme."))
    slots = [s for s in selectors.public_slots(session) if theme in s.themes.all()]
    context = _base_context(
        request, session, theme=theme, days=selectors.group_by_day(session, slots)
    )
    return render(request, "agenda/theme_detail.html", context)


@require_GET
@public_page()
def theme_list(request, number=None):
    session = selectors.session_or_404(number)
    return render(
        request,
        "agenda/theme_list.html",
        _base_context(request, session, themes=session.themes.order_by("order", "id")),
    )


@require_GET
@public_page()
def changes(request, number=None):
    session = selectors.session_or_404(number)
    rows = (
        SlotChange.objects.filter(slot__session=session, slot__is_public=True)
        .select_related("slot", "old_room", "new_room")
        .order_by("-at", "-id")
    )
    return render(request, "agenda/changes.html", _base_context(request, session, changes=rows))


@require_GET
@public_page()
def legal_agenda(request, number=None):
    session = selectors.session_or_404(number)
    context = _base_context(request, session, items=selectors.legal_agenda(session))
    return render(request, "agenda/legal_agenda.html", context)


def _delegation_of(user, session):
    """The delegation in which a signed-in user may ask for the floor, if any."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return None
    from delegates.models import Registration

    registration = (
        Registration.objects.filter(
            person=person,
            session=session,
            status=Registration.Status.APPROVED,
            delegation__isnull=False,
            category__in=["head", "delegate", "observer"],
        )
        .select_related("delegation")
        .first()
    )
    return registration.delegation if registration else None


@require_GET
def live(request, number=None):
    """The list of speakers of the item under debate; never cached, refreshed by agenda.js."""
    session = selectors.session_or_404(number)
    item = selectors.item_under_debate(session)
    context = _base_context(
        request,
        session,
        item=item,
        delegation=_delegation_of(request.user, session),
        floor_kinds=FloorRequest.Kind.choices,
        fragment=request.GET.get("fragment") == "1",
    )
    template = "agenda/_live_list.html" if context["fragment"] else "agenda/live.html"
    return render(request, template, context)


@login_required
@require_POST
def ask_for_floor(request, slug, number=None):
    session = selectors.session_or_404(number)
    # An item withheld from the public answers like a missing one.
    item = get_object_or_404(AgendaItem, session=session, slug=slug, is_public=True)
    delegation = _delegation_of(request.user, session)
    if delegation is None:
        raise Http404(_("Only an approved delegation may ask for the floor."))
    kind = request.POST.get("kind", "")
    if kind not in FloorRequest.Kind.values:
        messages.error(request, _("Choose the kind of intervention."))
    else:
        try:
            services.floor_request_create(
                actor=request.user, agenda_item=item, delegation=delegation, kind=kind
            )
            messages.success(request, _("Your delegation is on the list of speakers."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(agenda_reverse(request, session, "live"))


# --- Exports ------------------------------------------------------------------------------------


def _absolute(request, path: str) -> str:
    """Links of exports and calendars: on the configured site, whatever the request's Host."""
    return site_url(path)


def _export_urls(request, session):
    def slot_url(slot):
        return _absolute(request, agenda_reverse(request, session, "slot", slug=slot.slug))

    def speaker_url(speaker):
        return _absolute(request, agenda_reverse(request, session, "speaker", slug=speaker.slug))

    return slot_url, speaker_url


def _session_parts(session) -> tuple:
    """What an export names of the session (part of the key of a whole export)."""
    return (
        session.pk,
        session.number,
        session.title,
        session.time_zone,
        session.start_date,
        session.end_date,
    )


@require_GET
@public_page()
def ical_export(request, number=None):
    session = selectors.programme_session_or_404(number)
    rows, _rooms = selectors.programme_slots(session)
    namespace = _namespace(request)

    def make() -> bytes:
        slot_url, _speaker_url = _export_urls(request, session)
        tz = session.tzinfo
        events = per_slot(
            "ics",
            rows,
            session=session,
            namespace=namespace,
            make=lambda slot: exports.ical_event(slot, tz, slot_url(slot)),
        )
        return exports.ical_calendar(
            session.title,
            [session.time_zone],
            [events[row.pk] for row in rows if row.pk in events],
        )

    parts = (_session_parts(session), [(row.pk, row.version) for row in rows])
    body = whole("calendar", parts, session=session, namespace=namespace, make=make)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ga{session.number}-agenda.ics"'
    return response


@require_GET
@public_page()
def slot_ical(request, slug, number=None):
    session = selectors.session_or_404(number)
    slot = (
        ProgrammeSlot.objects.public()
        .filter(session=session, slug=slug)
        .select_related("room")
        .first()
    )
    if slot is None:
        raise Http404(_("There is no such item in the programme."))
    slot_url, _speaker_url = _export_urls(request, session)
    body = exports.ical([(session, slot)], slot.title, lambda _s, s: slot_url(s))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slot.slug}.ics"'
    return response


def _schedule(request, number, kind: str, serialise: Callable[[dict], Any]):
    """The schedule (frab/c3voc) serialised by ``serialise``: kept whole under a key of what it
    shows (agenda.fragments.whole), joined from per-slot events after a change."""
    session = selectors.programme_session_or_404(number)
    rows, _rooms, themes = selectors.programme_data(session)
    namespace = _namespace(request)

    def make():
        slot_url, speaker_url = _export_urls(request, session)
        events = per_slot(
            "event",
            rows,
            session=session,
            namespace=namespace,
            make=lambda slot: exports.schedule_event(
                session, slot, slot_url=slot_url, speaker_url=speaker_url
            ),
        )
        return serialise(
            exports.schedule_data(
                session,
                rows,
                themes,
                base_url=_absolute(request, agenda_reverse(request, session, "programme")),
                events=events,
            )
        )

    parts = (
        _session_parts(session),
        [(row.pk, row.version) for row in rows],
        [(theme.pk, theme.slug, theme.title, theme.colour) for theme in themes],
    )
    return whole(kind, parts, session=session, namespace=namespace, make=make)


@require_GET
@public_page()
def schedule_json(request, number=None):
    # Compact: the C encoder (an indented dump takes the pure-Python one, several times slower).
    body = _schedule(
        request,
        number,
        "schedule.json",
        lambda data: json.dumps(data, ensure_ascii=False, separators=(",", ":")),
    )
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@require_GET
@public_page()
def schedule_xml(request, number=None):
    body = _schedule(request, number, "schedule.xml", exports.schedule_xml)
    return HttpResponse(body, content_type="application/xml")


def _print_context(request, number):
    session = selectors.session_or_404(number)
    slots = list(selectors.public_slots(session))
    return _base_context(
        request,
        session,
        days=selectors.group_by_day(session, slots),
        printed_at=timezone.now(),
    )


@require_GET
@public_page()
def print_programme(request, number=None):
    return render(request, "agenda/print.html", _print_context(request, number))


@require_GET
@public_page()
def programme_pdf(request, number=None):
    """The printable programme through WeasyPrint (Noto fonts for Arabic shaping)."""
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    context = _print_context(request, number)
    context["for_pdf"] = True
    html = render_to_string("agenda/print.html", context, request=request)
    stylesheet = finders.find("css/agenda-print.css")
    pdf = HTML(string=printable(html), base_url=site_url("/")).write_pdf(
        stylesheets=[CSS(filename=stylesheet)]
    )
    session = context["session"]
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="ga{session.number}-programme-{get_language()}.pdf"'
    )
    return response


# --- The signed-in delegate's own programme ---------------------------------------------------


def _public_slot_or_404(session, slug) -> ProgrammeSlot:
    slot = ProgrammeSlot.objects.public().filter(session=session, slug=slug).first()
    if slot is None:
        raise Http404(_("There is no such item in the programme."))
    return slot


@login_required
@require_POST
def star_toggle(request, slug, number=None):
    session = selectors.session_or_404(number)
    slot = _public_slot_or_404(session, slug)
    if Star.objects.filter(user=request.user, slot=slot).exists():
        services.star_remove(user=request.user, slot=slot)
        messages.success(request, _("Removed from your programme."))
    else:
        services.star_add(user=request.user, slot=slot)
        messages.success(request, _("Added to your programme."))
    return redirect(agenda_reverse(request, session, "slot", slug=slot.slug))


@login_required
@require_POST
def sign_up(request, slug, number=None):
    session = selectors.session_or_404(number)
    slot = _public_slot_or_404(session, slug)
    person = getattr(request.user, "person", None)
    if person is None:
        messages.error(request, _("Only delegates registered for the session can sign up."))
    else:
        try:
            signup = services.side_event_sign_up(slot=slot, person=person)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if signup.status == SideEventSignup.Status.CONFIRMED:
                messages.success(request, _("Your seat is confirmed."))
            else:
                messages.info(request, _("The side event is full: you are on the waiting list."))
    return redirect(agenda_reverse(request, session, "slot", slug=slot.slug))


@login_required
@require_POST
def sign_up_cancel(request, slug, number=None):
    session = selectors.session_or_404(number)
    slot = _public_slot_or_404(session, slug)
    person = getattr(request.user, "person", None)
    signup = (
        SideEventSignup.objects.filter(slot=slot, person=person)
        .exclude(status=SideEventSignup.Status.CANCELLED)
        .first()
        if person
        else None
    )
    if signup is None:
        raise Http404(_("You are not signed up for this side event."))
    services.side_event_cancel(signup=signup)
    messages.success(request, _("Your sign-up is cancelled."))
    return redirect(agenda_reverse(request, session, "slot", slug=slot.slug))


@login_required
@require_GET
def my_programme(request):
    stars = (
        Star.objects.filter(user=request.user, slot__in=ProgrammeSlot.objects.public())
        .select_related("slot__room", "slot__session")
        .order_by("slot__start")
    )
    token = services.calendar_token_for(user=request.user)
    feed_url = site_url(reverse("agenda:calendar-feed", kwargs={"token": token.token}))
    return render(
        request,
        "agenda/my_programme.html",
        {"stars": stars, "feed_url": feed_url, "agenda_ns": "agenda"},
    )


@login_required
@require_POST
def calendar_regenerate(request):
    services.calendar_token_regenerate(user=request.user)
    messages.success(
        request, _("Your calendar has a new secret address; the old one no longer works.")
    )
    return redirect("agenda:my-programme")


@require_GET
def calendar_feed(request, token):
    """A user's starred slots at a secret address that calendar apps poll without signing in."""
    from .models import CalendarToken

    owner = CalendarToken.objects.filter(token=token).select_related("user").first()
    if owner is None:
        raise Http404(_("This calendar address is not valid (any more)."))
    stars = (
        Star.objects.filter(user=owner.user, slot__in=ProgrammeSlot.objects.public())
        .select_related("slot__room", "slot__session")
        .order_by("slot__start")
    )

    def url_for(session, slot):
        if session.is_current:
            path = reverse("agenda:slot", kwargs={"slug": slot.slug})
        else:
            path = reverse(
                "session-agenda:slot", kwargs={"number": session.number, "slug": slot.slug}
            )
        return site_url(path)

    body = exports.ical(
        [(star.slot.session, star.slot) for star in stars], _("My programme"), url_for
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
