#!/usr/bin/env python3
"""Independent checker of a public draw record (`ssj draw-record`).

Written from docs/draw-algorithm.md (§1-§5, §8 "The public draw record")
and docs/draw-protocol.md §4 alone, using only Python's standard library
(hashlib, json, re); it shares no code with the Rust crate. It reads
records of format `shuangsuiji.draw-record/4`.

Tickets:

    sha256_hex(s)     = lowercase hex SHA-256 of the UTF-8 bytes of s
    sha256_uniform(s) = "0." + reversed("{:064d}".format(int(sha256_hex(s), 16)))
    ticket(id, seed)  = sha256_uniform(sha256_hex(seed) + id)

Team tickets (§5, since plan/3): SipHash-2-4 (Aumasson and Bernstein,
2012) of the UTF-8 bytes of the person's id, keyed by the first 16 bytes
of SHA-256 of the task's seed string (k0, k1 little-endian), an unsigned
64-bit integer; smaller first. The paper's vectors are checked first.

Header: `commitment` must equal `request_commitment`; under a `seed_rule`
the seed must be exactly `digits` decimal digits (its normal form, §4);
without one, non-blank text of at most 128 characters without `|` or
control characters. A `log_head`, when present, must be `<entries>:<hash>`
(as a string or as {entries, hash}).

Strata: candidates = population minus `set_aside`; ordered by (already
inspected this year, when `uninspected_first`), ticket under the stratum's
seed string (as a string), id; the first `required` are the draw. Ids and
tickets are compared with `drawn`, and each seed string must start with
`seed|quarter|`.

Units (§4, §5, §8), for each entry of `units`:
  - merging: every id drawn in a stratum of the unit (the unit is the seed
    string's third field) has exactly one task in the unit, and every task
    is drawn or `targeted`;
  - months: a task with a `fixed_month` keeps it (it must lie in the
    quarter, whose months are 3q-2 .. 3q); the others, in order of their
    ticket under `seed|quarter|unit|months` (ticket of the object id; then
    object id), each go to the month of the quarter with the fewest tasks
    so far, fixed ones included (the earliest on a tie);
  - teams: tasks in order of (month, object id); a task whose `officers`
    is null is a joint visit with another level and is not staffed. For an
    own visit, the unit's `inspectors` minus the task's `unavailable` and
    minus anyone at `quarterly_capacity` (counting the teams drawn before
    it, as officer or joining) are ranked by (on `previous_team`: false
    first; team ticket under `seed|quarter|unit|inspectors|<object>`; id); for
    each needed `expertise`, sorted: if someone already taken (officer or
    joining) has it, nothing; otherwise the best-ranked officer (role
    `officer`) with it is taken if fewer than two are chosen; otherwise
    the best-ranked expert (role `expert`) with it joins; then officers are
    taken in rank order up to two. An officer is taken only if the task and
    every later own visit can still get two officers (role `officer`, not
    `unavailable` for it, loads within capacity): a maximum flow, computed
    here afresh for every candidate. `officers` and `joining` are compared as
    sets (the record writes them sorted).

Amendments (docs/draw-protocol.md §8): each entry's `hash` is SHA-256 of
`prev_hash` followed by the compact JSON of {"prev_hash", "entry"}; each
`prev_hash` is the hash before it; the last hash and the count (plus the
original, entry 0) are `log_head`.

With `--commitment COMMITMENT.json` (docs/draw-protocol.md §3): the
commitment's `digest` is SHA-256 of the JCS bytes of its `frozen` header,
it is the record's `commitment`; the record's quarter, month and
seed_rule are the frozen header's; every stratum's seed string starts
with the record's seed and `|`; and `frozen.committed.strata` is the root
of the record's strata: SHA-256 of the hex SHA-256s of the JCS bytes of
each stratum's {stratum, seed_string (after its first `|`), population,
inspected_this_year, set_aside, drawn_earlier, uninspected_first,
required}, sorted by stratum name and joined with "\n". A record that
drops a company from a population, changes a minimum or a seed string,
fails here without the request.

Usage: draw_record_check.py record.json [--commitment commitment.json]
Prints OK (exit 0) or every difference (exit 1); exit 2 on a bad file.
"""

import hashlib
import json
import re
import sys

RECORD_FORMAT = "shuangsuiji.draw-record/4"
SEED_SOURCES = ("dice", "lottery", "other")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
TEAM_SIZE = 2


class BadInput(Exception):
    pass


