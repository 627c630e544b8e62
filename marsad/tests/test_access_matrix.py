"""Every route and every API operation × every role × read and write, against a policy.

Routes come from the URL resolver and operations from the OpenAPI schema, so a route
added without a line in POLICY fails `test_every_route_has_a_policy`.

Outcomes:
  OK      served (2xx, a redirect elsewhere than sign-in, or 400 for data it rejects)
  LOGIN   sent to sign in (302 to a sign-in page; 401/403 for an anonymous API call)
  DENIED  403 for a signed-in person
  HIDDEN  404: not in the person's scope, so not even its existence is shown
  NA      405: the route does not take this method
Each request runs in a transaction that is rolled back, so one role's write does not
change what the next role sees.
"""

import datetime
import json
import re
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from drf_spectacular.generators import SchemaGenerator

from marsad.accounts.models import ApiToken
from marsad.audit.models import AuditEvent
from marsad.committee.models import AgendaItem, Committee, Decision, Meeting, MeetingAttachment, Task
from marsad.conftest import VerifiedClient
from marsad.demo.models import DemoLoad
from marsad.documents.models import Document, DocumentKind
from marsad.documents.services import issue, make
from marsad.imports.models import ImportBatch
from marsad.indicators.models import Dimension, DimensionValue, Indicator, Measurement
from marsad.jobs.models import Job
from marsad.obstacles.models import Obstacle, Requirement
from marsad.portfolio.models import Programme, Rebaseline, SavedView, Strategy
from marsad.reports.imports import ProgressReportImporter
from marsad.reports.models import ProgressReport, ReportAttachment
from marsad.rollouts.models import Participant

pytestmark = [pytest.mark.django_db, pytest.mark.matrix]

OK, LOGIN, DENIED, HIDDEN, NA = "OK", "LOGIN", "DENIED", "HIDDEN", "NA"
# 400 naming the project as unknown: a project out of one's reach reads like one that does not exist.
ABSENT = "ABSENT"
ROLES = ["anonymous", "viewer", "focal_own", "focal_other", "committee", "pmo", "admin", "feed"]


def by_role(default, **overrides):
    return {role: overrides.get(role, default) for role in ROLES}


EVERYONE = by_role(OK)
SIGNED_IN = by_role(OK, anonymous=LOGIN, feed=DENIED)
NOT_A_METHOD = by_role(NA)
NOT_A_METHOD_SIGNED_IN = by_role(NA, anonymous=LOGIN)
API_READ = by_role(OK, anonymous=LOGIN, feed=DENIED)
API_NOT_A_METHOD = by_role(NA, anonymous=LOGIN, feed=DENIED)
PROGRAMME_OFFICE_WRITES = by_role(DENIED, anonymous=LOGIN, pmo=OK, admin=OK)
# The target project (NHR) and phase belong to the Ministry of Health: the viewer is
# granted it, focal_own acts for it, focal_other (Finance) neither reads nor writes it.
HEALTH_RECORD_READ = by_role(OK, anonymous=LOGIN, focal_other=HIDDEN, feed=DENIED)
HEALTH_RECORD_WRITE = by_role(OK, anonymous=LOGIN, viewer=DENIED, committee=DENIED, focal_other=HIDDEN, feed=DENIED)
HEALTH_RECORD_CREATE = by_role(DENIED, anonymous=LOGIN, focal_own=OK, focal_other=ABSENT, pmo=OK, admin=OK)
PAGE_WRITE_HEALTH_RECORD = by_role(
    OK, anonymous=LOGIN, viewer=DENIED, committee=DENIED, focal_other=HIDDEN, feed=DENIED
)
AUDIT_READERS = by_role(DENIED, anonymous=LOGIN, pmo=OK, admin=OK)
REVIEWERS = by_role(DENIED, anonymous=LOGIN, pmo=OK, admin=OK)
# Reviewing a health report or moving a health project's baseline: programme office only.
REVIEW_HEALTH_RECORD = by_role(DENIED, anonymous=LOGIN, focal_other=HIDDEN, pmo=OK, admin=OK)
POST_ONLY_PAGE = by_role(NA, anonymous=LOGIN, feed=DENIED)
# Who may import progress reports: whoever writes some (each row is checked again).
REPORT_WRITERS = by_role(DENIED, anonymous=LOGIN, focal_own=OK, focal_other=OK, pmo=OK, admin=OK)

OWN_JOB = by_role(HIDDEN, anonymous=LOGIN, feed=DENIED, pmo=OK)
ISSUED_PACK_READERS = by_role(HIDDEN, anonymous=LOGIN, feed=DENIED, committee=OK, pmo=OK, admin=OK)

