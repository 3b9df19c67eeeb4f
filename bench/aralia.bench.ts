/**
 * The Aralia fault-tree benchmark: every tree of ../shared/benchmarks/aralia read from Open-PSA MEF,
 * its exact top-event probability (BDD) against expected.csv, its exact minimal-cut-set count, the time
 * and the peak memory, and SCRAM's BDD on the same tree in the same run when `scram` is on PATH.
 *
 * Each tree runs in its own process (this script with `--tree FILE`), so that its peak RSS is its own
 * and a tree that runs out of time can be stopped. Settings (environment):
 *   ARALIA_DIR       the benchmark folder (default: ../shared/benchmarks/aralia from the project)
 *   ARALIA_TREES     comma-separated tree names to run (default: all)
 *   ARALIA_TIMEOUT   seconds per tree for this project (default 600)
 *   SCRAM_TIMEOUT    seconds per tree for SCRAM (default 120); SCRAM=0 skips SCRAM
 * Cross-check: the probability is computed a second time from the same tree with every gate's operands
 * reversed, which gives the BDD a different variable order; the two must agree to rounding.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readOpenPsa } from '../openpsa/reader.js';
import { componentUnreliability } from '../engine/components.js';
import { compileStructures, failureProbability, structureFigures } from '../engine/fault-tree.js';
import type { FaultExpr, ReliabilityModel } from '../engine/model.js';

/** One line of JSON per phase, written by the per-tree process. */
type TreeReport =
    | { phase: 'read'; topName: string; basicEvents: number; gates: number; errors: string[] }
    | { phase: 'probability'; probability: number; seconds: number; maxRssKiB: number }
    | { phase: 'crossCheck'; probability: number; seconds: number; maxRssKiB: number }
    | { phase: 'cutSets'; cutSetCount: number; coherent: boolean; seconds: number; maxRssKiB: number }
    | { phase: 'failed'; message: string; maxRssKiB: number };

const treeFlag = process.argv.indexOf('--tree');
if (treeFlag >= 0) {
    runTree(process.argv[treeFlag + 1]);
} else {
    await runAll();
}

// ---- One tree, in its own process ----

function emit(report: TreeReport): void {
    process.stdout.write(JSON.stringify(report) + '\n');
}

function maxRssKiB(): number {
    return process.resourceUsage().maxRSS;
}

function runTree(file: string): void {
    try {
        const started = performance.now();
        const { model, diagnostics } = readOpenPsa(readFileSync(file, 'utf8'), basename(file));
        const errors = diagnostics.filter(d => d.severity === 'error').map(d => `${d.line}:${d.column} ${d.message}`);
        const top = model.structures.find(s => s.kind === 'top');
        emit({ phase: 'read', topName: top?.name ?? '', basicEvents: model.components.length, gates: model.structures.length, errors });
        if (top === undefined || errors.length > 0) return;
        const q = componentProbabilities(model);
        const componentNames = model.components.map(c => c.name);

        const compiled = compileStructures(model.structures, model.commonCauses, componentNames);
        const probability = failureProbability(compiled, top.name, q);
        emit({ phase: 'probability', probability, seconds: (performance.now() - started) / 1000, maxRssKiB: maxRssKiB() });

        const cutSetsStarted = performance.now();
        const figures = structureFigures(compiled, top.name, q, { maxCutSets: 1 });
        emit({ phase: 'cutSets', cutSetCount: figures.cutSetCount, coherent: figures.coherent, seconds: (performance.now() - cutSetsStarted) / 1000, maxRssKiB: maxRssKiB() });

        const crossStarted = performance.now();
        const reversed = model.structures.map(s => ({ ...s, failure: reverseOperands(s.failure) }));
        const recompiled = compileStructures([...reversed].reverse(), model.commonCauses, componentNames);
        emit({ phase: 'crossCheck', probability: failureProbability(recompiled, top.name, q), seconds: (performance.now() - crossStarted) / 1000, maxRssKiB: maxRssKiB() });
    } catch (error) {
        emit({ phase: 'failed', message: error instanceof Error ? error.message : String(error), maxRssKiB: maxRssKiB() });
    }
}

