#!/usr/bin/env node
// node web/verify/cli.mjs --request R --plan P [--commitment C] [--log L --head H] [--lang zh|en]
// Exit 0 and "verified" when everything matches; 1 with one line per difference;
// 2 for unreadable input.
import { readFileSync } from 'node:fs';
import { verifyAll, describe, parseHead } from './verify.mjs';

const MSG = {
  zh: { usage: '用法：node web/verify/cli.mjs --request 请求.json --plan 计划.json [--commitment 承诺.json] [--log 变更记录.json --head 条数:哈希] [--lang zh|en]',
        unreadable: (f, e) => `无法读取 ${f}：${e}`, badHead: (h) => `链头格式应为 条数:哈希，实为 ${h}`, verified: 'verified\n核验通过：承诺、种子与计划（及变更记录）均与复算一致',
        note: (r) => `说明：承诺中的 committed.strata 未能按文档复算（${r.committed.slice(0, 12)}…，复算 ${r.computed.slice(0, 12)}…；见 DOC-GAPS.md 第1条）` },
  en: { usage: 'usage: node web/verify/cli.mjs --request R.json --plan P.json [--commitment C.json] [--log L.json --head N:HASH] [--lang zh|en]',
        unreadable: (f, e) => `cannot read ${f}: ${e}`, badHead: (h) => `the head must be N:HASH, not ${h}`, verified: 'verified',
        note: (r) => `note: committed.strata could not be recomputed from the docs (${r.committed.slice(0, 12)}…, recomputed ${r.computed.slice(0, 12)}…; DOC-GAPS.md gap 1)` },
};

function parseArgs(argv) {
  const a = {};
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (!k.startsWith('--')) return null;
    a[k.slice(2)] = argv[++i];
  }
  return a;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const lang = args?.lang === 'en' ? 'en' : 'zh';
  const m = MSG[lang];
  if (!args || !args.request || !(args.plan || args.log)) { console.error(m.usage); return 2; }
  const read = (f) => {
    try { return JSON.parse(readFileSync(f, 'utf8')); } catch (e) { throw new Error(m.unreadable(f, e.message)); }
  };
  let input;
  try {
    input = { request: read(args.request) };
    // The draw record may stand for the plan: told apart by its format.
    if (args.plan) {
      const doc = read(args.plan);
      if (String(doc?.format ?? '').startsWith('shuangsuiji.draw-record/')) input.record = doc;
      else input.plan = doc;
    }
    if (args.commitment) input.commitment = read(args.commitment);
    if (args.log) input.log = read(args.log);
    if (args.head) {
      const h = args.head.includes(':') ? args.head : (() => { try { return readFileSync(args.head, 'utf8'); } catch { return args.head; } })();
      input.head = parseHead(h);
      if (!input.head) throw new Error(m.badHead(args.head));
    }
    if (!input.request?.registry || !input.request?.policy) throw new Error(m.unreadable(args.request, 'not a plan request'));
  } catch (e) { console.error(e.message); return 2; }
  const r = await verifyAll(input);
  if (r.strataRoot && !r.strataRoot.matches) console.error(m.note(r.strataRoot));
  if (r.ok) { console.log(m.verified); return 0; }
  for (const d of r.diffs) console.log(describe(d, lang));
  return 1;
}
process.exitCode = await main();
