"""Exports of the back office (django-import-export): registrations to CSV and XLSX."""

from import_export import fields, resources

from assembly.text import printable

from .models import Registration

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


class NeutralisedResource(resources.ModelResource):
    """Every exported cell goes through ``neutralise_formula``, whatever the field."""

    def export_field(self, field, instance, **kwargs):
        return neutralise_formula(super().export_field(field, instance, **kwargs))

    def get_export_headers(self, selected_fields=None):
        return [neutralise_formula(h) for h in super().get_export_headers(selected_fields)]


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


class RegistrationResource(NeutralisedResource):
    session = fields.Field(attribute="session__number", column_name="session")
    family_name = fields.Field(attribute="person__family_name", column_name="family name")
    given_name = fields.Field(attribute="person__given_name", column_name="given name")
    family_name_ar = fields.Field(
        attribute="person__family_name_ar", column_name="family name (Arabic script)"
    )
    given_name_ar = fields.Field(
        attribute="person__given_name_ar", column_name="given name (Arabic script)"
    )
    title = fields.Field(attribute="person__title", column_name="title or rank")
    function = fields.Field(attribute="person__function", column_name="function")
    agency = fields.Field(attribute="person__agency", column_name="agency")
    phone = fields.Field(attribute="person__phone", column_name="phone")
    country = fields.Field(attribute="delegation__country__name", column_name="country")
    region = fields.Field(attribute="delegation__country__region__name", column_name="region")
    organisation = fields.Field(
        attribute="delegation__organisation__name", column_name="observer organisation"
    )
    credentials = fields.Field(column_name="credentials")

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
        return credentials.state if credentials else ""
