"""Making notifications and mails, and the reader's own changes to them."""

import datetime
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation

from marsad.accounts.models import Role, User
from marsad.audit.models import AuditEvent
from marsad.lib.formatting import format_date
from marsad.notifications import digest, events, mail, reminders
from marsad.notifications.models import (
    MANDATORY,
    Channel,
    EventCursor,
    Kind,
    Mail,
    Notification,
    Preferences,
)
from marsad.notifications.notices import Notice, recipients
from marsad.notifications.texts import render
from marsad.portfolio.models import Entity

CHUNK = 900  # parameters per query, under every database's limit


def _existing(model, pairs: set[tuple[int, str]]) -> set[tuple[int, str]]:
    keys = sorted({key for _, key in pairs})
    found = set()
    for start in range(0, len(keys), CHUNK):
        found.update(model.objects.filter(key__in=keys[start : start + CHUNK]).values_list("recipient_id", "key"))
    return found & pairs


def preferences_of(user_ids) -> dict[int, Preferences]:
    """Each person's preferences (defaults for those who never chose): one query per 900."""
    user_ids = sorted(set(user_ids))
    found = {}
    for start in range(0, len(user_ids), CHUNK):
        found.update({p.user_id: p for p in Preferences.objects.filter(user_id__in=user_ids[start : start + CHUNK])})
    return {user_id: found.get(user_id) or Preferences(user_id=user_id) for user_id in user_ids}


def _users(user_ids) -> dict[int, User]:
    user_ids = sorted(set(user_ids))
    found = {}
    for start in range(0, len(user_ids), CHUNK):
        found.update(User.objects.in_bulk(user_ids[start : start + CHUNK]))
    return found


def notice_mail(notice: Notice, user, language: str, written=None) -> Mail:
    with translation.override(language):
        sentence = render(notice.kind, notice.data)
        subject = f"{translation.gettext('Marsad')}: {Kind(notice.kind).label}"
    return mail.compose(
        user=user,
        language=language,
        kind=notice.kind,
        key=notice.key,
        subject=subject,
        template="notice",
        context={"sentence": sentence, "url": mail.absolute(notice.url), "kind": Kind(notice.kind)},
        written=written,
    )


@transaction.atomic
def notices_deliver(notices: list[Notice]) -> int:
    """Tell each notice's people of it, each as they chose: in the app, and by e-mail
    (written now, sent by `mail.send_waiting`). A notice a person was already told of is
    not made again. Returns how many notifications are new. Queries do not grow with
    the number of people or notices (they are read in chunks)."""
    told = recipients(notices)
    pairs = {(user_id, notice.key) for notice, people in told.items() for user_id in people}
    already = _existing(Notification, pairs)
    people = {user_id for user_id, _ in pairs}
    preferences = preferences_of(people)
    users = _users(people)
    rows: list[Any] = []
    mails: list[Any] = []
    written: dict[Any, Any] = {}
    for notice, user_ids in told.items():
        for user_id in user_ids:
            if (user_id, notice.key) in already:
                continue
            channel = preferences[user_id].channel(notice.kind)
            if channel in (Channel.OFF, Channel.DIGEST):
                continue  # the weekly digest tells of it, or nothing does
            rows.append(
                Notification(recipient_id=user_id, kind=notice.kind, key=notice.key, data=notice.data, url=notice.url)
            )
            user = users[user_id]
            if channel == Channel.EMAIL and user.email:
                mails.append(notice_mail(notice, user, preferences[user_id].language, written))
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    Mail.objects.bulk_create(mails, ignore_conflicts=True, batch_size=500)
    return len(rows)


def reminders_send(*, today: datetime.date) -> int:
    """Make today's reminders for everyone concerned; returns how many are new.

    Idempotent: a reminder already made for a person (same event, record and date) is
    not made again, so running twice, or again after a crash, makes each one once.
    """
    return notices_deliver(reminders.due(today))


def events_notify(*, batch: int = 1000) -> int:
    """Tell people of what was done since the last run (as the audit log has it).

    The first run starts at the log's end: nobody hears of what happened before
    notifications were switched on. Returns how many notifications are new."""
    made = 0
    while True:
        with transaction.atomic():
            cursor, created = EventCursor.objects.select_for_update().get_or_create(name="audit")
            if created:
                cursor.last_id = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
                cursor.save()
                return made
            rows = list(AuditEvent.objects.filter(pk__gt=cursor.last_id).order_by("pk")[:batch])
            if not rows:
                return made
            wanted = [row for row in rows if row.object_type in events.MODELS]
            made += notices_deliver(events.interpret(wanted))
            cursor.last_id = rows[-1].pk
            cursor.save(update_fields=["last_id"])


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark `user`'s notifications read (those with `ids`, or all); returns how many."""
    unread = Notification.objects.for_user(user).unread()
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def preferences_save(*, user, channels: dict, digest: bool, language: str) -> Preferences:
    """Keep a person's choices; a mandatory kind is never turned off (see MANDATORY)."""
    preferences, _ = Preferences.objects.get_or_create(user=user)
    kept = {}
    for kind, channel in channels.items():
        if kind not in Kind.values or channel not in Channel.values:
            continue
        if kind in MANDATORY and channel not in (Channel.EMAIL, Channel.IN_APP):
            channel = Channel.IN_APP
        kept[kind] = channel
    preferences.channels, preferences.digest, preferences.language = kept, digest, language
    preferences.save()
    return preferences