def sha256_hex(s):
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def sha256_uniform(s):
    digits = "{:064d}".format(int(sha256_hex(s), 16))
    return "0." + digits[::-1]


def ticket(id_, seed):
    return sha256_uniform(sha256_hex(seed) + id_)


class Tickets:
    """Tickets of many ids under one seed string (the seed's hash once)."""

    def __init__(self, seed_string):
        self.h = sha256_hex(seed_string)

    def __call__(self, id_):
        return sha256_uniform(self.h + id_)


MASK64 = (1 << 64) - 1


def _rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & MASK64


def siphash24(key, message):
    """SipHash-2-4 of `message` (bytes) under the 16-byte `key`, as an int."""
    k0 = int.from_bytes(key[:8], "little")
    k1 = int.from_bytes(key[8:16], "little")
    v = [k0 ^ 0x736F6D6570736575, k1 ^ 0x646F72616E646F6D, k0 ^ 0x6C7967656E657261, k1 ^ 0x7465646279746573]

    def sip_round():
        v[0] = (v[0] + v[1]) & MASK64
        v[1] = _rotl(v[1], 13) ^ v[0]
        v[0] = _rotl(v[0], 32)
        v[2] = (v[2] + v[3]) & MASK64
        v[3] = _rotl(v[3], 16) ^ v[2]
        v[0] = (v[0] + v[3]) & MASK64
        v[3] = _rotl(v[3], 21) ^ v[0]
        v[2] = (v[2] + v[1]) & MASK64
        v[1] = _rotl(v[1], 17) ^ v[2]
        v[2] = _rotl(v[2], 32)

    def compress(m):
        v[3] ^= m
        sip_round()
        sip_round()
        v[0] ^= m

    whole = len(message) - len(message) % 8
    for i in range(0, whole, 8):
        compress(int.from_bytes(message[i : i + 8], "little"))
    compress(((len(message) & 0xFF) << 56) | int.from_bytes(message[whole:], "little"))
    v[2] ^= 0xFF
    for _ in range(4):
        sip_round()
    return v[0] ^ v[1] ^ v[2] ^ v[3]


# The paper's Appendix A example and the first of its 64 vectors.
assert siphash24(bytes(range(16)), bytes(range(15))) == 0xA129CA6149BE45E5
assert siphash24(bytes(range(16)), b"") == 0x726FDB47DD0E0E31


class TeamTickets:
    """Team tickets of many ids under one task's seed string."""

    def __init__(self, seed_string):
        self.key = hashlib.sha256(seed_string.encode("utf-8")).digest()[:16]

    def __call__(self, id_):
        return siphash24(self.key, id_.encode("utf-8"))


# docs/draw-algorithm.md §5, the team vector.
_VECTOR = TeamTickets("20230101-7305981246|2023Q1|changji/hutubi|inspectors|CJ-HTB-00003")
assert ["%016x" % _VECTOR(i) for i in ("I-01", "I-02", "I-03", "I-04")] == [
    "8f950eacfafc8c93",
    "eb4efc6d08c93097",
    "f44f0788966ead8e",
    "dd218ecf0b74cbdb",
]


# --- Header ---------------------------------------------------------------


def check_header(record):
    problems = []
    commitment = record.get("commitment")
    request_commitment = record.get("request_commitment")
    for name, value in (("commitment", commitment), ("request_commitment", request_commitment)):
        if not isinstance(value, str) or not HEX64.match(value):
            problems.append("header: %s %r is not a SHA-256 digest (64 lowercase hex digits)" % (name, value))
    if commitment != request_commitment:
        problems.append(
            "header: commitment %s differs from request_commitment %s (the plan was not drawn from this request)"
            % (commitment, request_commitment)
        )
    seed = record["seed"]
    rule = record.get("seed_rule")
    if rule is not None:
        digits = rule.get("digits") if isinstance(rule, dict) else None
        if not isinstance(rule, dict):
            problems.append("header: seed_rule %r is not an object" % (rule,))
        else:
            if rule.get("source") not in SEED_SOURCES:
                problems.append("header: seed_rule.source %r is not one of %s" % (rule.get("source"), ", ".join(SEED_SOURCES)))
            if not isinstance(rule.get("announced"), str) or not rule["announced"].strip():
                problems.append("header: seed_rule.announced is not a non-blank text")
        if not isinstance(digits, int) or isinstance(digits, bool) or digits < 1:
            problems.append("header: seed_rule.digits %r is not a positive integer" % (digits,))
        elif not (isinstance(seed, str) and len(seed) == digits and all(c in "0123456789" for c in seed)):
            problems.append("header: seed %r is not exactly %d decimal digits, as the seed rule requires" % (seed, digits))
    else:
        if (
            not isinstance(seed, str)
            or not seed.strip()
            or len(seed) > 128
            or "|" in seed
            or any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in seed)
        ):
            problems.append("header: seed %r (no seed rule) is not non-blank text of at most 128 characters without `|` or control characters" % (seed,))
    if "log_head" in record:
        head = record["log_head"]
        ok = False
        if isinstance(head, str):
            m = re.match(r"^(\d+):([0-9a-f]{64})$", head)
            ok = bool(m) and int(m.group(1)) >= 1
        elif isinstance(head, dict):
            entries, hash_ = head.get("entries"), head.get("hash")
            ok = (isinstance(entries, int) and not isinstance(entries, bool) and entries >= 1
                  and isinstance(hash_, str) and bool(HEX64.match(hash_)) and set(head) == {"entries", "hash"})
        if not ok:
            problems.append("header: log_head %r is not a head `<entries>:<hash>`" % (head,))
    return problems


