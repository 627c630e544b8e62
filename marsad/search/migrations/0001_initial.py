from django.db import migrations, models

from marsad.search import engines


def setup(apps, schema_editor):
    engines.setup(schema_editor)


def teardown(apps, schema_editor):
    engines.teardown(schema_editor)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("kind", models.CharField(max_length=40)),
                ("object_id", models.PositiveBigIntegerField()),
                ("title", models.TextField()),
                ("body", models.TextField(blank=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="search_entry_once")
                ]
            },
        ),
        migrations.RunPython(setup, teardown),
    ]
