#!/usr/bin/env python3
"""Writes a smaller, valid copy of an OpenAPI document: its first N operations (in document
order) and exactly the components they reach through `$ref`, transitively.

    python3 scripts/bench/subset.py SPEC.json N OUT.json

Used by scaling.sh to measure clientgen on one API at several sizes, so that the sizes differ
in how much there is, not in what kind of spec it is. Security schemes are kept whole (they are
named by `security`, not by `$ref`). JSON in, JSON out.
"""

import json
import sys

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def refs(node, found):
    """Every local `$ref` target under `node`, as (section, name)."""
    stack = [node]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/"):
                parts = ref[len("#/components/"):].split("/")
                if len(parts) >= 2:
                    name = parts[1].replace("~1", "/").replace("~0", "~")
                    found.add((parts[0], name))
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def subset(doc, limit):
    paths = {}
    count = 0
    for path, item in doc.get("paths", {}).items():
        if count >= limit:
            break
        if not isinstance(item, dict):
            continue
        kept = {}
        for key, value in item.items():
            if key in METHODS:
                if count >= limit:
                    continue
                count += 1
            kept[key] = value
        if any(k in METHODS for k in kept):
            paths[path] = kept
    components = doc.get("components", {})
    wanted = set()
    refs(paths, wanted)
    done = set()
    while wanted - done:
        for section, name in sorted(wanted - done):
            done.add((section, name))
            target = components.get(section, {}).get(name)
            if target is not None:
                refs(target, wanted)
    out = {k: v for k, v in doc.items() if k not in ("paths", "components")}
    out["paths"] = paths
    kept_components = {}
    for section, entries in components.items():
        if section == "securitySchemes":
            kept_components[section] = entries
            continue
        if not isinstance(entries, dict):
            continue
        chosen = {n: v for n, v in entries.items() if (section, n) in done}
        if chosen:
            kept_components[section] = chosen
    if kept_components:
        out["components"] = kept_components
    return out, count


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    spec, limit, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(spec, encoding="utf-8") as f:
        doc = json.load(f)
    out, count = subset(doc, limit)
    with open(target, "w", encoding="utf-8") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
    print(count)


if __name__ == "__main__":
    main()