POLICY = {
    "home": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "favicon.ico": {"GET": EVERYONE, "POST": NOT_A_METHOD},
    "login": {"GET": EVERYONE, "POST": EVERYONE},
    "logout": {"GET": NOT_A_METHOD, "POST": by_role(LOGIN)},
    "profile": {"GET": SIGNED_IN | {"feed": OK}, "POST": SIGNED_IN | {"feed": OK}},
    "password_change": {"GET": SIGNED_IN | {"feed": OK}, "POST": SIGNED_IN | {"feed": OK}},
    "two_factor_verify": {"GET": SIGNED_IN | {"feed": OK}, "POST": SIGNED_IN | {"feed": OK}},
    "two_factor_enrol": {"GET": SIGNED_IN | {"feed": OK}, "POST": SIGNED_IN | {"feed": OK}},
    "recovery_codes_renew": {"GET": NOT_A_METHOD, "POST": SIGNED_IN | {"feed": OK}},
    "set_language": {"GET": EVERYONE, "POST": EVERYONE},
    "portfolio:project_list": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "portfolio:project_detail": {"GET": HEALTH_RECORD_READ, "POST": NOT_A_METHOD},
    "portfolio:project_edit": {"GET": PAGE_WRITE_HEALTH_RECORD, "POST": PAGE_WRITE_HEALTH_RECORD},
    "dashboard:league": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "dashboard:league_export": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "portfolio:project_export": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    # The sample job is an import: there is no file to download, for anyone.
    "jobs:download": {"GET": by_role(HIDDEN, anonymous=LOGIN, feed=DENIED), "POST": NOT_A_METHOD},
    "portfolio:saved_view_save": {"GET": POST_ONLY_PAGE, "POST": SIGNED_IN},
    "portfolio:saved_view_open": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "portfolio:saved_view_delete": {"GET": POST_ONLY_PAGE, "POST": PROGRAMME_OFFICE_WRITES},
    "portfolio:saved_view_publish": {"GET": POST_ONLY_PAGE, "POST": PROGRAMME_OFFICE_WRITES},
    "portfolio:entity_detail": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "portfolio:strategy_list": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "portfolio:strategy_export": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "portfolio:strategy_detail": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "audit:log": {"GET": AUDIT_READERS, "POST": NOT_A_METHOD},
    "audit:export": {"GET": AUDIT_READERS, "POST": NOT_A_METHOD},
    # A background job is its asker's alone (here the programme office's).
    "jobs:list": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "jobs:detail": {"GET": OWN_JOB, "POST": NOT_A_METHOD},
    "jobs:status": {"GET": OWN_JOB, "POST": NOT_A_METHOD},
    "jobs:again": {"GET": POST_ONLY_PAGE, "POST": OWN_JOB},
    # Health checks: for load balancers and systemd, no sign-in.
    "operations:alive": {"GET": EVERYONE, "POST": NOT_A_METHOD},
    "operations:ready": {"GET": EVERYONE, "POST": NOT_A_METHOD},
    "portfolio:project_rebaseline": {"GET": REVIEW_HEALTH_RECORD, "POST": REVIEW_HEALTH_RECORD},
    # The owner entity asks; the committee decides.
    "portfolio:rebaseline_request": {"GET": PAGE_WRITE_HEALTH_RECORD, "POST": PAGE_WRITE_HEALTH_RECORD},
    "reports:my_work": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "reports:my_work_export": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "reports:review_queue": {"GET": REVIEWERS, "POST": NOT_A_METHOD},
    "reports:review_queue_export": {"GET": REVIEWERS, "POST": NOT_A_METHOD},
    "reports:report_new": {"GET": POST_ONLY_PAGE, "POST": PAGE_WRITE_HEALTH_RECORD},
    "reports:report_detail": {"GET": HEALTH_RECORD_READ, "POST": NOT_A_METHOD},
    "reports:report_edit": {"GET": PAGE_WRITE_HEALTH_RECORD, "POST": PAGE_WRITE_HEALTH_RECORD},
    "reports:report_submit": {"GET": POST_ONLY_PAGE, "POST": PAGE_WRITE_HEALTH_RECORD},
    "reports:report_accept": {"GET": POST_ONLY_PAGE, "POST": REVIEW_HEALTH_RECORD},
    "reports:report_return": {"GET": POST_ONLY_PAGE, "POST": REVIEW_HEALTH_RECORD},
    "reports:report_attach": {"GET": POST_ONLY_PAGE, "POST": PAGE_WRITE_HEALTH_RECORD},
    "reports:attachment_download": {"GET": HEALTH_RECORD_READ, "POST": NOT_A_METHOD},
    "obstacles:board": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "obstacles:awaiting_committee": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "obstacles:export": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "obstacles:obstacle_detail": {"GET": HEALTH_RECORD_READ, "POST": PAGE_WRITE_HEALTH_RECORD},
    "obstacles:obstacle_new": {"GET": PAGE_WRITE_HEALTH_RECORD, "POST": PAGE_WRITE_HEALTH_RECORD},
    "obstacles:requirement_list": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "obstacles:requirements_export": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "obstacles:requirement_new": {"GET": PAGE_WRITE_HEALTH_RECORD, "POST": PAGE_WRITE_HEALTH_RECORD},
    "obstacles:requirement_edit": {"GET": PAGE_WRITE_HEALTH_RECORD, "POST": PAGE_WRITE_HEALTH_RECORD},
    "obstacle-list": {"GET": API_READ, "POST": HEALTH_RECORD_CREATE},
    "obstacle-detail": {
        "GET": HEALTH_RECORD_READ,
        "POST": API_NOT_A_METHOD,
        "PUT": HEALTH_RECORD_WRITE,
        "PATCH": HEALTH_RECORD_WRITE,
    },
    "obstacle-escalate": {"GET": API_NOT_A_METHOD, "POST": HEALTH_RECORD_WRITE},
    "obstacle-set-status": {"GET": API_NOT_A_METHOD, "POST": HEALTH_RECORD_WRITE},
    "requirement-list": {"GET": API_READ, "POST": HEALTH_RECORD_CREATE},
    "requirement-detail": {
        "GET": HEALTH_RECORD_READ,
        "POST": API_NOT_A_METHOD,
        "PUT": HEALTH_RECORD_WRITE,
        "PATCH": HEALTH_RECORD_WRITE,
        "DELETE": HEALTH_RECORD_WRITE,
    },
    "indicators:indicator_list": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "indicators:indicator_export": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "indicators:indicator_detail": {"GET": HEALTH_RECORD_READ, "POST": NOT_A_METHOD},
    "indicators:indicator_values_export": {"GET": HEALTH_RECORD_READ, "POST": NOT_A_METHOD},
    "indicators:measurement_entry": {"GET": PAGE_WRITE_HEALTH_RECORD, "POST": PAGE_WRITE_HEALTH_RECORD},
    "indicators:indicator_lock": {"GET": POST_ONLY_PAGE, "POST": REVIEW_HEALTH_RECORD},
    "indicators:variance_note": {"GET": POST_ONLY_PAGE, "POST": PAGE_WRITE_HEALTH_RECORD},
    "indicator-list": {"GET": API_READ, "POST": PROGRAMME_OFFICE_WRITES},
    # A focal point changes their indicators' values, not the definitions.
    "indicator-detail": {
        "GET": HEALTH_RECORD_READ,
        "POST": API_NOT_A_METHOD,
        "PUT": HEALTH_RECORD_WRITE | {"focal_own": DENIED},
        "PATCH": HEALTH_RECORD_WRITE | {"focal_own": DENIED},
    },
    "indicator-series": {"GET": HEALTH_RECORD_READ, "POST": API_NOT_A_METHOD},
    "indicator-lock": {"GET": API_NOT_A_METHOD, "POST": REVIEW_HEALTH_RECORD | {"feed": DENIED}},
    "measurement-list": {"GET": API_READ, "POST": API_NOT_A_METHOD},
    "measurement-detail": {"GET": HEALTH_RECORD_READ, "POST": API_NOT_A_METHOD},
    # Values of a health indicator: its focal point and the programme office send them;
    # to the finance focal point the indicator does not exist (400 "no such indicator").
    "measurement-bulk": {
        "GET": API_NOT_A_METHOD,
        "POST": by_role(DENIED, anonymous=LOGIN, focal_own=OK, focal_other=OK, pmo=OK, admin=OK),
    },
    "imports:upload": {"GET": REPORT_WRITERS, "POST": REPORT_WRITERS},
    "imports:template": {"GET": REPORT_WRITERS, "POST": NOT_A_METHOD},
    "imports:apply": {"GET": POST_ONLY_PAGE, "POST": by_role(HIDDEN, anonymous=LOGIN, feed=DENIED, pmo=OK)},
    "project-rebaseline": {"GET": API_NOT_A_METHOD, "POST": REVIEW_HEALTH_RECORD | {"feed": DENIED}},
    "report-list": {"GET": API_READ, "POST": HEALTH_RECORD_CREATE},
    "report-detail": {
        "GET": HEALTH_RECORD_READ,
        "POST": API_NOT_A_METHOD,
        "PUT": HEALTH_RECORD_WRITE,
        "PATCH": HEALTH_RECORD_WRITE,
    },
    "report-submit": {"GET": API_NOT_A_METHOD, "POST": HEALTH_RECORD_WRITE},
    "report-accept": {"GET": API_NOT_A_METHOD, "POST": REVIEW_HEALTH_RECORD | {"feed": DENIED}},
    "report-return-": {"GET": API_NOT_A_METHOD, "POST": REVIEW_HEALTH_RECORD | {"feed": DENIED}},
    "api-root": {"GET": API_READ, "POST": API_NOT_A_METHOD},
    "api-schema": {"GET": by_role(OK, anonymous=LOGIN), "POST": by_role(NA, anonymous=LOGIN)},
    "api-docs": {"GET": by_role(OK, anonymous=LOGIN), "POST": by_role(NA, anonymous=LOGIN)},
    "project-list": {"GET": API_READ, "POST": PROGRAMME_OFFICE_WRITES},
    "project-detail": {
        "GET": HEALTH_RECORD_READ,
        "POST": API_NOT_A_METHOD,
        "PUT": HEALTH_RECORD_WRITE,
        "PATCH": HEALTH_RECORD_WRITE,
    },
    "phase-list": {"GET": API_READ, "POST": HEALTH_RECORD_CREATE},
    "phase-detail": {
        "GET": HEALTH_RECORD_READ,
        "POST": API_NOT_A_METHOD,
        "PUT": HEALTH_RECORD_WRITE,
        "PATCH": HEALTH_RECORD_WRITE,
        "DELETE": HEALTH_RECORD_WRITE,
    },
    # Committees, meetings and decisions: every signed-in reader, recorded by the
    # programme office. Tasks belong to the entity assigned (here Health, coordinating
    # with Communications): its focal points report on them.
    "committee:meeting_list": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "committee:meetings_export": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "committee:meeting_new": {"GET": PROGRAMME_OFFICE_WRITES, "POST": PROGRAMME_OFFICE_WRITES},
    "committee:meeting_detail": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "committee:meeting_edit": {"GET": PROGRAMME_OFFICE_WRITES, "POST": PROGRAMME_OFFICE_WRITES},
    "committee:agenda_builder": {"GET": PROGRAMME_OFFICE_WRITES, "POST": PROGRAMME_OFFICE_WRITES},
    "committee:item_new": {"GET": PROGRAMME_OFFICE_WRITES, "POST": PROGRAMME_OFFICE_WRITES},
    "committee:item_edit": {"GET": PROGRAMME_OFFICE_WRITES, "POST": PROGRAMME_OFFICE_WRITES},
    "committee:decision_new": {"GET": PROGRAMME_OFFICE_WRITES, "POST": PROGRAMME_OFFICE_WRITES},
    "committee:decision_apply": {"GET": POST_ONLY_PAGE, "POST": PROGRAMME_OFFICE_WRITES},
    "committee:decision_annul": {"GET": POST_ONLY_PAGE, "POST": PROGRAMME_OFFICE_WRITES},
    "committee:attachment_add": {"GET": POST_ONLY_PAGE, "POST": PROGRAMME_OFFICE_WRITES},
    "committee:attachment_download": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "committee:decision_list": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "committee:decisions_export": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "committee:task_list": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "committee:tasks_export": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "committee:task_detail": {"GET": HEALTH_RECORD_READ, "POST": PAGE_WRITE_HEALTH_RECORD},
    "committee:portfolio_as_of": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "committee:portfolio_as_of_export": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "decision-list": {"GET": API_READ, "POST": PROGRAMME_OFFICE_WRITES},
    "decision-detail": {"GET": API_READ, "POST": API_NOT_A_METHOD},
    "decision-apply": {"GET": API_NOT_A_METHOD, "POST": PROGRAMME_OFFICE_WRITES},
    "decision-annul": {"GET": API_NOT_A_METHOD, "POST": PROGRAMME_OFFICE_WRITES},
    "task-list": {"GET": API_READ, "POST": API_NOT_A_METHOD},
    "task-detail": {"GET": HEALTH_RECORD_READ, "POST": API_NOT_A_METHOD},
    "task-updates": {"GET": API_NOT_A_METHOD, "POST": HEALTH_RECORD_WRITE},
    # Rollouts: the sample is led by Health over two other institutions. The programme
    # office defines rollouts; Health's focal points move every row, never the definition.
    "rollouts:matrix": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "rollouts:export": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "rollouts:rollout_new": {"GET": PROGRAMME_OFFICE_WRITES, "POST": PROGRAMME_OFFICE_WRITES},
    "rollouts:rollout_detail": {"GET": HEALTH_RECORD_READ, "POST": NOT_A_METHOD},
    "rollouts:rollout_edit": {"GET": REVIEW_HEALTH_RECORD, "POST": REVIEW_HEALTH_RECORD},
    "rollouts:row_edit": {"GET": PAGE_WRITE_HEALTH_RECORD, "POST": PAGE_WRITE_HEALTH_RECORD},
    "rollout-list": {"GET": API_READ, "POST": PROGRAMME_OFFICE_WRITES},
    "rollout-detail": {
        "GET": HEALTH_RECORD_READ,
        "POST": API_NOT_A_METHOD,
        "PUT": HEALTH_RECORD_WRITE | {"focal_own": DENIED},
        "PATCH": HEALTH_RECORD_WRITE | {"focal_own": DENIED},
    },
    "rollout-participants": {"GET": HEALTH_RECORD_READ, "POST": API_NOT_A_METHOD},
    "rollout-bulk-stages": {"GET": API_NOT_A_METHOD, "POST": HEALTH_RECORD_WRITE},
    # Documents: anyone who reads a meeting makes its pack (of what they may read); a
    # person opens their own documents, and those who read everything the issued packs.
    # The sample is the programme office's pack, issued; NHR's one-pager is the focal
    # point of Finance's to make only if it reads NHR.
    "documents:meeting_pack": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    "documents:pack_issue": {
        "GET": NOT_A_METHOD,
        "POST": by_role(HIDDEN, anonymous=LOGIN, feed=DENIED, committee=DENIED, pmo=OK, admin=OK),
    },
    "documents:download": {"GET": ISSUED_PACK_READERS, "POST": NOT_A_METHOD},
    "documents:one_pager": {"GET": HEALTH_RECORD_READ, "POST": NOT_A_METHOD},
    "documents:scorecard": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "document-list": {"GET": API_READ, "POST": API_NOT_A_METHOD},
    # Search: every signed-in person, over what they may read (what they find is tested
    # in marsad/search/tests). The public pages and open data: everyone, no sign-in;
    # choosing what they show: the programme office.
    "search:search": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "search:suggest": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "public:page": {"GET": EVERYONE, "POST": NOT_A_METHOD},
    "public:feed": {"GET": EVERYONE, "POST": NOT_A_METHOD},
    "public:datapackage": {"GET": EVERYONE, "POST": NOT_A_METHOD},
    "public:data_file": {"GET": EVERYONE, "POST": NOT_A_METHOD},
    "public:settings": {"GET": PROGRAMME_OFFICE_WRITES, "POST": PROGRAMME_OFFICE_WRITES},
    "public:settings_kind": {"GET": PROGRAMME_OFFICE_WRITES, "POST": PROGRAMME_OFFICE_WRITES},
    # A person's own notifications: nobody reads another's (tested in marsad/notifications).
    "notifications:list": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "notifications:export": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "notifications:read": {"GET": POST_ONLY_PAGE, "POST": SIGNED_IN},
    "notifications:bell": {"GET": SIGNED_IN, "POST": NOT_A_METHOD},
    "notifications:preferences": {"GET": SIGNED_IN, "POST": SIGNED_IN},
    # The signed link in a mail is its own permission: no sign-in (a mail client posts it).
    "notifications:unsubscribe": {"GET": EVERYONE, "POST": EVERYONE},
    "document-detail": {
        "GET": ISSUED_PACK_READERS,
        "PUT": API_NOT_A_METHOD,
        "PATCH": API_NOT_A_METHOD,
        "DELETE": API_NOT_A_METHOD,
        "POST": API_NOT_A_METHOD,
    },
    # Issuing it again is refused with a 400 naming why (it was issued).
    "document-issue": {
        "GET": API_NOT_A_METHOD,
        "POST": by_role(HIDDEN, anonymous=LOGIN, feed=DENIED, committee=DENIED, pmo=OK, admin=OK),
    },
    # Rows are added with their rollout, never posted: refused before the method is looked at.
    "rollout-participant-list": {"GET": API_READ, "POST": by_role(DENIED, anonymous=LOGIN, pmo=NA, admin=NA)},
    "rollout-participant-detail": {
        "GET": HEALTH_RECORD_READ,
        "POST": API_NOT_A_METHOD,
        "PUT": HEALTH_RECORD_WRITE,
        "PATCH": HEALTH_RECORD_WRITE,
    },
    "agenda-item-list": {"GET": API_READ, "POST": PROGRAMME_OFFICE_WRITES},
    "agenda-item-detail": {
        "GET": API_READ,
        "POST": API_NOT_A_METHOD,
        "PUT": PROGRAMME_OFFICE_WRITES,
        "PATCH": PROGRAMME_OFFICE_WRITES,
        "DELETE": PROGRAMME_OFFICE_WRITES,
    },
}
for resource in ("entity", "strategy", "programme", "committee", "meeting"):
    POLICY[f"{resource}-list"] = {"GET": API_READ, "POST": PROGRAMME_OFFICE_WRITES}
    POLICY[f"{resource}-detail"] = {
        "GET": API_READ,
        "POST": API_NOT_A_METHOD,
        "PUT": PROGRAMME_OFFICE_WRITES,
        "PATCH": PROGRAMME_OFFICE_WRITES,
    }

