"""Hostile form bodies to every page route that takes a POST, as every role: no answer
is a server error (the API has its own fuzz, `test_api_fuzz.py`).

The routes come from the URL resolver (the access matrix's walk), so a route added
later is fuzzed without a line here; a route whose POST the policy marks "not a
method" is skipped, every other one is sent:
- no fields at all;
- every field it names (its form's fields, read from its GET page, and the fields the
  access matrix posts to it) set to each hostile value at once: wrong types, NUL,
  100,000 characters, absurd and impossible dates, negative and enormous numbers, ids
  of another ministry's records and of nothing;
- each field alone hostile in an otherwise valid body.
Each request is rolled back, so every one meets the same data.
"""

import re

import pytest
from django.core.exceptions import SuspiciousOperation
from django.db import transaction

from marsad.tests.test_access_matrix import (  # noqa: F401 — `matrix` is a fixture
    NA,
    OK,
    PAYLOADS,
    ROLES,
    all_routes,
    concrete_url,
    matrix,
    policy_for,
)

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

HOSTILE = [
    "abc",
    "",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "x\x00y",
    "ش" * 100_000,
    "0001-01-01",
    "1999-12-01",
    "9999-12-31",
    "2026-02-30",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://evil.example")',
]
# Names forms here use, sent whether or not the page shows them (a POST-only route has
# no page to read them from).
COMMON = [
    "version", "name", "query", "publish", "published", "notification", "status", "title", "text",
    "reason", "period", "period_start", "date", "number", "kind", "category", "severity", "description",
    "achievements", "percent", "execution_percent", "value", "through", "language", "action", "next",
    "stage", "stage_reached_on", "committee", "project", "entity", "owner", "file", "confirm",
]  # fmt: skip
# The admin's routes that take no form: the site's own JavaScript catalogue, the
# redirect of an old address, and the search box's look-ups (GET only).
_NOT_FORMS = {"admin:jsi18n", "admin:view_on_site", "admin:redirect_to_change", "admin:autocomplete"}
_FIELD = re.compile(r"""<(?:input|select|textarea)\b[^>]*\bname=["']([^"']+)["']""")


def post_routes():
    for pattern, name, key in all_routes():
        if pattern.startswith("api/") or key in _NOT_FORMS:
            continue
        policy = policy_for(key, "POST")
        if all(outcome == NA for outcome in policy.values()):
            continue
        yield pattern, name, key, policy


def fields_of(client, url, key) -> tuple[list[str], list[str]]:
    """The fields the route's form shows (and the access matrix posts), then those and
    the common names together."""
    page = client.get(url)
    found = set(_FIELD.findall(page.content.decode(errors="replace"))) if page.status_code == 200 else set()
    found = (found | set(PAYLOADS.get(key, {}))) - {"csrfmiddlewaretoken"}
    return sorted(found), sorted(found | set(COMMON))


def other_ministrys_ids(world) -> list[str]:
    tax = world.tax
    return [str(tax.pk), str(tax.phases.first().pk) if tax.phases.exists() else "1", "2147483647"]


def bodies(own, every, key, world, *, allowed):
    """Everything for a role the route serves; for one refused at the door (sign in,
    403, 404) the few bodies that could trip the refusal itself."""
    yield {}
    if not allowed:
        yield dict.fromkeys(every, "x\x00y")
        yield dict.fromkeys(every, "ش" * 100_000)
        return
    valid = {name: str(value) for name, value in PAYLOADS.get(key, {}).items()}
    for value in [*HOSTILE, *other_ministrys_ids(world)]:
        yield dict.fromkeys(every, value)
    for index, field in enumerate(own):
        yield {**valid, field: HOSTILE[index % len(HOSTILE)]}
    yield {**valid, **{field: ["1", "abc"] for field in own[:5]}}  # a field given twice


@pytest.mark.parametrize("role", ROLES)
def test_no_page_form_answers_a_server_error(matrix, role, record_property):  # noqa: F811 — the fixture
    world, clients = matrix
    client = clients[role]
    client.raise_request_exception = True
    failures, routes, requests = [], 0, 0
    for pattern, name, key, policy in post_routes():
        if policy[role] == NA:
            continue
        url = concrete_url(pattern, name, world)
        routes += 1
        own, every = fields_of(client, url, key)
        for body in bodies(own, every, key, world, allowed=policy[role] == OK):
            requests += 1
            cookies = client.cookies
            client.cookies = cookies.__class__(cookies)  # a sign-out must not end the run
            try:
                with transaction.atomic():
                    status = client.post(url, body).status_code
                    transaction.set_rollback(True)
            except SuspiciousOperation:  # Django itself answers these 400 (a body too large…)
                status = 400
            except Exception as error:  # noqa: BLE001 — each is reported with its route
                status = f"{type(error).__name__}: {str(error)[:200]}"
            client.cookies = cookies
            if not isinstance(status, int) or status >= 500:
                failures.append(f"POST {url} {sorted(body)[:6]}…={str(next(iter(body.values()), ''))[:30]!r}: {status}")
            if len(failures) > 40:
                break
    # Printed at the end of the run (marsad/conftest.py), with the 25 slowest tests.
    record_property("fuzzed", f"page forms as {role}: {routes} POST routes, {requests} hostile requests")
    assert routes > 0
    assert failures == [], "\n".join(dict.fromkeys(failures))
