// An independent re-derivation of the shuangsuiji (双随机、一公开) draw, written
// from docs/draw-algorithm.md, docs/draw-protocol.md and docs/json-format.md
// alone. No DOM: it runs in the browser and under Node 20 (crypto.subtle).
//
// Read top-down:
//   1. primitives      — SHA-256 (WebCrypto), tickets, SipHash-2-4, orders
//   2. commitment      — canonical form, leaves, roots, frozen header, digest
//   3. seed rule       — the normal form of a seed and its rule
//   4. the draw        — strata, minimums, tickets, campaigns, tasks, months,
//                        modes, teams, check items: the plan re-drawn
//   5. comparison      — every difference between two plans, by name
//   6. the log         — hash chain, head, each amendment's effect
//   7. explain         — why a company was drawn or not
//   8. verifyAll       — everything above, one report

// ───────────────────────── 1. primitives ─────────────────────────

const textEncoder = new TextEncoder();
export const utf8 = (s) => textEncoder.encode(s);

const subtle = () => globalThis.crypto.subtle;

export async function sha256Bytes(data) {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  return new Uint8Array(await subtle().digest('SHA-256', bytes));
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
export const toHex = (bytes) => { let s = ''; for (const b of bytes) s += HEX[b]; return s; };
export const sha256Hex = async (data) => toHex(await sha256Bytes(data));

/** §1: "0." + reverse(zero-pad-64(decimal(int(hex)))). */
export function uniformFromHex(hex) {
  const dec = BigInt('0x' + hex).toString(10).padStart(64, '0');
  return '0.' + [...dec].reverse().join('');
}
export const sha256Uniform = async (s) => uniformFromHex(await sha256Hex(s));

/** Tickets of many ids under one seed string: Map id → ticket (§1). */
export async function ticketsOf(seedString, ids) {
  const h = await sha256Hex(seedString);
  const out = await Promise.all(ids.map((id) => sha256Uniform(h + id)));
  return new Map(ids.map((id, i) => [id, out[i]]));
}

const MASK64 = (1n << 64n) - 1n;
const rotl = (x, b) => ((x << BigInt(b)) | (x >> BigInt(64 - b))) & MASK64;
const le64 = (bytes, at) => {
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i] ?? 0);
  return v;
};

/** SipHash-2-4 (Aumasson and Bernstein 2012) of `msg` under a 16-byte key: a BigInt. */
export function siphash24(key, msg) {
  const k0 = le64(key, 0), k1 = le64(key, 8);
  let v0 = k0 ^ 0x736f6d6570736575n, v1 = k1 ^ 0x646f72616e646f6dn;
  let v2 = k0 ^ 0x6c7967656e657261n, v3 = k1 ^ 0x7465646279746573n;
  const round = () => {
    v0 = (v0 + v1) & MASK64; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
    v2 = (v2 + v3) & MASK64; v3 = rotl(v3, 16); v3 ^= v2;
    v0 = (v0 + v3) & MASK64; v3 = rotl(v3, 21); v3 ^= v0;
    v2 = (v2 + v1) & MASK64; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
  };
  const n = msg.length, whole = n - (n % 8);
  for (let i = 0; i < whole; i += 8) {
    const m = le64(msg, i);
    v3 ^= m; round(); round(); v0 ^= m;
  }
  let last = BigInt(n & 0xff) << 56n;
  for (let i = 0; i < n % 8; i++) last |= BigInt(msg[whole + i]) << BigInt(8 * i);
  v3 ^= last; round(); round(); v0 ^= last;
  v2 ^= 0xffn;
  round(); round(); round(); round();
  return (v0 ^ v1 ^ v2 ^ v3) & MASK64;
}

/** §5 team tickets: SipHash-2-4 keyed by SHA-256(seed string)[0..16]. */
export async function teamTicketer(seedString) {
  const key = (await sha256Bytes(seedString)).slice(0, 16);
  return (id) => siphash24(key, utf8(id));
}

/** Byte-wise (UTF-8, = code point) comparison of two strings. */
export function byteCmp(a, b) {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i), y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff, sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1; // a surrogate (≥ U+10000) sorts after any BMP char
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
const cmpNum = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const uniqSorted = (xs) => [...new Set(xs)].sort(byteCmp);

