"""Saved views: a person names the portfolio's filters and sort, finds them again,
shares the link; the programme office publishes some to everyone."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from marsad.portfolio.models import SavedView
from marsad.portfolio.saved_views import save_view

LIST = reverse("portfolio:project_list")


def save(client, name, query, **extra):
    return client.post(reverse("portfolio:saved_view_save"), {"name": name, "query": query, **extra})


def menu(client) -> list[str]:
    return [view.name for view in client.get(LIST).context["saved_views"]]


def test_a_view_is_saved_found_in_the_menu_and_opened_with_its_filters(client, world):
    client.force_login(world.committee)
    response = save(client, "متأخرة التحديث", "stale=true&sort=-slippage&page=3")
    view = SavedView.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{LIST}?stale=true&sort=-slippage"
    assert menu(client) == ["متأخرة التحديث"]
    opened = client.get(reverse("portfolio:saved_view_open", args=[view.pk]))
    assert opened["Location"] == f"{LIST}?stale=true&sort=-slippage"
    # Saving again under the same name replaces its filters.
    save(client, "متأخرة التحديث", "status=execution")
    assert SavedView.objects.get().query == "status=execution"


@pytest.mark.parametrize(
    ("query", "names"),
    [("colour=red", "colour"), ("status=flying", "الحالة"), ("go_live_from=yesterday", "الدخول المتوقع في الخدمة من")],
)
def test_a_view_with_filters_the_portfolio_does_not_know_is_refused_naming_them(client, world, query, names):
    client.force_login(world.committee)
    response = save(client, "خطأ", query)
    assert SavedView.objects.count() == 0
    messages = [str(m) for m in response.wsgi_request._messages]
    assert len(messages) == 1 and names in messages[0]
    with pytest.raises(ValidationError):
        save_view(user=world.committee, name="  ", query="")


def test_views_are_personal_until_the_programme_office_publishes_one(client, world):
    client.force_login(world.focal_finance)
    save(client, "مشاريعي", "status=execution")
    client.force_login(world.committee)
    assert menu(client) == []  # another person's view is theirs alone
    mine = SavedView.objects.get()
    assert client.get(reverse("portfolio:saved_view_open", args=[mine.pk])).status_code == 404
    assert client.post(reverse("portfolio:saved_view_delete", args=[mine.pk])).status_code == 404

    client.force_login(world.pmo)
    save(client, "مشاريع ذات أولوية", "priority=true", publish="1")
    published = SavedView.objects.get(name="مشاريع ذات أولوية")
    assert published.is_published
    client.force_login(world.committee)
    assert menu(client) == ["مشاريع ذات أولوية"]

    # A focal point may not publish, nor delete or unpublish what the programme office published.
    client.force_login(world.focal_finance)
    assert save(client, "للجميع", "status=execution", publish="1").status_code == 403
    assert client.post(reverse("portfolio:saved_view_publish", args=[mine.pk]), {"published": "1"}).status_code == 403
    assert client.post(reverse("portfolio:saved_view_delete", args=[published.pk])).status_code == 403
    assert sorted(menu(client)) == sorted(["مشاريع ذات أولوية", "مشاريعي"])
    # The published view shows each reader only what they may read.
    page = client.get(reverse("portfolio:saved_view_open", args=[published.pk]), follow=True)
    assert all(p.owner_id == world.finance.pk for p in page.context["page"].object_list)

    client.force_login(world.pmo)
    client.post(reverse("portfolio:saved_view_publish", args=[published.pk]), {"published": "0"})
    client.force_login(world.committee)
    assert menu(client) == []
    client.force_login(world.focal_finance)
    assert client.post(reverse("portfolio:saved_view_delete", args=[mine.pk])).status_code == 302
    assert not SavedView.objects.filter(pk=mine.pk).exists()
