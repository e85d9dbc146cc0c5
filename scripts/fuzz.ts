// Long differential fuzzing runs (issue #20): random programs on one backend against the
// js float64 reference, for as long as asked. Each failure is shrunk and saved under
// test/fuzz/regressions/, which `npm test` replays on every backend.
// Usage: npm run fuzz -- --minutes 10 --seed 7 [--backend js|wasm|webgpu] [--threads 2]
// webgpu without a GPU: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
import { parseArgs } from 'node:util';
import type { BackendName, InitOptions } from '../src/index.js';
import { campaignFor, check, fuzz, programsOf } from '../test/fuzz/campaign.js';
import { saveRegression } from '../test/fuzz/regressions.js';
import { shrink } from '../test/fuzz/shrink.js';

/** Structures per chunk: a chunk is the unit between clock checks. */
const CHUNK = 100;

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    backend: { type: 'string', default: 'js' },
    threads: { type: 'string' },
  },
});
const backend = values.backend as BackendName;
const seed = Number(values.seed);
const options: InitOptions = { backend, ...(values.threads ? { threads: Number(values.threads) } : {}) };
const campaign = campaignFor(backend);
const deadline = Date.now() + Number(values.minutes) * 60_000;

/** One fixture per kind of failure: the reason with its numbers blanked. */
const kindOf = (reason: string): string => reason.replace(/-?\d[\d.e+-]*/g, '#');
const seen = new Set<string>();
let programs = 0;
let failures = 0;
for (let chunk = 0; Date.now() < deadline; chunk++) {
  const batch = programsOf(seed + chunk, CHUNK, campaign.draws, campaign.generator);
  programs += batch.length;
  for (const f of await fuzz(batch, options)) {
    failures++;
    if (seen.has(kindOf(f.reason))) continue;
    seen.add(kindOf(f.reason));
    const small = await shrink(f.program, async (p) => (await check([p], options))[0] !== null);
    const [reason] = await check([small], options);
    const file = saveRegression({ title: `fuzzing found: ${reason ?? f.reason}`, found: `${backend}, npm run fuzz -- --seed ${seed} (chunk ${chunk})`, program: small });
    console.log(`${f.reason}\n  shrunk: ${reason}\n  saved test/fuzz/regressions/${file}`);
  }
  if (chunk % 10 === 9) console.log(`seed ${seed} chunk ${chunk}: ${programs} programs, ${failures} failures`);
}
console.log(`${backend}: ${programs} programs from seed ${seed}, ${failures} failures, ${seen.size} kinds saved`);
process.exit(failures === 0 ? 0 : 1);
