"""Store the figures of the projects that exist when this is applied (an upgraded
database); a new database has none and this does nothing.

It runs today's code (`figures.refresh_all`) rather than historical models, because
the computation is the application's own; it reads only columns that exist at this
point, after the reports and obstacles tables it consults.
"""

from django.db import migrations


def fill(apps, schema_editor):
    if not apps.get_model("portfolio", "Project").objects.exists():
        return
    from marsad.portfolio.figures import refresh_all

    refresh_all()


class Migration(migrations.Migration):
    dependencies = [
        ("portfolio", "0008_portfolio_version"),
        ("reports", "0003_bounded_dates_and_system_fields"),
        ("obstacles", "0002_bounded_dates_and_system_fields"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
