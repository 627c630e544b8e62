from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from marsad.lib import exports
from marsad.lib.paging import paginate, query_without_page
from marsad.notifications.mail import DIGEST, LinkExpired, read_unsubscribe_token
from marsad.notifications.models import MANDATORY, Channel, Kind, Notification, Preferences
from marsad.notifications.services import (
    notifications_mark_read,
    preferences_save,
    resubscribe,
    unsubscribe,
)
from marsad.web.pages import pages_view

KEPT = (Channel.EMAIL, Channel.IN_APP)  # what a mandatory kind may be set to


@pages_view
def notification_export(request, fmt):
    """The reader's notifications as listed (kind, unread), as a spreadsheet."""
    if fmt not in exports.FORMATS:
        raise Http404
    notifications, _kind = _filtered(request)

    def rows():
        yield [gettext("Date"), gettext("Kind"), gettext("Notification"), gettext("Read at"), gettext("Link")]
        for notification in notifications.iterator(chunk_size=1000):
            yield [
                timezone.localtime(notification.created_at).replace(tzinfo=None),
                notification.get_kind_display(),
                notification.text,
                timezone.localtime(notification.read_at).replace(tzinfo=None) if notification.read_at else None,
                request.build_absolute_uri(notification.url) if notification.url else "",
            ]

    return exports.respond(rows(), "notifications", fmt)


def _filtered(request):
    notifications = Notification.objects.for_user(request.user)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        notifications = notifications.filter(kind=kind)
    if request.GET.get("unread"):
        notifications = notifications.unread()
    return notifications, kind


@pages_view
def notification_list(request):
    """The reader's own notifications, newest first, unread marked; filtered by kind or unread."""
    notifications, kind = _filtered(request)
    page = paginate(request, notifications)
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page": page,
            "query": query_without_page(request),
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
        # Not a number is no notification of the reader's: the list, as for one of another's.
        notification = (
            Notification.objects.for_user(request.user).filter(pk=chosen).first() if chosen.isdigit() else None
        )
        if notification is not None:
            notifications_mark_read(user=request.user, ids=[notification.pk])
            if notification.url:
                return redirect(notification.url)
    else:
        notifications_mark_read(user=request.user)
    return redirect("notifications:list")


@pages_view(writes=True)
def preferences(request):
    """What the reader hears of, and how: per kind, the weekly digest, the mail language."""
    # Read, not created: a person who never chose has the defaults (a GET writes nothing).
    chosen = Preferences.objects.filter(user=request.user).first() or Preferences(user=request.user)
    if request.method == "POST":
        channels = {kind: request.POST.get(f"kind-{kind}", "") for kind in Kind.values}
        preferences_save(
            user=request.user,
            channels=channels,
            digest=bool(request.POST.get("digest")),
            language=request.POST.get("language") if request.POST.get("language") in dict(settings.LANGUAGES) else "ar",
        )
        messages.success(request, gettext("Your choices are saved."))
        return redirect("notifications:preferences")
    rows = [
        {
            "kind": kind,
            "label": label,
            "channel": chosen.channel(kind),
            "channels": [(value, text) for value, text in Channel.choices if kind not in MANDATORY or value in KEPT],
            "mandatory": kind in MANDATORY,
        }
        for kind, label in Kind.choices
    ]
    return render(
        request,
        "notifications/preferences.html",
        {"rows": rows, "chosen": chosen, "languages": settings.LANGUAGES},
    )


@csrf_exempt  # the signed link is the permission; a mail client posts it with no session (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token):
    """From a mail, no sign-in. Opening the link (GET) changes nothing — mail scanners
    and link previews open links — and shows a button; only a POST (the button, or a
    mail client's RFC 8058 one-click POST) stops that kind of mail, at once. The page
    then offers to undo it."""
    template = "notifications/unsubscribe.html"
    try:
        found = read_unsubscribe_token(token)
    except LinkExpired:
        return render(request, template, {"expired": True, "days": settings.MARSAD_UNSUBSCRIBE_DAYS}, status=410)
    if found is None or (found[1] != DIGEST and found[1] not in Kind.values):
        return render(request, template, {"invalid": True}, status=404)
    user_id, kind = found
    label = gettext("the weekly digest") if kind == DIGEST else Kind(kind).label
    if request.method == "GET":
        return render(request, template, {"label": label, "confirm": True, "token": token})
    again = bool(request.POST.get("again"))
    done = resubscribe(user_id=user_id, kind=kind) if again else unsubscribe(user_id=user_id, kind=kind)
    if done is None:  # the person has since been removed
        return render(request, template, {"invalid": True}, status=404)
    return render(request, template, {"label": label, "again": again, "token": token})
