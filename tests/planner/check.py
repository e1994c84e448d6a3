#!/usr/bin/env python3
"""Check one ddbc design.json against an expert case in tests/planner/<case>/.

usage: check.py CASE_DIR DESIGN_JSON
Prints one line, "ok <case>: ..." or "FAIL <case>: <reasons>", and exits 0 or 1.
"""
import json
import os
import re
import sys

READ_OPS = {"GetItem", "Query", "BatchGetItem"}
NAME_RE = re.compile(r"(?:--|/\*)\s*name:\s*([A-Za-z_][A-Za-z0-9_]*)\s+:?([A-Za-z]+)?")


def parse_expect(path):
    """key: value lines; '#' starts a comment; keys may be dotted (requests.Name)."""
    exp = {"requests": 1, "per": {}, "rejected": set(), "gsis": None, "source": ""}
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if line.strip().startswith("#") or not line.strip():
                continue
            if ":" not in line:
                raise ValueError(f"{path}:{lineno}: expected 'key: value'")
            key, val = line.split(":", 1)
            key = key.strip()
            if key != "source":  # a URL holds ':' and '#'
                val = val.split("#", 1)[0]
            val = val.strip()
            if key == "source":
                exp["source"] = val
            elif key == "gsis":
                exp["gsis"] = int(val)
            elif key == "requests":
                exp["requests"] = int(val)
            elif key.startswith("requests."):
                exp["per"][key[len("requests."):]] = int(val)
            elif key == "rejected":
                if val and val != "none":
                    exp["rejected"] = {v.strip() for v in val.split(",") if v.strip()}
            else:
                raise ValueError(f"{path}:{lineno}: unknown key '{key}'")
    if exp["gsis"] is None:
        raise ValueError(f"{path}: missing 'gsis'")
    return exp


def query_names(path):
    names = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = NAME_RE.match(line.strip())
            if m:
                names.append(m.group(1))
    return names


def check(case_dir, design_path):
    case = os.path.basename(os.path.normpath(case_dir))
    problems = []
    exp = parse_expect(os.path.join(case_dir, "expect"))
    names = query_names(os.path.join(case_dir, "queries.sql"))
    for n in list(exp["per"]) + sorted(exp["rejected"]):
        if n not in names:
            problems.append(f"expect names '{n}', which queries.sql does not define")

    if not os.path.isfile(design_path):
        return case, [f"no design.json at {design_path}"], ""
    try:
        with open(design_path, encoding="utf-8") as f:
            design = json.load(f)
    except (OSError, ValueError) as e:
        return case, [f"design.json is not valid JSON: {e}"], ""

    table = design.get("table") or {}
    gsis = table.get("gsis") or []
    gsi_names = {g.get("name") for g in gsis if isinstance(g, dict)}
    bound = table.get("gsi_lower_bound")
    if len(gsis) > exp["gsis"]:
        problems.append(f"{len(gsis)} GSIs, the expert used {exp['gsis']}")

    patterns = {}
    for p in design.get("patterns") or []:
        patterns.setdefault(p.get("name"), p)

    for n in names:
        p = patterns.get(n)
        if p is None:
            problems.append(f"pattern {n} missing from design.json")
            continue
        status = p.get("status")
        reqs = p.get("requests") or []
        for r in reqs:
            op = r.get("operation")
            if op == "Scan":
                problems.append(f"{n} uses a Scan")
            idx = r.get("index")
            if idx is not None and idx not in gsi_names:
                problems.append(f"{n} queries index {idx}, which the table does not define")
        if n in exp["rejected"]:
            if status != "rejected":
                problems.append(f"{n} should be rejected, is {status}")
            continue
        if p.get("kind") != "read":
            continue
        if status != "served":
            why = (p.get("rationale") or "").strip().splitlines()
            problems.append(f"{n} is {status}" + (f" ({why[0]})" if why else ""))
            continue
        limit = exp["per"].get(n, exp["requests"])
        if not reqs:
            problems.append(f"{n} is served with no request")
        elif len(reqs) > limit:
            problems.append(f"{n} takes {len(reqs)} requests, the expert {limit}")
        bad = sorted({r.get("operation") for r in reqs} - READ_OPS - {"Scan"}, key=str)
        if bad:
            problems.append(f"{n} reads with {', '.join(map(str, bad))}")

    summary = (f"gsis {len(gsis)}/{exp['gsis']} (lower bound "
               f"{bound if bound is not None else '?'}), {len(names)} patterns")
    return case, problems, summary


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        case, problems, summary = check(argv[1], argv[2])
    except (OSError, ValueError) as e:
        print(f"FAIL {os.path.basename(os.path.normpath(argv[1]))}: {e}")
        return 1
    if problems:
        print(f"FAIL {case}: " + "; ".join(problems))
        return 1
    print(f"ok {case}: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
