/**
 * `simulate`: seeded Monte Carlo of a system, top, Markov chain or cascade (language.md §8), returning the JSON of
 * `rel simulate --json` (interfaces.md §3) plus the estimator used and notes.
 *
 * Failure-time based: each slot's failure time is sampled and the structure's failure time derived
 * (or → earliest, and → latest, K of N → K-th earliest). With repairable components it is a
 * discrete-event simulation; for rare failures (P(any slot fails by the horizon) < 1 %) the estimate
 * is conditioned on at least one slot failing, which keeps its relative precision.
 */
import { Worker } from 'node:worker_threads';
import type { ReliabilityModel, SimulationModel } from '../model.js';
import { analyzeCascades, cascadeNodes } from '../cascade.js';
import { markovStructuralProblems } from '../markov.js';
import type { ModuleSplit } from '../bounds.js';
import { formatProbability } from '../format.js';
import { compileTarget, CompileError, hasFailureTimes, type Program } from './compile.js';
import { conditionalPlan, DOWNTIME_EDGE_FRACTIONS, mergeTallies, newTally, type Estimator, type Tally } from './kernel.js';
import { drawSeed } from './rng.js';
import { prepareRun, runWorkItem, workItems, type RunConfig, type WorkItem } from './run.js';
import { meanInterval, wilsonInterval } from './statistics.js';

export interface SimulateOptions {
    /** Overrides the `missions` of the simulation. */
    missions?: number;
    /** Overrides the `seed`; without either a seed is drawn and reported. */
    seed?: number;
    /** Worker threads (default 1 = in-process). More than 1 needs `workerScript`. */
    threads?: number;
    /** The bundled worker entry (engine/monte-carlo/worker.ts built by esbuild). */
    workerScript?: string | URL;
    onProgress?(fraction: number): void;
    signal?: AbortSignal;
    /** The exact value of the estimated figure (reliability for a system, probability for a top), when known. */
    exact?: number;
    /** 'auto' (default): conditional when P(any component fails by the horizon) < 1 %, else plain. */
    estimator?: 'auto' | 'plain' | 'conditional';
    /** Bins of the failure-time histogram over [0, horizon] (default 50). */
    bins?: number;
    /**
     * For a target too large to solve exactly: its split around an independent module (engine/bounds.ts), asked
     * for when the run reports no failure times and has no sensitivity factors. Only the module is then simulated,
     * the rest is exact: P(target) = whenWorking + (whenFailed − whenWorking)·P(module).
     */
    moduleSplit?: () => ModuleSplit | undefined;
}

export interface Histogram {
    binEdgesHours: number[];
    counts: number[];
}

export interface SimulationResult {
    name: string;
    target: string;
    targetKind: 'system' | 'top' | 'markov' | 'cascade';
    /** What `estimate` is: reliability at the horizon (system, markov: no down state by then) or probability of the top event by the horizon. */
    metric: 'reliability' | 'probability';
    missions: number;
    seed: number;
    horizonHours: number;
    estimate: number;
    interval: [number, number];
    confidence: number;
    exact?: number;
    exactInInterval?: boolean;
    mttfHours?: number;
    mttfInterval?: [number, number];
    /** Failure times in [0, horizon]; `censored` missions had not failed by the horizon. Conditional runs: expected counts. */
    failureTimes?: Histogram & { censored: number };
    sensitivity?: { component: string; factor: number; estimate: number }[];
    /** Discrete-event runs (repairable components, Markov chains): availability over the horizon, outages, downtime per mission. */
    repair?: {
        availability: number;
        availabilityInterval: [number, number];
        meanOutages: number;
        missionsWithoutDowntime: number;
        downtimeHours: Histogram;
    };
    /** Cascade runs: the size of the cascade (initiator included). */
    cascade?: {
        expectedSize: number;
        expectedSizeInterval: [number, number];
        distribution: Record<string, number>;
        /** By exact enumeration, when the cascade is small enough. */
        exactExpectedSize?: number;
    };
    /** The run simulated this module of the target only (see SimulateOptions.moduleSplit); the estimate is the target's. */
    moduleSplit?: { module: string; whenWorking: number; whenFailed: number };
    estimator: Estimator;
    threads: number;
    elapsedMs: number;
    missionsPerSecond: number;
    notes: string[];
}

