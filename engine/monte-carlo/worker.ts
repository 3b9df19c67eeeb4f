/**
 * Worker thread entry for large Monte Carlo runs (bundled on its own by esbuild: a worker loads a file).
 * workerData: { model, config } (see run.ts); messages in: WorkItem; messages out: { item, tally } or { error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ReliabilityModel } from '../model.js';
import { prepareRun, runWorkItem, type RunConfig, type WorkItem } from './run.js';

const port = parentPort;
if (port) {
    const data = workerData as { model: ReliabilityModel; config: RunConfig };
    try {
        const run = prepareRun(data.model, data.config);
        port.on('message', (item: WorkItem) => {
            try {
                port.postMessage({ item, tally: runWorkItem(run, item) });
            } catch (e) {
                port.postMessage({ error: e instanceof Error ? e.message : String(e) });
            }
        });
    } catch (e) {
        port.postMessage({ error: e instanceof Error ? e.message : String(e) });
    }
}
