"""Every status code the API can answer, documented in its OpenAPI schema.

drf-spectacular documents the success response of each operation; the error
answers come from shared machinery (validation, routing, throttling, Django's
request limits), so they are added here once, for every operation, with the
one error body the API uses: ``{"message": ..., "errors": {field: [...]}}``.
schemathesis (tests/test_api_schema_fuzz.py) checks that nothing else is answered.
"""

from __future__ import annotations

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "message": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": True,
            "description": "Per parameter, what is wrong with it (empty when not about one).",
        },
    },
    "required": ["message", "errors"],
}
ERRORS = {
    "400": "Invalid parameters or body (the fields are named in `errors`).",
    "404": "No such object, or an unknown `format`.",
    "429": "Too many requests from this client; retry later.",
}
WRITE_ERRORS = {
    "401": "Authentication required.",
    "403": "Not allowed.",
    "413": "Request body too large.",
    "415": "Unsupported body media type (send JSON).",
}
CSV = {"text/csv": {"schema": {"type": "string"}}}


def document_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: add the shared error answers to every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            errors = dict(ERRORS)
            if method != "get":
                errors.update(WRITE_ERRORS)
            for status, description in errors.items():
                responses.setdefault(status, {"description": description, "content": reference})
            if _offers_csv(operation):
                for status, response in responses.items():
                    if status.startswith("2"):
                        response.setdefault("content", {}).update(CSV)
    return result


def _offers_csv(operation: dict) -> bool:
    return any(
        p.get("name") == "format" and "csv" in p.get("schema", {}).get("enum", [])
        for p in operation.get("parameters", [])
    )
