/**
 * The `rel` entry point. Decision diagrams recurse once per variable on a path, so a fault tree with
 * thousands of basic events under one gate outgrows the main thread's stack (about 1 MB): the commands
 * that solve fault trees run main.mjs on a worker thread with a stack of DIAGRAM_STACK_MB. `simulate` stays
 * on the main thread, where Ctrl-C reaches it and its own Monte Carlo workers start.
 */
import { Worker } from 'node:worker_threads';
import { DIAGRAM_STACK_MB } from '../engine/bdd.js';

const args = process.argv.slice(2);
// The bundle beside this one (out/cli/main.mjs), not bundled into it.
const main = new URL('./main.mjs', import.meta.url);
// A reader that stops early (`rel analyze … | head`) is not an error. The streams are this thread's: a
// worker's output reaches them through it.
for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw error;
    });
}
if (args[0] === 'simulate') {
    await import(main.href);
} else {
    const worker = new Worker(main, { argv: args, resourceLimits: { stackSizeMb: DIAGRAM_STACK_MB } });
    worker.on('error', error => {
        process.stderr.write(`rel: internal error: ${error.message}\n`);
        process.exitCode = 2;
    });
    worker.on('exit', code => {
        process.exitCode ??= code;
    });
}
