#!/usr/bin/env python3
"""Independent checker of an amendment log's replacement draws.

Written from docs/draw-algorithm.md (§1-§5, §8 "The amendment log") and
docs/draw-protocol.md §4 and §8 alone, with Python's standard library; it
shares no code with the Rust crate. It reads a full plan request and a log
of format `shuangsuiji.log/3` (entry 0 the original plan).

The chain (§8). Each entry's `hash` is sha256_hex(prev_hash + J), J the
compact JSON (keys in the order written, non-ASCII as itself) of
{"prev_hash", "entry"}; `prev_hash` is the previous entry's hash, "" for
entry 0. Entry 0, and only entry 0, is the original. Every amendment has
a non-blank reason and author and a date in the quarter, never going back;
a claim (`replace_inspector`, `inspector_absent`, `object_closed`) has a
non-blank evidence and a seed rule of at least 20 digits, not weak; the
next entry is its `replacements_drawn`, naming it (`claim`), with a seed
of exactly `digits` decimal digits that is neither the plan's nor an
earlier draw's.

Replacement seed string (§8): `<draw seed>|replacement|<claim hash>|S`,
S the seed string the plan's own draw used: the stratum's `seed_string`
for an object, `<plan seed>|<period>|<unit>|inspectors|<object>` for an
officer. Tickets and team tickets under it exactly as in §1 and §5:

    sha256_hex(s)      = lowercase hex SHA-256 of the UTF-8 bytes of s
    ticket(id, s)      = "0." + reversed("{:064d}".format(int(sha256_hex(sha256_hex(s) + id), 16)))
    team_ticket(id, s) = SipHash-2-4 keyed by SHA-256(s)[0..16] (k0, k1 little-endian) of id

The amended plan is the original with every earlier amendment applied;
its order is (unit, month, object id), a moved or new task in its place.

Officers (`replace_inspector`, whose `out` is one of the task's officers;
each task listing the absent person among its officers in a month an
`inspector_absent` overlaps, in plan order, each choice counting toward
capacity before the next and, for an absence, kept only if every later
vacated task can still get one of its own candidates — a maximum flow,
unless none exists from the start): the first, ranked by (on the object's previous
visit: false first; team ticket; id), of the unit's certified officers (people
whose `jurisdiction` is the unit, role `officer`, on post), excluding the
current team, anyone replaced out of this task before, anyone away in the
task's month, anyone recused for the object and anyone whose load (tasks
of the amended plan they are on, as officer or joining; in a plan of one
month, plus the earlier months' history entries, §5) has reached their
`quarterly_capacity`; if the team loses an expertise the task needs, only
officers holding every expertise it loses.

Objects (`object_closed`): the task is cancelled; for each of its covers,
in order, the first candidate of that stratum (§3.1 population; minus
members an earlier month drew and, under `set_aside`, members another
level visits this quarter, §3.4) in its draw order under the replacement
seed string (not-yet-done first where the stratum is drawn
first-uninspected, §3.3-§3.4; then ticket as a string; then id) that has
no cover of the stratum on the amended plan and is not closed by the log,
with its ticket. If it already has a visit, that visit takes the cover.
Otherwise a `new_task`: the cancelled task's unit, month and check items,
the stratum's pool, one cover, the §4 expertise and mode, a joint visit
where another level visits the object this quarter (`joint_and_count`),
else a team of the cancelled team's officers and joining members who are
free (on post, below capacity, not away in the month) and not recused,
completed by §5 steps 3-4 (expertise first, then officers up to two) under
the new object's replacement team seed string.

The points §8 of docs/draw-algorithm.md spells out after its table of
amendments ("What the table's words mean") are marked §8* below.

Usage: log_check.py REQUEST.json LOG.json
Prints `OK: N draws re-derived` (exit 0) or every difference (exit 1);
exit 2 when an input cannot be read.
"""

import copy
import datetime
import hashlib
import json
import re
import sys

LOG_FORMAT = "shuangsuiji.log/3"
CLAIMS = ("replace_inspector", "inspector_absent", "object_closed")
DRAWN_STATUSES = ("active", "new_construction")
POOL_ORDER = ("pollution", "radiation", "hazardous_waste")
CREDIT_ORDER = {"good": 0, "ordinary": 1, "poor": 2}
TEAM_SIZE = 2
MIN_SEED_DIGITS = 20


class BadInput(Exception):
    pass


# --- Tickets (§1) and team tickets (§5), as in draw_record_check.py ---------


# Tickets and team tickets (§1, §5) as the draw record's checker computes
# them: one implementation of the docs' hashing for the reference scripts.
from draw_record_check import TeamTickets, Tickets, max_flow, sha256_hex  # noqa: E402


def replacement_seed_string(seed, claim_hash, plan_seed_string):
    return "%s|replacement|%s|%s" % (seed, claim_hash, plan_seed_string)


# --- Dates and the quarter --------------------------------------------------


def day(text):
    """A `YYYY-MM-DD` date (zero padding optional), or None."""
    if text is None:
        return None
    m = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", str(text))
    if not m:
        raise BadInput("%r is not a date YYYY-MM-DD" % (text,))
    return datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def month_range(year, month):
    first = datetime.date(year, month, 1)
    nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - datetime.timedelta(days=1)


