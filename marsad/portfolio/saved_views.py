"""Saving, publishing and deleting named portfolio views: the one way each is done
(the portfolio page and the admin both validate through `SavedView.clean`)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from marsad.accounts import scope
from marsad.portfolio.models import SavedView


def save_view(*, user, name: str, query: str, publish: bool = False) -> SavedView:
    """Keep the portfolio's current filters and sort under `name`; saving again under
    a name one already used replaces that view's filters."""
    if not scope.can_use_pages(user) or publish and not scope.can_publish_views(user):
        raise PermissionDenied
    with transaction.atomic():
        view = SavedView.objects.select_for_update().filter(owner=user, name=(name or "").strip()).first()
        view = view or SavedView(owner=user)
        view.name, view.query = name, query
        view.is_published = view.is_published or publish
        view.full_clean()
        view.save()
    return view


def set_published(*, user, view: SavedView, published: bool) -> SavedView:
    if not scope.can_publish_views(user):
        raise PermissionDenied
    view.is_published = published
    view.save(update_fields=["is_published"])
    return view


def delete_view(*, user, view: SavedView) -> None:
    if not scope.can_change_view(user, view):
        raise PermissionDenied
    view.delete()
