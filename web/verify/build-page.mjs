// Writes crates/ssj/assets/verify.html: index.html with verify.mjs inlined,
// one self-contained file that works opened from file:// (Chromium blocks
// module imports there), and that `ssj publish` writes beside the disclosure.
// CI rebuilds it and fails if the committed file differs.
//   node web/verify/build-page.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const page = readFileSync(`${here}index.html`, 'utf8');
const mod = readFileSync(`${here}verify.mjs`, 'utf8');

const IMPORT = "import * as V from './verify.mjs';";
if (!page.includes(IMPORT)) throw new Error('index.html no longer imports ./verify.mjs as expected');
const names = [...mod.matchAll(/^export (?:async )?(?:function|const|let|class) ([A-Za-z_$][\w$]*)/gm)].map((m) => m[1]);
if (/^export (?!(?:async )?(?:function|const|let|class) )/m.test(mod)) throw new Error('verify.mjs has an export form build-page.mjs does not inline');
const body = mod.replace(/^export /gm, '');
if (body.includes('</script')) throw new Error('verify.mjs contains </script');
const inlined = `// verify.mjs, inlined by build-page.mjs\nconst V = (() => {\n${body}\nreturn { ${names.join(', ')} };\n})();`;
const out = page.replace(IMPORT, () => inlined);
const target = `${here}../../crates/ssj/assets/verify.html`;
writeFileSync(target, out);
console.log(`crates/ssj/assets/verify.html: ${out.length} characters, ${names.length} functions inlined`);
