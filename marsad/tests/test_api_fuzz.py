"""API fuzzing with schemathesis, in process, over the app's own OpenAPI schema.

Every operation in the schema gets at least 100 generated requests (fixed seed). Two runs,
each in groups of resources (so the suite's workers share them; a test checks that the
groups hold every operation, so a new resource cannot escape):
- as the programme office (who may write everything): no server error, every response
  matches the schema with a status code the schema documents, and no operation that
  declares authentication works without it;
- as the focal points of two ministries (health and finance): whenever one reads an
  object it found in its own lists, schemathesis replays the read as the other, who
  must not get it (`object_level_authorization`); here too no server error, and
  every response and status code as the schema documents.
"""

import copy
import json

import pytest
import schemathesis
import schemathesis.engine
from django.test import Client
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events

from marsad.accounts.tokens import api_token_issue
from marsad.audit.models import AuditAction, AuditEvent
from marsad.portfolio.models import Phase
from marsad.wsgi import application

pytestmark = pytest.mark.fuzz

SEED = 20261128
EXAMPLES = 100


@pytest.fixture(autouse=True)
def in_process_transport_without_socket_options(monkeypatch):
    """schemathesis 4.32.5 passes socket options (max_redirects, verify…) to werkzeug's
    in-process client on its probe requests, which werkzeug rejects; drop them."""
    from schemathesis.transport.wsgi import WSGITransport

    original = WSGITransport.send

    def send(self, case, *, session=None, **kwargs):
        for name in ("max_redirects", "verify", "cert", "proxies"):
            kwargs.pop(name, None)
        return original(self, case, session=session, **kwargs)

    monkeypatch.setattr(WSGITransport, "send", send)


SCHEMA_PATH = "/api/v1/schema/"
_documents: dict[str, dict] = {}  # the schema document, fetched once per process and reader


def document(token: str, reader: str) -> dict:
    """The schema document as `reader` reads it (fetched once: generating it takes seconds)."""
    if reader not in _documents:
        response = Client().get(SCHEMA_PATH, {"format": "json"}, HTTP_AUTHORIZATION=f"Token {token}")
        assert response.status_code == 200, response.status_code
        _documents[reader] = json.loads(response.content)
    return copy.deepcopy(_documents[reader])


def load(config: dict, token: str, reader: str):
    """The schema, read with `token` (reading it needs a signed-in user); requests are
    then authenticated as `config["auth"]` says, and go to the app in process."""
    schema = schemathesis.openapi.from_dict(
        document(token, reader),
        config=SchemathesisConfig.from_dict(
            {
                "seed": SEED,
                # No state carried between runs (schemathesis otherwise remembers which
                # identity each operation settled on), so every run is the same.
                "cache": {"enabled": False},
                # No Hypothesis example database either: it would replay earlier runs' inputs.
                "generation": {"max-examples": EXAMPLES, "database": "none"},
                # The fuzzing phase alone: random requests that reuse ids from earlier
                # responses. The coverage and stateful phases would multiply the run time
                # beyond what CI can spend on both databases.
                "phases": {
                    "examples": {"enabled": False},
                    "coverage": {"enabled": False},
                    "stateful": {"enabled": False},
                },
                **config,
            }
        ),
    )
    schema.app, schema.location = application, SCHEMA_PATH
    return schema


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Schemathesis calls the WSGI app directly; like Django's test client, keep the
    request-end signal from closing the test's database connection (and transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def fuzz(schema, name: str) -> dict[str, int]:
    """Run schemathesis' engine in process; fail on any check failure or engine error.

    Returns how many requests each operation received. (The engine, unlike one Hypothesis
    test per operation, feeds ids from earlier responses into later requests, which the
    object-level check needs.) Deletions run in a pass of their own: each one shrinks the
    pool of ids the generator draws from, Hypothesis calls that flaky data generation, and
    schemathesis 4.32.5 then ends the operation quietly after a handful of requests.
    (One `include` call per part: schemathesis joins separate calls' filters with "or".)
    """
    requests: dict[str, int] = {}
    paths = GROUPS[name]
    for part in (group(schema, name).exclude(method="DELETE"), schema.include(path_regex=paths, method="DELETE")):
        requests |= _execute(part)
    return requests


