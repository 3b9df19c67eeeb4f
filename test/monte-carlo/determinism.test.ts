import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulate } from '../../engine/monte-carlo/simulate.js';
import { BLOCK_MISSIONS, prepareRun, runWorkItem, workItems, type RunConfig } from '../../engine/monte-carlo/run.js';
import { mergeTallies, newTally } from '../../engine/monte-carlo/kernel.js';
import { webCluster, withSimulation } from './models.js';

const missions = 3 * BLOCK_MISSIONS + 1234;
const model = () => withSimulation(webCluster(), {
    target: { kind: 'system', name: 'WebCluster' }, missions, seed: 99, sensitivity: { components: ['Database'], factors: [2] }
});

describe('determinism across blocks and threads', () => {
    it('blocks computed in any order give the same tallies', () => {
        const config: RunConfig = { targetKind: 'system', targetName: 'WebCluster', horizonHours: 8760, seed: 99, missions, estimator: 'plain', bins: 50,
            variants: [{ component: 'Database', factor: 2 }] };
        const run = prepareRun(model(), config);
        const items = workItems(config);
        expect(items.length).toBe(8);
        const forward = items.map(item => runWorkItem(run, item));
        const backward = [...items].reverse().map(item => runWorkItem(run, item)).reverse();
        expect(backward).toEqual(forward);
        // Blocks really are different streams.
        expect(forward[0].histogram).not.toEqual(forward[2].histogram);
        const merged = newTally(50);
        items.forEach((item, i) => { if (item.variant === 0) mergeTallies(merged, forward[i]); });
        expect(merged.missions).toBe(missions);
    });

    it('1 thread and 2 or 3 worker threads (the bundled worker) give identical results', async () => {
        const outfile = join(mkdtempSync(join(tmpdir(), 'rel-mc-')), 'worker.mjs');
        await build({ entryPoints: [fileURLToPath(new URL('../../engine/monte-carlo/worker.ts', import.meta.url))], outfile, bundle: true, platform: 'node', format: 'esm', logLevel: 'warning',
            banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" } });
        const single = await simulate(model(), 'Run');
        for (const threads of [2, 3]) {
            const multi = await simulate(model(), 'Run', { threads, workerScript: outfile });
            expect(multi.threads).toBe(threads);
            for (const key of ['estimate', 'interval', 'mttfHours', 'mttfInterval', 'failureTimes', 'sensitivity'] as const) {
                expect(multi[key], key).toEqual(single[key]);
            }
        }
    }, 30_000);
});
