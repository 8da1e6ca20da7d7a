#!/usr/bin/env python3
"""Independent checker of a public draw record (`ssj draw-record`).

Written from docs/draw-algorithm.md alone, using only Python's standard
library (hashlib, json); it shares no code with the Rust crate.

For every stratum of the record it re-derives the draw:

    sha256_hex(s)     = lowercase hex SHA-256 of the UTF-8 bytes of s
    sha256_uniform(s) = "0." + reversed("{:064d}".format(int(sha256_hex(s), 16)))
    ticket(id, seed)  = sha256_uniform(sha256_hex(seed) + id)

candidates = population minus `set_aside`; ordered by (already inspected
this year, when `uninspected_first`), ticket (as a string), id; the first
`required` are the draw. It compares ids and tickets with `drawn`, and
checks that each seed string starts with `seed|quarter|`.

Usage: draw_record_check.py record.json
Prints OK (exit 0) or every difference (exit 1); exit 2 on a bad file.
"""

import hashlib
import json
import sys


def sha256_hex(s):
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def sha256_uniform(s):
    digits = "{:064d}".format(int(sha256_hex(s), 16))
    return "0." + digits[::-1]


def ticket(id_, seed):
    return sha256_uniform(sha256_hex(seed) + id_)


def check_stratum(record, st):
    problems = []
    name = st["stratum"]
    seed_string = st["seed_string"]
    prefix = "%s|%s|" % (record["seed"], record["quarter"])
    if not seed_string.startswith(prefix):
        problems.append("%s: seed string %r does not start with %r" % (name, seed_string, prefix))
    population = st["population"]
    if population != sorted(population) or len(set(population)) != len(population):
        problems.append("%s: population is not sorted by id without repeats" % name)
    members = set(population)
    inspected = set(st.get("inspected_this_year", [])) if st.get("uninspected_first") else set()
    set_aside = set(st.get("set_aside", []))
    for label, ids in (("inspected_this_year", inspected), ("set_aside", set_aside)):
        outside = sorted(ids - members)
        if outside:
            problems.append("%s: %s lists ids outside the population: %s" % (name, label, ", ".join(outside)))
    candidates = [i for i in population if i not in set_aside]
    required = st["required"]
    if required > len(candidates):
        problems.append("%s: required %d but only %d candidates" % (name, required, len(candidates)))
    order = sorted(candidates, key=lambda i: (i in inspected, ticket(i, seed_string), i))
    expected = [(i, ticket(i, seed_string)) for i in order[:required]]
    found = [(d["id"], d["ticket"]) for d in st["drawn"]]
    if expected != found:
        exp_ids = [i for i, _ in expected]
        got_ids = [i for i, _ in found]
        if exp_ids != got_ids:
            missing = [i for i in exp_ids if i not in got_ids]
            extra = [i for i in got_ids if i not in exp_ids]
            problems.append(
                "%s: drawn ids differ: expected %s, record has %s (missing: %s; not due: %s)"
                % (name, exp_ids, got_ids, missing or "-", extra or "-")
            )
        for (i, t), (gi, gt) in zip(expected, found):
            if i == gi and t != gt:
                problems.append("%s: ticket of %s should be %s, record has %s" % (name, i, t, gt))
    return problems


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-3], file=sys.stderr)
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            record = json.load(f)
        strata = record["strata"]
    except (OSError, ValueError, KeyError) as e:
        print("cannot read %s: %s" % (argv[1], e), file=sys.stderr)
        return 2
    problems = []
    drawn = 0
    for st in strata:
        try:
            problems.extend(check_stratum(record, st))
        except (KeyError, TypeError) as e:
            problems.append("%s: malformed stratum (%s)" % (st.get("stratum", "?"), e))
        drawn += len(st.get("drawn", []))
    if problems:
        print("MISMATCH: %d problem(s)" % len(problems))
        for p in problems:
            print("  - " + p)
        return 1
    print("OK: %d strata, %d draws re-derived (seed %s, quarter %s)" % (len(strata), drawn, record["seed"], record["quarter"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
