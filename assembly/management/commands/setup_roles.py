"""Create the staff groups (registration, programme, resolutions officers, administrators)."""

from django.core.management.base import BaseCommand

from assembly.roles import roles_sync


class Command(BaseCommand):
    help = "Create or update the staff groups and their permissions."

    def handle(self, *args, **options):
        for role, count in roles_sync().items():
            self.stdout.write(f"{role}: {count} permissions")