# --- Amendments and the commitment -----------------------------------------


def jcs(value):
    """RFC 8785 for the values records and headers hold (ASCII member
    names, strings, integers, booleans, lists, objects)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def check_amendments(record):
    problems = []
    entries = record.get("amendments", [])
    if not entries:
        return problems
    prev = entries[0].get("prev_hash") if isinstance(entries[0], dict) else None
    for i, e in enumerate(entries, start=1):
        if not isinstance(e, dict) or set(e) != {"prev_hash", "entry", "hash"}:
            problems.append("amendment %d: not {prev_hash, entry, hash}" % i)
            continue
        if e["prev_hash"] != prev:
            problems.append("amendment %d: prev_hash is not the hash before it" % i)
        body = json.dumps({"prev_hash": e["prev_hash"], "entry": e["entry"]}, separators=(",", ":"), ensure_ascii=False)
        if sha256_hex(e["prev_hash"] + body) != e["hash"]:
            problems.append("amendment %d: its hash is not SHA-256 of prev_hash + its JSON" % i)
        prev = e["hash"]
    head = record.get("log_head")
    if isinstance(head, dict) and (head.get("entries") != len(entries) + 1 or head.get("hash") != prev):
        problems.append("amendments: the last of %d amendments is not the log head %r" % (len(entries), head))
    return problems


def strata_root(strata):
    digests = []
    for st in strata:
        bound = {k: st.get(k, []) for k in ("population", "inspected_this_year", "set_aside", "drawn_earlier")}
        bound.update({"stratum": st["stratum"], "uninspected_first": st["uninspected_first"], "required": st["required"]})
        bound["seed_string"] = st["seed_string"].split("|", 1)[1] if "|" in st["seed_string"] else ""
        digests.append((st["stratum"], sha256_hex(jcs(bound))))
    digests.sort()
    return sha256_hex("\n".join(d for _, d in digests))


def check_commitment(record, commitment):
    frozen = commitment.get("frozen") if isinstance(commitment, dict) else None
    if not isinstance(frozen, dict):
        return ["commitment: no `frozen` header"]
    problems = []
    if sha256_hex(jcs(frozen)) != commitment.get("digest"):
        problems.append("commitment: its digest is not SHA-256 of its frozen header (the file was altered)")
    if commitment.get("digest") != record.get("commitment"):
        problems.append("commitment: the record is of commitment %s, not %s" % (record.get("commitment"), commitment.get("digest")))
    for name in ("quarter", "month", "seed_rule"):
        if record.get(name) != frozen.get(name):
            problems.append("commitment: the record's %s is %s, the commitment's %s" % (name, record.get(name), frozen.get(name)))
    for st in record["strata"]:
        if not st["seed_string"].startswith(record["seed"] + "|"):
            problems.append("commitment: stratum %s is not drawn under the record's seed" % st["stratum"])
    committed = frozen.get("committed") if isinstance(frozen.get("committed"), dict) else {}
    root = strata_root(record["strata"])
    if committed.get("strata") != root:
        problems.append(
            "commitment: the record's strata (root %s) are not the ones committed (%s): a population, a minimum or a stratum differs"
            % (root, committed.get("strata"))
        )
    return problems


# --- Strata ---------------------------------------------------------------


def check_stratum(record, st):
    problems = []
    name = st["stratum"]
    seed_string = st["seed_string"]
    prefix = "%s|%s|" % (record["seed"], period(record))
    if not seed_string.startswith(prefix):
        problems.append("%s: seed string %r does not start with %r" % (name, seed_string, prefix))
    population = st["population"]
    if population != sorted(population) or len(set(population)) != len(population):
        problems.append("%s: population is not sorted by id without repeats" % name)
    members = set(population)
    inspected = set(st.get("inspected_this_year", [])) if st.get("uninspected_first") else set()
    set_aside = set(st.get("set_aside", []))
    drawn_earlier = set(st.get("drawn_earlier", []))  # a monthly draw: earlier months drew them
    for label, ids in (("inspected_this_year", inspected), ("set_aside", set_aside), ("drawn_earlier", drawn_earlier)):
        outside = sorted(ids - members)
        if outside:
            problems.append("%s: %s lists ids outside the population: %s" % (name, label, ", ".join(outside)))
    candidates = [i for i in population if i not in set_aside and i not in drawn_earlier]
    required = st["required"]
    if required > len(candidates):
        problems.append("%s: required %d but only %d candidates" % (name, required, len(candidates)))
    tk = Tickets(seed_string)
    order = sorted(candidates, key=lambda i: (i in inspected, tk(i), i))
    expected = [(i, tk(i)) for i in order[:required]]
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


# --- Units: merging, months, teams ----------------------------------------


def quarter_months(quarter):
    m = QUARTER.match(quarter) if isinstance(quarter, str) else None
    if not m:
        raise BadInput("quarter %r is not of the form YYYYQn" % (quarter,))
    q = int(m.group(2))
    return list(range(3 * q - 2, 3 * q + 1))


def drawn_by_unit(record):
    """The ids drawn in each unit's strata (the seed string's third field)."""
    out = {}
    for st in record["strata"]:
        try:
            fields = st["seed_string"].split("|")
            unit = fields[2] if len(fields) > 2 else None
            ids = [d["id"] for d in st["drawn"]]
        except (KeyError, TypeError, AttributeError):
            continue  # reported as a malformed stratum
        if unit is not None:
            out.setdefault(unit, {}).update({i: st.get("stratum", "?") for i in ids})
    return out


def check_merging(unit, tasks, drawn):
    problems = []
    seen = {}
    for t in tasks:
        seen[t["object"]] = seen.get(t["object"], 0) + 1
    for obj, n in sorted(seen.items()):
        if n > 1:
            problems.append("%s/%s: %d tasks for one object (draws of one unit merge into one visit, §4)" % (unit, obj, n))
    for obj, stratum in sorted(drawn.items()):
        if obj not in seen:
            problems.append("%s/%s: drawn in %s but the unit has no task for it" % (unit, obj, stratum))
    for t in tasks:
        if t["object"] not in drawn and not t.get("targeted"):
            problems.append("%s/%s: task is neither drawn in a stratum of the unit nor targeted" % (unit, t["object"]))
    return problems


def period(record):
    """What seed strings name: the quarter, or the month of a monthly draw."""
    if record.get("month") is not None:
        return "%s-%02d" % (str(record["quarter"])[:4], record["month"])
    return record["quarter"]


def derive_months(record, unit, tasks, months):
    """{object: month} by §5, and the problems with fixed months."""
    problems = []
    derived = {}
    load = {m: 0 for m in months}
    for t in tasks:
        fixed = t.get("fixed_month")
        if fixed is None:
            continue
        if fixed not in load:
            problems.append("%s/%s: fixed_month %r does not lie in %s (months %s)" % (unit, t["object"], fixed, record["quarter"], months))
            continue
        derived[t["object"]] = fixed
        load[fixed] += 1
    tk = Tickets("%s|%s|%s|months" % (record["seed"], period(record), unit))
    free = sorted((t["object"] for t in tasks if t.get("fixed_month") is None), key=lambda o: (tk(o), o))
    for obj in free:
        month = min(months, key=lambda m: (load[m], m))
        derived[obj] = month
        load[month] += 1
    return derived, problems


def expertise_of(person):
    return set(person.get("expertise") or [])


def max_flow(demands, room):
    """The most officer-visits an assignment staffs: `demands` a list of
    (officers still needed, set of officer ids allowed), `room` each
    officer's capacity left. Augmenting paths found breadth-first."""
    holders = {o: [] for o in room}  # officer -> demands holding them
    team = [[] for _ in demands]
    used = {o: 0 for o in room}
    total = 0
    for d, (need, allowed) in enumerate(demands):
        for _ in range(need):
            # Breadth-first from the officers d may take, to one with room.
            came = {}
            queue = []
            for o in sorted(allowed):
                if o in room and o not in team[d]:
                    came[o] = None
                    queue.append(o)
            end = None
            while queue:
                o = queue.pop(0)
                if used[o] < room[o]:
                    end = o
                    break
                for d2 in holders[o]:
                    if d2 == d:
                        continue
                    for o2 in sorted(demands[d2][1]):
                        if o2 in room and o2 not in team[d2] and o2 not in came:
                            came[o2] = (d2, o)
                            queue.append(o2)
            if end is None:
                continue
            at = end
            while came[at] is not None:
                d2, prev = came[at]
                team[d2].remove(prev)
                holders[prev].remove(d2)
                team[d2].append(at)
                holders[at].append(d2)
                at = prev
            used[end] += 1
            team[d].append(at)
            holders[at].append(d)
            total += 1
    return total


