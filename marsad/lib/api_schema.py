"""The OpenAPI schema says what the server does (a drf-spectacular postprocessing hook).

drf-spectacular describes the happy path; every operation can also be refused, and the
refusals are uniform (one exception handler, `marsad.web.api`), so they are described
here once rather than per view:

- 400 a request the server refuses to act on (a field's rule, a malformed body or
  filter, a NUL character), 401 not signed in, 403 not allowed, 404 not found (or not
  in the caller's reach) — on every operation;
- 415 on every operation that takes a body, sent as a content type the API does not
  read;
- 409 on every change (PUT, PATCH, a POST on a record): the version sent is stale, or
  the step does not apply to the record's present state;
- a change (PUT, PATCH) must send the version it read, so the schema requires it.
"""

import copy
from typing import Any

from django.utils.translation import gettext_lazy as _

ERROR = {
    "type": "object",
    "description": _("Why the request was refused: `detail`, or the messages of each field at fault."),
    "properties": {
        "detail": {"type": "string"},
        "request_id": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": True,
}
CONFLICT = {
    "type": "object",
    "description": _("Someone changed the record since it was read, or the step does not apply to it now."),
    "properties": {"detail": {"type": "string"}, "version": {"type": "integer", "nullable": True}},
    "required": ["detail"],
}
REFUSALS = {
    "400": _("The request is refused: the messages say which field and why."),
    "401": _("Not signed in: send `Authorization: Token <key>`."),
    "403": _("Signed in, but not allowed to do this."),
    "404": _("No such record, or not one the caller may read."),
}


# A body sent as something the parsers do not read (JSON, form data, multipart).
UNSUPPORTED = _("The body's content type is not one the API reads: send JSON, form data or multipart.")


def _response(description: object, ref: str) -> dict[str, Any]:
    return {"description": str(description), "content": {"application/json": {"schema": {"$ref": ref}}}}


def describe_refusals(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {**ERROR, "description": str(ERROR["description"])}
    schemas["Conflict"] = {**CONFLICT, "description": str(CONFLICT["description"])}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status, description in REFUSALS.items():
                responses.setdefault(status, _response(description, "#/components/schemas/Error"))
            if "requestBody" in operation:
                responses.setdefault("415", _response(UNSUPPORTED, "#/components/schemas/Error"))
            is_change = method in ("put", "patch") or (method == "post" and "{" in path)
            if is_change:
                responses.setdefault("409", _response(CONFLICT["description"], "#/components/schemas/Conflict"))
            if method in ("put", "patch"):
                _require_version(operation, schemas, method)
    return result


def _require_version(operation: dict[str, Any], schemas: dict[str, Any], method: str) -> None:
    """A change's body must carry `version`: point PUT and PATCH at a copy of the body
    schema that requires it (POST, which creates, shares the original)."""
    for media in operation.get("requestBody", {}).get("content", {}).values():
        ref = media.get("schema", {}).get("$ref", "")
        name = ref.rsplit("/", 1)[-1]
        body = schemas.get(name)
        if not body or "version" not in body.get("properties", {}):
            continue
        changed = name  # PATCH has a body schema of its own
        if method == "put":  # PUT shares POST's
            changed = f"{name.removesuffix('Request')}ChangeRequest"
            schemas.setdefault(changed, copy.deepcopy(body))
        required = schemas[changed].setdefault("required", [])
        if "version" not in required:
            required.append("version")
        media["schema"] = {"$ref": f"#/components/schemas/{changed}"}
    operation.get("requestBody", {})["required"] = True