def overlaps(rng, a, b):
    """Does a {from, until} range overlap the days [a, b]?"""
    if rng is None:
        return False
    until = day(rng.get("until"))
    return day(rng["from"]) <= b and (until is None or until >= a)


class Context:
    """What the request and the original plan fix for every draw."""

    def __init__(self, request, plan):
        m = re.match(r"^(\d{4})[Qq]([1-4])$", str(request["quarter"]))
        if not m:
            raise BadInput("quarter %r is not YYYYQn" % (request["quarter"],))
        self.year, q = int(m.group(1)), int(m.group(2))
        self.quarter = "%dQ%d" % (self.year, q)
        self.months = [3 * q - 2, 3 * q - 1, 3 * q]
        self.first = month_range(self.year, self.months[0])[0]
        self.last = month_range(self.year, self.months[-1])[1]
        self.month = plan.get("month")  # a plan of one month of a quarter
        self.period = self.quarter if self.month is None else "%d-%02d" % (self.year, self.month)
        self.plan = plan
        self.seed = plan["seed"]
        self.policy = request["policy"]
        self.readings = dict({"other_levels": "joint_and_count"}, **(self.policy.get("readings") or {}))
        self.units = list(request["units"])
        registry = request["registry"]
        self.objects = {o["id"]: o for o in registry["objects"]}
        self.people = registry["inspectors"]
        self.person = {p["id"]: p for p in self.people}
        self.history = [dict(h, _date=day(h["date"])) for h in request.get("history") or []]
        self.campaigns = {c["id"]: c for c in request.get("campaigns") or []}
        self.matters = {mt["id"]: mt for mt in self.policy.get("matters") or []}
        parents = {j["id"]: j.get("parent") for j in registry["jurisdictions"]}
        self.unit_of_jurisdiction = {j: self._drawing_unit(j, parents) for j in parents}
        self._members = None

    def _drawing_unit(self, jurisdiction, parents):
        seen = set()
        while jurisdiction is not None and jurisdiction not in seen:
            if jurisdiction in self.units:
                return jurisdiction
            seen.add(jurisdiction)
            jurisdiction = parents.get(jurisdiction)
        return None

    def unit_of(self, obj):
        return self.unit_of_jurisdiction.get(obj.get("jurisdiction"))

    def team_seed_string(self, unit, object_id):
        return "%s|%s|%s|inspectors|%s" % (self.seed, self.period, unit, object_id)

    def month_days(self, month):
        return month_range(self.year, month)


# --- Populations (§3.1) ------------------------------------------------------


def free_tags(obj):
    return (obj.get("tags") or {}).get("free") or []


def credit_downgrade_days(ctx):
    """The first credit_downgrade in force in the quarter: its days, or None."""
    for mod in ctx.policy.get("modifiers") or []:
        if mod.get("kind") == "credit_downgrade" and overlaps(mod.get("in_force"), ctx.first, ctx.last):
            return mod["violation_free_days"]
    return None


def qualifies_for_downgrade(ctx, obj, days):
    if obj.get("category") != "key" or obj.get("credit") != "good" or not obj.get("online_monitoring_stable"):
        return False
    last = day(obj.get("last_violation"))
    return last is None or last < ctx.first - datetime.timedelta(days=days)


def meets_tier(ctx, obj, criteria):
    """A tier's criteria are OR-ed; a criterion not given is not met."""
    n = criteria.get("min_complaints")
    if n is not None and (obj.get("complaints") or 0) >= n:
        return True
    c = criteria.get("credit_at_or_below")
    if c is not None and obj.get("credit") is not None and CREDIT_ORDER[obj["credit"]] >= CREDIT_ORDER[c]:
        return True
    d = criteria.get("violation_within_days")
    last = day(obj.get("last_violation"))
    if d is not None and last is not None and ctx.first - datetime.timedelta(days=d) <= last < ctx.first:
        return True
    return False


def pollution_stratum(ctx, obj, cls, downgrade_days):
    """(class, tier public name or None) of an object in the pollution pool."""
    if downgrade_days is not None and cls == "key" and qualifies_for_downgrade(ctx, obj, downgrade_days):
        cls = "general"
    for mod in ctx.policy.get("modifiers") or []:
        if mod.get("kind") == "risk_tier" and cls in mod.get("categories", []) and meets_tier(ctx, obj, mod.get("criteria") or {}):
            return cls, mod.get("label") or mod["name"]
    return cls, None


def attribute_ok(value, test):
    if value is None:
        return False
    if test.get("one_of") and value not in test["one_of"]:
        return False
    for bound, ok in (("at_least", lambda v, b: v >= b), ("at_most", lambda v, b: v <= b)):
        if test.get(bound) is not None:
            try:
                if not ok(int(str(value)), test[bound]):
                    return False
            except ValueError:
                return False
    return True


