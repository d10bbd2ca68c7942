"""The registrations' CSV opened by a spreadsheet program: LibreOffice (headless) converts it to
XLSX and the Arabic names come through intact, the byte-order mark consumed rather than kept in
the first column's label. Skipped where LibreOffice is not installed (`apt-get install
libreoffice-calc-nogui`); the same file read back with openpyxl is in test_exports."""

import csv
import io
import shutil
import subprocess

import openpyxl
import pytest

from .test_exports import _export, admin_client, hostile  # noqa: F401  (fixtures)

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")

# Comma-separated, double quotes, UTF-8 (LibreOffice's encoding 76), from line 1: what a person
# picks in the import dialog, which preselects UTF-8 for a file that starts with the mark.
CSV_IMPORT = "CSV:44,34,76,1"


def test_libreoffice_opens_the_csv_with_arabic_names_intact(admin_client, hostile, tmp_path):  # noqa: F811
    response = _export(admin_client, 0)
    assert response.status_code == 200
    exported = tmp_path / "registrations.csv"
    exported.write_bytes(response.content)
    expected = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))

    subprocess.run(  # noqa: S603  (a fixed program on a file of this test)
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            f"--infilter={CSV_IMPORT}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(exported),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    sheet = openpyxl.load_workbook(tmp_path / "registrations.xlsx").active
    rows = [
        ["" if cell is None else str(cell) for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    header = rows[0]
    assert header == expected[0]  # no "\ufeff" stuck to the first label
    arabic = header.index("family name in Arabic script")
    assert "حداد" in [row[arabic] for row in rows[1:]]
    assert len(rows) == len(expected)
