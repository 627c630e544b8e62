import pytest

from marsad.lib.arabic import bare, fold, indexed, words


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("اتمتة", "أتمتة"),  # hamza on alef, above
        ("الاستيراد", "الإستيراد"),  # hamza on alef, below
        ("الاليه", "الآلية"),  # madda; taa marbuta as haa
        ("ٱلوطني", "الوطني"),  # alef wasla
        ("مسوول", "مسؤول"),  # hamza on waw
        ("هيىه", "هيئة"),  # hamza on yaa, and alef maqsura for yaa
        ("الصحى", "الصحي"),  # alef maqsura for yaa
        ("الفوتره", "الفوترة"),  # haa for taa marbuta
        ("الفوترة", "الفَوْتَرَة"),  # diacritics
        ("الحكومة", "الحكـــومة"),  # tatweel
        ("2025", "٢٠٢٥"),  # Arabic-Indic digits
        ("2025", "۲۰۲۵"),  # Extended Arabic-Indic digits
        ("e-invoicing", "E-Invoicing"),  # Latin case
        ("لا", "ﻻ"),  # presentation form of lam-alef
    ],
)
def test_spellings_fold_to_one_form(typed, stored):
    assert fold(typed) == fold(stored)


def test_different_words_stay_different():
    # Folding must not merge words a reader tells apart.
    assert fold("وزارة") != fold("وزير")
    assert fold("السجل") != fold("التسجيل")
    assert fold("كتب") != fold("كتاب")


def test_words_are_folded_deduplicated_and_split_on_punctuation():
    assert words("أتمتة، اتمته! (2025)") == ["اتمته", "2025"]


def test_the_article_is_also_indexed_without_it():
    assert bare("الحكومه") == "حكومه"
    assert bare("للتحول") == "تحول"
    assert bare("ال") == "ال"  # nothing left to find
    assert "حكومه" in indexed("البنية التحتية للحكومة").split()
