"""E-mail: writing one in its reader's language, and sending what is waiting.

A mail is written when its notice is made and kept in `Mail` until it is sent. Sending
takes one waiting mail at a time, in its own transaction, and marks it sent in the
same transaction once the SMTP server has accepted it: a run killed at any point
leaves every mail either sent and marked, or unmarked and sent by the next run. (The
one gap left is a kill between the server's "accepted" and the commit a moment later;
that mail would go twice. Message-ID is the mail's own, so a mail client shows it once.)
A mail the server cannot take now — it is down or unreachable, times out, answers 4xx
("try again later") or refuses our login — is tried again after 1, 2, 4… minutes, never
more than MARSAD_EMAIL_RETRY_MAX_MINUTES apart, until MARSAD_EMAIL_GIVE_UP_HOURS after
it was made (an outage over a weekend loses nothing). Only a permanent refusal of the
mail itself (a 5xx reply to its sender, recipient or content) fails it at once. The
others are sent meanwhile.
"""

import datetime
import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from marsad.lib import digits
from marsad.notifications.models import Channel, Mail, MailStatus, Preferences

logger = logging.getLogger(__name__)

UNSUBSCRIBE = "marsad.notifications.unsubscribe"
DIGEST = "digest"


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"user": user_id, "kind": kind}, salt=UNSUBSCRIBE, compress=True)


class LinkExpired(Exception):
    """An unsubscribe link older than MARSAD_UNSUBSCRIBE_DAYS."""


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The person and the kind a link unsubscribes from; None if it was not ours.
    Raises LinkExpired for one of ours that is too old (a leaked old mail stops working)."""
    try:
        found = signing.loads(token, salt=UNSUBSCRIBE, max_age=settings.MARSAD_UNSUBSCRIBE_DAYS * 86400)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        return None
    if not isinstance(found, dict) or not isinstance(found.get("user"), int) or not isinstance(found.get("kind"), str):
        return None
    return found["user"], found["kind"]


def absolute(path: str) -> str:
    return settings.MARSAD_SITE_URL + path if path.startswith("/") else path


# Stands for the reader's own unsubscribe link in a body written once for many readers.
UNSUBSCRIBE_MARK = "marsad-unsubscribe-link"


def compose(
    *, user, language: str, kind: str, key: str, subject: str, template: str, context: dict, written=None
) -> Mail:
    """One unsaved mail to `user`, written in `language` and the digits `user` reads
    in (lib.digits), text and HTML from `template`.

    The body depends on the reader only through their unsubscribe link, so with a
    `written` dict the same notice's body is written once per language and template
    (the job that tells a hundred people of one thing renders it once, not a hundred times)."""
    unsubscribe = absolute(reverse("notifications:unsubscribe", args=[unsubscribe_token(user.pk, kind)]))
    system = digits.for_user(user)
    cache_key = (template, key, language, system)
    if written is None or cache_key not in written:
        with translation.override(language), digits.override(system):
            full = {
                **context,
                "language": language,
                "direction": "ltr" if language == "en" else "rtl",
                "unsubscribe_url": UNSUBSCRIBE_MARK,
                "preferences_url": absolute(reverse("notifications:preferences")),
                "site_url": settings.MARSAD_SITE_URL,
            }
            bodies = (
                digits.localise_text(render_to_string(f"notifications/mail/{template}.txt", full)),
                digits.localise_html(render_to_string(f"notifications/mail/{template}.html", full)),
            )
        if written is None:
            written = {}
        written[cache_key] = bodies
    text, html = written[cache_key]
    return Mail(
        recipient=user,
        key=key,
        kind=kind,
        to=user.email,
        subject=digits.localise_text(str(subject), system),
        text=text.replace(UNSUBSCRIBE_MARK, unsubscribe),
        html=html.replace(UNSUBSCRIBE_MARK, unsubscribe),
        unsubscribe_url=unsubscribe,
    )


def message(mail: Mail, connection=None) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.text,
        to=[mail.to],
        connection=connection,
        headers={
            "Message-ID": f"<marsad-{mail.pk}-{mail.created_at:%Y%m%d%H%M%S}@{settings.DEFAULT_FROM_EMAIL.split('@')[-1]}>",
            "List-Unsubscribe": f"<{mail.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    email.attach_alternative(mail.html, "text/html")
    return email


def still_wanted(mail: Mail, preferences: Preferences | None) -> bool:
    """Does its reader still want this mail (an unsubscribe is honoured at once)?"""
    if not mail.recipient.is_active or not mail.recipient.email:
        return False
    if preferences is None:
        preferences = Preferences(user=mail.recipient)
    if mail.kind == DIGEST:
        return preferences.digest
    return preferences.channel(mail.kind) == Channel.EMAIL


def retry_at(attempts: int, now: datetime.datetime) -> datetime.datetime:
    """When to try again after `attempts` failed ones: doubling, capped."""
    doubled = settings.MARSAD_EMAIL_RETRY_MINUTES * 2 ** min(max(attempts - 1, 0), 20)
    return now + datetime.timedelta(minutes=min(doubled, settings.MARSAD_EMAIL_RETRY_MAX_MINUTES))


def refused_for_good(error: Exception) -> bool:
    """A 5xx reply about this mail — its sender, a recipient, its content: sending it
    again will not help. A 4xx reply, a refused login (our configuration, mended by
    the administrator) and a server down or silent are all worth trying again."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(code >= 500 for code, _reply in error.recipients.values())
    if isinstance(error, smtplib.SMTPSenderRefused | smtplib.SMTPDataError):
        return error.smtp_code >= 500
    return False