// ─── dates and quarters ───
const pad2 = (n) => String(n).padStart(2, '0');
export function parseQuarter(q) {
  const m = /^(\d{4})-?[Qq]([1-4])$/.exec(String(q));
  if (!m) throw new Error(`quarter ${q}`);
  const year = +m[1], n = +m[2];
  const months = [3 * n - 2, 3 * n - 1, 3 * n];
  return {
    year, n, name: `${year}Q${n}`, months,
    first: `${year}-${pad2(months[0])}-01`,
    last: lastDay(year, months[2]),
  };
}
const lastDay = (y, m) => `${y}-${pad2(m)}-${pad2(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
const monthRange = (y, m) => [`${y}-${pad2(m)}-01`, lastDay(y, m)];
export function normDate(d) {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(String(d));
  return m ? `${m[1]}-${pad2(+m[2])}-${pad2(+m[3])}` : d;
}
function daysBefore(date, days) {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d) - days * 86400000);
  return `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}`;
}
/** A range {from, until?} overlaps [a, b] (conventions of draw-algorithm.md). */
const overlaps = (r, a, b) =>
  !!r && normDate(r.from) <= b && (r.until == null || normDate(r.until) >= a);

// ───────────────────────── 2. the commitment ─────────────────────────
// docs/draw-protocol.md §3.

const DATE_MEMBERS = new Set(['from', 'until', 'last_violation', 'date']);
const SET_MEMBERS = new Set(['free', 'expertise', 'recusals', 'pools']);
const DEFAULT_READINGS = { other_levels: 'joint_and_count', rounding: 'up', spread: 'even_over_remaining_quarters' };
const DEFAULTS = {
  status: 'active', online_monitoring_stable: false, complaints: 0, on_post: true,
  years_of_service: 0, pools: ['pollution'], cadence: 'quarterly', readings: DEFAULT_READINGS,
};
const isEmpty = (v) => v === null || v === undefined ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

/** Normalise one value (§3 steps 1–4); `named` false inside `attributes`. */
export function normalise(value, named = true, inHistory = false) {
  if (Array.isArray(value)) return value.map((v) => normalise(v, named, inHistory));
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [k, raw] of Object.entries(value)) {
    const inner = named && k !== 'attributes';
    let v = normalise(raw, inner, inHistory);
    if (named) {
      if (DATE_MEMBERS.has(k) && typeof v === 'string') v = normDate(v);
      if (SET_MEMBERS.has(k) && Array.isArray(v)) v = uniqSorted(v);
      if (k === 'inspectors' && inHistory && Array.isArray(v)) v = [...v].sort(byteCmp);
    }
    const keepEmptyPools = named && inHistory && k === 'pools' && Array.isArray(v) && v.length === 0;
    if (isEmpty(v) && !keepEmptyPools) continue;
    if (named && k in DEFAULTS && jcs(v) === jcs(DEFAULTS[k])) continue;
    out[k] = v;
  }
  return out;
}

/** RFC 8785 writing: members sorted by UTF-16 code units, JSON.stringify escapes. */
export function jcs(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return '[' + v.map(jcs).join(',') + ']';
  const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + jcs(v[k])).join(',') + '}';
}

const cmpBytes = (a, b) => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
};
/** A list's count and root: sorted leaves, chunks of 4096, hash of chunk hashes. */
export async function listRoot(records, inHistory = false) {
  const leaves = await Promise.all(records.map((r) => sha256Bytes(jcs(normalise(r, true, inHistory)))));
  leaves.sort(cmpBytes);
  const chunks = [];
  for (let i = 0; i < leaves.length; i += 4096) {
    const part = leaves.slice(i, i + 4096);
    const buf = new Uint8Array(part.length * 32);
    part.forEach((l, j) => buf.set(l, 32 * j));
    chunks.push(await sha256Bytes(buf));
  }
  const all = new Uint8Array(chunks.length * 32);
  chunks.forEach((c, j) => all.set(c, 32 * j));
  return { count: records.length, root: await sha256Hex(all) };
}

/** The frozen header of a request (everything but the seed). */
export async function frozenHeader(request) {
  const reg = request.registry ?? {};
  const frozen = {
    format: 'shuangsuiji.commitment/3',
    quarter: parseQuarter(request.quarter).name,
    units: uniqSorted(request.units ?? []).sort(byteCmp),
    policy: normalise(request.policy),
    lists: {
      jurisdictions: await listRoot(reg.jurisdictions ?? []),
      objects: await listRoot(reg.objects ?? []),
      inspectors: await listRoot(reg.inspectors ?? []),
      history: await listRoot(request.history ?? [], true),
      targeted: await listRoot(request.targeted ?? []),
      campaigns: await listRoot(request.campaigns ?? []),
    },
  };
  if (request.month != null) frozen.month = request.month;
  if (request.seed_rule) frozen.seed_rule = normalise(request.seed_rule);
  if (request.committed) frozen.committed = normalise({ ...request.committed, authority: String(request.committed.authority ?? '').trim() });
  if (request.draw_date) frozen.draw_date = normDate(request.draw_date);
  if (request.late_reason) frozen.late_reason = request.late_reason;
  return frozen;
}
export const commitmentDigest = async (request) => sha256Hex(jcs(await frozenHeader(request)));

/** Checks commitment.json on its own and against the request's digest. */
export async function checkCommitment(commitment, requestDigest) {
  const diffs = [];
  const own = await sha256Hex(jcs(commitment.frozen ?? {}));
  if (own !== commitment.digest) diffs.push({ what: 'commitment.digest', expected: own, found: commitment.digest });
  const c = commitment.frozen?.committed ?? {};
  if (commitment.authority !== c.authority) diffs.push({ what: 'commitment.authority', expected: c.authority, found: commitment.authority });
  if (commitment.date !== c.date) diffs.push({ what: 'commitment.date', expected: c.date, found: commitment.date });
  if (requestDigest && requestDigest !== commitment.digest) diffs.push({ what: 'commitment ≠ request', expected: requestDigest, found: commitment.digest });
  return diffs;
}

/** §3 `committed.strata`: root of the stratum digests of the draw record's lines. */
export async function strataRoot(recordStrata) {
  const digests = await Promise.all(recordStrata.map(async (s) => [s.stratum, await sha256Hex(jcs(stratumDigestInput(s)))]));
  digests.sort((a, b) => byteCmp(a[0], b[0]));
  return sha256Hex(digests.map((d) => d[1]).join('\n'));
}
function stratumDigestInput(s) {
  // docs/draw-protocol.md §3: all eight members, always written; the seed
  // string taken after the seed (everything after its first `|`).
  const bar = (s.seed_string ?? '').indexOf('|');
  return {
    stratum: s.stratum,
    seed_string: bar < 0 ? '' : s.seed_string.slice(bar + 1),
    population: s.population,
    inspected_this_year: s.inspected_this_year ?? [],
    set_aside: s.set_aside ?? [],
    drawn_earlier: s.drawn_earlier ?? [],
    uninspected_first: !!s.uninspected_first,
    required: s.required,
  };
}

// ───────────────────────── 3. the seed rule ─────────────────────────
// docs/draw-protocol.md §4.

const SEPARATORS = new Set([' ', '-', '_', ',', '，', '、', '.', '。', '/', ':', '：', '·']);
/** The normal form of a seed under a rule: its digits, or an error. */
export function normaliseSeed(seed, rule) {
  if (!rule) {
    if (!String(seed ?? '').trim()) return { error: 'blank seed' };
    if (/[|\u0000-\u001f\u007f]/.test(seed) || [...seed].length > 128) return { error: 'seed has | or control characters, or is too long' };
    return { seed };
  }
  let digits = '';
  for (const ch of String(seed)) {
    const c = ch.codePointAt(0);
    if (c >= 0x30 && c <= 0x39) digits += ch;
    else if (c >= 0xff10 && c <= 0xff19) digits += String(c - 0xff10);
    else if (SEPARATORS.has(ch) || /\s/.test(ch)) continue;
    else return { error: `seed character ${JSON.stringify(ch)} is not a digit or separator` };
  }
  if (digits.length !== rule.digits) return { error: `seed has ${digits.length} digits, the rule ${rule.digits}` };
  return { seed: digits };
}

/** The seed-rule check: the rule is strong enough (or marked weak) and the seed fits it. */
export function checkSeed(plan, request, commitment) {
  const diffs = [];
  const rule = plan.seed_rule ?? null;
  const committedRule = commitment?.frozen?.seed_rule ?? request.seed_rule ?? null;
  if (jcs(normalise(rule ?? {})) !== jcs(normalise(committedRule ?? {}))) diffs.push({ what: 'seed_rule', expected: committedRule, found: rule });
  if (rule) {
    if (!(rule.digits >= 1 && rule.digits <= 64)) diffs.push({ what: 'seed_rule.digits', expected: '20–64', found: rule.digits });
    else if (rule.digits < 20 && !rule.weak) diffs.push({ what: 'seed_rule.digits', expected: '≥ 20 (or weak)', found: rule.digits });
  }
  const n = normaliseSeed(plan.seed, rule);
  if (n.error) diffs.push({ what: 'seed', expected: 'fits the rule', found: `${plan.seed}: ${n.error}` });
  else if (n.seed !== plan.seed) diffs.push({ what: 'seed', expected: n.seed, found: plan.seed });
  if (request.seed != null) {
    const r = normaliseSeed(request.seed, rule);
    if (!r.error && r.seed !== plan.seed) diffs.push({ what: 'seed (request)', expected: r.seed, found: plan.seed });
  }
  return { rule, weak: !!rule?.weak, diffs };
}

// ───────────────────────── 4. the draw ─────────────────────────
// docs/draw-algorithm.md §2–§5, §7.

const NATIONAL_POOLS = ['pollution', 'radiation', 'hazardous_waste'];
const NATIONAL_CLASSES = ['key', 'special', 'general'];
const REASONS = ['complaint', 'referral', 'transfer', 'incident', 'nuclear_safety', 'monitoring_clue'];
const CREDIT_RANK = { good: 0, ordinary: 1, poor: 2 };
const FORM_NAME = { off_site: '非现场检查', paper_review: '书面检查' };
const srcRef = (s) => `${s.document} ${s.clause}`;

/** Everything about the request the draw reads, computed once. */
export function context(request) {
  const policy = request.policy;
  const q = parseQuarter(request.quarter);
  const month = request.month ?? null;
  const period = month ? `${q.year}-${pad2(month)}` : q.name;
  const units = [...new Set(request.units)].sort(byteCmp);
  const unitSet = new Set(units);
  const juris = new Map((request.registry.jurisdictions ?? []).map((j) => [j.id, j]));
  const unitOf = new Map();
  for (const j of juris.values()) {
    let cur = j, seen = 0;
    while (cur && seen++ < 1000 && !unitSet.has(cur.id)) cur = cur.parent ? juris.get(cur.parent) : null;
    unitOf.set(j.id, cur ? cur.id : null);
  }
  const objects = request.registry.objects ?? [];
  const objById = new Map(objects.map((o) => [o.id, o]));
  const readings = { ...DEFAULT_READINGS, ...(policy.readings ?? {}) };
  const history = (request.history ?? []).map((e) => ({ ...e, date: normDate(e.date), pools: e.pools ?? ['pollution'] }));
  const histByObject = groupBy(history, (e) => e.object);
  const matters = policy.matters ?? [];
  const poolOrder = [...NATIONAL_POOLS, ...matters.map((m) => m.id).sort(byteCmp)];
  const classOrder = policy.classes ? [...policy.classes.names].sort(byteCmp) : NATIONAL_CLASSES;
  const ctx = {
    request, policy, q, month, period, seed: null, units, unitSet, unitOf, objects, objById, readings,
    history, histByObject, matters, poolOrder, classOrder,
    firstMonthOfQuarter: !month || month === q.months[0],
    inspectors: request.registry.inspectors ?? [],
  };
  ctx.seed = request.seed;
  return ctx;
}
function groupBy(xs, key) {
  const m = new Map();
  for (const x of xs) { const k = key(x); if (!m.has(k)) m.set(k, []); m.get(k).push(x); }
  return m;
}
const poolRank = (ctx, p) => ctx.poolOrder.indexOf(p);
const classRank = (ctx, c) => ctx.classOrder.indexOf(c);

// ─── §3.1 populations ───
const isEligibleStatus = (o) => ['active', 'new_construction'].includes(o.status ?? 'active');
const unitOfObject = (ctx, o) => ctx.unitOf.get(o.jurisdiction) ?? null;

function poolMonths(ctx, pool) {
  const matter = ctx.matters.find((m) => m.id === pool);
  const win = matter?.months?.months ?? ctx.policy.months?.months;
  return win && win.length ? win : null; // null: every month
}
const openInQuarter = (win, months) => (win ? months.filter((m) => win.includes(m)) : months);

function matterTakes(filter, o) {
  const t = o.tags ?? {};
  if (filter?.object_type?.length && !filter.object_type.includes(t.object_type)) return false;
  if (filter?.industry?.length && !filter.industry.includes(t.industry)) return false;
  if (filter?.tags?.length && !filter.tags.every((x) => (t.free ?? []).includes(x))) return false;
  for (const [name, test] of Object.entries(filter?.attributes ?? {})) {
    const v = t.attributes?.[name];
    if (v == null) return false;
    if (test.one_of?.length && !test.one_of.includes(v)) return false;
    if (test.at_least != null || test.at_most != null) {
      if (!/^-?\d+$/.test(String(v).trim())) return false;
      const n = Number(String(v).trim());
      if (test.at_least != null && n < test.at_least) return false;
      if (test.at_most != null && n > test.at_most) return false;
    }
  }
  return true;
}

function ownClass(ctx, o) {
  const names = ctx.policy.classes.names;
  const mine = (o.tags?.free ?? []).filter((t) => names.includes(t));
  if (new Set(mine).size !== 1) throw new Error(`object ${o.id}: ${mine.length ? 'several classes' : 'no class'} among its tags`);
  return mine[0];
}

function creditDowngradeDays(ctx) {
  const m = (ctx.policy.modifiers ?? []).find((x) => x.kind === 'credit_downgrade' && overlaps(x.in_force, ctx.q.first, ctx.q.last));
  return m ? m.violation_free_days : null;
}
function qualifiesForDowngrade(ctx, o, days) {
  return o.category === 'key' && o.credit === 'good' && o.online_monitoring_stable === true &&
    (!o.last_violation || normDate(o.last_violation) < daysBefore(ctx.q.first, days));
}
const tierName = (t) => t.label ?? t.name;
function meetsTier(ctx, o, tier) {
  const c = tier.criteria ?? {};
  if (c.min_complaints != null && (o.complaints ?? 0) >= c.min_complaints) return true;
  if (c.credit_at_or_below != null && o.credit != null && CREDIT_RANK[o.credit] >= CREDIT_RANK[c.credit_at_or_below]) return true;
  if (c.violation_within_days != null && o.last_violation) {
    const d = normDate(o.last_violation);
    if (d >= daysBefore(ctx.q.first, c.violation_within_days) && d < ctx.q.first) return true;
  }
  return false;
}
/** The pollution pool's class and tier of one object after §3.1's modifiers. */
function pollutionStratum(ctx, o) {
  let cls = o.category;
  const days = creditDowngradeDays(ctx);
  if (days != null && qualifiesForDowngrade(ctx, o, days)) cls = 'general';
  for (const t of (ctx.policy.modifiers ?? []).filter((m) => m.kind === 'risk_tier')) {
    if ((t.categories ?? []).includes(cls) && meetsTier(ctx, o, t)) return { cls, tier: t };
  }
  return { cls, tier: null };
}

/** Every eligible object sorted into its populations: Map key → population. */
export function populations(ctx) {
  const pops = new Map();
  const add = (unit, pool, cls, tier, o) => {
    const key = stratumName(unit, pool, cls, tier ? tierName(tier) : null);
    if (!pops.has(key)) pops.set(key, { key, unit, pool, cls, tier, members: [] });
    pops.get(key).members.push(o.id);
  };
  for (const o of ctx.objects) {
    const unit = unitOfObject(ctx, o);
    if (!unit || !isEligibleStatus(o)) continue;
    const own = ctx.policy.classes ? () => ownClass(ctx, o) : null;
    if (own) add(unit, 'pollution', own(), null, o);
    else { const { cls, tier } = pollutionStratum(ctx, o); add(unit, 'pollution', cls, tier, o); }
    for (const pool of ['radiation', 'hazardous_waste']) if (o[pool]) add(unit, pool, own ? own() : o[pool], null, o);
    for (const m of ctx.matters) if (matterTakes(m.objects, o)) add(unit, m.id, own ? own() : o.category, null, o);
  }
  return pops;
}
export const stratumName = (unit, pool, cls, tier) => [unit, pool, cls, ...(tier ? [tier] : [])].join('/');

// ─── §3.2 the history ───
function historyFacts(ctx, unit, pool) {
  const y = ctx.q.year, first = ctx.q.first;
  const counted = (e) => e.kind === 'random' && e.pools.includes(pool) &&
    (e.by === unit || ctx.readings.other_levels === 'joint_and_count');
  const cycleStart = earliestCycleStart(ctx);
  return {
    thisYear: (id) => (ctx.histByObject.get(id) ?? []).some((e) => counted(e) && e.date < first && e.date >= `${y}-01-01`),
    inCycle: (id) => (ctx.histByObject.get(id) ?? []).some((e) => counted(e) && e.date < first && cycleStart && e.date >= cycleStart),
    before: (id) => (ctx.histByObject.get(id) ?? []).some((e) => counted(e) && e.date < first),
    otherLevel: (id) => otherLevelsThisQuarter(ctx, id, unit).length > 0,
    drawnEarlierMonth: (id) => !ctx.firstMonthOfQuarter &&
      (ctx.histByObject.get(id) ?? []).some((e) => e.kind === 'random' && e.by === unit && e.pools.includes(pool) && e.date >= first && e.date <= ctx.q.last),
  };
}
function otherLevelsThisQuarter(ctx, id, unit) {
  return (ctx.histByObject.get(id) ?? []).filter((e) => e.date >= ctx.q.first && e.date <= ctx.q.last && e.by !== unit).map((e) => e.by);
}
const effectiveMinimum = (m) => (m.kind === 'one_of' ? m.options[m.chosen] : m);
function earliestCycleStart(ctx) {
  let best = null;
  for (const r of ctx.policy.rules) {
    const m = effectiveMinimum(r.minimum);
    if (m.kind !== 'every_object_once_per_cycle') continue;
    const y = m.first_year + Math.floor((ctx.q.year - m.first_year) / m.years) * m.years;
    if (best === null || y < best) best = y;
  }
  return best === null ? null : `${best}-01-01`;
}
function cycleLastYear(ctx, m) {
  const start = m.first_year + Math.floor((ctx.q.year - m.first_year) / m.years) * m.years;
  return start + m.years - 1;
}

// ─── §3.3 the minimum ───
const basisPoints = (p) => Math.round(Number(p) * 100);
function of(bp, n, rounding) {
  const x = BigInt(bp) * BigInt(n);
  if (rounding === 'nearest') return Number((x + 5000n) / 10000n);
  if (rounding === 'down') return Number(x / 10000n);
  return Number((x + 9999n) / 10000n);
}
const ceilDiv = (a, b) => Math.ceil(Math.max(a, 0) / Math.max(b, 1));

function quartersLeft(ctx, pool, fromQuarter) {
  const win = poolMonths(ctx, pool);
  let L = 0;
  for (let n = fromQuarter; n <= 4; n++) {
    const months = [3 * n - 2, 3 * n - 1, 3 * n];
    if (openInQuarter(win, months).length) L++;
  }
  return ctx.policy.cadence === 'yearly' ? Math.min(L, 1) : L;
}

function countedOfficers(ctx, unit, counted) {
  if (counted.kind === 'given') return counted.count;
  return ctx.inspectors.filter((i) => i.jurisdiction === unit && i.role === 'officer' && (i.on_post ?? true) &&
    (counted.kind !== 'with_expertise' || (i.expertise ?? []).includes(counted.expertise))).length;
}

/** One rule's demand on a stratum, as the plan writes it. */
function demandOf(ctx, rule, s) {
  const m = effectiveMinimum(rule.minimum);
  const rounding = ctx.readings.rounding;
  const E = s.E, Dn = s.Dn;
  const L = quartersLeft(ctx, s.pool, ctx.q.n);
  const spread = (T) => ceilDiv(T - Dn, L);
  const open = openInQuarter(poolMonths(ctx, s.pool), ctx.q.months).length > 0;
  let yearly_total, demand;
  switch (m.kind) {
    case 'percent_per_quarter': demand = of(basisPoints(m.percent), E, rounding); break;
    case 'percent_per_year': yearly_total = of(basisPoints(m.percent), E, rounding); demand = spread(yearly_total); break;
    case 'inspector_ratio_per_year': {
      const n = countedOfficers(ctx, s.unit, m.counted);
      yearly_total = Math.min(of(basisPoints(m.objects_per_inspector), 100 * n, rounding), E);
      demand = spread(yearly_total); break;
    }
    case 'every_object_once_per_year': yearly_total = E; demand = spread(E); break;
    case 'every_object_once_per_cycle': {
      const L1 = quartersLeft(ctx, s.pool, 1);
      const Lc = L + (cycleLastYear(ctx, m) - ctx.q.year) * L1;
      yearly_total = E; demand = ceilDiv(E - s.C, Lc); break;
    }
    default: throw new Error(`minimum ${m.kind}`);
  }
  if (!open) demand = 0;
  const d = { minimum: rule.minimum, source: rule.source };
  if (yearly_total !== undefined) d.yearly_total = yearly_total;
  d.demand = demand;
  return { line: d, kind: m.kind };
}

function demandsOf(ctx, s) {
  const rules = ctx.policy.rules.filter((r) => r.pool === s.pool && r.category === s.cls);
  const out = [];
  for (const r of rules) {
    if (s.tier && effectiveMinimum(r.minimum).kind === 'inspector_ratio_per_year') continue;
    out.push(demandOf(ctx, r, s));
  }
  if (s.tier) {
    out.push({
      line: { minimum: { kind: 'percent_per_quarter', percent: s.tier.percent_per_quarter }, source: s.tier.source,
        demand: of(basisPoints(s.tier.percent_per_quarter), s.E, ctx.readings.rounding) },
      kind: 'percent_per_quarter',
    });
  }
  return out;
}

// ─── §3.3–3.4 the strata's lines and draws ───
async function drawStrata(ctx) {
  const pops = populations(ctx);
  const lines = [];
  for (const p of pops.values()) lines.push(p);
  // a line with E = 0 for each rule's (pool, class) a unit has no population of
  for (const unit of ctx.units) {
    for (const r of ctx.policy.rules) {
      const key = stratumName(unit, r.pool, r.category, null);
      if (!pops.has(key) && !lines.some((l) => l.key === key)) lines.push({ key, unit, pool: r.pool, cls: r.category, tier: null, members: [] });
    }
  }
  const drawn = [];
  for (const s of lines) {
    const line = await drawStratum(ctx, s);
    if (line) drawn.push(line);
  }
  drawn.sort((a, b) => byteCmp(a.s.unit, b.s.unit) || poolRank(ctx, a.s.pool) - poolRank(ctx, b.s.pool) ||
    classRank(ctx, a.s.cls) - classRank(ctx, b.s.cls) ||
    (a.s.tier ? 1 : 0) - (b.s.tier ? 1 : 0) || byteCmp(a.s.tier ? tierName(a.s.tier) : '', b.s.tier ? tierName(b.s.tier) : ''));
  return drawn;
}

async function drawStratum(ctx, s) {
  const facts = historyFacts(ctx, s.unit, s.pool);
  const rulesHere = ctx.policy.rules.filter((r) => r.pool === s.pool && r.category === s.cls);
  const noRepeat = rulesHere.some((r) => r.no_repeat === true);
  const cycle = rulesHere.some((r) => effectiveMinimum(r.minimum).kind === 'every_object_once_per_cycle');
  s.E = s.members.length;
  s.Dn = s.members.filter(facts.thisYear).length;
  s.C = s.members.filter(facts.inCycle).length;
  const demands = demandsOf(ctx, s);
  if (!demands.length) return null; // a population of no rule is not drawn
  const R = Math.min(Math.max(...demands.map((d) => d.line.demand)), s.E);
  const uninspectedFirst = demands.some((d) => d.kind !== 'percent_per_quarter');
  const drawnEarlier = ctx.month ? s.members.filter(facts.drawnEarlierMonth) : [];
  let required = R, monthShare;
  if (ctx.month) {
    const O = openInQuarter(poolMonths(ctx, s.pool), ctx.q.months);
    const M = O.filter((m) => m >= ctx.month).length;
    const Rp = O.includes(ctx.month) ? R : 0;
    const De = drawnEarlier.length;
    required = Math.min(ceilDiv(Rp - De, M), s.E - De);
    monthShare = { quarter_required: Rp, drawn_earlier: De, months_left: M };
  }
  const earlierSet = new Set(drawnEarlier);
  const setAsideOn = ctx.readings.other_levels === 'set_aside';
  const setAside = setAsideOn ? s.members.filter((id) => !earlierSet.has(id) && facts.otherLevel(id)) : [];
  const asideSet = new Set(setAside);
  const candidates = s.members.filter((id) => !earlierSet.has(id) && !asideSet.has(id));
  const seedString = [ctx.seed, ctx.period, s.unit, s.pool, s.cls, ...(s.tier ? [tierName(s.tier)] : [])].join('|');
  const tickets = await ticketsOf(seedString, candidates);
  const done = noRepeat ? facts.before : cycle ? facts.inCycle : facts.thisYear;
  const isDone = new Map(candidates.map((id) => [id, uninspectedFirst ? done(id) : false]));
  const order = [...candidates].sort((a, b) => (isDone.get(a) - isDone.get(b)) ||
    cmpNum(tickets.get(a), tickets.get(b)) || byteCmp(a, b));
  const picked = order.slice(0, Math.max(required, 0));
  const line = {
    stratum: { unit: s.unit, pool: s.pool, category: s.cls, ...(s.tier ? { tier: tierName(s.tier) } : {}) },
    seed_string: seedString,
    eligible: s.E,
    inspected_this_year: s.Dn,
    required,
    drawn: picked.length,
    joint_with_other_level: setAsideOn ? 0 : picked.filter(facts.otherLevel).length,
    set_aside: setAside.length,
    uninspected_first: uninspectedFirst,
    demands: demands.map((d) => d.line),
  };
  // Not in json-format.md's list of a line's members (DOC-GAPS.md, gap 2):
  if (cycle) line.inspected_in_cycle = s.C;
  const matter = ctx.matters.find((m) => m.id === s.pool);
  if (matter?.expertise) line.expertise = matter.expertise;
  if (monthShare) line.month_share = monthShare;
  return {
    s, line, name: s.key, order, tickets, isDone, picked, setAside, drawnEarlier,
    short: picked.length < required,
  };
}

// ─── §3.5 directed campaigns ───
function inScope(scope, o) {
  const t = o.tags ?? {};
  for (const f of ['industry', 'emission_type', 'monitoring', 'weather_grade']) {
    if (scope[f] != null && t[f] !== scope[f]) return false;
  }
  if (scope.tag != null && !(t.free ?? []).includes(scope.tag)) return false;
  return true;
}
async function drawCampaigns(ctx) {
  const out = [];
  const campaigns = [...(ctx.request.campaigns ?? [])].sort((a, b) => byteCmp(a.id, b.id));
  for (const c of campaigns) {
    for (const unit of ctx.units) {
      const members = ctx.objects.filter((o) => unitOfObject(ctx, o) === unit && isEligibleStatus(o) && inScope(c.scope ?? {}, o)).map((o) => o.id);
      const E = members.length;
      const count = of(basisPoints(c.percent), E, 'up');
      let required = count, monthShare, earlier = [];
      if (ctx.month) {
        earlier = ctx.firstMonthOfQuarter ? [] : members.filter((id) => (ctx.histByObject.get(id) ?? [])
          .some((e) => e.kind === 'random' && e.by === unit && e.date >= ctx.q.first && e.date <= ctx.q.last));
        const M = ctx.q.months.filter((m) => m >= ctx.month).length;
        required = Math.min(ceilDiv(count - earlier.length, M), E - earlier.length);
        monthShare = { quarter_required: count, drawn_earlier: earlier.length, months_left: M };
      }
      const earlierSet = new Set(earlier);
      const candidates = members.filter((id) => !earlierSet.has(id));
      const seedString = [ctx.seed, ctx.period, unit, 'campaign', c.id].join('|');
      const tickets = await ticketsOf(seedString, candidates);
      const order = [...candidates].sort((a, b) => cmpNum(tickets.get(a), tickets.get(b)) || byteCmp(a, b));
      const picked = order.slice(0, Math.max(required, 0));
      const line = {
        stratum: { unit, pool: 'pollution', category: 'general' }, campaign: c.id, seed_string: seedString,
        eligible: E, inspected_this_year: 0, required, drawn: picked.length,
        joint_with_other_level: 0, set_aside: 0, uninspected_first: false, demands: [],
      };
      if (c.expertise) line.expertise = c.expertise; // DOC-GAPS.md, gap 2
      if (monthShare) line.month_share = monthShare;
      out.push({
        s: { unit, pool: 'pollution', cls: 'general', campaign: c }, line, name: `${unit}/campaign/${c.id}`,
        order, tickets, isDone: new Map(), picked, setAside: [], drawnEarlier: earlier, short: false,
      });
    }
  }
  return out;
}

// ─── §4 merging into visits ───
function buildTasks(ctx, strata) {
  const tasks = new Map(); // object id → task under construction
  const get = (unit, id) => {
    if (!tasks.has(id)) tasks.set(id, { unit, object: id, covers: [], pools: new Set(), targeted: new Set(), expertise: new Set(), fixedMonths: [] });
    return tasks.get(id);
  };
  for (const st of strata) {
    for (const id of st.picked) {
      const t = get(st.s.unit, id);
      t.covers.push({ stratum: st.name, ticket: st.tickets.get(id) });
      if (st.s.campaign) {
        t.pools.add('pollution');
        if (st.s.campaign.expertise) t.expertise.add(st.s.campaign.expertise);
      } else {
        t.pools.add(st.s.pool);
        if (st.s.pool === 'radiation' || st.s.pool === 'hazardous_waste') t.expertise.add(st.s.pool);
        const matter = ctx.matters.find((m) => m.id === st.s.pool);
        if (matter?.expertise) t.expertise.add(matter.expertise);
      }
    }
  }
  for (const tv of ctx.request.targeted ?? []) {
    const o = ctx.objById.get(tv.object);
    const unit = o ? unitOfObject(ctx, o) : null;
    if (!unit) throw new Error(`targeted visit to ${tv.object}: outside every unit`);
    const t = get(unit, tv.object);
    t.pools.add('pollution');
    t.targeted.add(tv.reason);
    if (tv.month != null) t.fixedMonths.push(tv.month);
  }
  return [...tasks.values()].map((t) => ({
    ...t,
    covers: t.covers.sort((a, b) => byteCmp(a.stratum, b.stratum) || cmpNum(a.ticket, b.ticket)),
    pools: [...t.pools].sort((a, b) => poolRank(ctx, a) - poolRank(ctx, b)),
    targeted: REASONS.filter((r) => t.targeted.has(r)),
    expertise: [...t.expertise].sort(byteCmp),
    fixedMonth: t.fixedMonths.length ? Math.min(...t.fixedMonths) : null,
  }));
}

function visitKind(ctx, t) {
  if (ctx.readings.other_levels !== 'joint_and_count') return null;
  const others = otherLevelsThisQuarter(ctx, t.object, t.unit);
  return others.length ? { kind: 'joint_with_other_level', with: uniqSorted(others) } : null;
}

/** §4 mode and mode_reason, decided for the task's month. */
function modeOf(ctx, t) {
  if (t.targeted.includes('complaint')) return { mode: 'on_site' };
  const forms = t.pools.map((p) => ctx.matters.find((m) => m.id === p)?.form);
  if (t.pools.length && forms.every(Boolean)) {
    const f = forms[0];
    return { mode: 'off_site', mode_reason: `${FORM_NAME[f.kind]} (${srcRef(f.source)})` };
  }
  const [a, b] = monthRange(ctx.q.year, t.month);
  const o = ctx.objById.get(t.object);
  for (const m of ctx.policy.modifiers ?? []) {
    if (m.kind === 'positive_list_off_site' && overlaps(m.in_force, a, b) && overlaps(o.positive_list, a, b)) {
      return { mode: 'off_site', mode_reason: `正面清单 positive list (${srcRef(m.source)})` };
    }
    if (m.kind === 'credit_downgrade' && overlaps(m.in_force, a, b) && qualifiesForDowngrade(ctx, o, m.violation_free_days)) {
      return { mode: 'off_site', mode_reason: `信用良好 credit downgrade (${srcRef(m.source)})` };
    }
  }
  return { mode: 'on_site' };
}

// ─── §5 months ───
function allowedMonths(ctx, t) {
  const wins = t.pools.map((p) => openInQuarter(poolMonths(ctx, p), ctx.q.months));
  const every = ctx.q.months.filter((m) => wins.every((w) => w.includes(m)));
  if (every.length) return every;
  const any = ctx.q.months.filter((m) => wins.some((w) => w.includes(m)));
  return any.length ? any : ctx.q.months;
}
async function drawMonths(ctx, tasks) {
  if (ctx.month) { for (const t of tasks) t.month = ctx.month; return; }
  for (const [unit, ts] of groupBy(tasks, (t) => t.unit)) {
    const count = new Map(ctx.q.months.map((m) => [m, 0]));
    for (const t of ts) if (t.fixedMonth != null) { t.month = t.fixedMonth; count.set(t.month, count.get(t.month) + 1); }
    const free = ts.filter((t) => t.fixedMonth == null);
    const tk = await ticketsOf([ctx.seed, ctx.q.name, unit, 'months'].join('|'), free.map((t) => t.object));
    free.sort((a, b) => cmpNum(tk.get(a.object), tk.get(b.object)) || byteCmp(a.object, b.object));
    for (const t of free) {
      const allowed = allowedMonths(ctx, t);
      let best = allowed[0];
      for (const m of allowed) if (count.get(m) < count.get(best)) best = m;
      t.month = best;
      count.set(best, count.get(best) + 1);
    }
  }
}

// ─── §5 inspectors ───
function previousTeam(ctx, objectId) {
  const es = (ctx.histByObject.get(objectId) ?? []).filter((e) => e.date < ctx.q.first && (e.inspectors ?? []).length);
  if (!es.length) return new Set();
  const latest = es.reduce((m, e) => (e.date > m ? e.date : m), '');
  return new Set(es.filter((e) => e.date === latest).flatMap((e) => e.inspectors));
}
function initialLoads(ctx) {
  const load = new Map();
  if (!ctx.month || ctx.firstMonthOfQuarter) return load;
  for (const e of ctx.history) {
    if (e.date < ctx.q.first || e.date > ctx.q.last || !ctx.unitSet.has(e.by)) continue;
    for (const p of e.inspectors ?? []) load.set(p, (load.get(p) ?? 0) + 1);
  }
  return load;
}
const onPost = (p) => p.on_post ?? true;
const recused = (p, objectId) => (p.recusals ?? []).includes(objectId);

/**
 * The §5 flow question: can each visit get `need` more distinct officers, each
 * officer within `capLeft`? Answered as a b-matching by augmenting paths
 * (source → visit (need) → officer (1) → sink (capacity left): a maximum flow).
 */
export function staffable(visits, officers, capLeft, allowed) {
  const cap = officers.map(capLeft);
  const held = officers.map(() => []); // visits each officer serves
  const adj = visits.map((v) => officers.map((o, j) => (allowed(v, o) ? j : -1)).filter((j) => j >= 0));
  const serves = (j, i) => held[j].includes(i);
  const augment = (i, seen) => {
    for (const j of adj[i]) {
      if (seen[j] || serves(j, i)) continue;
      seen[j] = 1;
      if (held[j].length < cap[j]) { held[j].push(i); return true; }
      for (let k = 0; k < held[j].length; k++) {
        const w = held[j][k];
        if (augment(w, seen)) { held[j][k] = i; return true; }
      }
    }
    return false;
  };
  for (let i = 0; i < visits.length; i++) {
    for (let n = 0; n < visits[i].need; n++) if (!augment(i, new Uint8Array(officers.length))) return false;
  }
  return true;
}

async function drawTeams(ctx, tasks) {
  const load = initialLoads(ctx);
  const ld = (id) => load.get(id) ?? 0;
  const people = groupBy(ctx.inspectors, (p) => p.jurisdiction);
  const ordered = [...tasks].sort(taskOrder);
  for (const [unit, ts] of groupBy(ordered, (t) => t.unit)) {
    const staff = people.get(unit) ?? [];
    const officers = staff.filter((p) => p.role === 'officer' && onPost(p));
    const own = ts.filter((t) => !t.visit);
    for (let i = 0; i < own.length; i++) {
      const t = own[i];
      const later = own.slice(i + 1);
      const chosenOfficers = [], joining = [];
      const keepsStaffable = (o) => {
        const onT = new Set([...chosenOfficers.map((p) => p.id), o.id]);
        const visits = [{ id: t.object, need: 2 - onT.size, self: true }, ...later.map((x) => ({ id: x.object, need: 2 }))];
        const capLeft = (p) => p.quarterly_capacity - ld(p.id) - (onT.has(p.id) ? 1 : 0);
        if (officers.some((p) => onT.has(p.id) && capLeft(p) < 0)) return false;
        return staffable(visits, officers, capLeft, (v, p) => !recused(p, v.id) && !(v.self && onT.has(p.id)));
      };
      const prev = previousTeam(ctx, t.object);
      const tt = await teamTicketer([ctx.seed, ctx.period, unit, 'inspectors', t.object].join('|'));
      const ranked = staff
        .filter((p) => onPost(p) && !recused(p, t.object) && ld(p.id) < p.quarterly_capacity)
        .map((p) => ({ p, prev: prev.has(p.id) ? 1 : 0, tk: tt(p.id) }))
        .sort((a, b) => a.prev - b.prev || cmpNum(a.tk, b.tk) || byteCmp(a.p.id, b.p.id))
        .map((x) => x.p);
      const chosen = () => [...chosenOfficers, ...joining];
      for (const ex of t.expertise) {
        if (chosen().some((p) => (p.expertise ?? []).includes(ex))) continue;
        let pick = null;
        if (chosenOfficers.length < 2) {
          pick = ranked.find((p) => p.role === 'officer' && (p.expertise ?? []).includes(ex) && !chosen().includes(p) && keepsStaffable(p));
          if (pick) { chosenOfficers.push(pick); continue; }
        }
        pick = ranked.find((p) => p.role === 'expert' && (p.expertise ?? []).includes(ex) && !chosen().includes(p));
        if (!pick) throw new Error(`NoExpertise: ${unit} ${t.object} needs ${ex}`);
        joining.push(pick);
      }
      while (chosenOfficers.length < 2) {
        const pick = ranked.find((p) => p.role === 'officer' && !chosen().includes(p) && keepsStaffable(p));
        if (!pick) throw new Error(`Shortfall: ${unit} ${t.object} has no second officer`);
        chosenOfficers.push(pick);
      }
      for (const p of chosen()) load.set(p.id, ld(p.id) + 1);
      t.visit = { kind: 'own', officers: chosenOfficers.map((p) => p.id).sort(byteCmp) };
      if (joining.length) t.visit.joining = joining.map((p) => p.id).sort(byteCmp);
    }
  }
}
const taskOrder = (a, b) => byteCmp(a.unit, b.unit) || a.month - b.month || byteCmp(a.object, b.object);

// ─── §5 check items ───
function quarterShare(ctx, list, win) {
  const items = list.items ?? [];
  if (!list.each_year) return items;
  if (ctx.policy.cadence === 'yearly') return items;
  const open = [1, 2, 3, 4].filter((n) => openInQuarter(win, [3 * n - 2, 3 * n - 1, 3 * n]).length);
  const n = open.length || 1;
  const r = Math.max(open.indexOf(ctx.q.n), 0);
  return items.filter((_, i) => i % n === r);
}
async function shareOut(ctx, unit, tasks, list, share, seedString, into) {
  if (!tasks.length || !share.length) return;
  if (!list.each_year) { for (const t of tasks) into.get(t).push(...share); return; }
  const tk = await ticketsOf(seedString, tasks.map((t) => t.object));
  const order = [...tasks].sort((a, b) => cmpNum(tk.get(a.object), tk.get(b.object)) || byteCmp(a.object, b.object));
  const t = order.length, p = share.length;
  for (let k = 0; k < Math.max(t, p); k++) into.get(order[k % t]).push(share[k % p]);
}
async function drawCheckItems(ctx, tasks) {
  for (const [unit, ts] of groupBy(tasks, (t) => t.unit)) {
    const lists = [];
    if (ctx.policy.check_items) lists.push({ list: ctx.policy.check_items, win: ctx.policy.months?.months ?? null, tasks: ts, seed: [ctx.seed, ctx.q.name, unit, 'items'].join('|') });
    for (const m of ctx.matters) {
      if (!m.check_items) continue;
      lists.push({ list: m.check_items, win: poolMonths(ctx, m.id), tasks: ts.filter((t) => t.pools.includes(m.id)), seed: [ctx.seed, ctx.q.name, unit, 'items', m.id].join('|') });
    }
    const got = new Map(ts.map((t) => [t, []]));
    for (const L of lists) {
      const mine = new Map(ts.map((t) => [t, []]));
      await shareOut(ctx, unit, L.tasks, L.list, quarterShare(ctx, L.list, L.win), L.seed, mine);
      for (const t of ts) {
        const own = new Set(mine.get(t));
        for (const item of L.list.items) if (own.has(item) && !got.get(t).includes(item)) got.get(t).push(item);
      }
    }
    for (const t of ts) t.check_items = got.get(t);
  }
}

// ─── the plan ───
/** Re-draws the plan from its request: { plan, strata (with their draw orders) }. */
export async function redraw(request, { commitment } = {}) {
  const ctx = context(request);
  const rule = request.seed_rule ?? null;
  const ns = normaliseSeed(request.seed, rule);
  if (ns.error) throw new Error(`seed: ${ns.error}`);
  ctx.seed = ns.seed;
  const strata = [...await drawStrata(ctx), ...await drawCampaigns(ctx)];
  const tasks = buildTasks(ctx, strata);
  await drawMonths(ctx, tasks);
  for (const t of tasks) t.visit = visitKind(ctx, t);
  await drawTeams(ctx, tasks);
  await drawCheckItems(ctx, tasks);
  tasks.sort(taskOrder);
  const plan = planHeader(ctx, commitment ?? await commitmentDigest(request), rule);
  plan.strata = strata.map((s) => s.line);
  plan.tasks = tasks.map((t) => writeTask(ctx, t));
  return { plan, strata, ctx };
}

function planHeader(ctx, digest, rule) {
  const r = ctx.request, p = ctx.policy;
  const h = { format: 'shuangsuiji.plan/4', policy: p.id };
  if (p.assumptions?.length) h.assumptions = p.assumptions;
  h.quarter = ctx.q.name;
  if (ctx.month) h.month = ctx.month;
  h.units = ctx.units;
  h.commitment = digest;
  if (rule) h.seed_rule = rule;
  if (r.draw_date) h.draw_date = r.draw_date;
  if (r.late_reason) h.late_reason = r.late_reason;
  if (r.committed?.outside_window) h.outside_window = r.committed.outside_window;
  h.seed = ctx.seed;
  return h;
}

function writeTask(ctx, t) {
  const o = ctx.objById.get(t.object);
  const out = { unit: t.unit, object: t.object, object_name: o?.name, month: t.month };
  const m = modeOf(ctx, t);
  out.mode = m.mode;
  if (m.mode_reason) out.mode_reason = m.mode_reason;
  out.covers = t.covers;
  if (t.targeted.length) out.targeted = t.targeted;
  out.pools = t.pools;
  if (t.expertise.length) out.expertise = t.expertise;
  out.check_items = t.check_items;
  out.visit = t.visit;
  return out;
}

// ───────────────────────── 5. comparison ─────────────────────────

const lineName = (l) => (l.campaign ? `${l.stratum.unit}/campaign/${l.campaign}`
  : stratumName(l.stratum.unit, l.stratum.pool, l.stratum.category, l.stratum.tier));
const taskKey = (t) => `${t.unit}/${t.object}`;

/** Every difference between two JSON values, as {path, expected, found}. */
export function deepDiff(expected, found, path = '') {
  if (jcs(expected ?? null) === jcs(found ?? null)) return [];
  const isObj = (v) => v && typeof v === 'object' && !Array.isArray(v);
  if (isObj(expected) && isObj(found)) {
    const keys = uniqSorted([...Object.keys(expected), ...Object.keys(found)]);
    return keys.flatMap((k) => deepDiff(expected[k], found[k], path ? `${path}.${k}` : k));
  }
  return [{ path, expected, found }];
}

/** The plan given against the plan re-drawn: header, strata by name, tasks by (unit, object). */
export function comparePlans(expected, found) {
  const diffs = [];
  const header = ['format', 'policy', 'assumptions', 'quarter', 'month', 'units', 'commitment', 'seed_rule', 'draw_date', 'late_reason', 'outside_window', 'seed'];
  for (const k of header) for (const d of deepDiff(expected[k], found[k], k)) diffs.push({ kind: 'header', ...d });
  const known = new Set([...header, 'strata', 'tasks']);
  for (const k of Object.keys(found)) if (!known.has(k)) diffs.push({ kind: 'header', path: k, expected: undefined, found: found[k] });
  diffs.push(...compareKeyed('stratum', expected.strata ?? [], found.strata ?? [], lineName));
  diffs.push(...compareKeyed('task', expected.tasks ?? [], found.tasks ?? [], taskKey));
  return diffs;
}
function compareKeyed(kind, exp, got, key) {
  const diffs = [];
  const e = new Map(exp.map((x) => [key(x), x])), g = new Map();
  for (const x of got) {
    let k; try { k = key(x); } catch { k = JSON.stringify(x).slice(0, 60); }
    if (g.has(k)) diffs.push({ kind, name: k, path: '', expected: 'once', found: 'twice' });
    g.set(k, x);
  }
  for (const [k, x] of e) {
    if (!g.has(k)) diffs.push({ kind, name: k, path: '', expected: summary(kind, x), found: undefined, missing: true });
    else for (const d of deepDiff(x, g.get(k))) diffs.push({ kind, name: k, ...d });
  }
  for (const [k, x] of g) if (!e.has(k)) diffs.push({ kind, name: k, path: '', expected: undefined, found: summary(kind, x), extra: true });
  return diffs;
}
const summary = (kind, x) => (kind === 'task' ? { month: x.month, covers: (x.covers ?? []).map((c) => c.stratum) }
  : { drawn: Array.isArray(x.drawn) ? x.drawn.length : x.drawn });
function summaryText(d, zh) {
  const s = d.expected ?? d.found ?? {};
  if (s.month !== undefined) {
    const where = s.covers?.length ? (zh ? `，抽取层 ${s.covers.join('、')}` : `, stratum ${s.covers.join(', ')}`) : '';
    return zh ? `${s.month} 月${where}` : `month ${s.month}${where}`;
  }
  return zh ? `抽取 ${s.drawn}` : `${s.drawn} drawn`;
}

// ───────────────────────── 6. the amendment log ─────────────────────────
// docs/draw-algorithm.md §8.

export const entryHash = (e) => sha256Hex(e.prev_hash + JSON.stringify({ prev_hash: e.prev_hash, entry: e.entry }));
export function parseHead(s) {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(String(s ?? '').trim());
  return m ? { entries: +m[1], hash: m[2] } : null;
}

/** The chain, the head, and each amendment's effect on the plan. */
export async function checkLog(log, head, redrawn) {
  const diffs = [], amendments = [];
  const entries = log?.entries ?? [];
  if (log?.format !== 'shuangsuiji.log/3') diffs.push({ what: 'log.format', expected: 'shuangsuiji.log/3', found: log?.format });
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const h = await entryHash(e);
    if (h !== e.hash) diffs.push({ what: `log entry ${i}: hash`, expected: h, found: e.hash });
    const prev = i === 0 ? '' : entries[i - 1].hash;
    if (e.prev_hash !== prev) diffs.push({ what: `log entry ${i}: prev_hash`, expected: prev, found: e.prev_hash });
    const isOriginal = e.entry?.type === 'original';
    if (isOriginal !== (i === 0)) diffs.push({ what: `log entry ${i}: type`, expected: i === 0 ? 'original' : 'amendment', found: e.entry?.type });
  }
  if (head) {
    if (entries.length < head.entries) diffs.push({ what: 'log head', expected: `${head.entries} entries`, found: `${entries.length} (truncated)` });
    else if (entries[head.entries - 1]?.hash !== head.hash) diffs.push({ what: `log head: entry ${head.entries - 1}`, expected: head.hash, found: entries[head.entries - 1]?.hash });
  }
  const plan = entries[0]?.entry?.plan;
  let amended = plan ? structuredClone(plan) : null;
  const quarter = plan ? parseQuarter(plan.quarter) : null;
  let lastDate = '';
  for (let i = 1; i < entries.length; i++) {
    const a = entries[i].entry ?? {};
    const kind = Object.keys(a.kind ?? {})[0];
    const body = a.kind?.[kind] ?? {};
    if (!String(a.reason ?? '').trim() || !String(a.author ?? '').trim()) diffs.push({ what: `log entry ${i}: reason/author`, expected: 'non-blank', found: `${a.reason}/${a.author}` });
    if (quarter && (a.date < quarter.first || a.date > quarter.last)) diffs.push({ what: `log entry ${i}: date`, expected: `in ${quarter.name}`, found: a.date });
    if (a.date < lastDate) diffs.push({ what: `log entry ${i}: date`, expected: `≥ ${lastDate}`, found: a.date });
    lastDate = a.date ?? lastDate;
    const effect = amended ? applyAmendment(amended, kind, body, entries, i, diffs) : [];
    amendments.push({ index: i, kind, body, reason: a.reason, author: a.author, date: a.date, evidence: a.evidence, hash: entries[i].hash, effect });
  }
  if (redrawn && plan) await rederiveReplacements(redrawn, plan, entries, diffs);
  return { diffs, amendments, plan, amended, entries: entries.length, headHash: entries.at(-1)?.hash };
}

/** Applies one amendment to the amended plan, returning what it changed (list of facts). */
function applyAmendment(plan, kind, b, entries, i, diffs) {
  const find = (unit, object) => plan.tasks.find((t) => t.unit === unit && t.object === object);
  const fx = [];
  const claimed = (k) => entries[k]?.entry?.kind ?? {};
  switch (kind) {
    case 'replace_inspector': {
      const t = find(b.unit, b.object);
      if (!t || !t.visit?.officers?.includes(b.out)) diffs.push({ what: `log entry ${i}: ${b.out} is not an officer of ${b.unit}/${b.object}` });
      fx.push({ type: 'leaves', unit: b.unit, object: b.object, officer: b.out, pending: true });
      break;
    }
    case 'inspector_absent':
      fx.push({ type: 'absent', officer: b.inspector, from: b.from, until: b.until, pending: true });
      break;
    case 'object_closed':
      fx.push({ type: 'cancelled', unit: b.unit, object: b.object, previous_status: b.previous_status, new_status: b.new_status, pending: true });
      break;
    case 'move_task': {
      const t = find(b.unit, b.object);
      if (!t) diffs.push({ what: `log entry ${i}: no task ${b.unit}/${b.object}` });
      else {
        if (t.month !== b.from_month) diffs.push({ what: `log entry ${i}: from_month`, expected: t.month, found: b.from_month });
        t.month = b.to_month;
      }
      fx.push({ type: 'moved', unit: b.unit, object: b.object, from: b.from_month, to: b.to_month });
      break;
    }
    case 'replacements_drawn': {
      const claimKind = Object.keys(claimed(b.claim))[0];
      const c = claimed(b.claim)[claimKind] ?? {};
      if (claimKind === 'replace_inspector' || claimKind === 'inspector_absent') {
        const outId = claimKind === 'replace_inspector' ? c.out : c.inspector;
        for (const r of b.officers ?? []) {
          const t = find(r.unit, r.object);
          if (t?.visit?.officers) t.visit.officers = [...t.visit.officers.filter((x) => x !== outId), r.replacement].sort(byteCmp);
          fx.push({ type: 'officer', unit: r.unit, object: r.object, out: outId, in: r.replacement });
        }
      } else if (claimKind === 'object_closed') {
        plan.tasks = plan.tasks.filter((t) => !(t.unit === c.unit && t.object === c.object));
        for (const r of b.objects ?? []) {
          if (r.new_task) plan.tasks.push(r.new_task);
          else { const t = plan.tasks.find((x) => x.object === r.object); t?.covers.push({ stratum: r.stratum, ticket: r.ticket }); }
          fx.push({ type: 'object', stratum: r.stratum, out: c.object, in: r.object, ticket: r.ticket, new_task: !!r.new_task, month: r.new_task?.month, officers: r.new_task?.visit?.officers });
        }
      } else diffs.push({ what: `log entry ${i}: claim ${b.claim} is not a claim` });
      fx.unshift({ type: 'drawn', claim: b.claim, seed: b.seed });
      break;
    }
    default: diffs.push({ what: `log entry ${i}: unknown amendment ${kind}` });
  }
  plan.tasks.sort(taskOrder);
  return fx;
}

/**
 * Re-derives each `replacements_drawn` (§8): for `replace_inspector` the
 * best-ranked free officer, for `object_closed` the first object of each
 * cover's stratum in its draw order and the new task's team, all under the
 * replacement seed string `seed|replacement|H|S`. (`inspector_absent` is
 * checked as far as its officers are free and of the unit: DOC-GAPS.md.)
 */
async function rederiveReplacements(redrawn, plan, entries, diffs) {
  const { strata, ctx } = redrawn;
  const byName = new Map(strata.map((s) => [s.name, s]));
  let amended = structuredClone(plan);
  const closed = new Set();
  const find = (unit, object) => amended.tasks.find((x) => x.unit === unit && x.object === object);
  for (let i = 1; i < entries.length; i++) {
    const kinds = entries[i].entry?.kind ?? {};
    const kind = Object.keys(kinds)[0], b = kinds[kind] ?? {};
    if (kind === 'move_task') { const t = find(b.unit, b.object); if (t) t.month = b.to_month; continue; }
    if (kind !== 'replacements_drawn') continue;
    const claimKinds = entries[b.claim]?.entry?.kind ?? {};
    const ck = Object.keys(claimKinds)[0], c = claimKinds[ck] ?? {};
    const prefix = `${b.seed}|replacement|${entries[b.claim]?.hash}|`;
    const ns = normaliseSeed(b.seed, c.seed_rule);
    if (ns.error) diffs.push({ what: `log entry ${i}: seed`, expected: "fits the claim's rule", found: `${b.seed}: ${ns.error}` });
    if (ck === 'replace_inspector') {
      const t = find(c.unit, c.object);
      if (!t?.visit?.officers) continue;
      const got = b.officers?.[0]?.replacement;
      const ranked = await replacementCandidates(ctx, amended, entries, i, t, c.out, prefix);
      const want = ranked[0]?.id;
      if (want !== got) diffs.push({ what: `log entry ${i}: replacement officer for ${c.unit}/${c.object}`, expected: want, found: got });
      t.visit.officers = [...t.visit.officers.filter((x) => x !== c.out), got].sort(byteCmp);
    } else if (ck === 'inspector_absent') {
      const vacated = amended.tasks.filter((t) => t.visit?.officers?.includes(c.inspector) &&
        overlaps(c, ...monthRange(parseQuarter(amended.quarter).year, t.month)));
      const want = await absenceReplacements(ctx, amended, entries, i, vacated, c.inspector, prefix);
      const got = (b.officers ?? []).map((r) => `${r.unit}/${r.object}:${r.replacement}`);
      const exp = vacated.map((t, k) => `${t.unit}/${t.object}:${want[k] ?? '—'}`);
      for (const d of deepDiff(exp, got)) diffs.push({ what: `log entry ${i}: replacements for ${c.inspector}'s absence`, expected: d.expected, found: d.found });
      for (const r of b.officers ?? []) {
        const t = find(r.unit, r.object);
        if (t?.visit?.officers) t.visit.officers = [...t.visit.officers.filter((x) => x !== c.inspector), r.replacement].sort(byteCmp);
      }
    } else if (ck === 'object_closed') {
      closed.add(c.object);
      const t = find(c.unit, c.object);
      if (!t) continue;
      amended.tasks = amended.tasks.filter((x) => x !== t);
      const objects = b.objects ?? [];
      for (let k = 0; k < t.covers.length; k++) {
        const st = byName.get(t.covers[k].stratum), got = objects[k];
        if (!st) continue;
        const want = await firstReplacementObject(st, amended, closed, prefix);
        if (got?.object !== want.id || got?.ticket !== want.ticket) {
          diffs.push({ what: `log entry ${i}: replacement in ${st.name}`, expected: `${want.id} ${want.ticket}`, found: `${got?.object} ${got?.ticket}` });
        }
        if (got?.new_task) {
          const nt = got.new_task;
          const team = await newTaskTeam(ctx, amended, t, got.object, prefix);
          const wantTask = { unit: t.unit, month: t.month, check_items: t.check_items, officers: team };
          const gotTask = { unit: nt.unit, month: nt.month, check_items: nt.check_items, officers: nt.visit?.officers };
          for (const d of deepDiff(wantTask, gotTask)) diffs.push({ what: `log entry ${i}: new task ${got.object} ${d.path}`, expected: d.expected, found: d.found });
          amended.tasks.push(structuredClone(nt));
        } else if (got) {
          const host = amended.tasks.find((x) => x.object === got.object);
          host?.covers.push({ stratum: got.stratum, ticket: got.ticket });
        }
      }
    }
    amended.tasks.sort(taskOrder);
  }
}

