#!/usr/bin/env python3
"""Writes the official-SDK test data in tests/data/ from the official Huawei Cloud Python SDK wheels:

- official-sdk-regions.json: each region's CodeArts Repo endpoint (the SDK's region module) and
  IAM endpoint (the SDK core's table and default). tests/unit/regions.test.ts holds
  api/regions.ts equal to it.
- official-sdk-member-model.json: the JSON keys and types of RepositoryMemberDto and the call of
  ListMembers (GET /v4/repositories/{repository_id}/members). The emulator's V4 member list is held
  to it (tests/integration/member-provider.test.ts), not to our own wire schema.

`npm test` reads the committed files and needs no network. Re-run when moving to a newer SDK:
    pip download huaweicloudsdkcodeartsrepo==3.1.219 huaweicloudsdkcore==3.1.219 --no-deps -d /tmp/sdk
    python3 scripts/official-sdk/derive-test-data.py /tmp/sdk/huaweicloudsdkcodeartsrepo-3.1.219-py3-none-any.whl \
        /tmp/sdk/huaweicloudsdkcore-3.1.219-py3-none-any.whl tests/data

The SDK modules are parsed, not imported: they need the SDK's dependencies, and nothing from a
downloaded package should run here.
"""
import ast
import json
import os
import re
import sys
import zipfile

CODEARTSREPO_REGION_MODULES = [
    "huaweicloudsdkcodeartsrepo/v3/region/codeartsrepo_region.py",
    "huaweicloudsdkcodeartsrepo/v4/region/codeartsrepo_region.py",
]
CORE_IAM_ENDPOINT_MODULE = "huaweicloudsdkcore/auth/endpoint.py"
CORE_IAM_HELPER_MODULE = "huaweicloudsdkcore/auth/internal.py"
MEMBER_MODEL = "huaweicloudsdkcodeartsrepo/v4/model/repository_member_dto.py"
V4_CLIENT = "huaweicloudsdkcodeartsrepo/v4/codeartsrepo_client.py"


def wheel_version(path):
    match = re.search(r"-(\d+(?:\.\d+)+)-", path)
    if not match:
        sys.exit(f"cannot read a version from the wheel name {path}")
    return match.group(1)


def service_regions(source):
    """`static_fields` of the region class: region id -> endpoint, from the Region(...) constants."""
    constants = {}
    order = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Call):
                    call = statement.value
                    if getattr(call.func, "id", None) == "Region":
                        region_id, *endpoints = [ast.literal_eval(arg) for arg in call.args]
                        constants[statement.targets[0].id] = (region_id, endpoints)
                if isinstance(statement, ast.Assign) and statement.targets[0].id == "static_fields":
                    for key, value in zip(statement.value.keys, statement.value.values):
                        order.append((ast.literal_eval(key), value.id))
    regions = {}
    for region_id, constant in order:
        declared_id, endpoints = constants[constant]
        if declared_id != region_id or len(endpoints) != 1:
            sys.exit(f"unexpected region entry {region_id}: {declared_id} {endpoints}")
        regions[region_id] = endpoints[0]
    return regions


def iam_table(source):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__IAM_ENDPOINT_DICT":
            return ast.literal_eval(node.value)
    sys.exit("no __IAM_ENDPOINT_DICT in the core's auth/endpoint.py")


def iam_default(source):
    match = re.search(r'DEFAULT_ENDPOINT\s*=\s*"([^"]+)"', source.split("class IamHelper", 1)[-1])
    if not match:
        sys.exit("no IamHelper.DEFAULT_ENDPOINT in the core's auth/internal.py")
    return match.group(1)


def class_dicts(source):
    """openapi_types and attribute_map of the model class."""
    found = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") in ("openapi_types", "attribute_map"):
            found[node.targets[0].id] = ast.literal_eval(node.value)
    return found["openapi_types"], found["attribute_map"]


def list_members_call(source):
    """Method, path, query names and response headers of the SDK's ListMembers."""
    body = source.split("def _list_members_http_info", 1)[1].split("\n    def ", 1)[0]
    return {
        "method": re.search(r'"method": "(\w+)"', body).group(1),
        "path": re.search(r'"resource_path": "([^"]+)"', body).group(1),
        "query": re.findall(r"query_params.append\(\('(\w+)'", body),
        "responseHeaders": ast.literal_eval(re.search(r"response_headers = (\[[^\]]*\])", body).group(1)),
    }


def regions(codeartsrepo_wheel, core_wheel):
    with zipfile.ZipFile(codeartsrepo_wheel) as wheel:
        tables = {name: service_regions(wheel.read(name).decode()) for name in CODEARTSREPO_REGION_MODULES}
    first, *others = tables.values()
    if any(other != first for other in others):
        sys.exit("the v3 and v4 region modules disagree; the provider's table needs a decision")
    with zipfile.ZipFile(core_wheel) as wheel:
        iam = iam_table(wheel.read(CORE_IAM_ENDPOINT_MODULE).decode())
        default = iam_default(wheel.read(CORE_IAM_HELPER_MODULE).decode())
    return {
        "source": {
            "huaweicloudsdkcodeartsrepo": wheel_version(codeartsrepo_wheel),
            "huaweicloudsdkcore": wheel_version(core_wheel),
            "modules": CODEARTSREPO_REGION_MODULES + [CORE_IAM_ENDPOINT_MODULE, CORE_IAM_HELPER_MODULE],
        },
        "codeartsrepo": first,
        "iam": iam,
        "iamDefault": default,
    }


def member_model(codeartsrepo_wheel):
    with zipfile.ZipFile(codeartsrepo_wheel) as wheel:
        types, keys = class_dicts(wheel.read(MEMBER_MODEL).decode())
        call = list_members_call(wheel.read(V4_CLIENT).decode())
    return {
        "source": {"huaweicloudsdkcodeartsrepo": wheel_version(codeartsrepo_wheel), "modules": [MEMBER_MODEL, V4_CLIENT]},
        "listMembers": call,
        "fields": {keys[attribute]: types[attribute] for attribute in types},
    }


def main(codeartsrepo_wheel, core_wheel, out_dir):
    for name, data in [
        ("official-sdk-regions.json", regions(codeartsrepo_wheel, core_wheel)),
        ("official-sdk-member-model.json", member_model(codeartsrepo_wheel)),
    ]:
        with open(os.path.join(out_dir, name), "w") as out:
            json.dump(data, out, indent=2)
            out.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
