"""Making a document (gather its parts, draw, lay out, store with its SHA-256) and
issuing a meeting pack. Every way in (the job, the command line) goes through `make`."""

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from marsad.accounts import scope
from marsad.documents import parts, render
from marsad.documents.models import SUBJECT_FIELD, Document, DocumentKind
from marsad.lib import digits
from marsad.portfolio import freshness

TEMPLATES: dict[str, str] = {
    DocumentKind.PACK: "documents/pdf/pack.html",
    DocumentKind.ONE_PAGER: "documents/pdf/single.html",
    DocumentKind.SCORECARD: "documents/pdf/single.html",
}
PARTS: dict[str, Callable[..., Any]] = {
    DocumentKind.PACK: parts.meeting_pack,
    DocumentKind.ONE_PAGER: parts.one_pager,
    DocumentKind.SCORECARD: parts.scorecard,
}


class Quiet:
    """Progress nobody watches (tests, benchmarks)."""

    def phase(self, name, total=None):
        pass

    def __call__(self, done, total=None):
        pass


def title_of(kind: str, subject) -> str:
    names: dict[str, str] = {
        DocumentKind.PACK: _("Meeting pack: %(name)s"),
        DocumentKind.ONE_PAGER: _("One-pager: %(name)s"),
        DocumentKind.SCORECARD: _("Scorecard: %(name)s"),
    }
    name = subject if kind == DocumentKind.PACK else subject.name
    return names[kind] % {"name": name}


def build(kind: str, subject, user, tracker=None) -> tuple[str, dict]:
    """The document's HTML, built part by part as `user` may read it, in the current
    language; and what was gathered (for the record)."""
    tracker = tracker or Quiet()
    as_of = timezone.now()
    today = timezone.localdate(as_of)
    found = PARTS[kind](user, subject, today)
    tracker.phase("sections", len(found))
    for done, part in enumerate(found, start=1):
        part.context = part.build()
        tracker(done, len(found))
    title = title_of(kind, subject)
    markup = render.html(
        TEMPLATES[kind],
        {
            "kind": kind,
            "subject": subject,
            "parts": found,
            "title": title,
            "as_of": as_of,
            "today": today,
            "requested_by": user,
            "LANGUAGE_CODE": translation.get_language(),
            "LANGUAGE_BIDI": translation.get_language_bidi(),
        },
    )
    return markup, {"as_of": as_of, "title": title}


def make(kind: str, subject, user, tracker=None) -> Document:
    """Build, lay out and store a document for `user` in the current language and the
    digits `user` reads in."""
    tracker = tracker or Quiet()
    stamp = freshness.current()
    system = digits.for_user(user)
    with digits.override(system):
        markup, facts = build(kind, subject, user, tracker)
        markup = digits.localise_html(markup)
    # Laying out the pages is the last step of the same count: "10 of 11" while it runs.
    steps = tracker.total if isinstance(getattr(tracker, "total", None), int) else None
    tracker.phase("rendering", steps + 1 if steps else None)
    if steps:
        tracker(steps, steps + 1)
    data, pages = render.pdf(markup)
    digest = hashlib.sha256(data).hexdigest()
    for _attempt in range(3):
        try:
            with transaction.atomic(), digits.override(system):
                return _store(kind, subject, user, data, digest, pages, facts, stamp)
        except IntegrityError:  # another pack of the same meeting took the version number
            continue
    raise IntegrityError("no free version number")


def _store(kind, subject, user, data, digest, pages, facts, stamp) -> Document:
    existing = Document.objects.of_subject(kind, subject)
    version = (existing.aggregate(top=Max("version"))["top"] or 0) + 1
    document = Document(
        kind=kind,
        version=version,
        language=translation.get_language() or "ar",
        digits=digits.active(),
        title=facts["title"][:255],
        sha256=digest,
        size=len(data),
        pages=pages,
        data_as_of=facts["as_of"],
        portfolio_version=stamp,
        requested_by=user,
        **{SUBJECT_FIELD[kind]: subject},
    )
    document.file.save(f"{digest[:16]}.pdf", ContentFile(data), save=False)
    document.save()
    return document


def issue(document: Document, user) -> Document:
    """Mark a meeting pack as the one the committee was given; from then on it stays as it is."""
    if not scope.can_issue_documents(user):
        raise PermissionDenied(_("Only the programme office issues meeting packs."))
    if document.kind != DocumentKind.PACK:
        raise ValidationError(_("Only a meeting pack is issued."))
    if not scope.reads_everything(document.requested_by):
        raise ValidationError(
            _("This pack was made for someone who does not read every record; make one yourself to issue it.")
        )
    done = Document.objects.filter(pk=document.pk, issued_at__isnull=True).update(
        issued_at=timezone.now(), issued_by=user
    )
    if not done:
        raise ValidationError(_("This pack was already issued."))
    document.refresh_from_db()
    return document


def unchanged(document: Document) -> bool:
    """Is the stored file still the one that was made (its SHA-256)?"""
    digest = hashlib.sha256()
    with document.file.open("rb") as stored:
        for chunk in iter(lambda: stored.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest() == document.sha256


def current_copy(kind: str, subject, user):
    """A document of `subject` made for `user` in this language and their digits today with nothing in
    the portfolio written since: served again rather than made again."""
    return (
        Document.objects.of_subject(kind, subject)
        .filter(
            requested_by=user,
            language=translation.get_language() or "ar",
            digits=digits.for_user(user),
            portfolio_version=freshness.current(),
            data_as_of__date=timezone.localdate(),
        )
        .first()
    )
