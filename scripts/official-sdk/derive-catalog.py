#!/usr/bin/env python3
"""Derives tests/data/official-sdk-catalog.json from the official Huawei Cloud SDK for CodeArts Repo.

Why: the provider's route table and the emulator share our own wire schemas, so agreeing with the
emulator proves nothing about the service. This catalog is an oracle nobody on this project wrote:
every operation of the official Python SDK (PyPI `huaweicloudsdkcodeartsrepo`, pinned below, wheel
checked against its sha256) with its method, path, parameters and models, derived by reading the
SDK's source with `ast` -- the SDK is never imported or run. The conformance tests
(tests/conformance/) hold the route table, the wire schemas and the emulator's answers against it,
offline.

Usage (Python 3 standard library only; needs network to PyPI, so `npm test` does not run it):
    python3 scripts/official-sdk/derive-catalog.py            # (re)writes the catalog
    python3 scripts/official-sdk/derive-catalog.py --check    # exit 1 if the file differs from a fresh derivation
    python3 scripts/official-sdk/derive-catalog.py --wheel path/to/the.whl [--check]   # offline, same sha256 check

What the catalog holds:
- operations: one per `_<name>_http_info` of `v3/codeartsrepo_client.py` (client "v3") and
  `v4/codeartsrepo_client.py` (client "v4"): method, resource path, path/query/header params (wire
  name -> declared type), response headers (wire name -> type), the request model and its body type,
  the response model and `response_body`: the type of the JSON body. A response model whose only
  body field is `body` (V4 lists: `list[X]`) gives that field's type; otherwise the response model
  itself is the body (v1/v2 responses model the envelope: `error`, `result`, `status`). Response
  header attributes (e.g. `X-Total`) are listed under the operation, not as body fields.
- models: per client, only those reachable from an operation's request body or response body:
  JSON field name (attribute_map) -> declared type (openapi_types): 'str', 'int', 'bool',
  'list[X]', 'dict(str, X)', 'object', or a model name of the same client.
The output is sorted, pretty JSON, so a rerun reproduces it byte for byte.
"""
import argparse
import ast
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile

PACKAGE = "huaweicloudsdkcodeartsrepo"
VERSION = "3.1.219"
WHEEL = f"{PACKAGE}-{VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "555491c8a9384a02a01d297614a1bbcdbc4803f3b9029cd405c892e54888ac99"
CLIENTS = {"v3": f"{PACKAGE}/v3/codeartsrepo_client.py", "v4": f"{PACKAGE}/v4/codeartsrepo_client.py"}
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUTPUT = os.path.join(REPO_ROOT, "tests", "data", "official-sdk-catalog.json")


def download_wheel(directory):
    """pip, the registry's ordinary client: only this wheel, no dependencies, no build."""
    subprocess.run(
        [sys.executable, "-m", "pip", "download", f"{PACKAGE}=={VERSION}", "--no-deps", "--only-binary=:all:",
         "--disable-pip-version-check", "--quiet", "--dest", directory],
        check=True,
    )
    return os.path.join(directory, WHEEL)


def read_verified(path):
    with open(path, "rb") as handle:
        data = handle.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != WHEEL_SHA256:
        sys.exit(f"{path}: sha256 {digest}, expected {WHEEL_SHA256} (not the pinned {PACKAGE} {VERSION})")
    return path


def literal(node):
    return ast.literal_eval(node)


def class_dict(tree, name):
    """The literal value of a class-level assignment `name = {...}` in the file's first class."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                if isinstance(statement, ast.Assign) and any(
                    isinstance(target, ast.Name) and target.id == name for target in statement.targets
                ):
                    return node.name, literal(statement.value)
            return node.name, None
    return None, None


def parse_models(archive, client):
    """Model name -> {attribute: (json name, type)} for every model file of a client."""
    prefix = f"{PACKAGE}/{client}/model/"
    models = {}
    for entry in sorted(archive.namelist()):
        if not entry.startswith(prefix) or not entry.endswith(".py") or entry.endswith("__init__.py"):
            continue
        tree = ast.parse(archive.read(entry).decode("utf-8"))
        name, types = class_dict(tree, "openapi_types")
        _, names = class_dict(tree, "attribute_map")
        if name is None or types is None or names is None:
            continue
        if name in models:
            sys.exit(f"model {name} defined twice in {client}")
        models[name] = {attribute: (names[attribute], types[attribute]) for attribute in types}
    return models


def subscript_key(node):
    """'x' for `something['x']`."""
    if isinstance(node, ast.Subscript):
        return literal(node.slice)
    return None


def is_local_var(node):
    return isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "local_var_params"


def parse_operation(function, request_type):
    """Reads one `_<name>_http_info` classmethod: the http_info literal and the param assignments."""
    operation = {"path_params": [], "query_params": [], "header_params": [], "response_headers": [], "body": False}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id == "http_info" and isinstance(node.value, ast.Dict):
                for key, value in zip(node.value.keys, node.value.values):
                    if isinstance(value, ast.Constant):
                        operation[key.value] = value.value
            elif isinstance(target, ast.Name) and target.id == "response_headers":
                operation["response_headers"] = literal(node.value)
            elif isinstance(target, ast.Name) and target.id == "body" and is_local_var(node.value):
                operation["body"] = True
            elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name) and is_local_var(node.value):
                kind = {"path_params": "path_params", "header_params": "header_params"}.get(target.value.id)
                if kind:
                    operation[kind].append((subscript_key(target), subscript_key(node.value)))
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "append"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "query_params"
        ):
            wire_name, value = node.args[0].elts
            operation["query_params"].append((literal(wire_name), subscript_key(value)))
    operation["request_type"] = request_type
    return operation


def request_type_of(tree_class, name):
    """The public method's docstring names the request class (`:type request: :class:`…XRequest``)."""
    for node in tree_class.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            match = re.search(r":type request: :class:`[\w.]*\.(\w+)`", ast.get_docstring(node) or "")
            return match.group(1) if match else None
    return None


