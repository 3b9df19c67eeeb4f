/**
 * The Aralia fault-tree benchmark: every tree of ../shared/benchmarks/aralia read from Open-PSA MEF,
 * its exact top-event probability (BDD) against expected.csv, its exact minimal-cut-set count, the time
 * and the peak memory, and SCRAM's BDD on the same tree in the same run when `scram` is on PATH.
 *
 * Each tree runs in its own process (this script with `--tree FILE`), so that its peak RSS is its own
 * and a tree that runs out of time can be stopped. Settings (environment):
 *   ARALIA_DIR       the benchmark folder (default: ../shared/benchmarks/aralia from the project)
 *   ARALIA_TREES     comma-separated tree names to run (default: all)
 *   ARALIA_TIMEOUT   seconds per tree and process for this project (default 300)
 *   SCRAM_TIMEOUT    seconds per tree for SCRAM (default 120); SCRAM=0 skips SCRAM
 * Cross-check: a second process computes the probability again with every gate's operands and the
 * declaration order reversed, which gives the BDD a different variable order; the two must agree to rounding.
 * Time and memory are those of the first process (read, BDD probability, exact cut-set count).
 * A coherent tree too large for one BDD gets certified bounds (engine/bounds.ts) before the conditioning is tried.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readOpenPsa } from '../openpsa/reader.js';
import { araliaDirectory, reverseOperands } from './aralia-files.js';
import { componentUnreliability } from '../engine/components.js';
import { probabilityBounds } from '../engine/bounds.js';
import { FaultTreeError, compileStructures, conditionedFailureProbability, failureProbability, structureFigures, type CompiledStructures } from '../engine/fault-tree.js';
import type { ReliabilityModel } from '../engine/model.js';

const GNU_TIME = '/usr/bin/time';

/** One line of JSON per phase, written by the per-tree process. */
type TreeReport =
    | { phase: 'read'; basicEvents: number; gates: number; errors: string[] }
    | { phase: 'probability'; probability: number; maxRssKiB: number }
    | { phase: 'crossCheck'; probability: number; maxRssKiB: number }
    /** cutSetCount: minimal cut sets, or prime implicants of a non-coherent tree, whose minimal cut sets (negations dropped) are minimalCutSetCount. */
    | { phase: 'cutSets'; cutSetCount: number; coherent: boolean; minimalCutSetCount?: number; unavailable?: string; maxRssKiB: number }
    | { phase: 'failed'; message: string; maxRssKiB: number }
    /** The BDD outgrew the node limit: the probability comes by conditioning (engine/conditioning.ts). */
    | { phase: 'conditioning'; reason: string; maxRssKiB: number }
    /** Before conditioning, certified bounds (engine/bounds.ts) and the seconds they took. */
    | { phase: 'bounds'; lower: number; upper: number; upperThreshold?: number; lowerThreshold?: number; module?: string; seconds: number };

// ---- One tree, in its own process ----

function emit(report: TreeReport): void {
    process.stdout.write(JSON.stringify(report) + '\n');
}

function maxRssKiB(): number {
    return process.resourceUsage().maxRSS;
}