function componentProbabilities(model: ReliabilityModel): (component: string) => number {
    const q = new Map<string, number>();
    for (const component of model.components) q.set(component.name, componentUnreliability(component, model.missionHours) ?? NaN);
    return name => q.get(name) ?? NaN;
}

function reverseOperands(expr: FaultExpr): FaultExpr {
    switch (expr.kind) {
        case 'and':
        case 'or':
        case 'xor':
            return { kind: expr.kind, operands: expr.operands.map(reverseOperands).reverse() };
        case 'atLeast':
            return { kind: 'atLeast', k: expr.k, operands: expr.operands.map(reverseOperands).reverse() };
        case 'not':
            return { kind: 'not', operand: reverseOperands(expr.operand) };
        default:
            return expr;
    }
}

// ---- The whole benchmark ----

interface Expected {
    basicEvents: number;
    gates: number;
    probability?: number;
    cutSets?: number;
    cutSetsSource: string;
}

interface ProcessOutcome {
    seconds: number;
    timedOut: boolean;
    /** Peak RSS in KiB: from the process itself or /proc sampling; undefined when unknown. */
    peakKiB?: number;
    stdout: string;
    exitCode: number | null;
}

interface ScramOutcome {
    seconds: number;
    timedOut: boolean;
    peakKiB?: number;
    probability?: number;
    failed?: string;
}

