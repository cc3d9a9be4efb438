"""The OpenAPI schema, flattened for the documentation page: each operation
with its parameters, request fields and response fields, types in words."""

from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")
SHOWN_ENUM_VALUES = 12


def api_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema: dict, node: dict) -> tuple[str, dict]:
    ref = node.get("$ref", "")
    if not ref:
        return "", node
    name = ref.rsplit("/", 1)[-1]
    return name, schema["components"]["schemas"][name]


def type_text(schema: dict, node: dict) -> str:
    """A field's type in a few words: "string (date)", "list of uuid"..."""
    name, node = _resolve(schema, node)
    for combined in ("oneOf", "anyOf", "allOf"):
        if combined in node:
            parts = [type_text(schema, n) for n in node[combined]]
            return _(" or ").join(p for p in dict.fromkeys(parts) if p)
    if "enum" in node:
        values = [str(v) if v is not None else "null" for v in node["enum"]]
        values = [f"“{v}”" if v else "“”" for v in values]
        if len(values) > SHOWN_ENUM_VALUES:
            values = [*values[:SHOWN_ENUM_VALUES], "…"]
        return _("one of %(values)s") % {"values": ", ".join(values)}
    kind = node.get("type", "")
    if kind == "array":
        return _("list of %(type)s") % {
            "type": type_text(schema, node.get("items", {}))
        }
    if kind == "object" and name:
        return name
    if kind == "object":
        return _("object")
    text = f"{kind} ({node['format']})" if node.get("format") else kind
    return f"{text}, {_('or null')}" if node.get("nullable") else text


def fields(schema: dict, node: dict) -> list[dict]:
    _name, node = _resolve(schema, node)
    required = set(node.get("required", []))
    return [
        {
            "name": name,
            "type": type_text(schema, prop),
            "required": name in required,
            "description": prop.get("description", ""),
        }
        for name, prop in node.get("properties", {}).items()
    ]


def _response(schema: dict, code: str, response: dict) -> dict:
    content = response.get("content", {}).get("application/json", {})
    body = content.get("schema")
    shown = {"code": code, "description": response.get("description", "")}
    if body is None:
        return shown | {"fields": []}
    _name, resolved = _resolve(schema, body)
    results = resolved.get("properties", {}).get("results")
    if results is not None:
        return shown | {"paged": True, "fields": fields(schema, results["items"])}
    if resolved.get("type") == "array":
        return shown | {"fields": fields(schema, resolved["items"])}
    return shown | {"fields": fields(schema, body)}


def operations(schema: dict) -> list[dict]:
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = (
                operation.get("requestBody", {})
                .get("content", {})
                .get("application/json", {})
                .get("schema")
            )
            found.append(
                {
                    "id": operation.get("operationId", ""),
                    "method": method.upper(),
                    "path": path,
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": p["in"],
                            "required": p.get("required", False),
                            "type": type_text(schema, p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "request": fields(schema, body) if body else [],
                    "responses": [
                        _response(schema, code, response)
                        for code, response in operation.get("responses", {}).items()
                    ],
                }
            )
    return found