def draw_team(record, unit, task, people, load, keeps=lambda pid, team: True):
    """(officers, joining, note) of one own visit by §5; `keeps(id, team)`
    says whether taking officer `id` beside `team` keeps the rest staffable."""
    unavailable = set(task.get("unavailable") or [])
    previous = set(task.get("previous_team") or [])
    tk = TeamTickets("%s|%s|%s|inspectors|%s" % (record["seed"], period(record), unit, task["object"]))
    free = [p for p in people if p["id"] not in unavailable and load[p["id"]] < p["quarterly_capacity"]]
    free.sort(key=lambda p: (p["id"] in previous, tk(p["id"]), p["id"]))
    officers = [p for p in free if p.get("role") == "officer"]
    experts = [p for p in free if p.get("role") == "expert"]
    team, joining = [], []

    def held(people_ids, e):
        return any(e in expertise_of(by_id[i]) for i in people_ids)

    by_id = {p["id"]: p for p in people}
    for e in sorted(set(task.get("expertise") or [])):
        if held(team + joining, e):
            continue
        if len(team) < TEAM_SIZE:
            best = next((p["id"] for p in officers
                         if e in expertise_of(p) and p["id"] not in team and keeps(p["id"], team)), None)
            if best is not None:
                team.append(best)
                continue
        best = next((p["id"] for p in experts if e in expertise_of(p) and p["id"] not in joining), None)
        if best is not None:
            joining.append(best)
    for p in officers:
        if len(team) >= TEAM_SIZE:
            break
        if p["id"] not in team and keeps(p["id"], team):
            team.append(p["id"])
    notes = []
    if len(team) < TEAM_SIZE:
        notes.append("only %d certified officer(s) can take it" % len(team))
    for e in sorted(set(task.get("expertise") or [])):
        if not held(team + joining, e):
            notes.append("nobody free holds expertise %s" % e)
    return team, joining, notes