# The admin site is for staff (here, the administrator). What the administrator is
# refused there: audit rows are never added, changed or deleted; accounts and tokens
# are disabled or revoked, not deleted; a token is never edited; a rebaseline is
# approved on the project page and never edited or deleted.
# django-axes keeps its records read-only; the autocomplete refuses a request that
# does not name a model field.
_AXES_ADD = {"admin:axes_accessattempt_add", "admin:axes_accesslog_add", "admin:axes_accessfailurelog_add"}
# The database queue's task results are written by workers alone: read-only in the admin.
_TASK_RESULTS_WRITE = {
    "admin:django_tasks_database_dbtaskresult_add",
    "admin:django_tasks_database_dbtaskresult_delete",
}
ADMIN_REFUSED = {
    "GET": {
        *_TASK_RESULTS_WRITE,
        "admin:audit_auditevent_add",
        "admin:audit_auditevent_delete",
        "admin:accounts_user_delete",
        "admin:accounts_apitoken_delete",
        "admin:autocomplete",
        "admin:portfolio_rebaseline_add",
        "admin:portfolio_rebaseline_delete",
        # Documents are made by jobs, never added or edited; the sample pack is issued.
        "admin:documents_document_add",
        "admin:documents_document_delete",
        # The outbox is written by the notifier alone.
        "admin:notifications_mail_add",
        "admin:notifications_mail_delete",
        *_AXES_ADD,
    },
    "POST": {
        *_TASK_RESULTS_WRITE,
        "admin:django_tasks_database_dbtaskresult_change",
        "admin:audit_auditevent_add",
        "admin:audit_auditevent_change",
        "admin:audit_auditevent_delete",
        "admin:accounts_user_delete",
        "admin:accounts_apitoken_delete",
        "admin:accounts_apitoken_change",
        "admin:portfolio_rebaseline_add",
        "admin:portfolio_rebaseline_change",
        "admin:portfolio_rebaseline_delete",
        "admin:documents_document_add",
        "admin:documents_document_change",
        "admin:documents_document_delete",
        "admin:notifications_mail_add",
        "admin:notifications_mail_change",
        "admin:notifications_mail_delete",
        *_AXES_ADD,
    },
}
ADMIN_GET_ONLY = {"admin:password_change_done", "admin:autocomplete", "admin:jsi18n"}
# The admin's own sign-in is open; its sign-out sends non-staff to the admin's front
# page (and from there to sign-in) and signs the administrator out.
ADMIN_OPEN = {
    "admin:login": {"GET": EVERYONE, "POST": EVERYONE},
    "admin:logout": {"GET": by_role(OK, admin=NA), "POST": by_role(OK, admin=LOGIN)},
}


