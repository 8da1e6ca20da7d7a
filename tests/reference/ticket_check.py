#!/usr/bin/env python3
"""Independent reference implementation of the draw's ticket formula.

Written from docs/draw-algorithm.md and Rivest's consistent_sampler, using
only Python's standard library (hashlib, json), sharing no code with the
Rust crate:

    sha256_hex(s)     = lowercase hex SHA-256 of the UTF-8 bytes of s
    sha256_uniform(s) = "0." + reversed("{:064d}".format(int(sha256_hex(s), 16)))
    ticket(id, seed)  = sha256_uniform(sha256_hex(seed) + id)

Candidates are taken in increasing ticket order (decimal strings compared
as strings), ties broken by id.

Input on stdin: a JSON object {"seed_string": str, "population": [ids],
"k": n}, or a list of such objects.
Output on stdout: the k ids with the smallest tickets, in draw order, as a
JSON list (a list of lists for a list of queries). With --tickets each id
is printed as [id, ticket] instead.
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


def draw(query, with_tickets):
    seed = query["seed_string"]
    k = int(query["k"])
    scored = sorted((ticket(i, seed), i) for i in query["population"])
    chosen = scored[:k]
    if with_tickets:
        return [[i, t] for (t, i) in chosen]
    return [i for (_, i) in chosen]


def main():
    with_tickets = "--tickets" in sys.argv[1:]
    data = json.load(sys.stdin)
    if isinstance(data, list):
        out = [draw(q, with_tickets) for q in data]
    else:
        out = draw(data, with_tickets)
    json.dump(out, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
