"""Speaker names in each working language (Arabic script on Arabic pages, issue 13).

The name written so far becomes the English (default-language) name; the other languages fall
back to it until they are written.
"""

from django.db import migrations, models
from django.db.models import F


def copy_name_to_default_language(apps, schema_editor):
    Speaker = apps.get_model("agenda", "Speaker")
    Speaker.objects.filter(models.Q(name_en__isnull=True) | models.Q(name_en="")).update(
        name_en=F("name")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0002_theme_full_title_and_short_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="speaker",
            name="name_ar",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="speaker",
            name="name_en",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="speaker",
            name="name_es",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="speaker",
            name="name_fr",
            field=models.CharField(max_length=200, null=True, verbose_name="name"),
        ),
        migrations.RunPython(copy_name_to_default_language, migrations.RunPython.noop),
    ]