/** Reads the tree, then its probability, then its cut sets; `reversed`: only the probability with reversed operands. */
function runTree(file: string, reversed: boolean): void {
    try {
        const { model, diagnostics } = readOpenPsa(readFileSync(file, 'utf8'), basename(file));
        const errors = diagnostics.filter(d => d.severity === 'error').map(d => `${d.line}:${d.column} ${d.message}`);
        const top = model.structures.find(s => s.kind === 'top');
        emit({ phase: 'read', basicEvents: model.components.length, gates: model.structures.length, errors });
        if (top === undefined || errors.length > 0) return;
        const q = componentProbabilities(model);
        const componentNames = model.components.map(c => c.name);

        if (reversed) {
            const structures = model.structures.map(s => ({ ...s, failure: reverseOperands(s.failure) })).reverse();
            const compiled = compileStructures(structures, model.commonCauses, componentNames);
            const { probability } = exactProbability(compiled, top.name, q, undefined);
            emit({ phase: 'crossCheck', probability, maxRssKiB: maxRssKiB() });
            return;
        }
        const compiled = compileStructures(model.structures, model.commonCauses, componentNames);
        const { probability, tooLarge } = exactProbability(compiled, top.name, q, model);
        emit({ phase: 'probability', probability, maxRssKiB: maxRssKiB() });
        // The cut sets would build the same diagram again, to fail the same way.
        if (tooLarge !== undefined) {
            emit({ phase: 'failed', message: tooLarge, maxRssKiB: maxRssKiB() });
            return;
        }

        const figures = structureFigures(compiled, top.name, q, { maxCutSets: 1 });
        emit({
            phase: 'cutSets', cutSetCount: figures.cutSetCount, coherent: figures.coherent, minimalCutSetCount: figures.minimalCutSetCount,
            unavailable: figures.cutSetsUnavailable, maxRssKiB: maxRssKiB()
        });
    } catch (error) {
        emit({ phase: 'failed', message: error instanceof Error ? error.message : String(error), maxRssKiB: maxRssKiB() });
    }
}

/**
 * The BDD probability, or, when the diagram outgrows the node limit, the same exact value by conditioning
 * (`tooLarge`: why the BDD failed); before that, certified bounds when `model` is given (and coherent).
 */
function exactProbability(compiled: CompiledStructures, top: string, q: (component: string) => number,
    model: ReliabilityModel | undefined): { probability: number; tooLarge?: string } {
    try {
        return { probability: failureProbability(compiled, top, q) };
    } catch (error) {
        if (!(error instanceof FaultTreeError) || !error.message.startsWith('too large')) throw error;
        if (model) {
            const start = performance.now();
            try {
                const bounds = probabilityBounds(model.structures, model.commonCauses, model.components.map(c => c.name), top, q);
                emit({ phase: 'bounds', ...bounds, seconds: (performance.now() - start) / 1000 });
            } catch (refused) {
                // A non-coherent tree has no bounds by dropping operands.
                if (!(refused instanceof FaultTreeError)) throw refused;
            }
        }
        emit({ phase: 'conditioning', reason: error.message, maxRssKiB: maxRssKiB() });
        return { probability: conditionedFailureProbability(compiled, top, q), tooLarge: error.message };
    }
}

function componentProbabilities(model: ReliabilityModel): (component: string) => number {
    const q = new Map<string, number>();
    for (const component of model.components) q.set(component.name, componentUnreliability(component, model.missionHours) ?? NaN);
    return name => q.get(name) ?? NaN;
}

// ---- The whole benchmark ----

interface Expected {
    basicEvents: number;
    gates: number;
    probability?: number;
    cutSets?: number;
}

interface ProcessOutcome {
    seconds: number;
    timedOut: boolean;
    /** Peak RSS in KiB sampled from /proc; undefined when unknown. */
    peakKiB?: number;
    /** The start of the output. */
    stdout: string;
    /** Complete output lines with the wall-clock second at which each arrived. */
    lines: { text: string; seconds: number }[];
    exitCode: number | null;
}

interface ScramOutcome {
    seconds: number;
    timedOut: boolean;
    peakKiB?: number;
    probability?: number;
    failed?: string;
}

interface TreeResult {
    tree: string;
    reference?: Expected;
    reports: TreeReport[];
    /** Wall-clock seconds from start-up to the probability; undefined when it did not arrive. */
    probabilitySeconds?: number;
    ours: ProcessOutcome;
    crossCheck: ProcessOutcome;
    peakKiB?: number;
    scram?: ScramOutcome;
}

