from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("imports", "0001_initial")]

    operations = [
        migrations.RemoveField(model_name="importbatch", name="content"),
        migrations.AddField(
            model_name="importbatch",
            name="file",
            field=models.FileField(default="", upload_to="imports/%Y/%m/", verbose_name="file"),
            preserve_default=False,
        ),
    ]
