"""Load the demo data of the 91st session; safe to run again (nothing is duplicated)."""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand

from assembly.roles import roles_sync


class Command(BaseCommand):
    help = "Load the demo data of the 90th, 91st and 92nd sessions (idempotent)."

    def handle(self, *args, **options):
        roles_sync()
        self.stdout.write("Staff roles: synchronised")
        # Apps seed in the order of INSTALLED_APPS, which is the order of their dependencies.
        for config in apps.get_app_configs():
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            self.stdout.write(f"== {config.verbose_name}")
            module.seed(stdout=self.stdout)
        # Names in other scripts (Arabic), kept out of agenda/demo.py: agenda/demo_names.json.
        from agenda.demo_names import apply_demo_name_translations

        apply_demo_name_translations(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