def check_unit(record, u, months, drawn):
    problems = []
    unit = u["unit"]
    people = u["inspectors"]
    tasks = u["tasks"]
    ids = [p["id"] for p in people]
    if len(set(ids)) != len(ids):
        problems.append("%s: inspector ids repeat" % unit)
    for p in people:
        cap = p.get("quarterly_capacity")
        if not isinstance(cap, int) or isinstance(cap, bool):
            raise BadInput("unit %s: inspector %s has no integer quarterly_capacity" % (unit, p.get("id")))
    problems.extend(check_merging(unit, tasks, drawn))

    derived, month_problems = derive_months(record, unit, tasks, months)
    problems.extend(month_problems)
    for t in tasks:
        obj = t["object"]
        want = derived.get(obj)
        if want is not None and t.get("month") != want:
            why = "its fixed month" if t.get("fixed_month") is not None else "the months draw"
            problems.append("%s/%s: month should be %s (%s), record has %r" % (unit, obj, want, why, t.get("month")))

    # A monthly draw: earlier months' visits count toward capacity.
    load = {p["id"]: p.get("earlier_tasks", 0) for p in people}
    staffed = 0
    order = sorted(tasks, key=lambda t: (derived.get(t["object"], t.get("month") or 0), t["object"]))
    own = [t for t in order if t.get("officers") is not None]
    officer_ids = {p["id"] for p in people if p.get("role") == "officer"}
    capacity = {p["id"]: p["quarterly_capacity"] for p in people}

    def allowed(t):
        return officer_ids - set(t.get("unavailable") or [])

    def keeps_for(index):
        """Whether officer `pid` beside `team` on own[index] leaves it and
        every later own visit two officers each."""
        def keeps(pid, team):
            chosen = team + [pid]
            room = {o: capacity[o] - load[o] - (1 if o in chosen else 0) for o in officer_ids}
            demands = [(TEAM_SIZE - len(chosen), allowed(own[index]) - set(chosen))]
            demands += [(TEAM_SIZE, allowed(t)) for t in own[index + 1:]]
            return max_flow(demands, room) == sum(need for need, _ in demands)
        return keeps

    for t in order:
        obj = t["object"]
        got_officers = t.get("officers")
        got_joining = t.get("joining") or []
        if got_officers is None:
            if got_joining:
                problems.append("%s/%s: a joint visit (officers null) has joining members %s" % (unit, obj, got_joining))
            continue
        team, joining, notes = draw_team(record, unit, t, people, load, keeps_for(staffed))
        staffed += 1
        for i in team + joining:
            load[i] += 1
        if sorted(team) != sorted(got_officers):
            problems.append(
                "%s/%s (month %s): officers should be %s, record has %s%s"
                % (unit, obj, derived.get(obj), sorted(team), got_officers, " (%s)" % "; ".join(notes) if notes else "")
            )
        if sorted(joining) != sorted(got_joining):
            problems.append(
                "%s/%s (month %s): joining should be %s, record has %s%s"
                % (unit, obj, derived.get(obj), sorted(joining) or "none", got_joining or "none",
                   " (%s)" % "; ".join(notes) if notes else "")
            )
    return problems, staffed


