// node --test web/verify/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as V from './verify.mjs';
import { SIPHASH_VECTORS } from './siphash-vectors.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const fx = (dir, f) => JSON.parse(readFileSync(`${here}fixtures/${dir}/${f}`, 'utf8'));
const clone = (x) => structuredClone(x);
const cache = new Map();
const load = (dir) => {
  if (!cache.has(dir)) cache.set(dir, { request: fx(dir, 'request.json'), plan: fx(dir, 'plan.json') });
  return clone(cache.get(dir));
};
const lines = (r) => r.diffs.map((d) => V.describe(d, 'en'));

// ── primitives: the docs' vectors ──
test('SipHash-2-4: the 64 vectors of the SipHash paper', () => {
  const key = Uint8Array.from({ length: 16 }, (_, i) => i);
  assert.equal(SIPHASH_VECTORS.length, 64);
  SIPHASH_VECTORS.forEach((hex, n) => {
    const msg = Uint8Array.from({ length: n }, (_, i) => i);
    const le = V.siphash24(key, msg).toString(16).padStart(16, '0').match(/../g).reverse().join('');
    assert.equal(le, hex, `vector ${n}`);
  });
  assert.equal(V.siphash24(key, Uint8Array.from({ length: 15 }, (_, i) => i)).toString(16), 'a129ca6149be45e5');
});

