"""The OpenAPI schema says what the server does (found by fuzzing it, issue 13)."""

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def schema(world):
    client = APIClient()
    client.force_authenticate(world.pmo)
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_every_operation_documents_its_refusals(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert {"400", "401", "403", "404"} <= set(operation["responses"]), (method, path)
            if method in ("put", "patch"):
                assert "409" in operation["responses"], (method, path)


def test_a_change_must_send_the_version_it_read(schema):
    components = schema["components"]["schemas"]
    for method in ("put", "patch"):
        body = schema["paths"]["/api/v1/projects/{code}/"][method]["requestBody"]["content"]["application/json"]
        name = body["schema"]["$ref"].rsplit("/", 1)[-1]
        assert "version" in components[name]["required"], (method, name)
    # Creating a project needs no version.
    created = schema["paths"]["/api/v1/projects/"]["post"]["requestBody"]["content"]["application/json"]
    assert "version" not in components[created["schema"]["$ref"].rsplit("/", 1)[-1]].get("required", [])


def test_schema_details_the_fuzzer_found_wrong(schema):
    components = schema["components"]["schemas"]
    assert components["TaskUpdate"]["properties"]["author"].get("nullable") is True
    assert "period_start" in components["ProgressReportRequest"]["required"]
    assert components["BulkRequest"]["properties"]["values"]["minItems"] == 1
    rebaseline = schema["paths"]["/api/v1/projects/{code}/rebaseline/"]["post"]["responses"]
    assert "201" in rebaseline and "200" not in rebaseline
