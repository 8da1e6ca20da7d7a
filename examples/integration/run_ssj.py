#!/usr/bin/env python3
"""Worked example: drive the `ssj` command from another language.

A bureau system (Java, .NET, Python…) does the same four things:

1. build request.json from its own database (here: a small invented
   county), with the policy taken from `ssj rules <preset> --format json`;
2. run `ssj plan --request request.json --format json --out plan.json`
   and look at the exit code (0 plan written, 1 cannot plan, 2 bad input);
3. read plan.json, check its `format`, store it with its `commitment`;
4. run `ssj check` on the stored plan (exit 0 compliant, 1 breaches).

Usage: python3 run_ssj.py [path/to/ssj]   (or set SSJ_BIN)
Standard library only. Exits non-zero on any failure.
"""

import json
import os
import subprocess
import sys
import tempfile

PLAN_FORMAT = "shuangsuiji.plan/4"


class SsjError(Exception):
    """ssj refused: exit 1 is a domain "no", exit 2 bad usage or input."""

    def __init__(self, args, code, stderr):
        kind = {1: "domain refusal", 2: "bad usage or input"}.get(code, "unexpected failure")
        super().__init__(f"ssj {' '.join(args)} exited {code} ({kind}):\n{stderr}")
        self.code = code
        self.stderr = stderr


def run_ssj(ssj, args, ok_codes=(0,)):
    """Runs ssj; returns (exit code, stdout). Raises SsjError on other codes."""
    proc = subprocess.run(
        [ssj, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        encoding="utf-8",  # ssj writes UTF-8 (Chinese names and clauses)
        check=False,
    )
    if proc.returncode not in ok_codes:
        raise SsjError(args, proc.returncode, proc.stderr)
    return proc.returncode, proc.stdout


def build_request(ssj):
    """A prefecture, one county with 60 objects and 4 officers, Changji's county rules."""
    _, policy_json = run_ssj(ssj, ["rules", "changji-county", "--format", "json"])
    policy = json.loads(policy_json)

    county = "hutubi"
    jurisdictions = [
        {"id": "changji", "name": "昌吉州", "level": "prefecture", "parent": None},
        {"id": county, "name": "呼图壁县", "level": "county", "parent": "changji"},
    ]
    labels = {"key": "重点", "special": "特殊", "general": "一般"}
    objects = []
    for prefix, n, category in (("K", 8, "key"), ("S", 4, "special"), ("G", 48, "general")):
        for i in range(1, n + 1):
            objects.append({
                "id": f"91652323{prefix}{i:04d}",
                "name": f"呼图壁{labels[category]}单位{i}号",
                "jurisdiction": county,
                "category": category,
            })
    # One relocated object: in the registry, never drawn.
    objects.append({"id": "91652323X0001", "name": "已搬迁砖厂", "jurisdiction": county,
                    "category": "general", "status": "relocated"})
    inspectors = [
        {"id": f"6523230{i}", "name": name, "jurisdiction": county, "role": "officer", "quarterly_capacity": 20}
        for i, name in enumerate(["张伟", "王芳", "李娜", "刘洋"], start=1)
    ]
    inspectors[0]["recusals"] = ["91652323K0001"]  # 回避: a relative works there
    return {
        "registry": {"jurisdictions": jurisdictions, "objects": objects, "inspectors": inspectors},
        "policy": policy,
        "units": [county],
        "quarter": "2023Q1",
        "history": [],
        "targeted": [{"object": "91652323G0007", "reason": "complaint"}],
        "campaigns": [],
        "seed": "73059812460917733531",  # fixed in public before the draw
    }


def main():
    ssj = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("SSJ_BIN", "ssj")
    with tempfile.TemporaryDirectory() as tmp:
        request_path = os.path.join(tmp, "request.json")
        plan_path = os.path.join(tmp, "plan.json")

        request = build_request(ssj)
        with open(request_path, "w", encoding="utf-8") as f:
            json.dump(request, f, ensure_ascii=False, indent=2)

        # Plan. A failed run never overwrites an existing plan.json.
        run_ssj(ssj, ["plan", "--request", request_path, "--format", "json", "--out", plan_path])
        with open(plan_path, encoding="utf-8") as f:
            plan = json.load(f)

        if plan.get("format") != PLAN_FORMAT:
            raise SystemExit(f"unknown plan format {plan.get('format')!r}; this integration reads {PLAN_FORMAT}")
        digest = plan["commitment"]
        if len(digest) != 64:
            raise SystemExit(f"bad input digest {digest!r}")

        for task in plan["tasks"]:
            visit = task["visit"]
            if visit["kind"] == "own" and len(visit["officers"]) < 2:
                raise SystemExit(f"task {task['object']} has fewer than two officers: {visit['officers']}")
            if task["object"] == "91652323K0001" and "65232301" in visit.get("officers", []):
                raise SystemExit("a recused officer was assigned")
        if not any("complaint" in t.get("targeted", []) for t in plan["tasks"]):
            raise SystemExit("the targeted inspection is missing from the plan")

        # Independent check of the stored plan (exit 1 would list breaches on stdout).
        code, report = run_ssj(ssj, ["check", "--plan", plan_path, "--request", request_path, "--format", "json"],
                               ok_codes=(0, 1))
        report = json.loads(report)
        if code != 0 or report["breaches"]:
            raise SystemExit(f"ssj check found breaches: {report['breaches']}")

        # A bad request is exit 2, with the reason on stderr.
        bad = dict(request, quarter="2023Q5")
        bad_path = os.path.join(tmp, "bad.json")
        with open(bad_path, "w", encoding="utf-8") as f:
            json.dump(bad, f, ensure_ascii=False)
        code, _ = run_ssj(ssj, ["plan", "--request", bad_path, "--format", "json"], ok_codes=(2,))

        print(f"plan {plan['quarter']} policy {plan['policy']} seed {plan['seed']}")
        print(f"input digest {digest}")
        for line in plan["strata"]:
            st = line["stratum"]
            name = f"{st['unit']}/{st['pool']}/{st['category']}"
            print(f"  {name:<32} eligible {line['eligible']:>3}  minimum {line['required']:>3}  drawn {line['drawn']:>3}")
        officers = sorted({o for t in plan["tasks"] for o in t["visit"].get("officers", [])})
        print(f"tasks {len(plan['tasks'])}, officers used {len(officers)}, "
              f"check: {report['strata_checked']} strata and {report['tasks_checked']} tasks, compliant")


if __name__ == "__main__":
    try:
        main()
    except SsjError as e:
        print(e, file=sys.stderr)
        sys.exit(1)
    except (OSError, ValueError, KeyError) as e:
        print(f"integration failed: {e}", file=sys.stderr)
        sys.exit(1)
