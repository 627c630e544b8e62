from django.db import migrations, models


def count_afresh(apps, schema_editor):
    # The counts kept so far do not tell public projects apart: the next read counts anew.
    apps.get_model("reports", "ReportingWindow").objects.update(latest=None)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_kept_rates"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="reportingcount", name="one_count_per_period"),
        migrations.AddField(model_name="reportingcount", name="public", field=models.BooleanField(default=False)),
        migrations.AddField(model_name="reportingshare", name="public", field=models.BooleanField(default=False)),
        migrations.AddConstraint(
            model_name="reportingcount",
            constraint=models.UniqueConstraint(
                fields=("owner_id", "cadence", "public", "period_start"), name="one_count_per_period"
            ),
        ),
        migrations.RunPython(count_afresh, migrations.RunPython.noop),
    ]
