"""Registrations exported to CSV and XLSX: filtered rows, formulas neutralised (SECURITY.md 8)."""

import csv
import io

import openpyxl
import pytest

from assembly.models import Country
from delegates.models import Person, Registration
from delegates.resources import neutralise_formula

from . import staffdata

EXPORT = "/admin/delegates/registration/export/"
HOSTILE = {
    "given_name": '=HYPERLINK("http://evil.example","x")',
    "family_name": "+SUM(A1:A9)",
    "title": "-2+3",
    "function": "@cmd",
    "agency": "\tTabbed",
    "phone": "\r=1+1",
}


@pytest.fixture
def admin_client(client, db):
    client.force_login(staffdata.user("root@example.org", superuser=True))
    return client


@pytest.fixture
def hostile(session91):
    austria = Country.objects.get(iso_code="AT")
    typed = {name: value for name, value in HOSTILE.items() if name not in ("agency", "phone")}
    who = staffdata.person(1, country=austria, family_name_ar="حداد", **typed)
    # A tab or a line break is refused in a single-line field (SECURITY.md 29); an older
    # release or an import could have stored one, and the export must still neutralise it.
    Person.objects.filter(pk=who.pk).update(agency=HOSTILE["agency"], phone=HOSTILE["phone"])
    plain = staffdata.person(2, country=Country.objects.get(iso_code="FR"), family_name="Plain")
    staffdata.registration(
        session91, who, delegation_=staffdata.delegation(session91, country=austria)
    )
    staffdata.registration(
        session91,
        plain,
        delegation_=staffdata.delegation(session91, country=plain.country),
        status=Registration.Status.SUBMITTED,
    )
    return who


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+43 1 234", "'+43 1 234"),
        ("-x", "'-x"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Haddad", "Haddad"),
        ("a=b", "a=b"),
        ("", ""),
        (None, None),
        (42, 42),
    ],
)
def test_neutralise_formula(value, expected):
    assert neutralise_formula(value) == expected


def _export(client, file_format: int, query: str = ""):
    from delegates.resources import EXPORT_COLUMNS

    data = {"resource": "0", "format": str(file_format)}
    data.update({f"registrationresource_{name}": "on" for name in EXPORT_COLUMNS})
    return client.post(f"{EXPORT}{query}", data)


def test_csv_export_neutralises_formulas(admin_client, hostile):
    response = _export(admin_client, 0)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    row = next(r for r in rows if r["email"] == "person0001@example.org")
    assert row["given name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["family name"] == "'+SUM(A1:A9)"
    assert row["title or rank"] == "'-2+3"
    assert row["function"] == "'@cmd"
    assert row["agency"] == "'\tTabbed"
    assert row["phone"] == "'\r=1+1"
    assert row["family name in Arabic script"] == "حداد"
    assert row["country"] == "Austria"
    assert row["region"] == "Europe"
    assert row["status"] == "approved"
    assert row["credentials"] == "pending"
    assert row["session"] == "91"


def test_xlsx_export_neutralises_formulas(admin_client, hostile):
    response = _export(admin_client, 1)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    rows = [
        dict(zip(header, (cell for cell in row), strict=True)) for row in sheet.iter_rows(min_row=2)
    ]
    assert len(rows) == 2
    row = next(r for r in rows if r["email"].value == "person0001@example.org")
    for column, value in [
        ("given name", HOSTILE["given_name"]),
        ("family name", HOSTILE["family_name"]),
        ("title or rank", HOSTILE["title"]),
        ("function", HOSTILE["function"]),
        ("agency", HOSTILE["agency"]),
        ("phone", HOSTILE["phone"]),
    ]:
        # XML stores a carriage return as a line feed; the apostrophe comes first either way.
        assert row[column].value == ("'" + value).replace("\r", "\n")
        # A string cell, never a formula cell.
        assert row[column].data_type == "s"
    assert row["family name in Arabic script"].value == "حداد"
    # No formula anywhere in the sheet.
    assert not any(cell.data_type == "f" for line in sheet.iter_rows() for cell in line)


def test_export_follows_the_changelist_filters(admin_client, hostile):
    response = _export(admin_client, 0, "?status__exact=submitted")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["family name"] for r in rows] == ["Plain"]


def test_only_csv_and_xlsx_are_offered(admin_client, hostile):
    response = admin_client.get(EXPORT)
    assert response.status_code == 200
    choices = response.context["form"].fields["format"].choices
    assert [label for _value, label in choices if _value != ""] == ["csv", "xlsx"]


def test_export_needs_the_view_permission(client, hostile):
    client.force_login(staffdata.user("staff@example.org", staff=True))
    assert _export(client, 0).status_code == 403


def test_exports_carry_no_control_character(admin_client, hostile):
    """SECURITY.md 29: openpyxl refuses control characters (a 500); CSV readers choke on them."""
    Person.objects.filter(pk=hostile.pk).update(given_name="Ana\x0bSilva\x01", title="Dr\x1b")
    response = _export(admin_client, 1)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = next(
        dict(zip(header, (cell.value for cell in line), strict=True))
        for line in sheet.iter_rows(min_row=2)
        if line[header.index("email")].value == "person0001@example.org"
    )
    assert (row["given name"], row["title or rank"]) == ("AnaSilva", "Dr")
    text = _export(admin_client, 0).content.decode("utf-8-sig")
    assert "AnaSilva" in text and "\x0b" not in text and "\x1b" not in text


# --- issue 11 B: spreadsheets open the four languages intact, in the officer's language ------


def test_csv_starts_with_a_byte_order_mark_and_keeps_arabic_names(admin_client, hostile):
    """Without the mark, spreadsheet programs read UTF-8 as a legacy code page: حداد is garbled."""
    response = _export(admin_client, 0)
    assert response.status_code == 200
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert "charset=utf-8" in response["Content-Type"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = next(r for r in rows if r["email"] == "person0001@example.org")
    assert row["family name in Arabic script"] == "حداد"


def _french_rows(admin_client):
    response = admin_client.post(
        EXPORT,
        {
            "resource": "0",
            "format": "0",
            **{f"registrationresource_{name}": "on" for name in _columns()},
        },
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _columns():
    from delegates.resources import EXPORT_COLUMNS

    return EXPORT_COLUMNS


def test_csv_labels_and_values_follow_the_officers_language(admin_client, hostile):
    rows = _french_rows(admin_client)
    row = next(r for r in rows if r["adresse électronique"] == "person0001@example.org")
    assert row["nom de famille"] == "'+SUM(A1:A9)"
    assert row["pays"] == "Autriche"
    assert row["catégorie"] == "délégué"
    assert row["statut"] == "approuvée"
    assert row["pouvoirs"] == "en attente"
    assert row["nom de famille en caractères arabes"] == "حداد"


def test_xlsx_labels_and_values_follow_the_officers_language(admin_client, hostile):
    data = {"resource": "0", "format": "1"}
    data.update({f"registrationresource_{name}": "on" for name in _columns()})
    response = admin_client.post(EXPORT, data, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert "nom de famille" in header and "catégorie" in header
    row = next(
        dict(zip(header, (cell.value for cell in line), strict=True))
        for line in sheet.iter_rows(min_row=2)
        if line[header.index("adresse électronique")].value == "person0001@example.org"
    )
    assert row["catégorie"] == "délégué"
    assert row["statut"] == "approuvée"
    assert row["nom de famille en caractères arabes"] == "حداد"
