# SPDX-License-Identifier: MIT
"""A small JSON Schema validator (standard library only) for the subset of
draft 2020-12 that docs/stats.schema.json uses: type, const, enum, minimum,
required, properties, additionalProperties, oneOf and local $ref.

Why our own: the tests run under whichever python3 CMake finds, which need
not be the one a Debian python3-jsonschema package installs into; a schema
keyword outside the subset raises, so the schema cannot silently use
something this checker ignores. Where the `jsonschema` package is importable
the tests check with it too.
"""

import json

_IGNORED = {"$schema", "$id", "$defs", "title", "description"}
_KNOWN = _IGNORED | {"type", "const", "enum", "minimum", "required", "properties",
                     "additionalProperties", "oneOf", "$ref"}


def _is_type(value, name):
    if name == "null":
        return value is None
    if name == "boolean":
        return isinstance(value, bool)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "string":
        return isinstance(value, str)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    raise ValueError("unknown type in schema: %r" % name)


def _same(a, b):
    # JSON equality: 1 == 1.0, but true != 1.
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def _resolve(root, ref):
    if not ref.startswith("#/"):
        raise ValueError("only local $ref is supported: %r" % ref)
    node = root
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def errors(instance, schema, root=None, path="$"):
    """Every way `instance` breaks `schema`, as 'path: problem' strings."""
    root = schema if root is None else root
    unknown = set(schema) - _KNOWN
    if unknown:
        raise ValueError("schema keyword(s) not supported here: %s" % sorted(unknown))
    found = []
    if "$ref" in schema:
        found += errors(instance, _resolve(root, schema["$ref"]), root, path)
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(instance, n) for n in names):
            found.append("%s: %r is not of type %s" % (path, instance, " or ".join(names)))
            return found
    if "const" in schema and not _same(instance, schema["const"]):
        found.append("%s: %r is not %r" % (path, instance, schema["const"]))
    if "enum" in schema and not any(_same(instance, v) for v in schema["enum"]):
        found.append("%s: %r is not one of %r" % (path, instance, schema["enum"]))
    if "minimum" in schema and _is_type(instance, "number") and instance < schema["minimum"]:
        found.append("%s: %r is less than %r" % (path, instance, schema["minimum"]))
    if isinstance(instance, dict):
        for key in schema.get("required", []):
            if key not in instance:
                found.append("%s: missing %r" % (path, key))
        properties = schema.get("properties", {})
        for key, value in instance.items():
            if key in properties:
                found += errors(value, properties[key], root, "%s.%s" % (path, key))
            elif schema.get("additionalProperties", True) is False:
                found.append("%s: unexpected key %r" % (path, key))
    if "oneOf" in schema:
        results = [errors(instance, sub, root, path) for sub in schema["oneOf"]]
        matching = sum(1 for r in results if not r)
        if matching != 1:
            why = "; ".join("alternative %d: %s" % (i, ", ".join(r[:3]))
                            for i, r in enumerate(results) if r)
            found.append("%s: matches %d of the oneOf alternatives, not exactly 1 (%s)"
                         % (path, matching, why))
    return found


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)