/**
 * §8's candidates to replace `out` on task t, best first: the unit's certified
 * officers ranked by §5 (previous visit, team ticket under the replacement seed
 * string, id), not on the team, not replaced out of it before, not away in its
 * month, not recused, below capacity on the amended plan; where the team loses
 * an expertise the task needs, only those with every expertise it loses.
 */
async function replacementCandidates(ctx, amended, entries, upto, t, out, prefix, extraLoad = new Map()) {
  const S = [amended.seed, ctx.period, t.unit, 'inspectors', t.object].join('|');
  const tt = await teamTicketer(prefix + S);
  const load = loadsOf(amended);
  const byId = new Map(ctx.inspectors.map((p) => [p.id, p]));
  const team = new Set([...(t.visit.officers ?? []), ...(t.visit.joining ?? [])]);
  const left = [...team].filter((x) => x !== out).map((x) => byId.get(x));
  const lost = (t.expertise ?? []).filter((e) => (byId.get(out)?.expertise ?? []).includes(e) && !left.some((p) => (p?.expertise ?? []).includes(e)));
  const before = replacedOut(entries, upto, t.unit, t.object);
  const away = awayIn(entries, upto, amended, t.month);
  const prev = previousTeam(ctx, t.object);
  return ctx.inspectors
    .filter((p) => p.jurisdiction === t.unit && p.role === 'officer' && onPost(p) && !team.has(p.id) && p.id !== out &&
      !before.has(p.id) && !away.has(p.id) && !recused(p, t.object) &&
      (load.get(p.id) ?? 0) + (extraLoad.get(p.id) ?? 0) < p.quarterly_capacity &&
      lost.every((e) => (p.expertise ?? []).includes(e)))
    .sort((x, y) => (prev.has(x.id) - prev.has(y.id)) || cmpNum(tt(x.id), tt(y.id)) || byteCmp(x.id, y.id));
}
/** Officers away (inspector_absent claims up to entry `upto`, this one included) in a month. */
function awayIn(entries, upto, amended, month) {
  const [a, b] = monthRange(parseQuarter(amended.quarter).year, month);
  const s = new Set();
  for (let k = 1; k <= upto; k++) {
    const c = entries[k]?.entry?.kind?.inspector_absent;
    if (c && overlaps(c, a, b)) s.add(c.inspector);
  }
  return s;
}
/** An absence's replacements, task by task in plan order, each kept only if the later tasks stay staffable (§8). */
async function absenceReplacements(ctx, amended, entries, claimIndex, vacated, absent, prefix0) {
  const prefixes = vacated.map(() => prefix0);
  const lists = [];
  for (let k = 0; k < vacated.length; k++) lists.push(await replacementCandidates(ctx, amended, entries, claimIndex, vacated[k], absent, prefixes[k]));
  const load = loadsOf(amended);
  const extra = new Map();
  const capLeft = (p) => p.quarterly_capacity - (load.get(p.id) ?? 0) - (extra.get(p.id) ?? 0);
  const chosen = [];
  for (let k = 0; k < vacated.length; k++) {
    const later = vacated.slice(k + 1).map((t, j) => ({ id: t.object, need: 1, cands: new Set(lists[k + 1 + j].map((p) => p.id)) }));
    let pick = null;
    for (const p of lists[k]) {
      if (capLeft(p) <= 0) continue;
      extra.set(p.id, (extra.get(p.id) ?? 0) + 1);
      const officers = [...new Map(lists.slice(k + 1).flat().map((x) => [x.id, x])).values()];
      const ok = staffable(later, officers, capLeft, (v, o) => v.cands.has(o.id));
      if (ok) { pick = p; break; }
      extra.set(p.id, extra.get(p.id) - 1);
    }
    chosen.push(pick?.id);
  }
  return chosen;
}