export class SimulationError extends Error {}

const RARE_EVENT_THRESHOLD = 0.01;

export async function simulate(model: ReliabilityModel, simulationName: string, options: SimulateOptions = {}): Promise<SimulationResult> {
    const started = performance.now();
    const sim = model.simulations.find(s => s.name === simulationName);
    if (!sim) throw new SimulationError(`no simulation named '${simulationName}'`);
    const targetKind = sim.target.kind;
    const missions = Math.floor(options.missions ?? sim.missions);
    if (!(missions >= 1)) throw new SimulationError(`missions must be a positive integer, got ${options.missions ?? sim.missions}`);
    if (!(sim.horizonHours > 0)) throw new SimulationError('the horizon must be positive');
    if (!(sim.confidence > 0 && sim.confidence < 1)) throw new SimulationError('the confidence must be between 0 and 1');
    const seed = options.seed ?? sim.seed ?? drawSeed();
    if (targetKind === 'cascade') return simulateCascade(model, sim, missions, seed, started);
    const notes: string[] = [];
    let program: Program | undefined;
    let estimator: Estimator = 'discrete-event';
    let split: ModuleSplit | undefined;
    let reportsFailureTimes = true;
    if (targetKind === 'markov') {
        const chain = model.markov.find(m => m.name === sim.target.name);
        if (!chain) throw new SimulationError(`unknown markov chain '${sim.target.name}'`);
        const problems = markovStructuralProblems(chain);
        const error = problems.find(p => p.severity === 'error');
        if (error) throw new SimulationError(`markov ${chain.name}: ${error.message}`);
        notes.push(...problems.map(p => `markov ${chain.name}: ${p.message}`));
        notes.push(`jump-by-jump simulation of the chain from ${chain.start}; the estimate is the probability of no down state by the horizon`);
        if (chain.kind === 'discrete' && chain.stepHours === undefined) notes.push('the chain has no step: one step is taken as one hour');
        if (sim.sensitivity) notes.push('sensitivity factors apply to components, not to Markov chains: ignored');
    } else {
        try {
            program = compileTarget(model, sim.target.name);
            reportsFailureTimes = hasFailureTimes(program);
            notes.push(...program.notes);
            split = !reportsFailureTimes && !program.repairable && !sim.sensitivity ? options.moduleSplit?.() : undefined;
            if (split) {
                const whole = program, slope = split.whenFailed - split.whenWorking;
                program = compileTarget(model, split.module);
                notes.push(`only ${split.module} (${program.components.size} of ${whole.components.size} components, independent of the rest) is simulated; ` +
                    `the rest is solved exactly: P(${sim.target.name}) = ${formatProbability(split.whenWorking, 6)} ${slope < 0 ? '−' : '+'} ` +
                    `${formatProbability(Math.abs(slope), 6)}·P(${split.module})`);
            }
        } catch (e) {
            if (e instanceof CompileError) throw new SimulationError(e.message);
            throw e;
        }
        estimator = chooseEstimator(program, sim.horizonHours, options.estimator ?? 'auto', notes);
    }
    const variants = sim.sensitivity && program
        ? sim.sensitivity.components.flatMap(component => sim.sensitivity!.factors.map(factor => ({ component, factor })))
        : [];
    for (const component of new Set(variants.map(v => v.component))) {
        if (!program!.components.has(component)) notes.push(`sensitivity: ${component} is not part of ${program!.target}, so its factor has no effect`);
    }
    const config: RunConfig = {
        targetKind, targetName: split?.module ?? sim.target.name, horizonHours: sim.horizonHours, seed, missions, estimator, bins: options.bins ?? 50, variants
    };
    const threads = Math.max(1, Math.floor(options.threads ?? 1));
    const useWorkers = threads > 1 && options.workerScript !== undefined;
    if (threads > 1 && !useWorkers) notes.push('no worker script given: ran in-process on one thread');
    const items = workItems(config);
    const tallies = useWorkers
        ? await runInWorkers(model, config, items, threads, options.workerScript!, options)
        : await runInProcess(model, config, items, options);

    const perVariant: Tally[] = Array.from({ length: variants.length + 1 }, () => newTally(config.bins));
    items.forEach((item, i) => mergeTallies(perVariant[item.variant], tallies[i]));
    const elapsedMs = performance.now() - started;
    return assemble(sim, program, config, perVariant, options, notes, { threads: useWorkers ? threads : 1, elapsedMs, reportsFailureTimes, split });
}

