"""A person chooses the digits they read in on their profile; the site's setting
decides for everyone else, the public page included."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style|code)\b.*?</\1>|<[^>]*\bdata-keep-digits\b[^>]*>[^<]*<", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_a_person_chooses_arabic_indic_digits_and_every_page_follows(world, client):
    client.force_login(world.committee)
    profile = client.get(reverse("profile"))
    assert "الأرقام" in profile.content.decode() and 'value="arab"' in profile.content.decode()
    answer = client.post(reverse("profile"), {"digits": "arab"}, follow=True)
    assert "تستخدم صفحاتك ووثائقك ورسائلك الآن الأرقام التي اخترتها" in answer.content.decode()
    world.committee.refresh_from_db()
    assert world.committee.digits == "arab"
    for path in ("/", "/projects/", f"/projects/{world.health_registry.code}/"):
        response = client.get(path)
        text = page_text(response)
        assert 'data-digits="arab"' in response.content.decode()
        assert re.search(r"[٠-٩]", text), path
        assert not re.search(r"[0-9]", text), (path, re.findall(r"\S*[0-9]\S*", text)[:5])
    # Another person, who chose nothing, still reads the site's Latin digits.
    client.force_login(world.pmo)
    text = page_text(client.get("/projects/"))
    assert re.search(r"[0-9]", text) and not re.search(r"[٠-٩]", text)


def test_a_choice_outside_the_list_is_refused_by_name(world, client):
    client.force_login(world.pmo)
    response = client.post(reverse("profile"), {"digits": "roman"})
    assert response.status_code == 200
    assert "roman" in response.content.decode() and "ليس أحد الخيارات المتاحة" in response.content.decode()
    world.pmo.refresh_from_db()
    assert world.pmo.digits == ""


def test_the_sites_setting_writes_the_public_page_in_arabic_indic_digits(world, client, settings):
    settings.MARSAD_DIGITS = "arab"
    world.health_registry.is_public = True
    world.health_registry.save()
    text = page_text(client.get("/public/"))
    assert re.search(r"[٠-٩]", text) and not re.search(r"[0-9]", text), re.findall(r"\S*[0-9]\S*", text)[:5]