/** The first candidate of a stratum's draw order under the replacement seed string. */
async function firstReplacementObject(st, amended, closed, prefix) {
  const covered = new Set(amended.tasks.filter((x) => x.covers.some((y) => y.stratum === st.name)).map((x) => x.object));
  const cand = st.order.filter((id) => !covered.has(id) && !closed.has(id));
  const tk = await ticketsOf(prefix + st.line.seed_string, cand);
  cand.sort((x, y) => ((st.isDone.get(x) ?? false) - (st.isDone.get(y) ?? false)) || cmpNum(tk.get(x), tk.get(y)) || byteCmp(x, y));
  return { id: cand[0], ticket: tk.get(cand[0]) };
}

/** A new task's officers: the cancelled team's who are free, completed by rank (§8, §5 steps 3–4 without the flow test). */
async function newTaskTeam(ctx, amended, cancelled, objectId, prefix) {
  const load = loadsOf(amended);
  const byId = new Map(ctx.inspectors.map((p) => [p.id, p]));
  const free = (p) => p && onPost(p) && !recused(p, objectId) && (load.get(p.id) ?? 0) < p.quarterly_capacity;
  const kept = (cancelled.visit?.officers ?? []).filter((id) => free(byId.get(id)));
  const tt = await teamTicketer(prefix + [amended.seed, ctx.period, cancelled.unit, 'inspectors', objectId].join('|'));
  const prev = previousTeam(ctx, objectId);
  const ranked = ctx.inspectors.filter((p) => p.jurisdiction === cancelled.unit && p.role === 'officer' && free(p) && !kept.includes(p.id))
    .sort((x, y) => (prev.has(x.id) - prev.has(y.id)) || cmpNum(tt(x.id), tt(y.id)) || byteCmp(x.id, y.id));
  const team = [...kept];
  for (const p of ranked) { if (team.length >= 2) break; team.push(p.id); }
  return team.sort(byteCmp);
}