def admin_policy(key, method):
    if key in ADMIN_OPEN:
        return ADMIN_OPEN[key][method]
    if key == "admin/(?P<url>.*)$":  # the admin's catch-all: unknown admin pages
        return by_role(LOGIN, admin=HIDDEN)
    if method == "POST" and key in ADMIN_GET_ONLY:
        return by_role(LOGIN, admin=NA)
    return by_role(LOGIN, admin=DENIED if key in ADMIN_REFUSED[method] else OK)


def policy_for(key, method):
    if key.startswith("admin"):
        return admin_policy(key, method)
    return POLICY[key][method]


# --- the routes, from the resolver -------------------------------------------------


def walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace and (f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace)
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name


def route_key(pattern, name):
    if name:
        return name
    if pattern.startswith("admin/"):
        return pattern if pattern.endswith("(?P<url>.*)$") else "admin:redirect_to_change"
    return pattern


def all_routes():
    return [(pattern, name, route_key(pattern, name)) for pattern, name in walk(get_resolver().url_patterns)]


# --- the data every request points at ----------------------------------------------


@pytest.fixture
def matrix(world):
    strategy = Strategy.objects.create(code="NDTS", name_ar="الإستراتيجية", owner=world.moct)
    Programme.objects.create(code="P-REG", name_ar="السجلات", strategy=strategy)
    ApiToken.objects.create(user=world.feed, name="feed", prefix="abc123", key_hash="0" * 64)
    AuditEvent.objects.create(action="sign_in", actor_username="committee")
    DemoLoad.objects.create(loaded_on=world.today, meeting_date=world.today)
    ProgressReport.objects.create(project=world.health_registry, period_start=datetime.date(2026, 11, 1))
    Rebaseline.objects.create(project=world.health_registry, reason="تأخر التوريد", approved_by=world.pmo)
    from django.core.files.base import ContentFile

    Obstacle.objects.create(project=world.health_registry, title="تقسيم الأدوار", category="coordination")
    Requirement.objects.create(project=world.health_registry, kind="staff", description="كادر")
    indicator = Indicator.objects.create(code="HI-1", name_ar="مؤشر صحي", owner=world.health, frequency="month")
    region = Dimension.objects.create(indicator=indicator, position=1, code="region", name_ar="المنطقة")
    DimensionValue.objects.create(dimension=region, code="north", name_ar="الشمال")
    now = timezone.now()
    Measurement.objects.create(
        indicator=indicator,
        period=datetime.date(2026, 1, 1),
        breakdown_1="north",
        value=5,
        created_at=now,
        updated_at=now,
    )

    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا", kind="higher")
    meeting = Meeting.objects.create(committee=higher, number=1, date=datetime.date(2026, 11, 14), status="held")
    AgendaItem.objects.create(meeting=meeting, order=1, title="السجل الوطني الصحي", project=world.health_registry)
    Decision.objects.create(meeting=meeting, number=1, kind="other", text="متابعة")
    assigning = Decision.objects.create(meeting=meeting, number=2, kind="assign_task", text="تكليف", status="applied")
    task = Task.objects.create(decision=assigning, title="وضع المؤشرات", assigned_entity=world.health)
    task.coordinating_entities.set([world.moct])
    minutes = MeetingAttachment(
        meeting=meeting, name="m.pdf", stored_name="m.pdf", content_type="application/pdf", size=9
    )
    minutes.file.save("m.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    evidence = ReportAttachment(
        report=world.health_registry.reports.get(),
        name="a.pdf",
        stored_name="a.pdf",
        content_type="application/pdf",
        size=9,
    )
    evidence.file.save("a.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    workbook = ProgressReportImporter(world.pmo).template()  # checked, but holds no rows
    batch = ImportBatch(
        kind="progress-reports", file_name="r.xlsx", sha256="0", uploaded_by=world.pmo, status="checked"
    )
    batch.file.save("r.xlsx", ContentFile(workbook), save=True)
    # The programme office's check of it, as a finished background job (a job is its asker's),
    # and the task that ran it on the database queue (its admin page is the administrators').
    DBTaskResult.objects.create(
        task_path="marsad.jobs.tasks.run_job",
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="database",
        run_after=timezone.now(),
    )
    Job.objects.create(
        kind="imports.check", title="فحص", user=world.pmo, language="ar", status="done", params={"batch": batch.pk}
    )
    from django.contrib.auth.models import Group

    Group.objects.create(name="auditors")
    # The admin's device pages act on this one, never on a device a signed-in client uses.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=world.committee, name="sample", confirmed=False)
    from marsad.notifications.models import Mail

    Mail.objects.create(
        recipient=world.committee, key="sample", kind="digest", to="c@example.org", subject="s", text="t", html="h"
    )
    users = {
        "anonymous": None,
        "viewer": world.viewer_health,
        "focal_own": world.focal_health,
        "focal_other": world.focal_finance,
        "committee": world.committee,
        "pmo": world.pmo,
        "admin": world.admin,
        "feed": world.feed,
    }
    clients = {}
    for role, user in users.items():
        client = VerifiedClient()
        if user is not None:
            client.force_login(user)
        clients[role] = client
    # Objects that exist only once the sessions above exist (devices, axes rows).
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    AccessAttempt.objects.create(
        username="x", ip_address="10.0.0.9", failures_since_start=1, user_agent="", path_info="/"
    )
    AccessLog.objects.create(username="x", ip_address="10.0.0.9", user_agent="", path_info="/")
    AccessFailureLog.objects.create(username="x", ip_address="10.0.0.9", user_agent="", path_info="/", locked_out=False)
    from django_otp.plugins.otp_static.models import StaticDevice

    StaticDevice.objects.create(user=world.admin, name="recovery")
    SavedView.objects.create(owner=world.pmo, name="ذات أولوية", query="priority=true", is_published=True)
    from marsad.rollouts.services import rollout_create

    rollout_create(
        user=world.pmo,
        institutions=[world.nans, world.moct],
        code="RO-H",
        name_ar="ربط المشافي",
        capability="service_bus",
        lead_entity=world.health,
        start_date=datetime.date(2026, 1, 1),
        target_date=datetime.date(2026, 12, 31),
    )
    with translation.override("ar"):
        issue(make(DocumentKind.PACK, Meeting.objects.get(), world.pmo), world.pmo)
    return world, clients


def sample_kwargs(pattern, name, world):
    """Concrete values for a route's parameters."""
    values = {}
    for param in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern):
        param = param[0] or param[1]
        if param == "format":
            values[param] = "json"
        elif param == "code":
            stem = (name or "").split(":")[-1].split("-")[0].split("_")[0]
            values[param] = {
                "project": "NHR",
                "report": "NHR",
                "obstacle": "NHR",
                "requirement": "NHR",
                "entity": "MOH",
                "strategy": "NDTS",
                "programme": "P-REG",
                "indicator": "HI-1",
                "measurement": "HI-1",
                "variance": "HI-1",
                "committee": "HC",
                "rebaseline": "NHR",
                "rollout": "RO-H",
                "row": "RO-H",
                "one": "NHR",  # documents:one_pager
                "scorecard": "MOH",
            }[stem]
        elif param in ("report_id", "pk") and (name or "").split(":")[-1].startswith("report"):
            values[param] = str(world.health_registry.reports.get().pk)
        elif param == "pk" and (name or "").startswith("obstacle-"):
            values[param] = str(Obstacle.objects.get().pk)
        elif param == "pk" and (name or "").startswith("requirement-"):
            values[param] = str(Requirement.objects.get().pk)
        elif param == "pk" and (name or "").startswith("measurement-"):
            values[param] = str(Measurement.objects.get().pk)
        elif param == "pk" and (name or "").startswith("meeting-"):
            values[param] = str(Meeting.objects.get().pk)
        elif param == "pk" and (name or "").startswith("agenda-item-"):
            values[param] = str(AgendaItem.objects.get().pk)
        elif param == "pk" and (name or "").startswith("decision-"):
            values[param] = str(Decision.objects.get(kind="other").pk)
        elif param == "pk" and (name or "").startswith("task-"):
            values[param] = str(Task.objects.get().pk)
        elif param == "pk" and (name or "").startswith("rollout-participant-") or param == "row_id":
            values[param] = str(Participant.objects.get(entity=world.nans).pk)
        elif param == "obstacle_id":
            values[param] = str(Obstacle.objects.get().pk)
        elif param == "meeting_id":
            values[param] = str(Meeting.objects.get().pk)
        elif param == "item_id":
            values[param] = str(AgendaItem.objects.get().pk)
        elif param == "decision_id":
            values[param] = str(Decision.objects.get(kind="other").pk)
        elif param == "task_id":
            values[param] = str(Task.objects.get().pk)
        elif param == "attachment_id" and "committee:" in (name or ""):
            values[param] = str(MeetingAttachment.objects.get().pk)
        elif param == "requirement_id":
            values[param] = str(Requirement.objects.get().pk)
        elif param == "document_id" or param == "pk" and (name or "").startswith("document-"):
            # the programme office's pack, issued
            values[param] = str(Document.objects.get().pk)
        elif param == "fmt":
            values[param] = "csv"
        elif param == "attachment_id":
            values[param] = str(ReportAttachment.objects.get().pk)
        elif param == "kind" and (name or "").startswith("public:"):
            values[param] = "project"
        elif param == "kind":
            values[param] = "progress-reports"
        elif param == "name" and name == "public:data_file":
            values[param] = "projects"
        elif param == "token":  # an unsubscribe link from a mail to the committee member
            from marsad.notifications.mail import DIGEST, unsubscribe_token

            values[param] = unsubscribe_token(world.committee.pk, DIGEST)
        elif param == "view_id":  # published by the programme office
            values[param] = str(SavedView.objects.get().pk)
        elif param == "job_id":  # the programme office's
            values[param] = str(Job.objects.get().pk)
        elif param == "batch_id":  # a checked workbook uploaded by the programme office
            values[param] = str(ImportBatch.objects.get().pk)
        elif param == "pk" and pattern.startswith("admin/"):  # django-otp's device pages
            values[param] = str(admin_model(pattern, name).objects.order_by("pk").first().pk)
        elif param == "pk":
            values[param] = str(world.health_registry.phases.get(order=1).pk)
        elif param == "app_label":
            values[param] = "portfolio"
        elif param == "url":
            values[param] = "no-such-page/"
        elif param == "content_type_id":
            from django.contrib.contenttypes.models import ContentType

            values[param] = str(ContentType.objects.get_for_model(world.health_registry).pk)
        elif param == "id":  # the admin's change-password page
            values[param] = str(world.committee.pk)
        elif param in ("object_id", "history_id"):
            model = admin_model(pattern, name)
            obj = model.objects.order_by("pk").first() if model else world.health_registry
            values["object_id"] = str(obj.pk)
            if param == "history_id":
                values[param] = str(obj.history.order_by("history_id").last().history_id)
        else:
            raise AssertionError(f"no sample value for <{param}> in {pattern}")
    return values