def unsubscribe(*, user_id: int, kind: str) -> Preferences | None:
    """Stop the mails of one kind (or the digest) for a person, at once: mails already
    written and not yet sent are not sent. The kind stays in the app (a person turns
    it off altogether on their preferences page)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return None
    preferences, _ = Preferences.objects.get_or_create(user=user)
    if kind == mail.DIGEST:
        preferences.digest = False
    elif kind in Kind.values:
        preferences.channels = {**preferences.channels, kind: Channel.IN_APP}
    else:
        return None
    preferences.save()
    return preferences


def resubscribe(*, user_id: int, kind: str) -> Preferences | None:
    """Undo `unsubscribe`; None when the person is no longer there."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return None
    preferences, _ = Preferences.objects.get_or_create(user=user)
    if kind == mail.DIGEST:
        preferences.digest = True
    elif kind in Kind.values:
        preferences.channels = {**preferences.channels, kind: Channel.EMAIL}
    preferences.save()
    return preferences


def _rendered_parts(parts: dict, language: str) -> list[dict]:
    with translation.override(language):
        return [
            {
                "title": str(title),
                "items": [
                    {"text": render(n.kind, n.data), "url": mail.absolute(n.url)} for n in parts[name][: digest.SHOWN]
                ],
                "more": max(len(parts[name]) - digest.SHOWN, 0),
            }
            for name, title in digest.PARTS
        ]


@transaction.atomic
def digests_send(*, today: datetime.date) -> int:
    """Write this week's digests: one mail per person, not one per thing. Focal points
    get their entities' week, the programme office and the committee the country's.
    Once per week and person, however often it runs; a week with nothing to tell sends
    nothing. Returns how many mails were written."""
    week = digest.gather(today)
    key = digest.week_key(today)
    entities_of = defaultdict(list)
    links = User.entities.through.objects.filter(user__role=Role.FOCAL_POINT, user__is_active=True).values_list(
        "user_id", "entity_id"
    )
    for user_id, entity_id in links:
        entities_of[user_id].append(entity_id)
    national = set(
        User.objects.filter(role__in=[Role.PMO, Role.COMMITTEE], is_active=True).values_list("pk", flat=True)
    )
    people = set(entities_of) | national
    preferences = preferences_of(people)
    users = _users(people)
    already = _existing(Mail, {(user_id, key) for user_id in people})
    names = dict(
        Entity.objects.filter(pk__in={e for ids in entities_of.values() for e in ids}).values_list("pk", "name_ar")
    )
    names_en = dict(Entity.objects.filter(pk__in=names).values_list("pk", "name_en"))
    rendered = {}

    def section(entity_id, language):
        if (entity_id, language) not in rendered:
            parts = week.parts(entity_id)
            if entity_id is None:
                with translation.override(language):
                    title = translation.gettext("The whole programme")
            else:
                title = (names_en.get(entity_id) if language == "en" else None) or names.get(entity_id, "")
            rendered[entity_id, language] = {
                "title": title,
                "parts": _rendered_parts(parts, language),
                "empty": not any(parts.values()),
            }
        return rendered[entity_id, language]

    mails = []
    for user_id in sorted(people):
        user, chosen = users[user_id], preferences[user_id]
        if not chosen.digest or not user.email or (user_id, key) in already:
            continue
        language = chosen.language
        entity_ids = [None] if user_id in national else sorted(entities_of[user_id])
        sections = [s for s in (section(entity_id, language) for entity_id in entity_ids) if not s["empty"]]
        if not sections:
            continue
        with translation.override(language):
            subject = translation.gettext("Marsad: your week, %(first)s to %(last)s") % {
                "first": format_date(week.first_day),
                "last": format_date(week.today),
            }
        mails.append(
            mail.compose(
                user=user,
                language=language,
                kind=mail.DIGEST,
                key=key,
                subject=subject,
                template="digest",
                context={"sections": sections, "first_day": week.first_day, "last_day": week.today},
            )
        )
    Mail.objects.bulk_create(mails, ignore_conflicts=True, batch_size=500)
    return len(mails)
