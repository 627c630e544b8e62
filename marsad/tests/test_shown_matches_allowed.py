"""What a person is shown matches what they may do: no button that only leads to a
refusal, no sign-in that leads nowhere, no page that says something false."""

from django.test import Client
from django.urls import reverse

from marsad.conftest import PASSWORD
from marsad.portfolio.models import Entity
from marsad.reports.services import report_start


def test_a_viewer_follows_my_work_without_buttons_that_would_be_refused(client, world):
    report_start(project=world.health_registry, user=world.pmo)
    client.force_login(world.viewer_health)
    page = client.get(reverse("reports:my_work")).content.decode()
    assert reverse("imports:upload", args=["progress-reports"]) not in page
    assert "reports/new" not in page and "/edit/" not in page
    project = client.get(reverse("portfolio:project_detail", args=["NHR"])).content.decode()
    assert reverse("reports:report_new", args=["NHR"]) not in project
    # And the focal point, who may write, has them.
    client.force_login(world.focal_health)
    assert (
        reverse("imports:upload", args=["progress-reports"]) in client.get(reverse("reports:my_work")).content.decode()
    )


def test_a_data_feed_account_cannot_sign_in_to_the_pages_and_is_told_why(world):
    browser = Client()
    response = browser.post(reverse("login"), {"username": world.feed.username, "password": PASSWORD})
    assert response.status_code == 200  # the sign-in page again, not a refusal loop
    assert "حساب تغذية بيانات" in response.content.decode() and "_auth_user_id" not in browser.session


def test_another_ministrys_entity_page_says_records_are_outside_access_not_that_there_are_none(client, world):
    client.force_login(world.focal_finance)
    page = client.get(reverse("portfolio:entity_detail", args=["MOH"])).content.decode()
    assert "لا تملك هذه الجهة أي مشروع" not in page
    assert "خارج نطاق صلاحياتك" in page
    # An entity that truly owns nothing still says so.
    Entity.objects.create(code="MOT", name_ar="وزارة السياحة")
    page = client.get(reverse("portfolio:entity_detail", args=["MOT"])).content.decode()
    assert "لا تملك هذه الجهة أي مشروع" in page and "خارج نطاق صلاحياتك" not in page


def test_imports_are_offered_to_those_who_may_import_and_hidden_from_viewers(client, world):
    pages = {
        reverse("portfolio:project_list"): ["projects", "phases"],
        reverse("obstacles:board"): ["obstacles"],
        reverse("obstacles:requirement_list"): ["requirements"],
    }
    client.force_login(world.viewer_health)
    for url, kinds in pages.items():
        page = client.get(url).content.decode()
        assert all(reverse("imports:upload", args=[kind]) not in page for kind in kinds), url
    client.force_login(world.pmo)
    for url, kinds in pages.items():
        page = client.get(url).content.decode()
        assert all(reverse("imports:upload", args=[kind]) in page for kind in kinds), url


def test_a_refused_form_lists_what_is_wrong_at_the_top_linking_to_each_marked_field(client, world):
    import re

    client.force_login(world.focal_health)
    page = client.post(reverse("obstacles:obstacle_new", args=["NHR"]), {"title": "", "category": "nonsense"})
    html = page.content.decode()
    summary = html[html.index('id="form-errors"') :].split("</div>")[0]
    links = re.findall(r'href="#(id_\w+)"', summary)
    assert "id_title" in links and "id_category" in links
    for field in links:  # each link leads to a field marked invalid
        tag = re.search(rf'<(?:input|select|textarea)[^>]*id="{field}"[^>]*>', html)[0]
        assert 'aria-invalid="true"' in tag, tag