def send_waiting(*, batch: int = 200, limit: int | None = None) -> dict:
    """Send every mail that is due (at most `limit`); returns how many were sent, put
    off to a later attempt, given up on (failed), cancelled (unsubscribed) and left to
    another sender."""
    counts = {"sent": 0, "retry": 0, "failed": 0, "cancelled": 0, "skipped": 0}
    seen: set[Any] = set()
    connection = None
    try:
        while True:
            room = batch if limit is None else min(batch, limit - len(seen))
            if room <= 0:
                break
            ids = list(Mail.objects.due(timezone.now()).exclude(pk__in=seen).values_list("pk", flat=True)[:room])
            if not ids:
                break
            seen.update(ids)
            preferences = {p.user_id: p for p in Preferences.objects.filter(user__mails__pk__in=ids).distinct()}
            for pk in ids:
                connection = connection or get_connection()
                outcome, reconnect = _send_one(pk, preferences, connection)
                if reconnect:  # the connection itself failed: a new one for the next mail
                    connection.close()
                    connection = None
                counts[outcome] += 1
    finally:
        if connection is not None:
            connection.close()
    return counts


def _send_one(pk: int, preferences: dict, connection) -> tuple[str, bool]:
    with transaction.atomic():
        mail = (
            Mail.objects.select_for_update(skip_locked=True)
            .select_related("recipient")
            .filter(pk=pk, status=MailStatus.PENDING)
            .first()
        )
        if mail is None:  # another sender has it, or has sent it
            return "skipped", False
        now = timezone.now()
        if not still_wanted(mail, preferences.get(mail.recipient_id)):
            Mail.objects.filter(pk=pk).update(status=MailStatus.CANCELLED)
            return "cancelled", False
        attempts = mail.attempts + 1
        try:
            message(mail, connection).send()
        except (smtplib.SMTPException, OSError) as error:
            give_up_at = mail.created_at + datetime.timedelta(hours=settings.MARSAD_EMAIL_GIVE_UP_HOURS)
            given_up = refused_for_good(error) or now >= give_up_at
            Mail.objects.filter(pk=pk).update(
                attempts=attempts,
                last_error=f"{type(error).__name__}: {error}"[:2000],
                next_attempt_at=retry_at(attempts, now),
                status=MailStatus.FAILED if given_up else MailStatus.PENDING,
            )
            logger.warning("mail %s to %s not sent (attempt %s): %s", pk, mail.to, attempts, error)
            refused = isinstance(error, smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError)
            return ("failed" if given_up else "retry"), not refused
        Mail.objects.filter(pk=pk).update(status=MailStatus.SENT, sent_at=now, attempts=attempts, last_error="")
        return "sent", False


def summary(counts: dict) -> str:
    """What a sending run did, for a command's output."""
    return (
        f"mails: {counts['sent']} sent, {counts['retry']} to try again, {counts['failed']} failed, "
        f"{counts['cancelled']} cancelled"
    )