def matter_takes(matter, obj):
    """A matter's filter (docs/schema/policy.schema.json ObjectFilter)."""
    f = matter.get("objects") or {}
    tags = obj.get("tags") or {}
    if f.get("industry") and tags.get("industry") not in f["industry"]:
        return False
    if f.get("object_type") and tags.get("object_type") not in f["object_type"]:
        return False
    if any(t not in free_tags(obj) for t in f.get("tags") or []):
        return False
    attrs = tags.get("attributes") or {}
    return all(attribute_ok(attrs.get(name), test) for name, test in (f.get("attributes") or {}).items())


def own_class(ctx, obj):
    names = [n for n in (ctx.policy.get("classes") or {}).get("names", []) if n in free_tags(obj)]
    return names[0] if len(names) == 1 else None


def memberships(ctx, obj):
    """Every (pool, class, tier) stratum an eligible object is in."""
    own = ctx.policy.get("classes")
    out = []
    cls = own_class(ctx, obj) if own else obj.get("category")
    if own:
        out.append(("pollution", cls, None))
    else:
        out.append(("pollution",) + pollution_stratum(ctx, obj, cls, credit_downgrade_days(ctx)))
    for pool in ("radiation", "hazardous_waste"):
        if obj.get(pool):
            out.append((pool, cls if own else obj[pool], None))
    for mid, matter in ctx.matters.items():
        if matter_takes(matter, obj):
            out.append((mid, cls, None))
    return out


def members(ctx, unit, pool, cls, tier):
    """The population of a stratum: eligible objects of the unit, sorted."""
    if ctx._members is None:
        ctx._members = {}
        for obj in ctx.objects.values():
            u = ctx.unit_of(obj)
            if u is None or obj.get("status", "active") not in DRAWN_STATUSES:
                continue
            for key in memberships(ctx, obj):
                ctx._members.setdefault((u,) + key, []).append(obj["id"])
    return sorted(ctx._members.get((unit, pool, cls, tier), []))


def campaign_members(ctx, unit, campaign):
    """§3.5 scope: the unit's eligible objects whose tags match exactly."""
    scope = campaign.get("scope") or {}
    out = []
    for obj in ctx.objects.values():
        if ctx.unit_of(obj) != unit or obj.get("status", "active") not in DRAWN_STATUSES:
            continue
        tags = obj.get("tags") or {}
        if any(scope.get(f) is not None and tags.get(f) != scope[f] for f in ("industry", "emission_type", "monitoring", "weather_grade")):
            continue
        if scope.get("tag") is not None and scope["tag"] not in free_tags(obj):
            continue
        out.append(obj["id"])
    return sorted(out)


# --- What the history counts (§3.2) and a stratum's order (§3.3, §3.4) --------


def minimum_of(rule):
    m = rule["minimum"]
    return m["options"][m["chosen"]] if m.get("kind") == "one_of" else m


def stratum_rules(ctx, pool, cls, tier):
    rules = [r for r in ctx.policy.get("rules") or [] if r.get("pool") == pool and r.get("category") == cls]
    if tier is not None:  # a tier's stratum: its class's rules without 1:N
        rules = [r for r in rules if minimum_of(r)["kind"] != "inspector_ratio_per_year"]
    return rules