def parse_client(archive, client, models):
    tree = ast.parse(archive.read(CLIENTS[client]).decode("utf-8"))
    client_class = next(node for node in tree.body if isinstance(node, ast.ClassDef))
    operations = []
    for node in client_class.body:
        if not (isinstance(node, ast.FunctionDef) and node.name.startswith("_") and node.name.endswith("_http_info")):
            continue
        name = node.name[1 : -len("_http_info")]
        raw = parse_operation(node, request_type_of(client_class, name))
        request = models.get(raw["request_type"], {})
        response = models.get(raw["response_type"], {})

        def typed(pairs):
            return {wire: request[attribute][1] if attribute in request else None for wire, attribute in pairs}

        response_by_json = {json_name: kind for json_name, kind in response.values()}
        headers = {header: response_by_json.get(header) for header in raw["response_headers"]}
        body_fields = {json_name: kind for json_name, kind in response_by_json.items() if json_name not in headers}
        if list(body_fields) == ["body"]:
            response_body = body_fields["body"]
        else:
            response_body = raw["response_type"]
        operations.append(
            {
                "client": client,
                "name": name,
                "method": raw["method"],
                "path": raw["resource_path"],
                "path_params": typed(raw["path_params"]),
                "query_params": typed(raw["query_params"]),
                "header_params": typed(raw["header_params"]),
                "response_headers": headers,
                "request_model": raw["request_type"],
                "request_body": request["body"][1] if raw["body"] and "body" in request else None,
                "response_model": raw["response_type"],
                "response_body": response_body,
            }
        )
    return operations


MODEL_NAME = re.compile(r"[A-Z]\w*")


def referenced_models(kind, models):
    """Model names a declared type refers to ('list[X]', 'dict(str, X)', 'X')."""
    return [name for name in MODEL_NAME.findall(kind or "") if name in models]


def reachable(operations, models, client):
    pending = []
    for operation in operations:
        if operation["client"] == client:
            pending += referenced_models(operation["request_body"], models)
            pending += referenced_models(operation["response_body"], models)
    seen = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        for _, kind in models[name].values():
            pending += referenced_models(kind, models)
    return seen


def derive(wheel_path):
    with zipfile.ZipFile(wheel_path) as archive:
        catalog = {
            "source": {
                "package": PACKAGE,
                "version": VERSION,
                "wheel": WHEEL,
                "sha256": WHEEL_SHA256,
                "derived_by": "scripts/official-sdk/derive-catalog.py",
            },
            "operations": [],
            "models": {},
        }
        for client in sorted(CLIENTS):
            models = parse_models(archive, client)
            operations = parse_client(archive, client, models)
            catalog["operations"] += operations
            catalog["models"][client] = {}
            for name in sorted(reachable(operations, models, client)):
                fields = {json_name: kind for json_name, kind in models[name].values()}
                # Response models: header attributes are not body fields.
                headers = {h for op in operations if op["response_model"] == name for h in op["response_headers"]}
                catalog["models"][client][name] = {k: v for k, v in fields.items() if k not in headers}
    catalog["operations"].sort(key=lambda operation: (operation["client"], operation["name"]))
    return json.dumps(catalog, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare a fresh derivation with the committed file")
    parser.add_argument("--wheel", help="use this wheel file instead of downloading it (sha256 still checked)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        wheel_path = read_verified(arguments.wheel or download_wheel(directory))
        text = derive(wheel_path)
    if arguments.check:
        with open(OUTPUT, encoding="utf-8") as handle:
            if handle.read() != text:
                sys.exit(f"{OUTPUT} differs from a fresh derivation of {WHEEL}: rerun without --check")
        print(f"{OUTPUT} matches {WHEEL}")
        return
    os.makedirs(os.path.dirname(OUTPUT), exist_ok=True)
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    print(f"wrote {OUTPUT} ({len(text.encode('utf-8'))} bytes)")


if __name__ == "__main__":
    main()
