from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from marsad.lib.pages import pages_view
from marsad.notifications.models import Kind, Notification
from marsad.notifications.services import notifications_mark_read


@pages_view
def notification_list(request):
    """The reader's own notifications, newest first, unread marked; filtered by kind or unread."""
    notifications = Notification.objects.for_user(request.user)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        notifications = notifications.filter(kind=kind)
    if request.GET.get("unread"):
        notifications = notifications.unread()
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "kind": kind,
            "kinds": Kind.choices,
            "unread_only": bool(request.GET.get("unread")),
            "unread": Notification.objects.unread_count(request.user),
        },
    )


@pages_view
def bell(request):
    """The header's bell with the reader's unread count (asked for by every page once it
    has loaded, so the page itself costs no query for it; this costs one)."""
    return render(request, "notifications/_bell.html", {"unread": Notification.objects.unread_count(request.user)})


@pages_view(writes=True)
@require_POST
def notifications_read(request):
    """Mark one notification read (then follow its link), or all of them."""
    chosen = request.POST.get("notification")
    if chosen:
        notification = Notification.objects.for_user(request.user).filter(pk=chosen).first()
        if notification is not None:
            notifications_mark_read(user=request.user, ids=[notification.pk])
            if notification.url:
                return redirect(notification.url)
    else:
        notifications_mark_read(user=request.user)
    return redirect("notifications:list")
