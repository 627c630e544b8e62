"""The /api/v1/ portfolio endpoints: reads, writes within scope, clear 400s, the schema."""

import pytest
import yaml
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


def test_projects_list_carries_computed_figures(api, world):
    response = as_user(api, world.committee).get("/api/v1/projects/")
    assert response.status_code == 200
    by_code = {p["code"]: p for p in response.json()["results"]}
    assert set(by_code) == {"NHR", "ITAS", "CERT"}
    assert by_code["NHR"]["execution_percent"] == pytest.approx(40.0)
    assert by_code["NHR"]["slippage_days"] == 122
    assert by_code["NHR"]["schedule_health"] == "amber_red"
    assert by_code["NHR"]["owner"] == "MOH"
    assert by_code["ITAS"]["execution_percent"] == pytest.approx(35.0)


def test_projects_accept_the_portfolio_page_filters(api, world):
    as_user(api, world.committee)
    assert [p["code"] for p in api.get("/api/v1/projects/?entity=MOCT").json()["results"]] == ["CERT"]
    assert [p["code"] for p in api.get("/api/v1/projects/?sort=-percent").json()["results"]] == ["NHR", "ITAS", "CERT"]
    assert [p["code"] for p in api.get("/api/v1/projects/?status=in_service").json()["results"]] == ["CERT"]


def test_unknown_filter_value_is_a_400_naming_the_field(api, world):
    response = as_user(api, world.committee).get("/api/v1/projects/?status=flying")
    assert response.status_code == 400
    assert "status" in response.json()


def test_pagination(api, world):
    response = as_user(api, world.committee).get("/api/v1/projects/?page_size=2")
    body = response.json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"]


def test_project_detail_by_code(api, world):
    response = as_user(api, world.committee).get("/api/v1/projects/NHR/")
    assert response.status_code == 200
    assert response.json()["name_en"] == "National Health Registry"


def test_anonymous_gets_401_or_403(api, world):
    assert api.get("/api/v1/projects/").status_code in (401, 403)


def test_token_authentication(api, world):
    from marsad.accounts.tokens import api_token_issue

    _token, key = api_token_issue(user=world.viewer_health, name="script", created_by=world.admin)
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get("/api/v1/projects/")
    assert response.status_code == 200
    assert [p["code"] for p in response.json()["results"]] == ["NHR"]  # the token acts as its user


def test_viewer_reads_only_granted_entities(api, world):
    as_user(api, world.viewer_health)
    assert [p["code"] for p in api.get("/api/v1/projects/").json()["results"]] == ["NHR"]
    assert api.get("/api/v1/projects/ITAS/").status_code == 404
    assert [p["project"] for p in api.get("/api/v1/phases/").json()["results"]] == ["NHR", "NHR"]


def test_data_feed_account_reads_nothing_here(api, world):
    assert as_user(api, world.feed).get("/api/v1/projects/").status_code == 403


NEW_PROJECT = {
    "code": "E-PAY",
    "name_ar": "الدفع الإلكتروني",
    "owner": "MOF",
    "status": "proposed",
    "baseline_start": "2027-01-01",
    "baseline_go_live": "2027-12-31",
}