def main(argv):
    args = argv[1:]
    commitment_path = None
    if len(args) == 3 and args[1] == "--commitment":
        commitment_path = args[2]
        args = args[:1]
    if len(args) != 1 or args[0].startswith("--"):
        print("usage: draw_record_check.py record.json [--commitment commitment.json]", file=sys.stderr)
        return 2
    path = args[0]
    try:
        commitment = None
        if commitment_path is not None:
            with open(commitment_path, encoding="utf-8") as f:
                commitment = json.load(f)
        with open(path, encoding="utf-8") as f:
            record = json.load(f)
        if not isinstance(record, dict):
            raise BadInput("not a JSON object")
        if record.get("format") != RECORD_FORMAT:
            raise BadInput("unknown format %r (this script reads %s)" % (record.get("format"), RECORD_FORMAT))
        strata = record["strata"]
        units = record["units"]
        record["seed"], record["quarter"]
        months = quarter_months(record["quarter"])
        if record.get("month") is not None:
            if record["month"] not in months:
                raise BadInput("month %r is not a month of %s" % (record["month"], record["quarter"]))
            months = [record["month"]]  # a monthly draw: every task in its month
    except (OSError, UnicodeDecodeError, ValueError, KeyError, BadInput) as e:
        print("cannot read %s: %s" % (path, e), file=sys.stderr)
        return 2
    problems = check_header(record)
    problems.extend(check_amendments(record))
    if commitment is not None:
        try:
            problems.extend(check_commitment(record, commitment))
        except (KeyError, TypeError, AttributeError) as e:
            problems.append("commitment: malformed (%s)" % e)
    drawn = 0
    for st in strata:
        try:
            problems.extend(check_stratum(record, st))
        except (KeyError, TypeError, AttributeError) as e:
            problems.append("%s: malformed stratum (%s)" % (st.get("stratum", "?") if isinstance(st, dict) else "?", e))
        if isinstance(st, dict):
            drawn += len(st.get("drawn", []))
    by_unit = drawn_by_unit(record)
    tasks = staffed = 0
    listed = set()
    for u in units:
        try:
            listed.add(u["unit"])
            unit_problems, n = check_unit(record, u, months, by_unit.get(u["unit"], {}))
            problems.extend(unit_problems)
            tasks += len(u["tasks"])
            staffed += n
        except (KeyError, TypeError, AttributeError, BadInput) as e:
            problems.append("%s: malformed unit (%s)" % (u.get("unit", "?") if isinstance(u, dict) else "?", e))
    for unit in sorted(set(by_unit) - listed):
        if by_unit[unit]:
            problems.append("%s: strata of this unit draw %d object(s) but `units` has no entry for it" % (unit, len(by_unit[unit])))
    if problems:
        print("MISMATCH: %d problem(s)" % len(problems))
        for p in problems:
            print("  - " + p)
        return 1
    print(
        "OK: %d strata, %d draws re-derived (seed %s, quarter %s); months of %d tasks and %d teams re-derived in %d units"
        % (len(strata), drawn, record["seed"], record["quarter"], tasks, staffed, len(units))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
