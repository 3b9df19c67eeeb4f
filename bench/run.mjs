// Runs the benchmarks: each bench/*.bench.ts is bundled with esbuild and run in its own Node process,
// so a benchmark measures the same code the CLI ships. `npm run bench -- NAME` runs the ones whose file name contains NAME.
import { build } from 'esbuild';
import { readdirSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'out', 'bench');
mkdirSync(outDir, { recursive: true });
const filter = process.argv[2] ?? '';
const benches = readdirSync(here).filter(f => f.endsWith('.bench.ts') && f.includes(filter)).sort();
let failed = 0;
for (const file of benches) {
    const outfile = join(outDir, file.replace(/\.ts$/, '.mjs'));
    await build({
        entryPoints: [join(here, file)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node22',
        banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
        logLevel: 'warning'
    });
    console.log(`\n== ${file}`);
    const run = spawnSync(process.execPath, [outfile], { stdio: 'inherit' });
    if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
