"""How the OpenAPI document states query parameters, the same on both frameworks.

A filter that is not sent is None in the query model, but null is not a value a client
can send, so the document does not offer it. A list (`?price__in=1,2`, `?sort=-price,id`)
is one parameter with commas: OpenAPI's form style without explode, its text values
documented without commas.
"""

from typing import Any

NO_NUL = "^[^\\x00]*$"
NO_NUL_OR_COMMA = "^[^,\\x00]*$"


def document_query_parameters(operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        if parameter.get("in") != "query":
            continue
        schema = parameter["schema"]
        variants = [variant for variant in schema.get("anyOf", []) if variant.get("type") != "null"]
        if "anyOf" in schema and len(variants) == 1:
            del schema["anyOf"]
            schema.update(variants[0])
        if schema.get("type") == "array":
            parameter["style"] = "form"
            parameter["explode"] = False
            _no_commas(schema["items"])


def _no_commas(items: dict[str, Any]) -> None:
    # The commas separate the values, so no value can hold one: the document says so,
    # rather than offer strings the API would read as two values.
    free_text = items.get("type") == "string" and "enum" not in items and "const" not in items
    if free_text and items.get("pattern") in (None, NO_NUL):
        items["pattern"] = NO_NUL_OR_COMMA