function chooseEstimator(program: Program, horizon: number, requested: 'auto' | 'plain' | 'conditional', notes: string[]): Estimator {
    if (program.repairable) {
        notes.push('repairable components: discrete-event simulation of failures and repairs; the estimate is about the first outage by the horizon');
        return 'discrete-event';
    }
    if (requested === 'plain') return 'plain';
    if (!program.coherent) {
        if (requested === 'conditional') notes.push('conditional sampling needs a coherent structure (no NOT/XOR): plain sampling used');
        return 'plain';
    }
    const anyFailure = conditionalPlan(program, undefined, horizon).anyFailure;
    if (requested === 'conditional' || anyFailure < RARE_EVENT_THRESHOLD) {
        notes.push(`conditional sampling: every mission has at least one component failure by the horizon (probability ${anyFailure.toPrecision(6)}), ` +
            'the estimate is that probability times the conditional failure fraction; the MTTF combines this stratum with the one where nothing fails by the horizon');
        return 'conditional';
    }
    return 'plain';
}

async function runInProcess(model: ReliabilityModel, config: RunConfig, items: WorkItem[], options: SimulateOptions): Promise<Tally[]> {
    const run = prepareRun(model, config);
    const tallies: Tally[] = [];
    let lastYield = performance.now();
    for (let i = 0; i < items.length; i++) {
        options.signal?.throwIfAborted();
        tallies.push(runWorkItem(run, items[i]));
        options.onProgress?.((i + 1) / items.length);
        // Let cancellation and other requests in between blocks.
        if (performance.now() - lastYield > 50) {
            await new Promise(resolve => setImmediate(resolve));
            lastYield = performance.now();
        }
    }
    options.signal?.throwIfAborted();
    return tallies;
}

function runInWorkers(model: ReliabilityModel, config: RunConfig, items: WorkItem[], threads: number, script: string | URL,
    options: SimulateOptions): Promise<Tally[]> {
    return new Promise((resolve, reject) => {
        const tallies: Tally[] = new Array(items.length);
        const indexOf = new Map(items.map((item, i) => [`${item.block}:${item.variant}`, i]));
        const workers: Worker[] = [];
        let next = 0;
        let done = 0;
        let settled = false;
        const finish = (error?: unknown) => {
            if (settled) return;
            settled = true;
            options.signal?.removeEventListener('abort', onAbort);
            for (const w of workers) void w.terminate();
            if (error !== undefined) reject(error); else resolve(tallies);
        };
        const onAbort = () => finish(options.signal!.reason ?? new Error('simulation cancelled'));
        if (options.signal?.aborted) { onAbort(); return; }
        options.signal?.addEventListener('abort', onAbort);
        const feed = (w: Worker) => {
            if (next < items.length) w.postMessage(items[next++]);
        };
        for (let t = 0; t < Math.min(threads, items.length); t++) {
            const w = new Worker(script, { workerData: { model, config } });
            workers.push(w);
            w.on('message', (message: { item?: WorkItem; tally?: Tally; error?: string }) => {
                if (message.error !== undefined || !message.item || !message.tally) {
                    finish(new SimulationError(message.error ?? 'worker failed'));
                    return;
                }
                tallies[indexOf.get(`${message.item.block}:${message.item.variant}`)!] = message.tally;
                done++;
                options.onProgress?.(done / items.length);
                if (done === items.length) finish(); else feed(w);
            });
            w.on('error', e => finish(e));
            feed(w);
        }
    });
}

