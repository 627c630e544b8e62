"""One digit system on what a person reads (lib.digits): the text changes, what the
markup needs to work (addresses, values, references, tokens) does not."""

from marsad.lib import digits

PAGE = (
    '<p title="سابقاً 87.6%">سابقاً \u206687.6%\u2069 من 3,615,100 &#x27;&#39; ١٤ مصرفاً</p>'
    '<a href="/meetings/12/?page=2">الاجتماع 12</a> <input name="n" value="12" placeholder="مثلاً 12">'
    "<code>mrs_AB12</code><span data-keep-digits>0123</span>"
    '<script type="application/json">{"value": 12}</script><style>.a{width:12px}</style>'
    '<div data-tip="a > 3">4</div>'
)


def test_arabic_indic_text_and_read_attributes_while_the_markup_stays_as_it_is():
    written = digits.localise_html(PAGE, digits.ARABIC_INDIC)
    assert '<p title="سابقاً ٨٧٫٦٪">سابقاً \u2066٨٧٫٦٪\u2069 من ٣٬٦١٥٬١٠٠ &#x27;&#39; ١٤ مصرفاً</p>' in written
    assert '<a href="/meetings/12/?page=2">الاجتماع ١٢</a>' in written
    assert '<input name="n" value="12" placeholder="مثلاً ١٢">' in written
    assert "<code>mrs_AB12</code><span data-keep-digits>0123</span>" in written
    assert '{"value": 12}' in written and "width:12px" in written
    assert '<div data-tip="a > 3">٤</div>' in written


def test_latin_pages_turn_arabic_indic_typed_text_to_latin():
    written = digits.localise_html(PAGE, digits.LATIN)
    assert "من 3,615,100 &#x27;&#39; 14 مصرفاً" in written
    assert digits.localise_html("<p>٨٧٫٦٪ و ۱۲</p>", digits.LATIN) == "<p>87.6% و 12</p>"
    assert digits.localise_html("<p>12</p>", digits.LATIN) == "<p>12</p>"


def test_plain_text_keeps_its_addresses():
    text = "افتحه في مرصد: https://marsad.example:8443/tasks/12/ قبل 3 أيام"
    assert (
        digits.localise_text(text, digits.ARABIC_INDIC)
        == "افتحه في مرصد: https://marsad.example:8443/tasks/12/ قبل ٣ أيام"
    )


def test_a_persons_choice_goes_before_the_sites(settings, django_user_model):
    settings.MARSAD_DIGITS = digits.ARABIC_INDIC
    assert digits.for_user(django_user_model(digits="")) == digits.ARABIC_INDIC
    assert digits.for_user(django_user_model(digits=digits.LATIN)) == digits.LATIN
    assert digits.for_user(None) == digits.ARABIC_INDIC
    with digits.override(digits.LATIN):
        assert digits.active() == digits.LATIN
    assert digits.active() == digits.ARABIC_INDIC