function loadsOf(plan) {
  const m = new Map();
  for (const t of plan.tasks) for (const p of [...(t.visit?.officers ?? []), ...(t.visit?.joining ?? [])]) m.set(p, (m.get(p) ?? 0) + 1);
  return m;
}
function replacedOut(entries, upto, unit, object) {
  const s = new Set();
  for (let k = 1; k < upto; k++) {
    const c = entries[k].entry.kind?.replace_inspector;
    if (c && c.unit === unit && c.object === object) s.add(c.out);
  }
  return s;
}

// ───────────────────────── 7. explain ─────────────────────────

/** Finds companies by name or credit code (id); at most `limit`. */
export function findCompanies(request, query, limit = 20) {
  const q = String(query ?? '').trim().toLowerCase();
  if (!q) return [];
  return (request.registry.objects ?? []).filter((o) => o.id.toLowerCase().includes(q) || String(o.name).toLowerCase().includes(q)).slice(0, limit);
}

/** Why was company X drawn / not drawn: every stratum it is in, with ticket, rank and number drawn. */
export function explain(redrawn, objectId) {
  const { strata, ctx, plan } = redrawn;
  const o = ctx.objById.get(objectId);
  if (!o) return { found: false };
  const unit = unitOfObject(ctx, o);
  const out = { found: true, id: o.id, name: o.name, unit, status: o.status ?? 'active', eligible: !!unit && isEligibleStatus(o), strata: [] };
  for (const st of strata) {
    const inPop = st.order.includes(o.id) || st.setAside.includes(o.id) || st.drawnEarlier.includes(o.id);
    if (!inPop) continue;
    const rank = st.order.indexOf(o.id);
    out.strata.push({
      stratum: st.name, seed_string: st.line.seed_string, eligible: st.line.eligible, required: st.line.required,
      drawn: st.line.drawn, ticket: st.tickets.get(o.id) ?? null, rank: rank < 0 ? null : rank + 1,
      candidates: st.order.length, uninspected_first: st.line.uninspected_first, already_done: st.isDone.get(o.id) ?? false,
      set_aside: st.setAside.includes(o.id), drawn_earlier: st.drawnEarlier.includes(o.id), picked: st.picked.includes(o.id),
      last_drawn_ticket: st.picked.length ? st.tickets.get(st.picked.at(-1)) : null,
    });
  }
  out.task = plan.tasks.find((t) => t.object === o.id) ?? null;
  return out;
}

