"""Exports of the back office (django-import-export): registrations to CSV and XLSX."""

import csv

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV

from assembly.text import printable

from .models import Delegation, Person, Registration

# A spreadsheet reads a cell starting with one of these as a formula (or as the start of one
# after a tab or carriage return): CSV injection, OWASP ASVS 1.2.10, SECURITY.md 8.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """A text value that a spreadsheet shows as text: a leading apostrophe before a trigger,
    and no control character (which XLSX refuses, SECURITY.md 29)."""
    value = printable(value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_download(filename: str, header, rows) -> HttpResponse:
    """A CSV attachment for the secretariat: UTF-8 with a byte-order mark (so that spreadsheets
    read the four languages correctly), every cell through ``neutralise_formula``, never cached.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in (header, *rows):
        writer.writerow(neutralise_formula(value) for value in row)
    return response


class NeutralisedResource(resources.ModelResource):
    """Every exported cell goes through ``neutralise_formula``, whatever the field."""

    def export_field(self, field, instance, **kwargs):
        return neutralise_formula(super().export_field(field, instance, **kwargs))

    def get_export_headers(self, selected_fields=None):
        return [neutralise_formula(h) for h in super().get_export_headers(selected_fields)]


class CSVWithByteOrderMark(CSV):
    """UTF-8 CSV that spreadsheet programs open as UTF-8: without the byte-order mark, Excel
    reads it in the machine's legacy code page and Arabic (or accented) names come out garbled."""

    def export_data(self, dataset, **kwargs):
        return "\ufeff" + super().export_data(dataset, **kwargs)

    def get_content_type(self):
        return "text/csv; charset=utf-8"


EXPORT_COLUMNS = (
    "id",
    "session",
    "family_name",
    "given_name",
    "family_name_ar",
    "given_name_ar",
    "title",
    "function",
    "agency",
    "email",
    "phone",
    "country",
    "region",
    "organisation",
    "category",
    "status",
    "status_reason",
    "credentials",
    "created_at",
)


def _label(model, name):
    """The model field's own (lazy, translated) name: read in the officer's language."""
    return model._meta.get_field(name).verbose_name


class RegistrationResource(NeutralisedResource):
    """Headers, categories, statuses, countries and regions in the active language of the request
    (the officer's); names as typed, the Arabic script ones included."""

    id = fields.Field(attribute="id", column_name=_("ID"))
    session = fields.Field(attribute="session__number", column_name=_label(Registration, "session"))
    family_name = fields.Field(
        attribute="person__family_name", column_name=_label(Person, "family_name")
    )
    given_name = fields.Field(
        attribute="person__given_name", column_name=_label(Person, "given_name")
    )
    family_name_ar = fields.Field(
        attribute="person__family_name_ar", column_name=_label(Person, "family_name_ar")
    )
    given_name_ar = fields.Field(
        attribute="person__given_name_ar", column_name=_label(Person, "given_name_ar")
    )
    title = fields.Field(attribute="person__title", column_name=_label(Person, "title"))
    function = fields.Field(attribute="person__function", column_name=_label(Person, "function"))
    agency = fields.Field(attribute="person__agency", column_name=_label(Person, "agency"))
    email = fields.Field(attribute="email", column_name=_label(Registration, "email"))
    phone = fields.Field(attribute="person__phone", column_name=_label(Person, "phone"))
    country = fields.Field(
        attribute="delegation__country__name", column_name=_label(Delegation, "country")
    )
    region = fields.Field(attribute="delegation__country__region__name", column_name=_("region"))
    organisation = fields.Field(
        attribute="delegation__organisation__name", column_name=_("observer organisation")
    )
    category = fields.Field(column_name=_label(Registration, "category"))
    status = fields.Field(column_name=_label(Registration, "status"))
    status_reason = fields.Field(
        attribute="status_reason", column_name=_label(Registration, "status_reason")
    )
    credentials = fields.Field(column_name=_("credentials"))
    created_at = fields.Field(
        attribute="created_at",
        column_name=_("submitted on"),
        widget=widgets.DateTimeWidget(),
    )

    class Meta:
        model = Registration
        fields = EXPORT_COLUMNS
        export_order = EXPORT_COLUMNS

    def get_queryset(self):
        return self.select_related(super().get_queryset())

    @staticmethod
    def select_related(queryset):
        return queryset.select_related(
            "session",
            "person",
            "delegation__country__region",
            "delegation__organisation",
            "delegation__credentials",
        )

    def filter_export(self, queryset, **kwargs):
        return self.select_related(queryset)

    def dehydrate_credentials(self, registration):
        delegation = registration.delegation
        credentials = getattr(delegation, "credentials", None) if delegation else None
        return credentials.get_state_display() if credentials else ""

    def dehydrate_category(self, registration):
        return registration.get_category_display()

    def dehydrate_status(self, registration):
        return registration.get_status_display()
