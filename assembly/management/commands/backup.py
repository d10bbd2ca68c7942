"""`manage.py backup FILE`: the database and every uploaded file in one verified archive."""

from pathlib import Path

from django.core.management.base import BaseCommand

from assembly.backup import create_backup


class Command(BaseCommand):
    help = "Write the database and the uploaded files (media and private) into one .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="path of the .tar.gz to write")
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive: Path, database: str, **options):
        manifest = create_backup(archive, using=database)
        rows = sum(entry["rows"] for entry in manifest["database"].values())
        files = sum(len(entries) for entries in manifest["files"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {archive}: {rows} rows in {len(manifest['database'])} "
                f"tables, {files} files."
            )
        )
        for label, entry in sorted(manifest["database"].items()):
            if entry["rows"]:
                self.stdout.write(f"  {label}: {entry['rows']} rows")