async function runAll(): Promise<void> {
    const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
    const directory = process.env.ARALIA_DIR ?? resolve(projectRoot, '..', 'shared', 'benchmarks', 'aralia');
    if (!existsSync(join(directory, 'expected.csv'))) {
        console.log(`Aralia benchmark not found in ${directory} (set ARALIA_DIR).`);
        return;
    }
    const expected = readExpected(join(directory, 'expected.csv'));
    const only = process.env.ARALIA_TREES?.split(',').map(name => name.trim()).filter(Boolean);
    const trees = readdirSync(directory).filter(f => f.endsWith('.xml')).map(f => f.replace(/\.xml$/, ''))
        .filter(name => only === undefined || only.includes(name)).sort();
    const timeout = Number(process.env.ARALIA_TIMEOUT ?? 600);
    const scramTimeout = Number(process.env.SCRAM_TIMEOUT ?? 120);
    const scram = process.env.SCRAM === '0' ? undefined : findOnPath('scram');
    console.log(`Aralia: ${trees.length} trees from ${directory}; ours: timeout ${timeout} s; ` +
        (scram ? `SCRAM (${scram}): scram --bdd --probability 1 -l 4, timeout ${scramTimeout} s` : 'SCRAM not on PATH: skipped'));
    console.log('time = wall clock of the whole process (ours: read + BDD + exact cut-set count; SCRAM: BDD + cut sets up to order 4)');

    const header = ['tree', 'P (ours)', 'expected', 'rel.err', 'cross-check', 'cut sets', 'expected', 't prob', 't total', 'peak MB',
        'SCRAM P', 'SCRAM t', 'SCRAM MB', 't ratio', 'mem ratio'];
    const rows: string[][] = [];
    const summary = { solved: 0, withExpected: 0, withinTolerance: 0, cutSetsMatch: 0, cutSetsCompared: 0, ours: 0, scram: 0, compared: 0, worstError: 0 };
    const printRow = (row: string[]) => console.log(row.map((cell, i) => i === 0 ? cell.padEnd(9) : cell.padStart(i === 4 ? 11 : 10)).join(' '));
    printRow(header);

    for (const tree of trees) {
        const file = join(directory, `${tree}.xml`);
        const reference = expected.get(tree);
        const ours = await runProcess(process.execPath, [fileURLToPath(import.meta.url), '--tree', file], timeout);
        const reports = ours.stdout.split('\n').filter(Boolean).map(line => JSON.parse(line) as TreeReport);
        const find = <P extends TreeReport['phase']>(phase: P) => reports.find(r => r.phase === phase) as Extract<TreeReport, { phase: P }> | undefined;
        const read = find('read'), probability = find('probability'), cutSets = find('cutSets'), crossCheck = find('crossCheck'), failed = find('failed');
        const peakKiB = Math.max(ours.peakKiB ?? 0, ...reports.map(r => 'maxRssKiB' in r ? r.maxRssKiB : 0));
        const scramRun = scram ? await runScram(scram, file, scramTimeout) : undefined;

        const relativeError = probability && reference?.probability !== undefined
            ? Math.abs(probability.probability - reference.probability) / reference.probability : undefined;
        const crossDifference = probability && crossCheck
            ? Math.abs(crossCheck.probability - probability.probability) / probability.probability : undefined;
        if (probability) summary.solved++;
        if (reference?.probability !== undefined) summary.withExpected++;
        if (relativeError !== undefined) {
            summary.worstError = Math.max(summary.worstError, relativeError);
            if (relativeError <= 1e-5) summary.withinTolerance++;
        }
        if (cutSets && reference?.cutSets !== undefined) {
            summary.cutSetsCompared++;
            if (cutSets.cutSetCount === reference.cutSets) summary.cutSetsMatch++;
        }
        const ourSeconds = ours.timedOut ? undefined : ours.seconds;
        const scramSeconds = scramRun && !scramRun.timedOut && scramRun.failed === undefined ? scramRun.seconds : undefined;
        if (ourSeconds !== undefined && scramSeconds !== undefined && probability && cutSets) {
            summary.ours += ourSeconds;
            summary.scram += scramSeconds;
            summary.compared++;
        }
        const status = ours.timedOut ? `>${timeout}s` : failed ? 'failed' : read && read.errors.length > 0 ? 'read error' : 'n/a';
        printRow([
            tree,
            probability ? formatProbability(probability.probability) : status,
            reference?.probability !== undefined ? formatProbability(reference.probability) : '—',
            relativeError !== undefined ? relativeError.toExponential(1) : '—',
            crossDifference !== undefined ? `Δ ${crossDifference.toExponential(1)}` : '—',
            cutSets ? String(cutSets.cutSetCount) + (cutSets.coherent ? '' : ' PI') : '—',
            reference?.cutSets !== undefined ? String(reference.cutSets) : '—',
            probability ? probability.seconds.toFixed(2) : '—',
            ourSeconds !== undefined ? ourSeconds.toFixed(2) : `>${timeout}`,
            peakKiB > 0 ? (peakKiB / 1024).toFixed(0) : '—',
            scramRun?.probability !== undefined ? formatProbability(scramRun.probability) : scramRun ? (scramRun.timedOut ? 'timeout' : 'failed') : '—',
            scramRun ? (scramRun.timedOut ? `>${scramTimeout}` : scramRun.seconds.toFixed(2)) : '—',
            scramRun?.peakKiB !== undefined ? (scramRun.peakKiB / 1024).toFixed(0) : '—',
            scramRun ? ratio(scramRun.timedOut ? scramTimeout : scramRun.seconds, ourSeconds, scramRun.timedOut) : '—',
            scramRun?.peakKiB !== undefined && peakKiB > 0 ? ratio(scramRun.peakKiB, peakKiB, scramRun.timedOut) : '—'
        ]);
        if (failed) console.log(`  ${tree}: ${failed.message}`);
        if (read && read.errors.length > 0) console.log(`  ${tree}: ${read.errors.slice(0, 3).join('; ')}`);
        if (reference && read && (read.basicEvents !== reference.basicEvents || read.gates !== reference.gates)) {
            console.log(`  ${tree}: the file has ${read.basicEvents} basic events and ${read.gates} gates; expected.csv says ${reference.basicEvents} and ${reference.gates}`);
        }
    }
    console.log('ratio = SCRAM / ours (above 1: we are faster or smaller); ">" when SCRAM ran out of time; PI = prime implicants (non-coherent tree)');
    console.log(`Summary: ${summary.solved}/${trees.length} solved; ${summary.withinTolerance}/${summary.withExpected} within 1e-5 of expected.csv ` +
        `(worst ${summary.worstError.toExponential(1)}); cut-set counts equal on ${summary.cutSetsMatch}/${summary.cutSetsCompared}` +
        (summary.compared > 0 ? `; total time on the ${summary.compared} trees both solved: ours ${summary.ours.toFixed(1)} s, SCRAM ${summary.scram.toFixed(1)} s (×${(summary.scram / summary.ours).toFixed(2)})` : ''));
}