async function runAll(): Promise<void> {
    const directory = araliaDirectory();
    if (!existsSync(join(directory, 'expected.csv'))) {
        console.log(`Aralia benchmark not found in ${directory} (set ARALIA_DIR).`);
        return;
    }
    const expected = readExpected(join(directory, 'expected.csv'));
    const only = process.env.ARALIA_TREES?.split(',').map(name => name.trim()).filter(Boolean);
    const trees = readdirSync(directory).filter(f => f.endsWith('.xml')).map(f => f.replace(/\.xml$/, ''))
        .filter(name => only === undefined || only.includes(name)).sort();
    const timeout = Number(process.env.ARALIA_TIMEOUT ?? 300);
    const scramTimeout = Number(process.env.SCRAM_TIMEOUT ?? 120);
    const scram = process.env.SCRAM === '0' ? undefined : findOnPath('scram');
    console.log(`Aralia: ${trees.length} trees from ${directory}; ours: timeout ${timeout} s per process; ` +
        (scram ? `SCRAM (${scram}): scram --bdd --probability 1 -l 4, timeout ${scramTimeout} s`
            : process.env.SCRAM === '0' ? 'SCRAM skipped (SCRAM=0)' : 'SCRAM not on PATH: skipped'));
    console.log('Times are wall clock of whole processes, start-up included. t prob: ours until the exact probability (read + BDD); ' +
        't total: ours until every cut set is counted exactly (SCRAM: BDD probability and cut sets up to order 4). ' +
        'MB prob: our peak RSS when the probability was ready; MB: our peak over the whole process. ' +
        'Cross-check: relative difference to a second run with a different variable order.');

    const columns: [string, number][] = [['tree', -9], ['P (ours)', 11], ['expected', 11], ['rel.err', 8], ['cross-check', 11],
        ['cut sets', 16], ['expected', 12], ['t prob', 8], ['t total', 8], ['MB prob', 7], ['MB', 6],
        ['SCRAM P', 11], ['SCRAM t', 8], ['SCRAM MB', 8], ['×t prob', 8], ['×t total', 8], ['×MB', 6]];
    const printRow = (cells: string[]) => console.log(cells.map((cell, i) => {
        const width = columns[i][1];
        return width < 0 ? cell.padEnd(-width) : cell.padStart(width);
    }).join(' '));
    printRow(columns.map(([title]) => title));

    const results: TreeResult[] = [];
    for (const tree of trees) {
        const file = join(directory, `${tree}.xml`);
        const script = fileURLToPath(import.meta.url);
        const ours = await runProcess(process.execPath, [script, '--tree', file], timeout);
        const crossCheck = await runProcess(process.execPath, [script, '--tree', file, '--reversed'], timeout);
        const scramRun = scram ? await runScram(scram, file, scramTimeout) : undefined;
        const reports = ours.lines.map(line => JSON.parse(line.text) as TreeReport);
        const probabilityLine = ours.lines.find(line => line.text.startsWith('{"phase":"probability"'));
        const ownPeak = Math.max(0, ...reports.map(r => 'maxRssKiB' in r ? r.maxRssKiB : 0), ours.peakKiB ?? 0);
        const result: TreeResult = {
            tree, reference: expected.get(tree), ours, crossCheck, scram: scramRun,
            reports: [...reports, ...crossCheck.lines.map(line => JSON.parse(line.text) as TreeReport).filter(r => r.phase === 'crossCheck')],
            probabilitySeconds: probabilityLine?.seconds, peakKiB: ownPeak > 0 ? ownPeak : undefined
        };
        results.push(result);
        printRow(tableRow(result, timeout, scramTimeout));
        for (const note of treeNotes(result)) console.log(`  ${tree}: ${note}`);
    }
    console.log('×: SCRAM / ours (above 1: ours is faster or smaller; ">" when SCRAM ran out of time). ' +
        '*: minimal cut sets of a non-coherent tree with negations dropped, as SCRAM counts them (its prime implicants are in the notes).');
    console.log(summaryLine(results));
}

function phase<P extends TreeReport['phase']>(result: TreeResult, name: P): Extract<TreeReport, { phase: P }> | undefined {
    return result.reports.find(r => r.phase === name) as Extract<TreeReport, { phase: P }> | undefined;
}

