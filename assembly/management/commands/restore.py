"""`manage.py restore FILE`: replace the database and the uploads with a backup, verified."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assembly.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with those of a backup archive, then "
        "check row counts and checksums against the archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="path of the .tar.gz written by backup")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--no-input", action="store_false", dest="interactive", help="do not ask to confirm"
        )

    def handle(self, *args, archive: Path, database: str, interactive: bool, **options):
        if not archive.is_file():
            raise CommandError(f"{archive} does not exist.")
        if interactive:
            answer = input(
                f"This replaces every row of the database “{database}” and the uploaded files "
                f"with those of {archive}. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            manifest = restore_backup(archive, using=database)
        except BackupError as error:
            raise CommandError(f"Restore failed: {error}") from error
        rows = sum(entry["rows"] for entry in manifest["database"].values())
        files = sum(len(entries) for entries in manifest["files"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {rows} rows and {files} files from {archive} "
                f"(backup of {manifest['created_at']}); counts and checksums match."
            )
        )