def _execute(schema) -> dict[str, int]:
    failures, requests = [], {}
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            recorder = event.recorder
            for case_id, checks in recorder.checks.items():
                label = recorder.cases[case_id].value.operation.label
                requests[label] = requests.get(label, 0) + 1
                for check in checks:
                    if check.status == Status.FAILURE:
                        failures.append(f"{label} [{check.name}]: {check.failure_info.failure.title}")
        elif isinstance(event, events.NonFatalError | events.FatalError):
            failures.append(f"engine error: {event.info.message if hasattr(event, 'info') else event}")
    assert failures == [], "\n".join(sorted(set(failures)))
    return requests


# Resources fuzzed together: the lists whose ids a group's reads and writes reuse.
GROUPS = {
    "portfolio": "^/api/v1/(entities|strategies|programmes)/",
    "projects": "^/api/v1/projects/",
    "phases": "^/api/v1/phases/",
    "reports": "^/api/v1/reports/",
    "obstacles": "^/api/v1/(obstacles|requirements)/",
    "indicators": "^/api/v1/(indicators|measurements)/",
    "meetings": "^/api/v1/(committees|meetings|agenda-items)/",
    "decisions": "^/api/v1/(decisions|tasks)/",
    "rollouts": "^/api/v1/(rollouts|rollout-participants|documents)/",
}


def group(schema, name: str):
    return schema.include(path_regex=GROUPS[name])


def test_the_groups_cover_every_operation_once(world):
    _token, key = api_token_issue(user=world.pmo, name="groups", created_by=world.admin)
    schema = load({}, key, "pmo")
    operations = [result.ok().label for result in schema.get_all_operations()]
    assert len(operations) >= 80, operations
    grouped = [result.ok().label for name in GROUPS for result in group(schema, name).get_all_operations()]
    assert sorted(grouped) == sorted(operations)


def every_operation_examples_each(schema, requests: dict[str, int]) -> None:
    """Every operation of the group was fuzzed, each with at least EXAMPLES requests."""
    operations = {result.ok().label for result in schema.get_all_operations()}
    assert operations, "the group has no operation"
    assert set(requests) == operations, operations ^ set(requests)
    short = {label: n for label, n in requests.items() if n < EXAMPLES}
    assert short == {}, short


def checks(*names):
    return {"checks": {"enabled": False, **{name: {"enabled": True} for name in names}}}


@pytest.mark.parametrize("name", GROUPS)
@pytest.mark.django_db(transaction=True)  # the engine may call from its own thread
def test_api_survives_fuzzing(world, name):
    _token, key = api_token_issue(user=world.pmo, name="fuzz", created_by=world.admin)
    schema = load(
        {
            **checks("not_a_server_error", "response_schema_conformance", "status_code_conformance", "ignored_auth"),
            "auth": {"openapi": {"tokenAuth": {"api_key": f"Token {key}"}}},
        },
        key,
        "pmo",
    )
    every_operation_examples_each(group(schema, name), fuzz(schema, name))


@pytest.mark.parametrize("name", GROUPS)
@pytest.mark.django_db(transaction=True)
def test_focal_points_cannot_read_each_others_objects(world, tmp_path, name):
    """Health and finance each own projects and phases; neither may fetch the other's."""
    identities, keys = [], []
    for peer, user in (("health", world.focal_health), ("finance", world.focal_finance)):
        _token, key = api_token_issue(user=user, name=f"fuzz-{peer}", created_by=world.admin)
        keys.append(key)
        identities.append({"name": peer, "fixedHeaders": [{"name": "Authorization", "value": f"Token {key}"}]})
    document = tmp_path / "focal-points.json"
    document.write_text(json.dumps({"schemaVersion": "0.2.0", "auth": identities}))
    schema = load(
        {
            **checks(
                "object_level_authorization",
                "not_a_server_error",
                "response_schema_conformance",
                "status_code_conformance",
            ),
            "auth": {"wfc": {"path": str(document), "peers": ["health", "finance"]}},
        },
        keys[0],
        "focal.health",
    )
    every_operation_examples_each(group(schema, name), fuzz(schema, name))
    if name not in ("projects", "phases"):
        return
    # The replays of health's reads as finance happened, were refused, and are on record.
    refused = set(
        AuditEvent.objects.filter(action=AuditAction.REFUSED, actor=world.focal_finance, method="GET").values_list(
            "path", flat=True
        )
    )
    # Health's phases, those it made and deleted while fuzzing included (their history stays).
    ever = Phase.history.filter(project_id=world.health_registry.pk).values_list("id", flat=True)
    health_phases = {f"/api/v1/phases/{pk}/" for pk in ever}
    if name == "projects":
        assert "/api/v1/projects/NHR/" in refused, refused
    else:
        assert refused & health_phases, refused