function relativeError(result: TreeResult): number | undefined {
    const probability = phase(result, 'probability')?.probability;
    const reference = result.reference?.probability;
    return probability === undefined || reference === undefined ? undefined : Math.abs(probability - reference) / reference;
}

function tableRow(result: TreeResult, timeout: number, scramTimeout: number): string[] {
    const { reference, ours, scram } = result;
    const probability = phase(result, 'probability'), cutSets = phase(result, 'cutSets'), crossCheck = phase(result, 'crossCheck');
    const read = phase(result, 'read'), failed = phase(result, 'failed');
    const error = relativeError(result);
    const totalSeconds = ours.timedOut || !cutSets ? undefined : ours.seconds;
    const status = read && read.errors.length > 0 ? 'read error' : failed ? 'failed' : ours.timedOut ? `>${timeout}s` : 'n/a';
    const scramSeconds = scram === undefined ? undefined : scram.timedOut ? scramTimeout : scram.seconds;
    const scramMark = scram?.timedOut ? '>' : '';
    const times = (ourSeconds: number | undefined) =>
        scramSeconds === undefined || ourSeconds === undefined || scram?.failed ? '—' : `${scramMark}${(scramSeconds / ourSeconds).toFixed(2)}`;
    return [
        result.tree,
        probability ? formatProbability(probability.probability) : status,
        reference?.probability !== undefined ? formatProbability(reference.probability) : '—',
        error !== undefined ? error.toExponential(1) : '—',
        probability && crossCheck ? (Math.abs(crossCheck.probability - probability.probability) / probability.probability).toExponential(1)
            : result.crossCheck.timedOut ? `>${timeout}s` : '—',
        cutSets ? cutSetColumn(cutSets) : ours.timedOut && probability ? `>${timeout}s` : '—',
        reference?.cutSets !== undefined ? String(reference.cutSets) : '—',
        result.probabilitySeconds !== undefined ? result.probabilitySeconds.toFixed(2) : '—',
        totalSeconds !== undefined ? totalSeconds.toFixed(2) : ours.timedOut ? `>${timeout}` : '—',
        probability ? (probability.maxRssKiB / 1024).toFixed(0) : '—',
        result.peakKiB !== undefined ? (result.peakKiB / 1024).toFixed(0) : '—',
        scram === undefined ? '—' : scram.probability !== undefined ? formatProbability(scram.probability) : scram.timedOut ? 'timeout' : 'failed',
        scram === undefined ? '—' : `${scramMark}${scramSeconds!.toFixed(2)}`,
        scram?.peakKiB !== undefined ? (scram.peakKiB / 1024).toFixed(0) : '—',
        times(result.probabilitySeconds),
        times(totalSeconds),
        scram?.peakKiB !== undefined && result.peakKiB !== undefined && probability ? `${scramMark}${(scram.peakKiB / result.peakKiB).toFixed(2)}` : '—'
    ];
}

/** The count comparable with expected.csv: the minimal cut sets (of a non-coherent tree: with negations dropped). */
function minimalCutSets(cutSets: Extract<TreeReport, { phase: 'cutSets' }>): number | undefined {
    if (!cutSets.coherent) return cutSets.minimalCutSetCount;
    return cutSets.unavailable ? undefined : cutSets.cutSetCount;
}

function cutSetColumn(cutSets: Extract<TreeReport, { phase: 'cutSets' }>): string {
    const count = minimalCutSets(cutSets);
    return `${count === undefined ? 'unavailable' : count}${cutSets.coherent ? '' : '*'}`;
}

