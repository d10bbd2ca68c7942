"""A draft resolution points to its agenda item instead of storing the item's number."""

import django.db.models.deletion
from django.db import migrations, models


def link_by_session_and_number(apps, schema_editor):
    """Link each draft to the item of its own session bearing the number it stored.

    A number with no such item (the agenda was not entered, or was renumbered) leaves the draft
    unlinked rather than guessing; the resolutions officers link it in the admin.
    """
    DraftResolution = apps.get_model("resolutions", "DraftResolution")
    AgendaItem = apps.get_model("agenda", "AgendaItem")
    items = {
        (session_id, number): pk
        for pk, session_id, number in AgendaItem.objects.values_list("pk", "session_id", "number")
    }
    for draft in DraftResolution.objects.exclude(agenda_item_number="").only(
        "pk", "session_id", "agenda_item_number"
    ):
        item_id = items.get((draft.session_id, draft.agenda_item_number.strip()))
        if item_id is not None:
            DraftResolution.objects.filter(pk=draft.pk).update(agenda_item_id=item_id)


def keep_the_number(apps, schema_editor):
    """Going back: store the linked item's number again."""
    DraftResolution = apps.get_model("resolutions", "DraftResolution")
    for draft in DraftResolution.objects.filter(agenda_item__isnull=False).select_related(
        "agenda_item"
    ):
        DraftResolution.objects.filter(pk=draft.pk).update(
            agenda_item_number=draft.agenda_item.number
        )


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0001_initial"),
        ("resolutions", "0002_amendments_change_the_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="draftresolution",
            name="agenda_item",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="draft_resolutions",
                to="agenda.agendaitem",
                verbose_name="agenda item",
            ),
        ),
        migrations.RunPython(link_by_session_and_number, keep_the_number),
        migrations.RemoveField(
            model_name="draftresolution",
            name="agenda_item_number",
        ),
    ]