function formatProbability(p: number): string {
    return p !== 0 && p < 1e-3 ? p.toExponential(5) : p.toPrecision(6);
}

function ratio(scramValue: number, ourValue: number | undefined, scramTimedOut: boolean): string {
    if (ourValue === undefined || ourValue <= 0) return '—';
    return `${scramTimedOut ? '>' : ''}${(scramValue / ourValue).toFixed(2)}`;
}

function readExpected(file: string): Map<string, Expected> {
    const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
    const columns = lines[0].split(',');
    const column = (cells: string[], name: string) => cells[columns.indexOf(name)] ?? '';
    const optionalNumber = (text: string) => text.trim() === '' ? undefined : Number(text);
    const expected = new Map<string, Expected>();
    for (const line of lines.slice(1)) {
        const cells = line.split(',');
        expected.set(column(cells, 'tree'), {
            basicEvents: Number(column(cells, 'basic_events')),
            gates: Number(column(cells, 'gates')),
            probability: optionalNumber(column(cells, 'top_probability')),
            cutSets: optionalNumber(column(cells, 'minimal_cut_sets')),
            cutSetsSource: column(cells, 'cut_sets_source')
        });
    }
    return expected;
}

function findOnPath(command: string): string | undefined {
    const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
    return found.status === 0 ? found.stdout.trim() || undefined : undefined;
}

async function runScram(scram: string, file: string, timeoutSeconds: number): Promise<ScramOutcome> {
    const workDirectory = mkdtempSync(join(tmpdir(), 'aralia-scram-'));
    try {
        const outcome = await runProcess(scram, ['--bdd', '--probability', '1', '-l', '4', file], timeoutSeconds, workDirectory);
        if (outcome.timedOut) return { seconds: outcome.seconds, timedOut: true, peakKiB: outcome.peakKiB };
        const sumOfProducts = /<sum-of-products\b[^>]*\bprobability="([^"]+)"/.exec(outcome.stdout);
        if (outcome.exitCode !== 0 || sumOfProducts === null) {
            return { seconds: outcome.seconds, timedOut: false, peakKiB: outcome.peakKiB, failed: `exit ${outcome.exitCode}` };
        }
        return { seconds: outcome.seconds, timedOut: false, peakKiB: outcome.peakKiB, probability: Number(sumOfProducts[1]) };
    } finally {
        rmSync(workDirectory, { recursive: true, force: true });
    }
}

/**
 * Runs a command with a timeout, keeping the start of its output (SCRAM lists every cut set after the
 * figures we need). Its peak RSS is sampled from /proc (VmHWM is the peak so far) where available.
 */
function runProcess(command: string, args: string[], timeoutSeconds: number, cwd?: string): Promise<ProcessOutcome> {
    const keptBytes = 1 << 20;
    return new Promise(resolveOutcome => {
        const started = performance.now();
        const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] });
        let stdout = '';
        let peakKiB: number | undefined;
        let timedOut = false;
        const sample = () => {
            const kib = child.pid === undefined ? undefined : readPeakKiB(child.pid);
            if (kib !== undefined) peakKiB = Math.max(peakKiB ?? 0, kib);
        };
        const sampler = setInterval(sample, 50);
        const timer = setTimeout(() => { timedOut = true; sample(); child.kill('SIGKILL'); }, timeoutSeconds * 1000);
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => { if (stdout.length < keptBytes) stdout += chunk; });
        child.on('error', () => undefined);
        child.on('close', exitCode => {
            clearInterval(sampler);
            clearTimeout(timer);
            resolveOutcome({ seconds: (performance.now() - started) / 1000, timedOut, peakKiB, stdout, exitCode });
        });
    });
}

function readPeakKiB(pid: number): number | undefined {
    try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return match ? Number(match[1]) : undefined;
    } catch {
        return undefined;
    }
}