function treeNotes(result: TreeResult): string[] {
    const notes: string[] = [];
    const read = phase(result, 'read'), failed = phase(result, 'failed');
    if (failed) notes.push(failed.message);
    const cutSets = phase(result, 'cutSets');
    if (cutSets && !cutSets.coherent) notes.push(`prime implicants: ${cutSets.unavailable ?? cutSets.cutSetCount}`);
    else if (cutSets?.unavailable) notes.push(`cut sets: ${cutSets.unavailable}`);
    const bounds = phase(result, 'bounds');
    if (bounds) {
        notes.push(`certified bounds ${formatProbability(bounds.lower)} ≤ P ≤ ${formatProbability(bounds.upper)} in ${bounds.seconds.toFixed(1)} s ` +
            `(relative width ${bounds.lower > 0 ? ((bounds.upper - bounds.lower) / bounds.lower).toExponential(1) : '—'}; AND operands ≥ ${threshold(bounds.upperThreshold)} dropped ` +
            `for the upper, OR operands < ${threshold(bounds.lowerThreshold)} of their gate for the lower` +
            `${bounds.module ? `, in the module ${bounds.module}, carried exactly through the rest` : ''})`);
    }
    const conditioning = phase(result, 'conditioning');
    if (conditioning) notes.push(`${conditioning.reason}: probability by modules and Shannon conditioning instead`);
    if (read && read.errors.length > 0) notes.push(read.errors.slice(0, 3).join('; '));
    const reference = result.reference;
    if (reference && read && (read.basicEvents !== reference.basicEvents || read.gates !== reference.gates)) {
        notes.push(`the file has ${read.basicEvents} basic events and ${read.gates} gates; expected.csv says ${reference.basicEvents} and ${reference.gates}`);
    }
    return notes;
}

function summaryLine(results: TreeResult[]): string {
    const solved = results.filter(r => phase(r, 'probability'));
    const withReference = results.filter(r => r.reference?.probability !== undefined);
    const errors = results.map(relativeError).filter((e): e is number => e !== undefined);
    const compared = results.filter(r => phase(r, 'cutSets') && r.reference?.cutSets !== undefined);
    const countsEqual = compared.filter(r => minimalCutSets(phase(r, 'cutSets')!) === r.reference?.cutSets);
    const bothSolved = results.filter(r => r.scram?.probability !== undefined && r.probabilitySeconds !== undefined);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    const scramSeconds = sum(bothSolved.map(r => r.scram!.seconds));
    const ourProbabilitySeconds = sum(bothSolved.map(r => r.probabilitySeconds!));
    const faster = bothSolved.filter(r => r.probabilitySeconds! < r.scram!.seconds).length;
    const scramUnsolved = results.filter(r => r.scram !== undefined && r.scram.probability === undefined && phase(r, 'probability'));
    return `Summary: ${solved.length}/${results.length} trees solved exactly; ` +
        `${errors.filter(e => e <= 1e-5).length}/${withReference.length} within 1e-5 of expected.csv (worst ${Math.max(0, ...errors).toExponential(1)}); ` +
        `cut-set counts equal on ${countsEqual.length}/${compared.length} trees` +
        (bothSolved.length > 0 ? `; on the ${bothSolved.length} trees SCRAM also solved, time to the probability: ours ${ourProbabilitySeconds.toFixed(1)} s, ` +
            `SCRAM ${scramSeconds.toFixed(1)} s (×${(scramSeconds / ourProbabilitySeconds).toFixed(2)}), ours faster on ${faster}` : '') +
        (scramUnsolved.length > 0 ? `; solved where SCRAM was not: ${scramUnsolved.map(r => r.tree).join(', ')}` : '');
}

function threshold(t: number | undefined): string {
    return t === undefined ? '—' : String(Number(t.toPrecision(3)));
}