def admin_model(pattern, name):
    match = re.match(r"admin/(\w+)/(\w+)/", pattern)
    if match:
        return apps.get_model(match[1], match[2])
    return None


def concrete_url(pattern, name, world):
    values = sample_kwargs(pattern, name, world)
    path = pattern.replace("<drf_format_suffix:format>", ".json")
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m[1]], path)  # regex groups first
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m[1]], path)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
    return "/" + path


# --- what to send for a write --------------------------------------------------------

PAYLOADS = {
    "project-list": {"code": "NEW-1", "name_ar": "مشروع جديد", "owner": "MOH", "status": "proposed"},
    "project-detail": {
        "code": "NHR",
        "name_ar": "السجل الوطني الصحي",
        "owner": "MOH",
        "status": "execution",
        "forecast_go_live": "2027-09-01",
    },
    "phase-list": {"project": "NHR", "order": 7, "name_ar": "مرحلة جديدة", "weight": "1", "percent_complete": "0"},
    "phase-detail": {"project": "NHR", "order": 1, "name_ar": "المرحلة 1", "weight": "1", "percent_complete": "50"},
    "entity-list": {"code": "NEW-E", "name_ar": "جهة جديدة"},
    "entity-detail": {"code": "MOH", "name_ar": "وزارة الصحة", "kind": "ministry"},
    "strategy-list": {"code": "NEW-S", "name_ar": "إستراتيجية", "owner": "MOCT"},
    "strategy-detail": {"code": "NDTS", "name_ar": "الإستراتيجية", "owner": "MOCT"},
    "programme-list": {"code": "NEW-P", "name_ar": "برنامج", "strategy": "NDTS"},
    "programme-detail": {"code": "P-REG", "name_ar": "السجلات", "strategy": "NDTS"},
    "project-rebaseline": {"version": 1, "reason": "تأخر التوريد", "baseline_go_live": "2027-09-01"},
    "portfolio:project_rebaseline": {"version": 1, "reason": "تأخر التوريد", "baseline_go_live": "2027-09-01"},
    "portfolio:rebaseline_request": {"reason": "تأخر التوريد", "new_go_live": "2027-09-01"},
    "report-list": {"project": "NHR", "period_start": "2026-01-01"},
    "report-detail": {"project": "NHR", "version": 1, "achievements": "أنجز الربط"},
    "report-submit": {"version": 1},
    "report-accept": {"version": 1},
    "report-return-": {"version": 1, "reason": "ناقص"},
    "reports:report_submit": {"version": 1},
    "reports:report_accept": {"version": 1},
    "reports:report_return": {"version": 1, "reason": "ناقص"},
    "obstacle-list": {"project": "NHR", "title": "عائق", "category": "funding"},
    "obstacle-detail": {"project": "NHR", "version": 1, "title": "تقسيم الأدوار", "category": "coordination"},
    "obstacle-escalate": {"version": 1, "reason": "يحتاج تدخلاً"},
    "obstacle-set-status": {"version": 1, "status": "in_progress"},
    "requirement-list": {"project": "NHR", "kind": "equipment", "description": "خوادم"},
    "requirement-detail": {"project": "NHR", "version": 1, "kind": "staff", "description": "كادر"},
    "obstacles:obstacle_new": {"title": "عائق", "category": "funding", "severity": "low"},
    "obstacles:obstacle_detail": {"action": "status", "version": 1, "status": "in_progress"},
    "obstacles:requirement_new": {"kind": "equipment", "description": "خوادم"},
    "obstacles:requirement_edit": {"version": 1, "kind": "staff", "description": "كادر", "status": "secured"},
    "indicator-list": {"code": "HI-2", "name_ar": "مؤشر", "owner": "MOH", "frequency": "month"},
    "indicator-detail": {"code": "HI-1", "name_ar": "مؤشر صحي معدل", "owner": "MOH", "version": 1},
    "indicator-lock": {"version": 1, "through": "2026-01-31"},
    "indicators:indicator_lock": {"version": 1, "through": "2026-01-31"},
    "indicators:variance_note": {"period": "2026-01-01", "text": "تأخر الربط"},
    "indicators:measurement_entry": {"period": "2026-01-01", "cell-0": "7", "was-0": "5"},
    "committee-list": {"code": "NEW-C", "name_ar": "لجنة", "kind": "technical"},
    "committee-detail": {"code": "HC", "name_ar": "اللجنة العليا", "kind": "higher", "version": 1},
    "meeting-list": {"committee": "HC", "number": 2, "date": "2026-12-20"},
    "meeting-detail": {"committee": "HC", "number": 1, "date": "2026-11-14", "status": "held", "version": 1},
    "agenda-item-list": {"meeting": 1, "title": "بند", "kind": "other"},
    "rollout-list": {
        "code": "RO-2",
        "name_ar": "تعميم",
        "capability": "other",
        "lead_entity": "MOH",
        "start_date": "2026-01-01",
        "target_date": "2026-12-31",
    },  # fmt: skip
    "rollout-detail": {
        "code": "RO-H",
        "name_ar": "ربط المشافي جميعها",
        "capability": "service_bus",
        "lead_entity": "MOH",
        "start_date": "2026-01-01",
        "target_date": "2026-12-31",
        "version": 1,
    },  # fmt: skip
    "rollout-bulk-stages": {"rows": [{"institution": "NANS", "stage": "2", "stage_reached_on": "2026-03-01"}]},
    "rollout-participant-detail": {"stage": "2", "stage_reached_on": "2026-03-01", "version": 1},
    "rollouts:row_edit": {"stage": "0", "version": 1},
    "rollouts:rollout_new": {"code": "RO-3"},
    "agenda-item-detail": {"meeting": 1, "title": "بند معدل", "kind": "other", "version": 1},
    "decision-list": {"meeting": 1, "kind": "other", "text": "قرار"},
    "decision-annul": {"reason": "خطأ"},
    "task-updates": {"version": 1, "text": "أنجز", "status": "in_progress"},
    "committee:meeting_new": {"committee": "1", "number": "2", "date": "2026-12-20", "status": "planned"},
    "committee:meeting_edit": {"version": 1, "committee": "1", "number": "1", "date": "2026-11-14", "status": "held"},
    "committee:item_new": {"title": "بند", "kind": "other"},
    "committee:item_edit": {"version": 1, "title": "بند معدل", "kind": "other"},
    "committee:decision_new": {"kind": "other", "text": "قرار"},
    "committee:decision_annul": {"reason": "خطأ"},
    "committee:task_detail": {"version": 1, "text": "أنجز", "status": "in_progress"},
    "measurement-bulk": {
        "values": [{"indicator": "HI-1", "period": "2026-02-01", "breakdown": {"region": "north"}, "value": 9}]
    },
    "reports:report_edit": {
        "version": 1,
        "achievements": "أنجز الربط",
        "phases-TOTAL_FORMS": 0,
        "phases-INITIAL_FORMS": 0,
    },
    "portfolio:project_edit": {
        "version": 1,
        "status": "execution",
        "forecast_go_live": "2027-09-01",
        "owner_health": "amber",
    },
}


