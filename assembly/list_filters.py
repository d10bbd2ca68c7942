"""List filters shared by the back office's changelists.

``session_filter(path)``: the lists of a session's work (registrations, credentials, delegations,
attendance, slots, ballots, drafts…) open on the current session; "All sessions" and every other
session are one click away. The session is named by its number (``?session=91``), or by its id
as Django's own related-field filter does (``?session__id__exact=3``, the dashboard's links).
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import AssemblySession
from .text import number_from_query

ALL = "all"


class SessionFilter(admin.FieldListFilter):
    """Filter on a relation to AssemblySession; the current session by default.

    A field filter (``("delegation__session", SessionFilter)``), so that the admin accepts the
    related-field parameters of that path, as it did for Django's own filter.
    """

    parameter_name = "session"

    def __init__(self, field, request, params, model, model_admin, field_path):
        # One query: the sessions to choose from, the current one among them.
        self.sessions = list(AssemblySession.objects.order_by("-number"))
        self.lookup_choices = [(str(s.number), str(s)) for s in self.sessions]
        alias = f"{field_path}__id__exact"
        chosen, by_id = params.pop(self.parameter_name, None), params.pop(alias, None)
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("session")
        if chosen:
            self.used_parameters[self.parameter_name] = chosen[-1]
        elif by_id:
            pk = number_from_query(by_id[-1])
            number = next((s.number for s in self.sessions if s.pk == pk), None)
            if number is None:
                raise IncorrectLookupParameters(alias)
            self.used_parameters[self.parameter_name] = str(number)

    def expected_parameters(self):
        return [self.parameter_name, f"{self.field_path}__id__exact"]

    def has_output(self):
        return True

    def value(self):
        chosen = self.used_parameters.get(self.parameter_name)
        if chosen is not None:
            return chosen
        current = next((s for s in self.sessions if s.is_current), None)
        return str(current.number) if current else ALL

    def queryset(self, request, queryset):
        value = self.value()
        if value == ALL:
            return queryset
        number = number_from_query(value)
        if number is None:
            raise IncorrectLookupParameters(self.parameter_name)
        return queryset.filter(**{f"{self.field_path}__number": number})

    def get_facet_counts(self, pk_attname, filtered_qs):
        return {
            f"{i}__c": models.Count(
                pk_attname, filter=models.Q(**{f"{self.field_path}__number": int(number)})
            )
            for i, (number, _title) in enumerate(self.lookup_choices)
        }

    def choices(self, changelist):
        add_facets = changelist.add_facets
        facet_counts = self.get_facet_queryset(changelist) if add_facets else None
        remove = [f"{self.field_path}__id__exact"]
        yield {
            "selected": self.value() == ALL,
            "query_string": changelist.get_query_string({self.parameter_name: ALL}, remove),
            "display": _("All sessions"),
        }
        for i, (lookup, title) in enumerate(self.lookup_choices):
            if add_facets:
                count = facet_counts.get(f"{i}__c", -1)
                title = f"{title} ({count if count != -1 else '-'})"
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}, remove),
                "display": title,
            }


def session_filter(field_path: str = "session") -> tuple[str, type[SessionFilter]]:
    """The list filter of a list whose session is reached through ``field_path``."""
    return (field_path, SessionFilter)


class _NamedAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete select, with a placeholder naming what it filters (the stock
    widget empties any placeholder given)."""

    def __init__(self, *args, placeholder="", **kwargs):
        super().__init__(*args, **kwargs)
        self.placeholder = placeholder

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        attrs["data-placeholder"] = self.placeholder
        return attrs


class AutocompleteFilter(admin.FieldListFilter):
    """A related-object filter as one searchable select (the admin's own autocomplete), not a
    link per object: 160 countries are found by typing a few letters.

    Use as ``("delegation__country", AutocompleteFilter)``; the related model's admin needs
    ``search_fields``. The parameter is Django's own (``delegation__country__id__exact``), so
    links written for the stock filter still work. The model admin adds ``FilterMediaMixin``
    for the scripts.
    """

    template = "admin/filters/autocomplete.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.lookup_kwarg = f"{field_path}__{field.target_field.name}__exact"
        self.admin_site = model_admin.admin_site
        super().__init__(field, request, params, model, model_admin, field_path)
        value = self.used_parameters.get(self.lookup_kwarg)
        self.lookup_val = value[-1] if isinstance(value, list) else value

    def expected_parameters(self):
        return [self.lookup_kwarg]

    def has_output(self):
        return True

    def queryset(self, request, queryset):
        if self.lookup_val in (None, ""):
            return queryset
        number = number_from_query(self.lookup_val)
        if number is None:
            raise IncorrectLookupParameters(self.lookup_kwarg)
        return queryset.filter(**{self.lookup_kwarg: number})

    def choices(self, changelist):
        from django import forms

        remote = self.field.remote_field.model
        form_field = forms.ModelChoiceField(
            queryset=remote._default_manager.all(),
            required=False,
            widget=_NamedAutocompleteSelect(
                self.field, self.admin_site, placeholder=capfirst(self.title)
            ),
        )
        element_id = "filter-" + self.field_path.replace("__", "-")
        widget = form_field.widget.render(
            self.lookup_kwarg,
            self.lookup_val or None,
            attrs={"id": element_id},
        )
        keep = [
            (name, value)
            for name, value in changelist.params.items()
            if name not in (self.lookup_kwarg, "e")
        ]
        yield {
            "selected": bool(self.lookup_val),
            "id": element_id,
            "widget": widget,
            "hidden": keep,
            "query_string": changelist.get_query_string(remove=[self.lookup_kwarg]),
            "display": _("All"),
        }


class FilterMediaMixin:
    """Adds the scripts of the list's autocomplete filters to the model admin's media."""

    @property
    def media(self):
        from django import forms
        from django.contrib.admin.utils import get_fields_from_path
        from django.contrib.admin.widgets import AutocompleteSelect

        media = super().media
        for item in self.list_filter:
            if isinstance(item, tuple) and issubclass(item[1], AutocompleteFilter):
                field = get_fields_from_path(self.model, item[0])[-1]
                media += AutocompleteSelect(field, self.admin_site).media
                media += forms.Media(js=["js/autocomplete_filter.js"])
                break
        return media
