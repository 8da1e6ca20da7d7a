#!/usr/bin/env python3
"""Independent checker of a commitment (`ssj commit`) against its request.

Written from docs/draw-protocol.md §3 ("The canonical form and the
commitment digest") alone, using only Python's standard library (hashlib,
json, re); it shares no code with the Rust crate. It checks:

1. that the commitment file's `digest` is the SHA-256 (lowercase hex) of
   the JCS (RFC 8785) bytes of its `frozen` member (the file is intact);
2. that `frozen` is the header recomputed from the request:
   - every record of the lists `registry.jurisdictions`, `registry.objects`,
     `registry.inspectors`, `history`, `targeted`, `campaigns`, and the
     policy, is normalised, recursively in every JSON object: numbers
     without a fractional part become integers; the members `from`,
     `until`, `last_violation`, `date` become `YYYY-MM-DD` with zero
     padding; the sets `free`, `expertise`, `recusals`, `pools` are sorted
     by value (code points) with repeats removed, `inspectors` sorted with repeats
     kept; a member is dropped when it is `null`, `[]` (except `pools: []`)
     or `{}`, or equals its default (`status` "active",
     `online_monitoring_stable` false, `complaints` 0, `on_post` true,
     `years_of_service` 0, `pools` ["pollution"], `cadence` "quarterly",
     `readings` the default readings); inside an `attributes` object the
     member names are the bureau's and no rule by name applies to them
     (their values are normalised, and dropped when null, [] or {});
   - a record's leaf is SHA-256(JCS bytes); a list's root is
     SHA-256(SHA-256(chunk 0) || SHA-256(chunk 1) || ...) over its sorted
     leaves cut in chunks of 4096 (SHA-256 of nothing for an empty list);
   - the header is {format, quarter (YYYYQn), month (a monthly draw's),
     units (sorted), policy, seed_rule (its `weak` left out when false),
     committed ({authority, date, strata[, outside_window]}: who committed, when, the
     root of the strata the request draws, and why outside its window, as
     `ssj commit` wrote it),
     draw_date (YYYY-MM-DD), late_reason (each of the last four absent
     when the request has none), lists: {name: {count, root}}}, and the
     commitment digest is SHA-256 of its JCS bytes; the commitment file's
     own `authority` and `date` must be the ones `committed` holds.
   Each part that differs is named (format, quarter, month, units, policy
   with the paths inside it, seed_rule, the draw date and late reason,
   each list's count and root, the digest).

The request may be written in any member order, with defaults written out
or left away; its `seed` is ignored (the seed is not committed).

Usage: commitment_check.py REQUEST.json COMMITMENT.json
Prints `OK: commitment <digest> recomputed from <request>` (exit 0), or
every difference (exit 1); exit 2 on a bad file or usage.
"""

import hashlib
import json
import math
import re
import sys

COMMITMENT_FORMAT = "shuangsuiji.commitment/3"
CHUNK = 4096

# The lists of the request, in the order the header names them, and where
# each lives in the request.
LISTS = (
    ("jurisdictions", ("registry", "jurisdictions")),
    ("objects", ("registry", "objects")),
    ("inspectors", ("registry", "inspectors")),
    ("history", ("history",)),
    ("targeted", ("targeted",)),
    ("campaigns", ("campaigns",)),
)

DATE_MEMBERS = ("from", "until", "last_violation", "date")
# The member whose own members the bureau names (an object's
# tags.attributes, a matter's objects.attributes): no rule by name applies
# inside it.
OPAQUE = "attributes"
SETS_DEDUPLICATED = ("free", "expertise", "recusals", "pools")
SETS_WITH_REPEATS = ("inspectors",)
KEPT_WHEN_EMPTY = ("pools",)  # a history entry's `pools: []` differs from the default
DEFAULTS = {
    "status": "active",
    "online_monitoring_stable": False,
    "complaints": 0,
    "on_post": True,
    "years_of_service": 0,
    "pools": ["pollution"],
    "cadence": "quarterly",
    "readings": {
        "other_levels": "joint_and_count",
        "rounding": "up",
        "spread": "even_over_remaining_quarters",
    },
}

DATE_RE = re.compile(r"^(\d{1,4})-(\d{1,2})-(\d{1,2})$")
QUARTER_RE = re.compile(r"^(\d{4})[Qq]([1-4])$")