def outcome(role, response, method):
    status = response.status_code
    if status == 302 and "login" in urlsplit(response["Location"]).path:
        return LOGIN
    if role == "anonymous" and status in (401, 403):
        return LOGIN
    if status == 403:
        return DENIED
    if status == 404:
        return HIDDEN
    if status == 405:
        return NA
    if status == 400 and response.get("Content-Type", "").startswith("application/json"):
        body = response.json()
        if isinstance(body, dict) and "project" in body:
            return ABSENT
    if status < 500:
        return OK
    raise AssertionError(f"{method} answered {status}")


def call(client, method, url, key):
    payload = PAYLOADS.get(key)
    cookies = client.cookies  # a sign-out or language switch must not leak into the next call
    client.cookies = cookies.__class__(cookies)
    with transaction.atomic():
        if url.startswith("/api/"):
            response = client.generic(method, url, data=json.dumps(payload or {}), content_type="application/json")
        elif method == "POST":
            response = client.post(url, payload or {})
        else:
            response = client.get(url)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


# --- the tests -----------------------------------------------------------------------


def test_every_route_has_a_policy():
    missing = [key for _pattern, _name, key in all_routes() if not key.startswith("admin") and key not in POLICY]
    assert missing == [], f"routes with no declared access policy: {missing}"