// ───────────────────────── 8. everything ─────────────────────────

export const NATIONAL_PLAN_LIMIT = 200000;

/**
 * Verifies what is given: { request, plan?, record?, commitment?, log?, head? }.
 * Returns { ok, diffs: [{area, text…}], redrawn, logReport, seed }.
 */
export async function verifyAll({ request, plan, record, commitment, log, head }) {
  const out = { ok: true, diffs: [] };
  const push = (area, list) => { for (const d of list) out.diffs.push({ area, ...d }); };
  const digest = await commitmentDigest(request);
  out.digest = digest;
  if (commitment) push('commitment', await checkCommitment(commitment, digest));
  if (!plan && log?.entries?.[0]?.entry?.plan) plan = log.entries[0].entry.plan;
  if (plan) {
    if (plan.format !== 'shuangsuiji.plan/4') push('plan', [{ what: 'format', expected: 'shuangsuiji.plan/4', found: plan.format }]);
    if (plan.commitment !== digest) push('commitment', [{ what: 'plan.commitment ≠ request', expected: digest, found: plan.commitment }]);
    out.seed = checkSeed(plan, request, commitment);
    push('seed', out.seed.diffs);
    const req = { ...request, seed: plan.seed };
    try {
      out.redrawn = await redraw(req, { commitment: digest });
      push('plan', comparePlans(out.redrawn.plan, plan));
      if (request.committed?.strata) {
        const root = await strataRoot(recordStrata(out.redrawn));
        out.strataRoot = { computed: root, committed: request.committed.strata, matches: root === request.committed.strata };
        if (!out.strataRoot.matches) push('commitment', [{ what: 'committed.strata', expected: root, found: request.committed.strata }]);
      }
    } catch (e) {
      push('plan', [{ what: 'no plan', expected: 'a plan', found: e.message }]);
    }
  }
  if (record && !plan) {
    out.seed = checkSeed({ seed: record.seed, seed_rule: record.seed_rule }, request, commitment);
    push('seed', out.seed.diffs);
    if (record.commitment !== digest) push('commitment', [{ what: 'record.commitment ≠ request', expected: digest, found: record.commitment }]);
    try {
      out.redrawn = await redraw({ ...request, seed: record.seed }, { commitment: digest });
      push('record', compareRecord(out.redrawn, record));
    } catch (e) {
      push('record', [{ what: 'no plan', expected: 'a plan', found: e.message }]);
    }
  }
  if (log) {
    out.log = await checkLog(log, head, out.redrawn);
    push('log', out.log.diffs);
    if (plan && log.entries?.[0]?.entry?.plan && jcs(log.entries[0].entry.plan) !== jcs(plan)) {
      push('log', [{ what: 'log entry 0 ≠ the plan given' }]);
    }
  }
  out.ok = out.diffs.length === 0;
  return out;
}