/** Below this count of the rarer outcome (failed or survived missions) a run gets a note that its estimate is rough. */
const FEW_OUTCOMES = 10;

/** How the run went: its threads and time, whether its target has failure times, the module it was reduced to. */
interface RunFacts {
    threads: number;
    elapsedMs: number;
    reportsFailureTimes: boolean;
    split?: ModuleSplit;
}

function assemble(sim: SimulationModel, program: Program | undefined, config: RunConfig, perVariant: Tally[],
    options: SimulateOptions, notes: string[], facts: RunFacts): SimulationResult {
    const { name, confidence } = sim;
    const { threads, elapsedMs, split } = facts;
    const base = perVariant[0];
    const n = base.missions;
    const targetKind = config.targetKind;
    const plans = config.estimator === 'conditional' && program ? prepareRunPlans(program, config) : undefined;
    const failureEstimate = (tally: Tally, variant: number): { p: number; interval: [number, number] } => {
        const [lo, hi] = wilsonInterval(tally.failures, tally.missions, confidence);
        const weight = plans ? plans[variant] : 1;
        if (!split) return { p: weight * tally.failures / tally.missions, interval: [weight * lo, weight * hi] };
        // The module's estimate carried to the target, linear in it (decreasing when the target is not coherent).
        const ends = [split.at(weight * lo), split.at(weight * hi)].sort((a, b) => a - b);
        return { p: split.at(weight * tally.failures / tally.missions), interval: [ends[0], ends[1]] };
    };
    const metric = targetKind === 'top' ? 'probability' : 'reliability';
    const toMetric = (p: number) => (metric === 'reliability' ? 1 - p : p);
    const failure = failureEstimate(base, 0);
    const interval: [number, number] = metric === 'reliability'
        ? [1 - failure.interval[1], 1 - failure.interval[0]] : failure.interval;
    const result: SimulationResult = {
        name, target: sim.target.name, targetKind, metric, missions: n, seed: config.seed, horizonHours: config.horizonHours,
        estimate: toMetric(failure.p), interval, confidence,
        ...(split ? { moduleSplit: { module: split.module, whenWorking: split.whenWorking, whenFailed: split.whenFailed } } : {}),
        estimator: config.estimator, threads, elapsedMs, missionsPerSecond: n / Math.max(elapsedMs, 1e-3) * 1000, notes
    };
    // Few of the rarer outcome: the interval stays honest, but the estimate is rough.
    const rarer = Math.min(base.failures, n - base.failures);
    if (rarer < FEW_OUTCOMES) {
        notes.push(`only ${rarer} of ${n} missions ${rarer === base.failures ? 'failed' : 'survived'}${plans ? ' in the conditional stratum' : ''}` +
            `${split ? ` (${split.module})` : ''}: ` +
            'the estimate is rough; more missions narrow the interval');
    }
    if (options.exact !== undefined) {
        result.exact = options.exact;
        result.exactInInterval = options.exact >= interval[0] && options.exact <= interval[1];
    }
    // Markov chains: every jump has a time, so first-outage times are known.
    const failureTimesKnown = facts.reportsFailureTimes;
    if (failureTimesKnown && config.estimator === 'plain' && Number.isFinite(base.sumTime)) {
        const m = meanInterval(base.sumTime, base.sumTimeSquared, n, confidence);
        result.mttfHours = m.mean;
        result.mttfInterval = m.interval;
    } else if (failureTimesKnown && plans && Number.isFinite(base.sumTime + base.survivorSumTime)) {
        // Two strata: E[T] = w·E[T | some slot fails by the horizon] + (1 − w)·E[T | none does].
        const w = plans[0];
        const failed = meanInterval(base.sumTime, base.sumTimeSquared, n, confidence);
        const survived = meanInterval(base.survivorSumTime, base.survivorSumTimeSquared, n, confidence);
        const mean = w * failed.mean + (1 - w) * survived.mean;
        const half = Math.hypot(w * (failed.interval[1] - failed.mean), (1 - w) * (survived.interval[1] - survived.mean));
        result.mttfHours = mean;
        result.mttfInterval = [mean - half, mean + half];
    } else if (failureTimesKnown && config.estimator === 'discrete-event') {
        notes.push('no MTTF from a discrete-event run: it only covers the horizon');
    }
    if (failureTimesKnown) {
        const weight = plans ? plans[0] : 1;
        const width = config.horizonHours / config.bins;
        const counts = base.histogram.map(c => c * weight);
        result.failureTimes = {
            binEdgesHours: Array.from({ length: config.bins + 1 }, (_, i) => (i === config.bins ? config.horizonHours : i * width)),
            counts,
            censored: n - counts.reduce((a, b) => a + b, 0)
        };
    }
    if (config.variants.length) {
        result.sensitivity = config.variants.map((v, i) => ({
            component: v.component, factor: v.factor, estimate: toMetric(failureEstimate(perVariant[i + 1], i + 1).p)
        }));
    }
    if (base.repair) {
        const r = base.repair;
        const availability = meanInterval(r.sumAvailability, r.sumAvailabilitySquared, n, confidence);
        result.repair = {
            availability: availability.mean,
            availabilityInterval: [Math.max(0, availability.interval[0]), Math.min(1, availability.interval[1])],
            meanOutages: r.outages / n,
            missionsWithoutDowntime: r.missionsWithoutDowntime,
            downtimeHours: { binEdgesHours: DOWNTIME_EDGE_FRACTIONS.map(f => f * config.horizonHours), counts: r.downtimeHistogram }
        };
    }
    return result;
}