def test_every_api_operation_has_a_policy():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    missing = []
    for path, operations in schema["paths"].items():
        name = resolve(re.sub(r"\{\w+\}", "x", path)).url_name
        missing += [f"{method.upper()} {path}" for method in operations if method.upper() not in POLICY.get(name, {})]
    assert missing == [], f"API operations with no declared access policy: {missing}"


@pytest.mark.parametrize("role", ROLES)  # one test per role: the suite's workers share them
def test_routes_by_role(matrix, role):
    world, clients = matrix
    mismatches = []
    for pattern, name, key in all_routes():
        url = concrete_url(pattern, name, world)
        for method in ("GET", "POST"):
            expected = policy_for(key, method)
            got = outcome(role, call(clients[role], method, url, key), method)
            if got != expected[role]:
                mismatches.append(f"{method} {url} as {role}: expected {expected[role]}, got {got}")
    assert mismatches == [], "\n".join(mismatches)


def test_api_operations_by_role(matrix):
    world, clients = matrix
    schema = SchemaGenerator().get_schema(request=None, public=True)
    ids = {
        "phase": world.health_registry.phases.get(order=1).pk,
        "report": world.health_registry.reports.get().pk,
        "obstacle": Obstacle.objects.get().pk,
        "requirement": Requirement.objects.get().pk,
        "measurement": Measurement.objects.get().pk,
        "meeting": Meeting.objects.get().pk,
        "agenda": AgendaItem.objects.get().pk,
        "decision": Decision.objects.get(kind="other").pk,
        "task": Task.objects.get().pk,
        "rollout": Participant.objects.get(entity=world.nans).pk,  # /rollout-participants/{id}/
        "document": Document.objects.get().pk,
    }
    mismatches = []
    for path, operations in schema["paths"].items():
        name = resolve(re.sub(r"\{\w+\}", "x", path)).url_name
        stem = name.split("-")[0]
        codes = {
            "project": "NHR",
            "entity": "MOH",
            "strategy": "NDTS",
            "programme": "P-REG",
            "indicator": "HI-1",
            "committee": "HC",
            "rollout": "RO-H",
        }
        url = path.replace("{code}", codes.get(stem, "")).replace("{id}", str(ids.get(stem, "")))
        for method in operations:
            expected = POLICY[name][method.upper()]
            for role in ROLES:
                got = outcome(role, call(clients[role], method.upper(), url, name), method)
                if got != expected[role]:
                    mismatches.append(f"{method.upper()} {url} as {role}: expected {expected[role]}, got {got}")
    assert mismatches == [], "\n".join(mismatches)