function formatProbability(p: number): string {
    return p !== 0 && p < 1e-3 ? p.toExponential(5) : p.toPrecision(6);
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
            cutSets: optionalNumber(column(cells, 'minimal_cut_sets'))
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
        // GNU time's %M is the exact peak RSS; without it the /proc sampling stands in.
        const rssFile = join(workDirectory, 'max-rss');
        const scramArgs = ['--bdd', '--probability', '1', '-l', '4', file];
        const outcome = existsSync(GNU_TIME)
            ? await runProcess(GNU_TIME, ['-f', '%M', '-o', rssFile, scram, ...scramArgs], timeoutSeconds, workDirectory)
            : await runProcess(scram, scramArgs, timeoutSeconds, workDirectory);
        const measuredKiB = readGnuTimePeak(rssFile);
        const peakKiB = measuredKiB ?? outcome.peakKiB;
        if (outcome.timedOut) return { seconds: outcome.seconds, timedOut: true, peakKiB };
        const sumOfProducts = /<sum-of-products\b[^>]*\bprobability="([^"]+)"/.exec(outcome.stdout);
        if (outcome.exitCode !== 0 || sumOfProducts === null) {
            return { seconds: outcome.seconds, timedOut: false, peakKiB, failed: `exit ${outcome.exitCode}` };
        }
        return { seconds: outcome.seconds, timedOut: false, peakKiB, probability: Number(sumOfProducts[1]) };
    } finally {
        rmSync(workDirectory, { recursive: true, force: true });
    }
}

/**
 * Runs a command in its own process group with a timeout (the whole group is killed), keeping the
 * start of its output (SCRAM lists every cut set after the figures we need). The peak RSS of the
 * process and its descendants is sampled from /proc (VmHWM is the peak so far) where available.
 */
function runProcess(command: string, args: string[], timeoutSeconds: number, cwd?: string): Promise<ProcessOutcome> {
    const keptBytes = 1 << 20;
    return new Promise(resolveOutcome => {
        const started = performance.now();
        const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], detached: true });
        let stdout = '';
        let partial = '';
        const lines: { text: string; seconds: number }[] = [];
        let peakKiB: number | undefined;
        let timedOut = false;
        const sample = () => {
            const kib = child.pid === undefined ? undefined : treePeakKiB(child.pid);
            if (kib !== undefined) peakKiB = Math.max(peakKiB ?? 0, kib);
        };
        const sampler = setInterval(sample, 50);
        const timer = setTimeout(() => {
            timedOut = true;
            sample();
            try { if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
        }, timeoutSeconds * 1000);
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
            if (stdout.length >= keptBytes) return;
            stdout += chunk;
            const pieces = (partial + chunk).split('\n');
            partial = pieces.pop() ?? '';
            const seconds = (performance.now() - started) / 1000;
            for (const text of pieces) if (text.trim() !== '') lines.push({ text, seconds });
        });
        child.on('error', () => undefined);
        child.on('close', exitCode => {
            clearInterval(sampler);
            clearTimeout(timer);
            resolveOutcome({ seconds: (performance.now() - started) / 1000, timedOut, peakKiB, stdout, lines, exitCode });
        });
    });
}

/** GNU time's %M from its output file (its last line: a failing command adds a line before it). */
function readGnuTimePeak(file: string): number | undefined {
    if (!existsSync(file)) return undefined;
    const kib = Number(readFileSync(file, 'utf8').trim().split('\n').pop());
    return Number.isFinite(kib) && kib > 0 ? kib : undefined;
}

/** The largest VmHWM of a process and its descendants. */
function treePeakKiB(pid: number): number | undefined {
    let peak = readPeakKiB(pid);
    let children: string[] = [];
    try {
        children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    } catch {
        return peak;
    }
    for (const child of children) {
        const kib = treePeakKiB(Number(child));
        if (kib !== undefined) peak = Math.max(peak ?? 0, kib);
    }
    return peak;
}

function readPeakKiB(pid: number): number | undefined {
    try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return match ? Number(match[1]) : undefined;
    } catch {
        return undefined;
    }
}

// Last, so that every declaration above is initialised before it runs.
const treeFlag = process.argv.indexOf('--tree');
if (treeFlag >= 0) {
    runTree(process.argv[treeFlag + 1], process.argv.includes('--reversed'));
} else {
    await runAll();
}
