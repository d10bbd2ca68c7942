"""Public pages of the resolutions archive: the list, one resolution, its print and PDF."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from assembly.models import AssemblySession
from assembly.net import site_url
from assembly.text import printable

from .models import Ballot
from .selectors import (
    adopted_resolutions,
    archive_themes,
    deciding_ballot,
    french_sort_key,
    resolution_amendments,
    resolution_for_page,
    resolutions_with_theme,
)

PAGE_SIZE = 20


class ArchiveFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200, strip=True)
    session = forms.TypedChoiceField(
        label=_("Session"), required=False, coerce=int, empty_value=None
    )
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    # A select, but not a ChoiceField: an unknown theme (an old bookmark, a mistyped link) is
    # ignored with a notice instead of refusing the whole search.
    theme = forms.CharField(label=_("Theme"), required=False, strip=True, widget=forms.Select)

    def __init__(self, *args, sessions, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.ignored_theme = ""
        self.theme_slugs = {theme.slug for theme in themes}
        # Even a NUL character in the theme is merely ignored (clean_theme), not refused.
        self.fields["theme"].validators = []
        self.fields["theme"].widget.choices = [("", _("All themes"))] + [
            (theme.slug, theme.short_title) for theme in themes
        ]
        self.fields["session"].choices = [("", _("All sessions"))] + [
            (s.number, s.title) for s in sessions
        ]
        years = sorted({s.start_date.year for s in sessions}, reverse=True)
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]

    def clean_theme(self):
        value = self.cleaned_data["theme"]
        if value and value not in self.theme_slugs:
            # Shown back to the visitor (escaped by the template), so kept short.
            value = value.replace("\x00", "")
            self.ignored_theme = value if len(value) <= 80 else value[:80] + "…"
            return ""
        return value

    def clean_q(self):
        value = self.cleaned_data["q"]
        if "\x00" in value:
            raise forms.ValidationError(_("The search contains a character that is not allowed."))
        return value


@require_GET
def resolution_list(request):
    """Adopted resolutions of every session, newest first; search in the visitor's language."""
    sessions = list(AssemblySession.objects.order_by("-start_date"))
    form = ArchiveFilterForm(request.GET or None, sessions=sessions, themes=archive_themes())
    resolutions = adopted_resolutions()
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        resolutions = resolutions.none()
    elif form.is_bound:
        data = form.cleaned_data
        if data["q"]:
            language = get_language() or "en"
            resolutions = resolutions.filter(
                Q(**{f"title_{language}__icontains": data["q"]})
                | Q(**{f"text_{language}__icontains": data["q"]})
                | Q(reference__icontains=data["q"])
                | Q(legacy_reference__icontains=data["q"])
            )
        if data["session"]:
            resolutions = resolutions.filter(session__number=data["session"])
        if data["year"]:
            resolutions = resolutions.filter(session__start_date__year=data["year"])
        if data["theme"]:
            resolutions = resolutions_with_theme(resolutions, data["theme"])
    page = Paginator(resolutions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "resolutions/resolution_list.html", context, status=status)


def _resolution_context(reference: str) -> dict:
    resolution = resolution_for_page(reference)
    if resolution is None:
        raise Http404
    ballot = deciding_ballot(resolution)
    votes = []
    if ballot is not None and ballot.is_recorded:
        votes = sorted(ballot.votes.all(), key=lambda vote: french_sort_key(vote.country.name))
    # Accents and case aside, the order of the visitor's language (Sénégal before Singapour).
    sponsors = sorted(resolution.sponsors.all(), key=lambda country: french_sort_key(country.name))
    return {
        "resolution": resolution,
        "sponsors": sponsors,
        "ballot": ballot,
        "votes": votes,
        "secret": ballot is not None and ballot.method == Ballot.Method.SECRET,
        "amendments": resolution_amendments(resolution),
        "documents": [d for d in resolution.documents.all() if d.is_public],
    }


@require_GET
def resolution_detail(request, reference: str):
    return render(request, "resolutions/resolution_detail.html", _resolution_context(reference))


@require_GET
def resolution_print(request, reference: str):
    context = {**_resolution_context(reference), "printable": True}
    return render(request, "resolutions/resolution_print.html", context)


def _pdf_css() -> str:
    folder = Path(settings.BASE_DIR) / "static" / "css"
    return (folder / "resolutions.css").read_text(encoding="utf-8")


@require_GET
def resolution_pdf(request, reference: str):
    """The resolution as a PDF, laid out by WeasyPrint (right to left in Arabic)."""
    from weasyprint import HTML

    context = {**_resolution_context(reference), "printable": True, "pdf_css": _pdf_css()}
    html = render_to_string("resolutions/resolution_print.html", context, request=request)
    pdf = HTML(string=printable(html), base_url=site_url("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = context["resolution"].public_reference.replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="{filename}-{get_language()}.pdf"'
    return response