def test_programme_office_creates_a_project(api, world):
    response = as_user(api, world.pmo).post("/api/v1/projects/", NEW_PROJECT, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["code"] == "E-PAY"
    assert response.json()["execution_percent"] is None


def test_focal_point_cannot_create_projects(api, world):
    assert as_user(api, world.focal_finance).post("/api/v1/projects/", NEW_PROJECT, format="json").status_code == 403


def test_committee_member_cannot_write(api, world):
    response = as_user(api, world.committee).patch(
        "/api/v1/projects/NHR/", {"version": 1, "forecast_go_live": "2027-08-01"}, format="json"
    )
    assert response.status_code == 403


def test_focal_point_updates_own_entity_project(api, world):
    response = as_user(api, world.focal_health).patch(
        "/api/v1/projects/NHR/", {"version": 1, "forecast_go_live": "2027-08-01"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["slippage_days"] == 153  # recomputed in the answer
    world.health_registry.refresh_from_db()
    assert str(world.health_registry.forecast_go_live) == "2027-08-01"
    assert world.health_registry.history.first().history_user == world.focal_health


def test_focal_point_cannot_see_or_touch_another_entity_project(api, world):
    response = as_user(api, world.focal_finance).patch(
        "/api/v1/projects/NHR/", {"version": 1, "forecast_go_live": "2030-01-01"}, format="json"
    )
    assert response.status_code == 404  # not readable: its existence is not revealed
    world.health_registry.refresh_from_db()
    assert str(world.health_registry.forecast_go_live) == "2027-07-01"


def test_focal_point_reads_but_cannot_change_a_project_their_entity_takes_part_in(api, world):
    world.health_registry.participants.add(world.finance)
    as_user(api, world.focal_finance)
    assert api.get("/api/v1/projects/NHR/").status_code == 200
    response = api.patch("/api/v1/projects/NHR/", {"version": 1, "forecast_go_live": "2030-01-01"}, format="json")
    assert response.status_code == 403


def test_public_projects_are_readable_by_every_focal_point(api, world):
    world.tax.is_public = True
    world.tax.save()
    as_user(api, world.focal_health)
    assert {p["code"] for p in api.get("/api/v1/projects/").json()["results"]} == {"NHR", "ITAS"}
    assert (
        api.patch("/api/v1/projects/ITAS/", {"version": 1, "reported_percent": "90"}, format="json").status_code == 403
    )


def test_focal_point_cannot_hand_a_project_to_another_entity(api, world):
    response = as_user(api, world.focal_health).patch(
        "/api/v1/projects/NHR/", {"version": 1, "owner": "MOF"}, format="json"
    )
    assert response.status_code == 403


def test_focal_point_adds_a_phase_to_own_project_only(api, world):
    as_user(api, world.focal_health)
    phase = {"project": "NHR", "order": 3, "name_ar": "الإطلاق", "weight": "1", "percent_complete": "0"}
    assert api.post("/api/v1/phases/", phase, format="json").status_code == 201
    # Another ministry's project reads like a code that does not exist (nothing to probe).
    refused = api.post("/api/v1/phases/", {**phase, "project": "ITAS"}, format="json")
    assert refused.status_code == 400 and "project" in refused.json()


def test_invalid_input_gets_field_messages_in_arabic(api, world):
    as_user(api, world.pmo)
    response = api.post(
        "/api/v1/projects/",
        {**NEW_PROJECT, "code": "NHR", "owner": "NOPE", "baseline_go_live": "2026-01-01", "status": "flying"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ar",
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) >= {"code", "owner", "status"}
    response = api.post("/api/v1/projects/", {**NEW_PROJECT, "baseline_go_live": "2026-01-01"}, format="json")
    assert response.status_code == 400
    assert response.json()["baseline_go_live"] == ["لا يمكن أن يسبق موعد الدخول في الخدمة تاريخ البداية."]


def test_invalid_phase_percent_and_duplicate_order(api, world):
    as_user(api, world.pmo)
    response = api.post(
        "/api/v1/phases/", {"project": "NHR", "order": 1, "name_ar": "مكررة", "percent_complete": "150"}, format="json"
    )
    assert response.status_code == 400
    assert "percent_complete" in response.json()
    response = api.post("/api/v1/phases/", {"project": "NHR", "order": 1, "name_ar": "مكررة"}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()  # order 1 already exists for NHR


def test_malformed_json_is_a_400_not_a_500(api, world):
    response = as_user(api, world.pmo).generic(
        "POST", "/api/v1/projects/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_projects_cannot_be_deleted_through_the_api(api, world):
    assert as_user(api, world.pmo).delete("/api/v1/projects/NHR/").status_code == 405


def test_reference_data_is_readable_and_changed_only_by_the_programme_office(api, world):
    as_user(api, world.focal_health)
    assert api.get("/api/v1/entities/").json()["count"] == 4
    assert api.post("/api/v1/entities/", {"code": "X", "name_ar": "س"}, format="json").status_code == 403
    as_user(api, world.pmo)
    assert (
        api.post(
            "/api/v1/entities/", {"code": "MOE", "name_ar": "وزارة الكهرباء", "kind": "ministry"}, format="json"
        ).status_code
        == 201
    )
    assert api.get("/api/v1/strategies/").status_code == 200
    assert api.get("/api/v1/programmes/").status_code == 200


def test_schema_is_openapi_3_and_lists_the_endpoints(api, world):
    response = as_user(api, world.committee).get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    for path in [
        "/api/v1/entities/",
        "/api/v1/strategies/",
        "/api/v1/programmes/",
        "/api/v1/projects/",
        "/api/v1/projects/{code}/",
        "/api/v1/phases/",
        "/api/v1/phases/{id}/",
    ]:
        assert path in schema["paths"], path
    parameters = {p["name"] for p in schema["paths"]["/api/v1/projects/"]["get"]["parameters"]}
    assert {"entity", "status", "health", "sort", "page"} <= parameters


def test_schema_validates(world):
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    validate_schema(SchemaGenerator().get_schema(request=None, public=True))


def test_docs_are_served_offline(api, world):
    as_user(api, world.committee)
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "//unpkg" not in html
