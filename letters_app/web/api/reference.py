"""The API reference, rendered on the server from the same OpenAPI document: no script, no
CDN, readable at any width and under the site's strict content security policy."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, current_app, render_template

bp = Blueprint("api_reference", __name__)
METHODS = ("get", "post", "put", "patch", "delete")


@bp.route("/reference")
def reference() -> str:
    spec = current_app.extensions["letters_api"].spec.to_dict()
    operations = [
        {"method": method.upper(), "path": path,
         **_operation(operation, item.get("parameters", []))}
        for path, item in spec["paths"].items()
        for method, operation in item.items() if method in METHODS
    ]
    tags = [{"name": tag["name"], "description": tag.get("description", ""),
             "operations": [op for op in operations if tag["name"] in op["tags"]]}
            for tag in spec.get("tags", [])]
    schemas = {name: _fields(schema)
               for name, schema in spec.get("components", {}).get("schemas", {}).items()}
    return render_template("api/reference.html", spec=spec, tags=tags, schemas=schemas)


def _operation(operation: dict[str, Any], path_parameters: list[dict[str, Any]]
               ) -> dict[str, Any]:
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    responses = [{"status": status, "description": answer.get("description", ""),
                  "schema": _schema_name(answer.get("content", {}))}
                 for status, answer in operation.get("responses", {}).items()
                 if isinstance(answer, dict)]
    return {
        "tags": operation.get("tags", []),
        "summary": operation.get("summary", ""),
        "description": operation.get("description", ""),
        "parameters": path_parameters + operation.get("parameters", []),
        "body_schema": _ref_name(body.get("schema", {})),
        "example": json.dumps(body["example"], indent=2) if "example" in body else None,
        "responses": responses,
    }


def _schema_name(content: dict[str, Any]) -> str:
    for media, value in content.items():
        name = _ref_name(value.get("schema", {}))
        return f"{name} ({media})" if name else media
    return ""


def _ref_name(schema: dict[str, Any]) -> str:
    return schema.get("$ref", "").rsplit("/", 1)[-1]


def _described(prop: dict[str, Any]) -> str:
    choices = prop.get("enum")
    text = prop.get("description", "")
    return f"{text} One of: {', '.join(choices)}.".strip() if choices else text


def _fields(schema: dict[str, Any]) -> list[dict[str, str]]:
    required = set(schema.get("required", []))
    rows = []
    for name, prop in schema.get("properties", {}).items():
        kind = _ref_name(prop) or prop.get("type", "")
        if kind == "array":
            kind = f"list of {_ref_name(prop.get('items', {})) or prop['items'].get('type', '')}"
        rows.append({"name": name, "type": kind + (" or null" if prop.get("nullable") else ""),
                     "required": "yes" if name in required else "",
                     "description": _described(prop)})
    return rows
