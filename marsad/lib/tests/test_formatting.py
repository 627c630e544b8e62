import datetime
from decimal import Decimal

from django.utils import translation

from marsad.lib.formatting import format_date, format_month, format_number
from marsad.lib.templatetags.marsad_format import signed_days


def test_arabic_dates_use_levantine_month_names():
    with translation.override("ar"):
        assert format_date(datetime.date(2023, 7, 1)) == "1 تموز 2023"
        assert format_month(datetime.date(2024, 10, 1)) == "تشرين الأول 2024"
        assert format_date(datetime.date(2025, 1, 15), "medium") == "15 كانون الثاني 2025"


def test_english_dates():
    with translation.override("en"):
        assert format_date(datetime.date(2023, 7, 1)) == "1 July 2023"


def test_numbers_are_grouped():
    with translation.override("ar"):
        assert format_number(3615100) == "3,615,100"
        assert format_number(None) == ""


def test_slippage_in_days_reads_naturally_in_arabic():
    with translation.override("ar"):
        assert signed_days(0) == "في الموعد"
        assert signed_days(5) == "متأخر 5 أيام"
        assert signed_days(45) == "متأخر 45 يوماً"
        assert signed_days(-12) == "متقدم 12 يوماً"
        assert signed_days(None) == "—"
    with translation.override("en"):
        assert signed_days(1) == "1 day late"
        assert signed_days(45) == "45 days late"


def test_currencies_are_written_in_the_readers_language():
    from marsad.lib.formatting import format_currency

    with translation.override("ar"):
        assert format_currency("SYP") == "ل.س."
    with translation.override("en"):
        assert format_currency("SYP") == "SYP"
    assert format_currency("") == ""


def test_one_way_to_write_numbers_whole_ones_without_a_fraction():
    from django.utils import translation

    from marsad.indicators.templatetags.indicators import in_unit
    from marsad.lib.templatetags.marsad_format import num, pct

    with translation.override("ar"):
        # A percentage is isolated from the Arabic around it, so its sign never moves.
        assert in_unit(Decimal("36.0"), "percent") == "\u206636%\u2069"  # not 36.0%
        assert in_unit(Decimal("42.5"), "percent") == "\u206642.5%\u2069"
        assert num(6.4, 1) == "6.4"  # the same separator as the indicators, not 6٫4
        assert num(36.0, 1) == "36"
        assert pct(45.0) == "\u206645%\u2069"
        # One precision for every percentage, on every surface, rounded half up.
        assert pct(87.55) == pct(87.6) == "\u206687.6%\u2069" and pct(40.04) == "\u206640%\u2069"
        assert in_unit(Decimal("3615100"), "count") == "3,615,100"


def test_a_date_is_entered_day_first_whatever_the_browser_and_shown_so():
    from django.utils import translation

    from marsad.lib.widgets import DateInput

    widget = DateInput()
    for typed in ("11/06/2027", "11-6-2027", "١١/٠٦/٢٠٢٧", " 11.06.2027 ", "2027-06-11"):
        assert widget.value_from_datadict({"d": typed}, {}, "d") == "2027-06-11", typed
    assert widget.value_from_datadict({"d": "June 11"}, {}, "d") == "June 11"  # the field refuses it, by name
    with translation.override("ar"):
        html = widget.render("d", datetime.date(2027, 6, 11), {"id": "id_d"})
    assert 'value="11/06/2027"' in html and 'type="text"' in html and 'placeholder="يوم/شهر/سنة"' in html
    assert "حزيران" in html and "يونيو" not in html  # the month names the words beside it use