# An agenda item about a record one may not read is counted but not named, on every
# surface that lists agenda items: the meeting page, the API (list and item) and the
# meeting pack made for the reader.
NAMES_NHR = {"viewer", "focal_own", "committee", "pmo", "admin"}


@pytest.mark.parametrize("role", ["viewer", "focal_own", "focal_other", "committee", "pmo", "admin"])
def test_an_agenda_item_names_only_what_its_reader_may_read(matrix, role):
    from marsad.documents.parts import meeting_pack

    world, clients = matrix
    client, user = clients[role], {"viewer": world.viewer_health, "focal_own": world.focal_health,
                                   "focal_other": world.focal_finance, "committee": world.committee,
                                   "pmo": world.pmo, "admin": world.admin}[role]  # fmt: skip
    meeting, item = Meeting.objects.get(), AgendaItem.objects.get()
    title, withheld = "السجل الوطني الصحي", "بندٌ خارج صلاحياتك"
    page = client.get(reverse("committee:meeting_detail", args=[meeting.pk])).content.decode()
    listed = client.get("/api/v1/agenda-items/", {"meeting": meeting.pk}).json()["results"]
    one = client.get(f"/api/v1/agenda-items/{item.pk}/").json()
    with translation.override("ar"):
        packed = meeting_pack(user, meeting, world.today)[0].build()["items"]
    assert len(listed) == len(packed) == 1  # counted either way
    if role in NAMES_NHR:
        assert title in page and withheld not in page
        assert listed[0]["title"] == one["title"] == packed[0].title == title
        assert one["project"] == "NHR" and one["outside_access"] is False
    else:
        assert withheld in page and reverse("portfolio:project_detail", args=["NHR"]) not in page
        assert listed[0]["title"] == one["title"] == packed[0].title == withheld
        assert one["project"] is None and one["outside_access"] is True and one["notes"] == ""
        assert client.get("/api/v1/projects/NHR/").status_code == 404