/** The public draw record against the re-draw: strata (population, minimum, drawn with tickets) and teams and months. */
export function compareRecord(redrawn, record) {
  const diffs = [];
  const exp = recordStrata(redrawn);
  const drawnOf = new Map(redrawn.strata.map((st) => [st.name, st.picked.map((id) => ({ id, ticket: st.tickets.get(id) }))]));
  const seedOf = new Map(redrawn.strata.map((st) => [st.name, st.line.seed_string]));
  const e = exp.map((s) => ({ stratum: s.stratum, seed_string: seedOf.get(s.stratum), population: s.population, required: s.required, drawn: drawnOf.get(s.stratum) }));
  const g = (record.strata ?? []).map((s) => ({ stratum: s.stratum, seed_string: s.seed_string, population: s.population, required: s.required, drawn: s.drawn }));
  diffs.push(...compareKeyed('stratum', e, g, (x) => x.stratum));
  const tasks = (units) => units.flatMap((u) => (u.tasks ?? []).map((t) => ({ unit: u.unit, object: t.object, month: t.month, officers: t.officers ?? null, joining: t.joining ?? [] })));
  const eu = redrawn.plan.tasks.map((t) => ({ unit: t.unit, object: t.object, month: t.month,
    officers: t.visit.kind === 'own' ? t.visit.officers : null, joining: t.visit.joining ?? [] }));
  diffs.push(...compareKeyed('task', eu, tasks(record.units ?? []), taskKey));
  return diffs;
}