class BadInput(Exception):
    pass


# --- JCS (RFC 8785) -------------------------------------------------------


def es6_number(x):
    """A finite double in the shortest form that reads back to it, written
    as ECMAScript's Number.prototype.toString does (RFC 8785 §3.2.2.3)."""
    if not math.isfinite(x):
        raise BadInput("number %r cannot be written in JSON" % x)
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    mantissa, _, exp = repr(abs(x)).partition("e")
    whole, _, frac = mantissa.partition(".")
    all_digits = whole + frac
    point = len(whole) + (int(exp) if exp else 0)
    zeros = len(all_digits) - len(all_digits.lstrip("0"))
    digits = all_digits[zeros:].rstrip("0")
    n = point - zeros  # the value is 0.<digits> x 10^n
    k = len(digits)
    if k <= n <= 21:
        out = digits + "0" * (n - k)
    elif 0 < n <= 21:
        out = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        out = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        out = digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))
    return sign + out


def utf16_key(name):
    return name.encode("utf-16-be")


def jcs(value):
    """The JCS text of a JSON value; numbers are written as in §3 step 1
    (no fractional part: an integer; else the shortest round-trip form)."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value):
            return str(int(value))
        return es6_number(value)
    if isinstance(value, str):
        # json.dumps escapes exactly `"`, `\` and the control characters
        # (\b \t \n \f \r, others \u00xx in lowercase hex) when ensure_ascii
        # is off, as RFC 8785 requires.
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(jcs(v) for v in value) + "]"
    if isinstance(value, dict):
        names = sorted(value, key=utf16_key)
        return "{" + ",".join(jcs(n) + ":" + jcs(value[n]) for n in names) + "}"
    raise BadInput("not a JSON value: %r" % (value,))


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


# --- Normalisation (§3 steps 1-4) ---------------------------------------


def normal_number(x):
    if isinstance(x, float) and math.isfinite(x) and x == int(x):
        return int(x)
    return x


def normal_date(text):
    m = DATE_RE.match(text)
    if not m:
        return text
    return "%04d-%02d-%02d" % tuple(int(g) for g in m.groups())


def sorted_set(values, dedup):
    # Strings by their value (code points); anything else by its JCS text.
    keyed = sorted(((v if isinstance(v, str) else jcs(v)), i) for i, v in enumerate(values))
    out = []
    seen = set()
    for text, i in keyed:
        if dedup and text in seen:
            continue
        seen.add(text)
        out.append(values[i])
    return out


def normalise(value):
    """Normalise a record (or the policy): every JSON object in it, at any
    depth, has its members normalised; values are normalised before the
    drop rule looks at them."""
    if isinstance(value, dict):
        out = {}
        for name, member in value.items():
            if name == OPAQUE and isinstance(member, dict):
                # The bureau names these members: no rule by name applies.
                member = {n: normalise(v) for n, v in member.items()}
                member = {n: v for n, v in member.items() if not (v is None or v == {} or v == [])}
                if member:
                    out[name] = member
                continue
            member = normalise(member)
            if name in DATE_MEMBERS and isinstance(member, str):
                member = normal_date(member)
            if isinstance(member, list):
                if name in SETS_DEDUPLICATED:
                    member = sorted_set(member, dedup=True)
                elif name in SETS_WITH_REPEATS:
                    member = sorted_set(member, dedup=False)
            if member is None or (isinstance(member, dict) and not member):
                continue
            if isinstance(member, list) and not member and name not in KEPT_WHEN_EMPTY:
                continue
            if name in DEFAULTS and jcs(member) == jcs(DEFAULTS[name]):
                continue
            out[name] = member
        return out
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return normal_number(value)
    return value


# --- Leaves, roots, header ------------------------------------------------


def leaf(record):
    return hashlib.sha256(jcs(normalise(record)).encode("utf-8")).digest()


def list_root(records):
    leaves = sorted(leaf(r) for r in records)
    chunk_hashes = b"".join(
        hashlib.sha256(b"".join(leaves[i:i + CHUNK])).digest() for i in range(0, len(leaves), CHUNK)
    )
    return sha256_hex(chunk_hashes)


def member_at(request, path):
    value = request
    for name in path:
        if not isinstance(value, dict):
            raise BadInput("`%s` is not an object" % ".".join(path[:-1]))
        value = value.get(name)
        if value is None:
            return []
    if not isinstance(value, list):
        raise BadInput("`%s` is not a list" % ".".join(path))
    return value


def frozen_header(request):
    if not isinstance(request, dict):
        raise BadInput("the request is not a JSON object")
    if not isinstance(request.get("registry"), dict):
        raise BadInput("the request has no `registry` object")
    quarter = request.get("quarter")
    m = QUARTER_RE.match(quarter) if isinstance(quarter, str) else None
    if not m:
        raise BadInput("the request's quarter %r is not of the form YYYYQn" % (quarter,))
    units = request.get("units")
    if not isinstance(units, list) or not all(isinstance(u, str) for u in units):
        raise BadInput("the request has no `units` list of jurisdiction ids")
    if not isinstance(request.get("policy"), dict):
        raise BadInput("the request has no `policy` object")
    header = {
        "format": COMMITMENT_FORMAT,
        "quarter": "%sQ%s" % m.groups(),
        "units": sorted(units),
        "policy": normalise(request["policy"]),
        "lists": {},
    }
    rule = request.get("seed_rule")
    if rule is not None:
        if isinstance(rule, dict) and rule.get("weak") is False:
            rule = {k: v for k, v in rule.items() if k != "weak"}
        header["seed_rule"] = rule
    committed = request.get("committed")
    if committed is not None:
        members = set(committed) if isinstance(committed, dict) else set()
        if not {"authority", "date", "strata"} <= members or not members <= {"authority", "date", "strata", "outside_window"}:
            raise BadInput("`committed` is not {authority, date, strata[, outside_window]}")
        header["committed"] = {
            "authority": committed["authority"].strip(),
            "date": normal_date(committed["date"]),
            "strata": committed["strata"],
        }
        if "outside_window" in committed:
            header["committed"]["outside_window"] = committed["outside_window"]
    month = request.get("month")
    if month is not None:
        header["month"] = month
    draw_date = request.get("draw_date")
    if draw_date is not None:
        header["draw_date"] = normal_date(draw_date) if isinstance(draw_date, str) else draw_date
    reason = request.get("late_reason")
    if reason is not None:
        header["late_reason"] = reason
    for name, path in LISTS:
        records = member_at(request, path)
        header["lists"][name] = {"count": len(records), "root": list_root(records)}
    return header


# --- Comparison -----------------------------------------------------------


def show(value, limit=160):
    text = jcs(value)
    return text if len(text) <= limit else text[:limit] + "…"


def diff(path, mine, theirs, out, limit=20):
    """Paths where two JSON values differ (JCS-equal values are equal)."""
    if len(out) >= limit:
        return
    if jcs(mine) == jcs(theirs):
        return
    if isinstance(mine, dict) and isinstance(theirs, dict):
        for name in sorted(set(mine) | set(theirs), key=utf16_key):
            if name not in theirs:
                out.append("%s.%s: the request gives %s, the commitment has no such member" % (path, name, show(mine[name])))
            elif name not in mine:
                out.append("%s.%s: the commitment has %s, the request gives none (dropped or absent)" % (path, name, show(theirs[name])))
            else:
                diff("%s.%s" % (path, name), mine[name], theirs[name], out, limit)
        return
    if isinstance(mine, list) and isinstance(theirs, list) and len(mine) == len(theirs):
        for i, (a, b) in enumerate(zip(mine, theirs)):
            diff("%s[%d]" % (path, i), a, b, out, limit)
        return
    out.append("%s: the request gives %s, the commitment has %s" % (path, show(mine), show(theirs)))


def compare(header, frozen):
    problems = []
    if not isinstance(frozen, dict):
        return ["frozen: not a JSON object"]
    for name in ("format", "quarter", "month", "units", "committed", "draw_date", "late_reason"):
        if jcs(header.get(name)) != jcs(frozen.get(name)):
            problems.append(
                "%s differs: the request gives %s, the commitment has %s"
                % (name, show(header[name]) if name in header else "none",
                   show(frozen.get(name)) if name in frozen else "none")
            )
    if jcs(header["policy"]) != jcs(frozen.get("policy")):
        inner = []
        diff("policy", header["policy"], frozen.get("policy"), inner)
        problems.append("policy differs:" + "".join("\n      " + d for d in inner))
    mine_rule, their_rule = header.get("seed_rule"), frozen.get("seed_rule")
    if jcs(mine_rule) != jcs(their_rule):
        problems.append(
            "seed_rule differs: the request gives %s, the commitment has %s"
            % (show(mine_rule) if mine_rule is not None else "none (no seed_rule)",
               show(their_rule) if their_rule is not None else "none")
        )
    their_lists = frozen.get("lists") if isinstance(frozen.get("lists"), dict) else {}
    for name, _ in LISTS:
        mine = header["lists"][name]
        theirs = their_lists.get(name)
        if not isinstance(theirs, dict):
            problems.append("lists.%s: missing from the commitment (request: %d record(s))" % (name, mine["count"]))
            continue
        if jcs(mine["count"]) != jcs(theirs.get("count")):
            problems.append("lists.%s.count differs: the request has %d record(s), the commitment %s" % (name, mine["count"], show(theirs.get("count"))))
        if mine["root"] != theirs.get("root"):
            problems.append("lists.%s.root differs: recomputed %s, the commitment has %s" % (name, mine["root"], theirs.get("root") if isinstance(theirs.get("root"), str) else show(theirs.get("root"))))
        extra = sorted(set(theirs) - {"count", "root"})
        if extra:
            problems.append("lists.%s: unexpected member(s) %s in the commitment" % (name, ", ".join(extra)))
    extra = sorted(set(their_lists) - {n for n, _ in LISTS})
    if extra:
        problems.append("lists: unexpected list(s) %s in the commitment" % ", ".join(extra))
    known = {"format", "quarter", "month", "units", "policy", "seed_rule", "committed", "draw_date", "late_reason", "lists"}
    extra = sorted(set(frozen) - known)
    if extra:
        problems.append("frozen: unexpected member(s) %s" % ", ".join(extra))
    return problems


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise BadInput("cannot read %s: %s" % (path, e))


def main(argv):
    if len(argv) != 3:
        print("usage: commitment_check.py REQUEST.json COMMITMENT.json", file=sys.stderr)
        return 2
    request_path, commitment_path = argv[1], argv[2]
    try:
        request = load(request_path)
        commitment = load(commitment_path)
        if not isinstance(commitment, dict) or not isinstance(commitment.get("frozen"), dict):
            raise BadInput("%s: not a commitment (no `frozen` object)" % commitment_path)
        if commitment.get("format") != COMMITMENT_FORMAT:
            raise BadInput("%s: unknown format %r (this script reads %s)" % (commitment_path, commitment.get("format"), COMMITMENT_FORMAT))
        digest = commitment.get("digest")
        if not isinstance(digest, str):
            raise BadInput("%s: no `digest` string" % commitment_path)
        try:
            header = frozen_header(request)
        except BadInput as e:
            raise BadInput("%s: %s" % (request_path, e))
        problems = []
        intact = sha256_hex(jcs(commitment["frozen"]).encode("utf-8"))
        recomputed = sha256_hex(jcs(header).encode("utf-8"))
    except UnicodeEncodeError as e:
        print("error: a string is not valid Unicode (a lone surrogate?): %s" % e, file=sys.stderr)
        return 2
    except BadInput as e:
        print("error: %s" % e, file=sys.stderr)
        return 2
    if intact != digest:
        problems.append("digest: the file says %s but SHA-256 of its frozen header's JCS bytes is %s (the file was altered)" % (digest, intact))
    held = commitment["frozen"].get("committed")
    held = held if isinstance(held, dict) else {}
    for name in ("authority", "date"):
        if commitment.get(name) != held.get(name):
            problems.append("%s: the file shows %s but its digest covers %s (the file was altered)"
                            % (name, show(commitment.get(name)), show(held.get(name)) if name in held else "none"))
    problems.extend(compare(header, commitment["frozen"]))
    if recomputed != digest:
        problems.append("commitment digest: recomputed from the request %s, the commitment says %s" % (recomputed, digest))
    if problems:
        print("MISMATCH: %d problem(s) between %s and %s" % (len(problems), request_path, commitment_path))
        for p in problems:
            print("  - " + p)
        return 1
    print("OK: commitment %s recomputed from %s" % (digest, request_path))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