def cycle_start(ctx):
    """1 January of the first year of the earliest cycle any rule is in."""
    starts = []
    for r in ctx.policy.get("rules") or []:
        m = minimum_of(r)
        if m["kind"] == "every_object_once_per_cycle":
            f, y = m["first_year"], m["years"]
            starts.append(f + ((ctx.year - f) // y) * y)
    return datetime.date(min(starts), 1, 1) if starts else ctx.first


def counted(ctx, h, unit, pool):
    """A random visit in the pool by the unit (or anyone, under joint_and_count)."""
    if h.get("kind") != "random" or pool not in h.get("pools", ["pollution"]):
        return False
    return h["by"] == unit or ctx.readings["other_levels"] == "joint_and_count"


def done_objects(ctx, unit, pool, rules):
    """The members already done, in the sense §3.4 step 4 gives the stratum."""
    kinds = {minimum_of(r)["kind"] for r in rules}
    if any(r.get("no_repeat") for r in rules):
        since = datetime.date.min  # inspected before: this year or any earlier year
    elif "every_object_once_per_cycle" in kinds:
        since = cycle_start(ctx)
    else:
        since = datetime.date(ctx.year, 1, 1)
    return {h["object"] for h in ctx.history if counted(ctx, h, unit, pool) and since <= h["_date"] < ctx.first}


def other_level_visits(ctx, unit):
    return {h["object"] for h in ctx.history if ctx.first <= h["_date"] <= ctx.last and h["by"] != unit}


def quarter_first_month(ctx):
    return ctx.first.month


def drawn_earlier(ctx, unit, pool):
    """A plan of one month: members an earlier month drew (pool None: any pool)."""
    if ctx.month is None:
        return set()
    # Any date in the quarter: a visit dated in this month or later is an
    # earlier month's task done or recorded late (draw-algorithm §3.2). The
    # quarter's first month has no earlier month.
    if ctx.month == quarter_first_month(ctx):
        return set()
    return {
        h["object"]
        for h in ctx.history
        if h.get("kind") == "random" and h["by"] == unit and ctx.first <= h["_date"] <= ctx.last
        and (pool is None or pool in h.get("pools", ["pollution"]))
    }


class Stratum:
    """One line of the plan: its name, seed string, candidates and order."""

    def __init__(self, ctx, line):
        self.line = line
        self.seed_string = line["seed_string"]
        fields = self.seed_string.split("|")
        self.name = "/".join(fields[2:])  # §2: <unit>/<pool>/<class>[/<tier>]
        key = line["stratum"]
        self.unit = key["unit"]
        campaign = line.get("campaign")
        if campaign is not None:
            self.pool = "pollution"
            self.campaign = ctx.campaigns.get(campaign)
            if self.campaign is None:
                raise BadInput("stratum %s: the request has no campaign %r" % (self.name, campaign))
            self.population = campaign_members(ctx, self.unit, self.campaign)
            self.excluded = drawn_earlier(ctx, self.unit, None)
            self.done, self.uninspected_first = set(), False
            return
        self.campaign = None
        self.pool, cls = key["pool"], key["category"]
        tier = fields[5] if len(fields) > 5 else None
        self.population = members(ctx, self.unit, self.pool, cls, tier)
        rules = stratum_rules(ctx, self.pool, cls, tier)
        self.uninspected_first = any(minimum_of(r)["kind"] != "percent_per_quarter" for r in rules)
        self.done = done_objects(ctx, self.unit, self.pool, rules) if self.uninspected_first else set()
        self.excluded = drawn_earlier(ctx, self.unit, self.pool)
        if ctx.readings["other_levels"] == "set_aside":
            self.excluded |= other_level_visits(ctx, self.unit)

    def check_line(self):
        """Differences between the plan's line and the population derived."""
        problems = []
        if self.line.get("eligible") != len(self.population):
            problems.append(
                "original plan: stratum %s has eligible %s, the request gives %d members (§3.1)"
                % (self.name, self.line.get("eligible"), len(self.population))
            )
        if self.line.get("uninspected_first") != self.uninspected_first:
            problems.append("original plan: stratum %s uninspected_first should be %s (§3.3)" % (self.name, self.uninspected_first))
        return problems

    def order(self, seed_string, exclude):
        """(id, ticket) of the candidates in draw order under `seed_string`."""
        tk = Tickets(seed_string)
        ids = [i for i in self.population if i not in self.excluded and i not in exclude]
        ranked = sorted(((i in self.done, tk(i), i) for i in ids))
        return [(i, t) for _, t, i in ranked]


# --- The amended plan ---------------------------------------------------------


class AmendedPlan:
    """The original plan with every amendment so far applied."""

    def __init__(self, ctx):
        self.ctx = ctx
        self.tasks = {(t["unit"], t["object"]): copy.deepcopy(t) for t in ctx.plan["tasks"]}
        self.closed = set()
        self.replaced_out = {}  # (unit, object) -> ids who left the task
        self.away = []  # (inspector, months) of each absence drawn
        self.known_seeds = {ctx.seed}
        self.base_load = self._earlier_months_load()

    def _earlier_months_load(self):
        """§5: in a plan of one month, earlier months' entries by the units."""
        load = {}
        if self.ctx.month is None or self.ctx.month == quarter_first_month(self.ctx):
            return load
        for h in self.ctx.history:
            if h["by"] in self.ctx.units and self.ctx.first <= h["_date"] <= self.ctx.last:
                for i in h.get("inspectors") or []:
                    load[i] = load.get(i, 0) + 1
        return load

    def in_plan_order(self):
        # §8*: plan order is (unit, month, object id) after moves and new tasks.
        return [self.tasks[k] for k in sorted(self.tasks, key=lambda k: (k[0], self.tasks[k]["month"], k[1]))]

    def load(self, person_id):
        n = self.base_load.get(person_id, 0)
        for t in self.tasks.values():
            v = t["visit"]
            if v.get("kind") == "own" and (person_id in v.get("officers", []) or person_id in v.get("joining", [])):
                n += 1
        return n

    def is_away(self, person_id, month):
        return any(person_id == who and month in months for who, months in self.away)

    def drawn_in(self, stratum_name):
        return {t["object"] for t in self.tasks.values() for c in t["covers"] if c["stratum"] == stratum_name}


def team_of(task):
    v = task["visit"]
    return list(v.get("officers", [])) + list(v.get("joining", []))


def expertise_held(ctx, ids):
    out = set()
    for i in ids:
        out |= set((ctx.person.get(i) or {}).get("expertise") or [])
    return out


def previous_team(ctx, object_id):
    """§5: the latest dated entry before the quarter listing inspectors, any bureau."""
    entries = [h for h in ctx.history if h["object"] == object_id and h["_date"] < ctx.first and h.get("inspectors")]
    if not entries:
        return set()
    latest = max(h["_date"] for h in entries)
    return {i for h in entries if h["_date"] == latest for i in h["inspectors"]}


def rank(ctx, people, object_id, seed_string):
    """§5 step 2: on the previous visit (false first), team ticket, id."""
    tk = TeamTickets(seed_string)
    previous = previous_team(ctx, object_id)
    return sorted(people, key=lambda p: (p["id"] in previous, tk(p["id"]), p["id"]))


def available(state, unit, object_id, month):
    """§5 step 1 on the amended plan, plus absences: the unit's people who may take it."""
    ctx = state.ctx
    return [
        p
        for p in ctx.people
        if p.get("jurisdiction") == unit
        and p.get("on_post", True)
        and object_id not in (p.get("recusals") or [])
        and state.load(p["id"]) < p["quarterly_capacity"]
        and not state.is_away(p["id"], month)
    ]


# --- Officers: replace_inspector and inspector_absent ---------------------------


def ranked_candidates(state, task, out, seed, claim_hash):
    """Who may replace `out` on `task`, best-ranked first."""
    ctx = state.ctx
    unit, obj = task["unit"], task["object"]
    team = team_of(task)
    left = state.replaced_out.get((unit, obj), set())
    needed = set(task.get("expertise") or [])
    lost = (needed & expertise_held(ctx, team)) - expertise_held(ctx, [i for i in team if i != out])
    candidates = [
        p
        for p in available(state, unit, obj, task["month"])
        if p.get("role") == "officer" and p["id"] not in team and p["id"] not in left and p["id"] != out
        and lost <= set(p.get("expertise") or [])
    ]
    s = replacement_seed_string(seed, claim_hash, ctx.team_seed_string(unit, obj))
    return [p["id"] for p in rank(ctx, candidates, obj, s)]


def draw_officer(state, task, out, seed, claim_hash):
    """The replacement for `out` on `task`, or None when nobody qualifies."""
    ranked = ranked_candidates(state, task, out, seed, claim_hash)
    return ranked[0] if ranked else None


def absence_picks(state, vacancies, seed, claim_hash):
    """An absence's replacements, one a vacated task in plan order: each the
    best-ranked candidate that leaves every later task one of its own
    candidates within capacity (a maximum flow); None when no assignment
    exists (the picks then go one by one)."""
    lists = [ranked_candidates(state, t, out, seed, claim_hash) for t, out in vacancies]
    people = {p["id"]: p for p in state.ctx.people}
    room = {i: people[i]["quarterly_capacity"] - state.load(i) for ids in lists for i in ids}
    if max_flow([(1, set(ids)) for ids in lists], room) < len(lists):
        return None
    picks = []
    for n, ids in enumerate(lists):
        for c in ids:
            left = dict(room)
            left[c] -= 1
            if left[c] >= 0 and max_flow([(1, set(x)) for x in lists[n + 1:]], left) == len(lists) - n - 1:
                picks.append(c)
                room = left
                break
        else:
            picks.append(None)
    return picks


def put_in(state, task, out, replacement):
    """Officer `out` leaves the task's team and `replacement` takes the place."""
    v = task["visit"]
    state.replaced_out.setdefault((task["unit"], task["object"]), set()).add(out)
    v["officers"] = sorted([i for i in v["officers"] if i != out] + ([replacement] if replacement else []))


def officers_of(task):
    return task["visit"].get("officers", []) if task["visit"].get("kind") == "own" else []


def officer_draws(state, claim_kind, claim):
    """[(task, out)] the claim vacates, in plan order; raises BadClaim."""
    if claim_kind == "replace_inspector":
        task = state.tasks.get((claim["unit"], claim["object"]))
        # §8*: `out` is one of the task's officers.
        if task is None or claim["out"] not in officers_of(task):
            raise BadClaim("%s is not an officer of an own visit %s/%s" % (claim["out"], claim["unit"], claim["object"]))
        return [(task, claim["out"])]
    who = claim["inspector"]
    a, b = day(claim["from"]), day(claim["until"])
    months = {m for m in state.ctx.months if overlaps({"from": claim["from"], "until": claim["until"]}, *state.ctx.month_days(m))}
    if b < a:
        raise BadClaim("absence until %s is before its start %s" % (b, a))
    state.away.append((who, months))
    vacated = [(t, who) for t in state.in_plan_order() if t["month"] in months and who in officers_of(t)]
    if not vacated:  # §8*: a claim that vacates no task is refused
        raise BadClaim("%s is an officer of no task in %s" % (who, sorted(months)))
    return vacated


class BadClaim(Exception):
    pass


def check_officers(state, claim_kind, claim, draw, claim_hash):
    """Re-derive and apply a draw's officers; (problems, draws checked)."""
    problems = []
    vacancies = officer_draws(state, claim_kind, claim)
    logged = draw.get("officers") or []
    if len(logged) != len(vacancies):
        problems.append(
            "%d officer replacement(s) expected (tasks %s), the log has %d"
            % (len(vacancies), ", ".join(t["object"] for t, _ in vacancies) or "none", len(logged))
        )
    planned = absence_picks(state, vacancies, draw["seed"], claim_hash) if claim_kind == "inspector_absent" else None
    for n, (task, out) in enumerate(vacancies):
        want = planned[n] if planned is not None else draw_officer(state, task, out, draw["seed"], claim_hash)
        got = logged[n] if n < len(logged) else None
        where = "%s/%s" % (task["unit"], task["object"])
        if want is None:
            problems.append("%s: nobody may replace %s (the draw cannot be made, protocol §8.5)" % (where, out))
        if got is not None and (got.get("unit"), got.get("object")) != (task["unit"], task["object"]):
            problems.append("officer %d: the log names %s/%s, the task vacated is %s" % (n, got.get("unit"), got.get("object"), where))
        elif got is not None and got.get("replacement") != want:
            problems.append("%s: replacement for %s should be %s, the log has %s" % (where, out, want, got.get("replacement")))
        # Later draws are checked against the log as it is.
        put_in(state, task, out, got.get("replacement") if got is not None else want)
    return problems, len(vacancies)


# --- Objects: object_closed -----------------------------------------------------


def task_expertise(ctx, pool, stratum):
    """§4: the expertise a visit of this pool (or campaign) needs."""
    if stratum.campaign is not None:
        e = stratum.campaign.get("expertise")
    elif pool in ("radiation", "hazardous_waste"):
        e = pool
    else:
        e = (ctx.matters.get(pool) or {}).get("expertise")
    return [e] if e else []


def task_mode(ctx, obj, pools, month):
    """§4 mode and mode_reason for a task without targeted reasons."""
    a, b = ctx.month_days(month)
    forms = [(ctx.matters.get(p) or {}).get("form") for p in pools]
    if forms and all(forms):
        f = forms[0]
        word = {"off_site": "非现场检查", "paper_review": "书面检查"}[f["kind"]]
        return "off_site", "%s (%s %s)" % (word, f["source"]["document"], f["source"]["clause"])
    for mod in ctx.policy.get("modifiers") or []:
        src = mod.get("source") or {}
        where = "(%s %s)" % (src.get("document"), src.get("clause"))
        if not overlaps(mod.get("in_force"), a, b):
            continue
        if mod["kind"] == "positive_list_off_site" and overlaps(obj.get("positive_list"), a, b):
            return "off_site", "正面清单 positive list " + where
        if mod["kind"] == "credit_downgrade" and qualifies_for_downgrade(ctx, obj, mod["violation_free_days"]):
            return "off_site", "信用良好 credit downgrade " + where
    return "on_site", None


def staff_new_task(state, task, kept, kept_joining, seed_string):
    """§5 steps 3-4 under the new object's seed string, keeping the members kept."""
    ctx = state.ctx
    ranked = rank(ctx, available(state, task["unit"], task["object"], task["month"]), task["object"], seed_string)
    officers = [p for p in ranked if p.get("role") == "officer"]
    experts = [p for p in ranked if p.get("role") == "expert"]
    team, joining = list(kept), list(kept_joining)
    for e in sorted(task.get("expertise") or []):
        if e in expertise_held(ctx, team + joining):
            continue
        best = next((p["id"] for p in officers if e in (p.get("expertise") or []) and p["id"] not in team), None)
        if len(team) < TEAM_SIZE and best is not None:
            team.append(best)
            continue
        best = next((p["id"] for p in experts if e in (p.get("expertise") or []) and p["id"] not in joining), None)
        if best is not None:
            joining.append(best)
    for p in officers:
        if len(team) >= TEAM_SIZE:
            break
        if p["id"] not in team:
            team.append(p["id"])
    visit = {"kind": "own", "officers": sorted(team)}
    if joining:
        visit["joining"] = sorted(joining)
    return visit


def new_task(state, cancelled, stratum, object_id, ticket, seed, claim_hash):
    """The visit a replacement object without one gets (§8 table)."""
    ctx = state.ctx
    obj = ctx.objects[object_id]
    pools = [stratum.pool]
    task = {"unit": cancelled["unit"], "object": object_id, "object_name": obj.get("name"), "month": cancelled["month"]}
    task["mode"], reason = task_mode(ctx, obj, pools, cancelled["month"])
    if reason:
        task["mode_reason"] = reason
    task["covers"] = [{"stratum": stratum.name, "ticket": ticket}]
    task["pools"] = pools
    task["check_items"] = list(cancelled.get("check_items") or [])  # §5: it takes over the items
    if task_expertise(ctx, stratum.pool, stratum):
        task["expertise"] = task_expertise(ctx, stratum.pool, stratum)
    others = sorted({h["by"] for h in ctx.history if h["object"] == object_id and ctx.first <= h["_date"] <= ctx.last and h["by"] != task["unit"]})
    if others and ctx.readings["other_levels"] == "joint_and_count":
        task["visit"] = {"kind": "joint_with_other_level", "with": others}
        return task
    free = {p["id"] for p in available(state, task["unit"], object_id, task["month"])}
    # §8*: the cancelled team's officers and joining members who are free
    # (§5 step 1 on the amended plan) and not recused are kept.
    kept = [i for i in cancelled["visit"].get("officers", []) if i in free]
    kept_joining = [i for i in cancelled["visit"].get("joining", []) if i in free]
    s = replacement_seed_string(seed, claim_hash, ctx.team_seed_string(task["unit"], object_id))
    task["visit"] = staff_new_task(state, task, kept, kept_joining, s)
    return task


NEW_TASK_FIELDS = ("unit", "object", "object_name", "month", "mode", "mode_reason", "covers", "pools", "check_items", "expertise", "visit")


def compare_task(where, want, got):
    problems = []
    for f in NEW_TASK_FIELDS:
        if want.get(f) != got.get(f) and not (f in ("expertise", "check_items") and not want.get(f) and not got.get(f)):
            problems.append("%s: new_task %s should be %s, the log has %s" % (where, f, json.dumps(want.get(f), ensure_ascii=False), json.dumps(got.get(f), ensure_ascii=False)))
    return problems


def check_objects(state, strata, claim, draw, claim_hash):
    """Re-derive and apply an object_closed draw; (problems, draws checked)."""
    problems = []
    key = (claim["unit"], claim["object"])
    cancelled = state.tasks.get(key)
    if cancelled is None:
        raise BadClaim("no task %s/%s to cancel" % key)
    status = state.ctx.objects.get(claim["object"], {}).get("status", "active")
    if claim.get("previous_status") != status:
        problems.append("claim: previous_status %s, the registry has %s" % (claim.get("previous_status"), status))
    if claim.get("new_status") in DRAWN_STATUSES:
        problems.append("claim: new_status %s is drawn" % claim.get("new_status"))
    del state.tasks[key]
    state.closed.add(claim["object"])
    logged = draw.get("objects") or []
    if len(logged) != len(cancelled["covers"]):
        problems.append("%d object draw(s) expected (the covers of %s/%s), the log has %d" % (len(cancelled["covers"]), key[0], key[1], len(logged)))
    for n, cover in enumerate(cancelled["covers"]):
        stratum = strata.get(cover["stratum"])
        if stratum is None:
            problems.append("cover %s: the plan has no such stratum" % cover["stratum"])
            continue
        s = replacement_seed_string(draw["seed"], claim_hash, stratum.seed_string)
        # §8*: "already drawn" = a cover of the stratum on the amended plan.
        order = stratum.order(s, state.drawn_in(stratum.name) | state.closed)
        got = logged[n] if n < len(logged) else {}
        where = "%s (replacing %s)" % (stratum.name, claim["object"])
        if not order:
            problems.append("%s: no candidate is left (the draw cannot be made)" % where)
            continue
        want_id, want_ticket = order[0]
        if got.get("stratum") != stratum.name:
            problems.append("%s: the log's draw %d names stratum %s" % (where, n, got.get("stratum")))
        if (got.get("object"), got.get("ticket")) != (want_id, want_ticket):
            problems.append("%s: should draw %s (ticket %s), the log has %s (ticket %s)" % (where, want_id, want_ticket, got.get("object"), got.get("ticket")))
        chosen, ticket = got.get("object") or want_id, got.get("ticket") or want_ticket
        existing = state.tasks.get((cancelled["unit"], chosen))
        if existing is not None:
            if got.get("new_task") is not None:
                problems.append("%s: %s already has a visit, the log gives it a new_task" % (where, chosen))
            # §8*: an existing visit takes the cover; month and team stay.
            existing["covers"] = sorted(existing["covers"] + [{"stratum": stratum.name, "ticket": ticket}], key=lambda c: (c["stratum"], c["ticket"]))
            if stratum.pool not in existing["pools"]:
                existing["pools"].append(stratum.pool)
            continue
        if chosen not in state.ctx.objects:
            problems.append("%s: the log draws %s, which the registry does not hold" % (where, chosen))
            continue
        want_task = new_task(state, cancelled, stratum, chosen, ticket, draw["seed"], claim_hash)
        if got.get("new_task") is None:
            problems.append("%s: %s has no visit yet, the log gives no new_task" % (where, chosen))
        else:
            problems.extend(compare_task(where, want_task, got["new_task"]))
        state.tasks[(cancelled["unit"], chosen)] = copy.deepcopy(got.get("new_task") or want_task)
    return problems, len(cancelled["covers"])


# --- The log ----------------------------------------------------------------


def entry_hash(e):
    body = json.dumps({"prev_hash": e["prev_hash"], "entry": e["entry"]}, separators=(",", ":"), ensure_ascii=False)
    return sha256_hex(e["prev_hash"] + body)


def check_chain(entries):
    problems = []
    prev = ""
    for i, e in enumerate(entries):
        if not isinstance(e, dict) or set(e) != {"prev_hash", "entry", "hash"}:
            raise BadInput("entry %d is not {prev_hash, entry, hash}" % i)
        if entry_hash(e) != e["hash"]:
            problems.append("entry %d: its hash is not SHA-256 of prev_hash + its JSON (the entry was edited)" % i)
        if e["prev_hash"] != prev:
            problems.append("entry %d: prev_hash is not the hash of entry %d (an entry removed, inserted or reordered)" % (i, i - 1))
        prev = e["hash"]
    return problems


def check_note(ctx, i, entry, last_date):
    """Reason, author, date (in the quarter, never back); evidence for a claim."""
    problems = []
    for f in ("reason", "author"):
        if not str(entry.get(f) or "").strip():
            problems.append("entry %d: blank %s" % (i, f))
    d = day(entry.get("date"))
    if d is None or not ctx.first <= d <= ctx.last:
        problems.append("entry %d: date %s is not in %s" % (i, entry.get("date"), ctx.quarter))
    elif last_date is not None and d < last_date:
        problems.append("entry %d: date %s goes back (the entry before is %s)" % (i, d, last_date))
    return problems, d or last_date


def check_claim_rule(i, claim):
    rule = claim.get("seed_rule") or {}
    if rule.get("weak") or not isinstance(rule.get("digits"), int) or rule["digits"] < MIN_SEED_DIGITS:
        return ["entry %d: a claim's seed rule must have at least %d digits and not be weak" % (i, MIN_SEED_DIGITS)]
    return []


def check_draw_seed(state, i, claim, draw):
    problems = []
    digits = (claim.get("seed_rule") or {}).get("digits")
    seed = draw.get("seed")
    if not (isinstance(seed, str) and re.fullmatch(r"[0-9]+", seed) and len(seed) == digits):
        problems.append("entry %d: seed %r is not exactly %s decimal digits, as the claim's rule says" % (i, seed, digits))
    if seed in state.known_seeds:
        problems.append("entry %d: seed %s was already known (the plan's, or an earlier draw's)" % (i, seed))
    state.known_seeds.add(seed)
    return problems


def replay(ctx, entries):
    """Apply every amendment; (problems, draws re-derived)."""
    state = AmendedPlan(ctx)
    strata = {}
    problems = []
    for line in ctx.plan["strata"]:
        st = Stratum(ctx, line)
        strata[st.name] = st
        problems.extend(st.check_line())
    pending = None  # (index, kind, claim, hash) of the claim awaiting its draw
    draws = 0
    last_date = None
    for i, e in enumerate(entries[1:], start=1):
        entry = e["entry"]
        if entry.get("type") != "amendment" or not isinstance(entry.get("kind"), dict) or len(entry["kind"]) != 1:
            problems.append("entry %d: not an amendment (only entry 0 is the original)" % i)
            continue
        (kind, body), = entry["kind"].items()
        note, last_date = check_note(ctx, i, entry, last_date)
        problems.extend(note)
        if pending is not None and kind != "replacements_drawn":
            problems.append("entry %d: %s appended while the claim of entry %d waits for its draw" % (i, kind, pending[0]))
        if kind in CLAIMS:
            if not str(entry.get("evidence") or "").strip():
                problems.append("entry %d: a claim without evidence" % i)
            problems.extend(check_claim_rule(i, body))
            pending = (i, kind, body, e["hash"])
        elif kind == "replacements_drawn":
            if pending is None or body.get("claim") != pending[0]:
                problems.append("entry %d: draws for claim %s, but the pending claim is %s" % (i, body.get("claim"), pending and pending[0]))
                continue
            _, claim_kind, claim, claim_hash = pending
            pending = None
            problems.extend(check_draw_seed(state, i, claim, body))
            try:
                if claim_kind == "object_closed":
                    found, n = check_objects(state, strata, claim, body, claim_hash)
                else:
                    found, n = check_officers(state, claim_kind, claim, body, claim_hash)
            except BadClaim as err:
                found, n = ["claim %d: %s" % (body["claim"], err)], 0
            problems.extend("entry %d (draw for claim %d): %s" % (i, body["claim"], p) for p in found)
            draws += n
        elif kind == "move_task":
            task = state.tasks.get((body.get("unit"), body.get("object")))
            if task is None or task["month"] != body.get("from_month") or body.get("to_month") not in ctx.months:
                problems.append("entry %d: move_task %s/%s from %s to %s does not fit the amended plan" % (i, body.get("unit"), body.get("object"), body.get("from_month"), body.get("to_month")))
            else:
                task["month"] = body["to_month"]
        else:
            problems.append("entry %d: unknown amendment %s" % (i, kind))
    return problems, draws, pending


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def main(argv):
    if len(argv) != 3:
        print("usage: log_check.py REQUEST.json LOG.json", file=sys.stderr)
        return 2
    try:
        request = load_json(argv[1])
        log = load_json(argv[2])
        if not isinstance(log, dict) or log.get("format") != LOG_FORMAT:
            raise BadInput("%s: not a log of format %s" % (argv[2], LOG_FORMAT))
        entries = log["entries"]
        if not entries or not isinstance(entries, list):
            raise BadInput("the log has no entries")
        problems = check_chain(entries)
        first = entries[0]["entry"]
        if first.get("type") != "original":
            raise BadInput("entry 0 is not the original plan")
        ctx = Context(request, first["plan"])
        if ctx.seed != request.get("seed"):
            problems.append("original plan: seed %s, the request's is %s" % (ctx.seed, request.get("seed")))
        found, draws, pending = replay(ctx, entries)
        problems.extend(found)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError, BadInput) as e:
        print("cannot read the input: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 2
    if problems:
        print("MISMATCH: %d problem(s)" % len(problems))
        for p in problems:
            print("  - " + p)
        return 1
    tail = " (the claim of entry %d still waits for its draw)" % pending[0] if pending else ""
    print("OK: %d draws re-derived%s" % (draws, tail))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