/** The draw record's strata (for `committed.strata`), from a re-draw. */
export function recordStrata(redrawn) {
  return redrawn.strata.map((st) => ({
    stratum: st.name,
    seed_string: st.line.seed_string,
    population: [...st.order, ...st.setAside, ...st.drawnEarlier].sort(byteCmp),
    inspected_this_year: st.line.uninspected_first ? [...st.isDone].filter(([, v]) => v).map(([k]) => k).sort(byteCmp) : [],
    set_aside: [...st.setAside].sort(byteCmp),
    drawn_earlier: [...st.drawnEarlier].sort(byteCmp),
    uninspected_first: st.line.uninspected_first,
    required: st.line.required,
  }));
}

// ─── messages ───
const short = (v) => {
  if (v === undefined) return '—';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 120 ? s.slice(0, 117) + '…' : s;
};
/** One line per difference, in Chinese or English. */
export function describe(d, lang = 'zh') {
  const zh = lang === 'zh';
  const area = { commitment: zh ? '承诺' : 'commitment', seed: zh ? '种子' : 'seed', plan: zh ? '计划' : 'plan', record: zh ? '抽取公示记录' : 'draw record', log: zh ? '变更记录' : 'log', header: '', input: zh ? '输入' : 'input' }[d.area] ?? d.area;
  if (d.kind === 'stratum' || d.kind === 'task' || d.kind === 'header') {
    const what = d.kind === 'header' ? (zh ? `计划头 ${d.path}` : `header ${d.path}`)
      : `${d.kind === 'task' ? (zh ? '任务' : 'task') : (zh ? '抽取层' : 'stratum')} ${d.name}${d.path ? ' ' + d.path : ''}`;
    if (d.missing) return zh ? `${area}：缺少${what}（复算中有：${summaryText(d, zh)}）` : `${area}: ${what} is missing (the re-draw has it: ${summaryText(d, zh)})`;
    if (d.extra) return zh ? `${area}：多出${what}（复算中没有：${summaryText(d, zh)}）` : `${area}: extra ${what} (not in the re-draw: ${summaryText(d, zh)})`;
    return zh ? `${area}：${what}：计划为 ${short(d.found)}，复算为 ${short(d.expected)}`
      : `${area}: ${what}: plan has ${short(d.found)}, re-drawn ${short(d.expected)}`;
  }
  const tail = d.expected !== undefined || d.found !== undefined
    ? (zh ? `：应为 ${short(d.expected)}，实为 ${short(d.found)}` : `: expected ${short(d.expected)}, found ${short(d.found)}`) : '';
  return `${area}${zh ? '：' : ': '}${d.what}${tail}`;
}