/** P(any slot fails by the horizon) per variant: the weight of the conditional estimator. */
function prepareRunPlans(program: Program, config: RunConfig): number[] {
    return [undefined, ...config.variants].map(v => conditionalPlan(program, v, config.horizonHours).anyFailure);
}

/**
 * `cascade from X`: seeded cascades started by X (language.md §7); the estimate is P(every dependent fails),
 * with the exact enumeration beside it when the cascade is small enough to enumerate.
 */
function simulateCascade(model: ReliabilityModel, sim: SimulationModel, missions: number, seed: number, started: number): SimulationResult {
    const initiator = sim.target.name;
    const names = cascadeNodes(model);
    const sampled = analyzeCascades(names, model.dependencies, model.cascade, { initiators: [initiator], maxExactOutcomes: 0, samples: missions, seed });
    const figures = sampled.cascades[initiator];
    if (!figures) {
        const problem = sampled.problems.find(p => p.severity === 'error');
        throw new SimulationError(problem?.message ?? `nothing depends on ${initiator}, so it starts no cascade`);
    }
    const exact = analyzeCascades(names, model.dependencies, model.cascade, { initiators: [initiator], samples: 1 }).cascades[initiator];
    const exactFigures = exact?.method === 'exact' ? exact : undefined;
    const interval = wilsonInterval(Math.round(figures.allDependentsFail * missions), missions, sim.confidence);
    const elapsedMs = performance.now() - started;
    return {
        name: sim.name, target: initiator, targetKind: 'cascade', metric: 'probability', missions, seed,
        horizonHours: sim.horizonHours, estimate: figures.allDependentsFail, interval, confidence: sim.confidence,
        ...(exactFigures ? {
            exact: exactFigures.allDependentsFail,
            exactInInterval: exactFigures.allDependentsFail >= interval[0] && exactFigures.allDependentsFail <= interval[1]
        } : {}),
        cascade: {
            expectedSize: figures.expectedSize, expectedSizeInterval: figures.expectedSizeInterval!, distribution: figures.distribution,
            ...(exactFigures ? { exactExpectedSize: exactFigures.expectedSize } : {})
        },
        estimator: 'plain', threads: 1, elapsedMs, missionsPerSecond: missions / Math.max(elapsedMs / 1000, 1e-9),
        notes: [`round-based cascades from ${initiator}: the estimate is the probability that every component depending on it fails`]
    };
}