test('§1 tickets: the reference vectors', async () => {
  assert.equal(await V.sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(await V.sha256Uniform('abc'), '0.56998071861792858926477341561059638840106636224182943832566300809078486324348');
  const t = await V.ticketsOf('01382438112797316654', ['AB-130']);
  assert.equal(t.get('AB-130'), '0.26299714122838008416507544297546663599715395525154425586041245287750224561854');
  const ids = ['A-1', 'A-2', 'A-3', 'B-1', 'B-2', 'B-3'];
  const tk = await V.ticketsOf('314159', ids);
  assert.deepEqual([...ids].sort((a, b) => (tk.get(a) < tk.get(b) ? -1 : 1)), ['B-2', 'B-3', 'A-3', 'A-2', 'B-1', 'A-1']);
});

test('§3.4 stratum vector and §5 months and team vectors', async () => {
  const ids = [1, 2, 3, 4, 5].map((i) => `CJ-HTB-0000${i}`);
  const s = '20230101-7305981246|2023Q1|changji/hutubi|pollution|key';
  assert.equal(await V.sha256Hex(s), '089dcddd9597e1dbfb2840c68b00fa5aed7b34e888f1d6e7a4b254f0b5ea7ab4');
  const tk = await V.ticketsOf(s, ids);
  const order = [...ids].sort((a, b) => (tk.get(a) < tk.get(b) ? -1 : 1));
  assert.deepEqual(order, ['CJ-HTB-00003', 'CJ-HTB-00005', 'CJ-HTB-00001', 'CJ-HTB-00002', 'CJ-HTB-00004']);
  assert.ok(tk.get('CJ-HTB-00003').startsWith('0.0247009137994742055656'));
  const mt = await V.ticketsOf('20230101-7305981246|2023Q1|changji/hutubi|months', ids);
  assert.deepEqual([...ids].sort((a, b) => (mt.get(a) < mt.get(b) ? -1 : 1)), ['CJ-HTB-00005', 'CJ-HTB-00004', 'CJ-HTB-00001', 'CJ-HTB-00002', 'CJ-HTB-00003']);
  const team = await V.teamTicketer('20230101-7305981246|2023Q1|changji/hutubi|inspectors|CJ-HTB-00003');
  assert.deepEqual(['I-01', 'I-02', 'I-03', 'I-04'].map((i) => team(i).toString(16).padStart(16, '0')),
    ['8f950eacfafc8c93', 'eb4efc6d08c93097', 'f44f0788966ead8e', 'dd218ecf0b74cbdb']);
});

test('seed normal form (protocol §4)', () => {
  const rule = { source: 'dice', digits: 20, announced: 'x' };
  assert.equal(V.normaliseSeed('58142 90371 82049 37561', rule).seed, '58142903718204937561');
  assert.equal(V.normaliseSeed('５８１４２-90371，82049、37561', rule).seed, '58142903718204937561');
  assert.ok(V.normaliseSeed('58142 90371 82049 3756a', rule).error);
  assert.ok(V.normaliseSeed('5814290371820493756', rule).error);
});

test('JCS and normalisation (protocol §3)', () => {
  assert.equal(V.jcs(V.normalise({ b: 25.0, a: 'x', status: 'active', tags: { free: ['b', 'a', 'a'] }, complaints: 0, n: null, e: [] })),
    '{"a":"x","b":25,"tags":{"free":["a","b"]}}');
  assert.equal(V.jcs(V.normalise({ date: '2023-1-5', pools: ['pollution', 'pollution'] }, true, true)), '{"date":"2023-01-05"}');
  assert.equal(V.jcs(V.normalise({ pools: [] }, true, true)), '{"pools":[]}');
});

// ── whole plans ──
const plans = ['demo', 'small-wangcheng', 'small-committed', 'small-month', 'small-fengdu'];
for (const dir of plans) {
  test(`${dir}: the plan re-derives exactly, commitment digest included`, async () => {
    const { request, plan } = load(dir);
    let commitment; try { commitment = fx(dir, 'commitment.json'); } catch { /* none */ }
    const r = await V.verifyAll({ request, plan, commitment });
    assert.deepEqual(lines(r), []);
    assert.equal(r.digest, plan.commitment);
  });
}

test('the committed plan: commitment file, 20-digit rule and seed', async () => {
  const { request, plan } = load('small-committed');
  const commitment = fx('small-committed', 'commitment.json');
  assert.equal(plan.seed, '58142903718204937561');
  const r = await V.verifyAll({ request, plan, commitment });
  assert.ok(r.ok);
  assert.equal(r.seed.rule.digits, 20);
  const bad = clone(commitment); bad.date = '2023-01-02';
  assert.match(lines(await V.verifyAll({ request, plan, commitment: bad })).join('\n'), /commitment.date/);
  const req2 = clone(request); req2.registry.objects[0].complaints = 9;
  const r2 = await V.verifyAll({ request: req2, plan, commitment });
  assert.match(lines(r2).join('\n'), /commitment ≠ request|plan.commitment/);
});

// ── edited copies are refused, with the right difference ──
test('a company swapped is refused: the drawn company missing, the other extra', async () => {
  const { request, plan } = load('demo');
  const t = plan.tasks.find((x) => x.covers.length === 1 && x.visit.kind === 'own');
  const drawn = new Set(plan.tasks.map((x) => x.object));
  const other = request.registry.objects.find((o) => o.jurisdiction === t.unit && !drawn.has(o.id) && o.category === request.registry.objects.find((p) => p.id === t.object).category);
  t.object = other.id; t.object_name = other.name;
  const l = lines(await V.verifyAll({ request, plan }));
  assert.ok(l.some((x) => x.includes(`task ${t.unit}/${other.id}`) && x.includes('extra')), l.join('\n'));
  assert.ok(l.some((x) => x.includes('is missing')), l.join('\n'));
});

test('a team changed is refused: visit.officers', async () => {
  const { request, plan } = load('demo');
  const t = plan.tasks.find((x) => x.visit.kind === 'own');
  const was = t.visit.officers[0];
  const other = request.registry.inspectors.find((p) => p.jurisdiction === t.unit && p.role === 'officer' && !t.visit.officers.includes(p.id));
  t.visit.officers = [other.id, t.visit.officers[1]].sort();
  const l = lines(await V.verifyAll({ request, plan }));
  assert.equal(l.length, 1, l.join('\n'));
  assert.match(l[0], new RegExp(`task ${t.unit}/${t.object} visit.officers: plan has .*${other.id}.*re-drawn .*${was}`));
});

test('a month moved is refused: month', async () => {
  const { request, plan } = load('demo');
  const t = plan.tasks[3];
  t.month = t.month === 1 ? 2 : 1;
  const l = lines(await V.verifyAll({ request, plan }));
  assert.deepEqual(l.filter((x) => x.includes(`${t.object} month`)).length, 1, l.join('\n'));
});

test('the amendment log: chain, head, replacements re-derived', async () => {
  const { request } = load('demo');
  const log = fx('demo', 'log.json');
  const head = V.parseHead(readFileSync(`${here}fixtures/demo/head.txt`, 'utf8'));
  const r = await V.verifyAll({ request, log, head });
  assert.deepEqual(lines(r), []);
  assert.deepEqual(r.log.amendments.map((a) => a.kind), ['replace_inspector', 'replacements_drawn', 'object_closed', 'replacements_drawn', 'move_task']);
  assert.ok(r.log.amendments[3].effect.some((e) => e.type === 'object' && e.in && e.out));
});

test('a second log: lost expertise, an absence over two months, a closure of two covers', async () => {
  const { request } = load('small-wangcheng');
  const log = fx('small-wangcheng', 'log.json');
  const head = V.parseHead(readFileSync(`${here}fixtures/small-wangcheng/head.txt`, 'utf8'));
  const r = await V.verifyAll({ request, log, head });
  assert.deepEqual(lines(r), []);
  assert.deepEqual(r.log.amendments.map((a) => a.kind), ['replace_inspector', 'replacements_drawn', 'inspector_absent', 'replacements_drawn', 'object_closed', 'replacements_drawn']);
  // one absence replacement swapped, the chain recomputed: the re-derivation refuses it
  const bad = fx('small-wangcheng', 'log.json');
  const offs = bad.entries[4].entry.kind.replacements_drawn.officers;
  [offs[0].replacement, offs[1].replacement] = [offs[1].replacement, offs[0].replacement];
  if (offs[0].replacement === offs[1].replacement) offs[0].replacement = 'ZF-ML-008';
  for (let i = 4; i < bad.entries.length; i++) {
    bad.entries[i].prev_hash = bad.entries[i - 1].hash;
    bad.entries[i].hash = await V.entryHash(bad.entries[i]);
  }
  const l = lines(await V.verifyAll({ request, log: bad }));
  assert.ok(l.some((x) => /replacements for .*absence/.test(x)), l.join('\n'));
});

test('a log entry edited is refused: its hash; rehashed, the head', async () => {
  const { request } = load('demo');
  const head = V.parseHead(readFileSync(`${here}fixtures/demo/head.txt`, 'utf8'));
  const log = fx('demo', 'log.json');
  log.entries[2].entry.reason = '内部决定';
  const l = lines(await V.verifyAll({ request, log, head }));
  assert.ok(l.some((x) => /log entry 2: hash/.test(x)), l.join('\n'));
  // the whole chain recomputed: caught by the published head
  for (let i = 2; i < log.entries.length; i++) {
    if (i > 0) log.entries[i].prev_hash = log.entries[i - 1].hash;
    log.entries[i].hash = await V.entryHash(log.entries[i]);
  }
  const l2 = lines(await V.verifyAll({ request, log, head }));
  assert.ok(l2.some((x) => /log head/.test(x)), l2.join('\n'));
  // a replacement changed and rehashed: re-derivation refuses it
  const log3 = fx('demo', 'log.json');
  const d = log3.entries[2].entry.kind.replacements_drawn.officers[0];
  d.replacement = request.registry.inspectors.find((p) => p.jurisdiction === d.unit && p.role === 'officer' && p.id !== d.replacement).id;
  for (let i = 2; i < log3.entries.length; i++) {
    log3.entries[i].prev_hash = log3.entries[i - 1].hash;
    log3.entries[i].hash = await V.entryHash(log3.entries[i]);
  }
  const l3 = lines(await V.verifyAll({ request, log: log3 }));
  assert.ok(l3.some((x) => /replacement officer/.test(x)), l3.join('\n'));
});

test('why drawn / not drawn: stratum, ticket, rank, number drawn', async () => {
  const { request, plan } = load('demo');
  const r = await V.verifyAll({ request, plan });
  const t = plan.tasks[0];
  const e = V.explain(r.redrawn, t.object);
  const s = e.strata.find((x) => x.stratum === t.covers[0].stratum);
  assert.equal(s.ticket, t.covers[0].ticket);
  assert.ok(s.picked && s.rank <= s.drawn);
  const notDrawn = request.registry.objects.find((o) => !plan.tasks.some((x) => x.object === o.id) && (o.status ?? 'active') === 'active');
  const n = V.explain(r.redrawn, notDrawn.id);
  assert.ok(n.strata.every((x) => !x.picked && x.rank > x.drawn));
  assert.ok(V.findCompanies(request, t.object_name).some((o) => o.id === t.object));
});

test('cli: exit 0 verified, 1 with the differences, 2 unreadable', () => {
  const run = (args) => {
    try { return { code: 0, out: execFileSync('node', [`${here}cli.mjs`, ...args], { encoding: 'utf8', stdio: 'pipe' }) }; }
    catch (e) { return { code: e.status, out: e.stdout + e.stderr }; }
  };
  const f = (d, x) => `${here}fixtures/${d}/${x}`;
  const ok = run(['--request', f('small-month', 'request.json'), '--plan', f('small-month', 'plan.json'), '--lang', 'en']);
  assert.equal(ok.code, 0); assert.equal(ok.out.trim(), 'verified');
  const bad = run(['--request', f('small-month', 'request.json'), '--plan', f('small-fengdu', 'plan.json')]);
  assert.equal(bad.code, 1); assert.ok(bad.out.split('\n').length > 2);
  assert.equal(run(['--request', '/nonexistent.json', '--plan', f('demo', 'plan.json')]).code, 2);
});

test('the committed strata root is recomputed from the re-draw (docs/draw-protocol.md §3) and its worked example holds', async () => {
  const dir = 'fixtures/small-committed';
  const read = (f) => JSON.parse(readFileSync(new URL(`${dir}/${f}`, import.meta.url)));
  const out = await V.verifyAll({ request: read('request.json'), plan: read('plan.json'), commitment: read('commitment.json') });
  assert.equal(out.strataRoot?.matches, true, JSON.stringify(out.strataRoot));
  const example = [
    { stratum: 'c/h/pollution/key', seed_string: 'S|2023Q1|c/h|pollution|key', population: ['O1', 'O2', 'O3'], required: 1, uninspected_first: false },
    { stratum: 'c/h/pollution/general', seed_string: 'S|2023Q1|c/h|pollution|general', population: ['G1', 'G2'], inspected_this_year: ['G2'], required: 1, uninspected_first: true },
  ];
  assert.equal(await V.strataRoot(example), '97cd679e8d0eadc46a91aceca519ae256340f7b32e014254f4faf94c4ed6d56b');
});

test('the hand-written fixtures of tests/data/commitment: plan and draw record verify under their commitment; an edited record is refused', async () => {
  const read = (f) => JSON.parse(readFileSync(new URL(`../../tests/data/commitment/hand-written.${f}`, import.meta.url)));
  const request = read('seeded.request.json');
  const commitment = read('commitment.json');
  const plan = await V.verifyAll({ request, plan: read('plan.json'), commitment });
  assert.equal(plan.ok ?? plan.diffs?.length === 0, true, JSON.stringify(plan.diffs ?? plan).slice(0, 400));
  assert.equal(plan.strataRoot?.matches, true);
  const record = await V.verifyAll({ request, record: read('draw-record.json'), commitment });
  assert.equal(record.ok ?? record.diffs?.length === 0, true, JSON.stringify(record.diffs ?? record).slice(0, 400));
  const edited = read('draw-record.json');
  edited.strata[0].population = edited.strata[0].population.slice(1);
  const refused = await V.verifyAll({ request, record: edited, commitment });
  assert.notEqual(refused.ok ?? refused.diffs?.length === 0, true);
});
