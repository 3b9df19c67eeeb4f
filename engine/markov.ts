/**
 * Markov chains (language.md §6): the limiting distribution from `start`, availability, failure
 * frequency, MTBF, mean up and down times, MTTF (first passage from `start` to any down state),
 * the transient distribution and the time to come within 1e-6 of the limit.
 *
 * A continuous-time chain is analysed through its uniformisation P = I + Q/Λ with Λ above every exit
 * rate: it has the same limit, every state gets a self-loop (so it is aperiodic), a first passage takes
 * on average (uniformised steps)/Λ hours and the failure frequency per hour is Λ times that per step.
 * Transient distributions of continuous chains are exp(Qt), summed as the Poisson mixture of uniformised
 * steps (truncated below 1e-17), not the uniformised chain itself.
 */
import type { MarkovModel } from './model.js';
import { DENSE_SOLVE_LIMIT, solveLinear, sparseFromTriples, type SparseMatrix } from './linear-solvers.js';

/** Tolerance on a row sum of a transition matrix. */
export const ROW_SUM_TOLERANCE = 1e-9;
/** The transient has converged when the total-variation distance to the limit is at most this. */
export const CONVERGENCE_TOLERANCE = 1e-6;

export type MarkovProblemKind =
    | 'no-states' | 'duplicate-state' | 'unknown-state' | 'row-count' | 'row-length' | 'entry-range' | 'row-sum'
    | 'step' | 'negative-rate' | 'self-transition' | 'duplicate-transition' | 'absorbing' | 'reducible' | 'periodic';

export interface MarkovProblem {
    severity: 'error' | 'warning';
    kind: MarkovProblemKind;
    message: string;
    state?: string;
    /** 0-based index of the matrix row (in the order of `states`). */
    row?: number;
    /** 0-based index of the entry within its row. */
    column?: number;
    /** For `row-sum`: the actual sum, so a quick fix can divide the row by it. */
    rowSum?: number;
    /** 0-based index into `transitions` for continuous chains. */
    transition?: number;
}

/** Large chains chart only this many states: those with the highest peak probability. */
export const MAX_CHART_STATES = 24;

export interface MarkovTransient {
    /** In `unit`: steps or hours. */
    times: number[];
    /** Probability of each state at each time (for chains above MAX_CHART_STATES, only the most probable states). */
    distribution: Record<string, number[]>;
    /** Number of states left out of `distribution`. */
    omittedStates: number;
    /** Probability of being in an up state at each time. */
    availability: number[];
}

export interface MarkovAnalysis {
    ok: true;
    kind: 'discrete' | 'continuous';
    /** Unit of every time figure: steps for a discrete chain without `step`, hours otherwise. */
    unit: 'steps' | 'hours';
    /** Limiting distribution from `start` (the long-run average for a periodic chain). */
    steadyState: Record<string, number>;
    availability: number;
    /** Failures (up → down transitions) per unit of time in the long run. */
    failureFrequency: number;
    /** Null when the chain stops failing in the long run (failure frequency 0). */
    mtbf: number | null;
    meanUpTime: number | null;
    meanDownTime: number | null;
    /** Expected first-passage time from `start` to a down state; 0 when `start` is down; null when it may never fail. */
    mttf: number | null;
    transient: MarkovTransient;
    /** First time from which the distribution stays within 1e-6 (total variation) of the limit; null when it never does. */
    timeToConverge: number | null;
    /** What the figures mean or why some are absent, in words. */
    warnings: string[];
    /** Structural warnings (absorbing, reducible, periodic) as data. */
    problems: MarkovProblem[];
    solver: 'dense' | 'sparse';
}

export type MarkovResult = MarkovAnalysis | { ok: false; problems: MarkovProblem[]; message: string };

export interface MarkovOptions {
    /** Number of intervals of the transient grid (default 200). */
    transientPoints?: number;
    /** Skip the transient and the convergence time (they cost most for large chains). */
    transient?: boolean;
    /** Budget for the sparse transient, in multiplications (default 1e8). */
    maxTransientWork?: number;
}

/** The chain as a (uniformised, for continuous time) transition matrix with its time scale. */
interface Chain {
    n: number;
    states: string[];
    up: boolean[];
    start: number;
    /** Rows of P: successor indices and probabilities, self-loops included. */
    rows: { to: number[]; p: number[] }[];
    /** Uniformisation rate (per hour) for continuous chains. */
    uniformRate?: number;
    /** Generator rows (continuous only), without the diagonal. */
    rates?: { to: number[]; rate: number[] }[];
}

const fmt = (x: number) => Number(x.toPrecision(12)).toString();

/** Every error and structural warning of a chain, without computing its figures. */
export function markovStructuralProblems(m: MarkovModel): MarkovProblem[] {
    const problems = shapeProblems(m);
    if (problems.some(p => p.severity === 'error')) return problems;
    return [...problems, ...structureWarnings(buildChain(m), m.kind)];
}

function shapeProblems(m: MarkovModel): MarkovProblem[] {
    const problems: MarkovProblem[] = [];
    const error = (kind: MarkovProblemKind, message: string, extra: Partial<MarkovProblem> = {}) =>
        problems.push({ severity: 'error', kind, message, ...extra });
    if (m.states.length === 0) { error('no-states', `markov ${m.name} has no states`); return problems; }
    const index = new Map<string, number>();
    m.states.forEach((s, i) => {
        if (index.has(s)) error('duplicate-state', `state ${s} is declared twice`, { state: s });
        else index.set(s, i);
    });
    for (const s of m.up) if (!index.has(s)) error('unknown-state', `up state ${s} is not a state of ${m.name}`, { state: s });
    if (!index.has(m.start)) error('unknown-state', `start state ${m.start} is not a state of ${m.name}`, { state: m.start });
    const n = m.states.length;
    if (m.kind === 'discrete') {
        if (m.stepHours !== undefined && !(m.stepHours > 0 && Number.isFinite(m.stepHours))) {
            error('step', `the step must be a positive duration, not ${m.stepHours} h`);
        }
        if (m.matrix.length !== n) {
            error('row-count', `the matrix has ${m.matrix.length} rows but there are ${n} states`);
        }
        m.matrix.forEach((row, r) => {
            const state = m.states[r];
            if (row.length !== n) {
                error('row-length', `row ${state ?? r + 1} has ${row.length} entries but there are ${n} states`, { row: r, state });
            }
            let bad = false;
            row.forEach((v, c) => {
                if (!(v >= 0 && v <= 1)) {
                    bad = true;
                    error('entry-range', `entry ${v} of row ${state ?? r + 1} is not a probability in [0, 1]`, { row: r, column: c, state });
                }
            });
            const sum = row.reduce((a, b) => a + b, 0);
            if (!bad && Math.abs(sum - 1) > ROW_SUM_TOLERANCE) {
                error('row-sum', `row ${state ?? r + 1} sums to ${fmt(sum)}, not 1`, { row: r, state, rowSum: sum });
            }
        });
    } else {
        const seen = new Set<string>();
        m.transitions.forEach((t, i) => {
            const pair = `${t.from}\u0000${t.to}`;
            if (seen.has(pair)) {
                problems.push({ severity: 'warning', kind: 'duplicate-transition', message: `${t.from} -> ${t.to} is given more than once; the rates are added`, transition: i, state: t.from });
            }
            seen.add(pair);
            for (const s of [t.from, t.to]) {
                if (!index.has(s)) error('unknown-state', `${s} is not a state of ${m.name}`, { state: s, transition: i });
            }
            if (!(t.rate >= 0 && Number.isFinite(t.rate))) {
                error('negative-rate', `the rate of ${t.from} -> ${t.to} must be a finite non-negative number, not ${t.rate}`, { transition: i, state: t.from });
            } else if (t.from === t.to) {
                problems.push({ severity: 'warning', kind: 'self-transition', message: `${t.from} -> ${t.to} leaves the state unchanged and is ignored`, transition: i, state: t.from });
            }
        });
    }
    return problems;
}

function buildChain(m: MarkovModel): Chain {
    const n = m.states.length;
    const index = new Map(m.states.map((s, i) => [s, i] as const));
    const upSet = new Set(m.up);
    const up = m.states.map(s => upSet.has(s));
    const start = index.get(m.start)!;
    if (m.kind === 'discrete') {
        const rows = m.matrix.map(row => {
            const to: number[] = [], p: number[] = [];
            row.forEach((v, j) => { if (v > 0) { to.push(j); p.push(v); } });
            return { to, p };
        });
        return { n, states: m.states, up, start, rows };
    }
    const rateMaps: Map<number, number>[] = Array.from({ length: n }, () => new Map());
    for (const t of m.transitions) {
        const i = index.get(t.from)!, j = index.get(t.to)!;
        if (i !== j && t.rate > 0) rateMaps[i].set(j, (rateMaps[i].get(j) ?? 0) + t.rate);
    }
    const rates = rateMaps.map(map => ({ to: [...map.keys()], rate: [...map.values()] }));
    const exits = rates.map(r => r.rate.reduce((a, b) => a + b, 0));
    const maxExit = exits.reduce((a, b) => Math.max(a, b), 0);
    // Strictly above every exit rate, so every state keeps a self-loop.
    const uniformRate = maxExit > 0 ? 1.25 * maxExit : 1;
    const rows = rates.map((r, i) => {
        const to = [i, ...r.to];
        const p = [1 - exits[i] / uniformRate, ...r.rate.map(q => q / uniformRate)];
        return { to, p };
    });
    return { n, states: m.states, up, start, rows, uniformRate, rates };
}

/** Strongly connected components (iterative Tarjan), each a list of state indices. */
function stronglyConnected(chain: Chain): number[][] {
    const { n, rows } = chain;
    const index = new Int32Array(n).fill(-1), low = new Int32Array(n), onStack = new Uint8Array(n);
    const stack: number[] = [], components: number[][] = [];
    let counter = 0;
    for (let root = 0; root < n; root++) {
        if (index[root] >= 0) continue;
        const work: [number, number][] = [[root, 0]];
        index[root] = low[root] = counter++; stack.push(root); onStack[root] = 1;
        while (work.length) {
            const frame = work[work.length - 1];
            const [v, k] = frame;
            if (k < rows[v].to.length) {
                frame[1]++;
                const w = rows[v].to[k];
                if (index[w] < 0) {
                    index[w] = low[w] = counter++; stack.push(w); onStack[w] = 1;
                    work.push([w, 0]);
                } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
                continue;
            }
            work.pop();
            if (work.length) { const parent = work[work.length - 1][0]; low[parent] = Math.min(low[parent], low[v]); }
            if (low[v] === index[v]) {
                const component: number[] = [];
                let w: number;
                do { w = stack.pop()!; onStack[w] = 0; component.push(w); } while (w !== v);
                components.push(component.sort((a, b) => a - b));
            }
        }
    }
    return components;
}

interface Structure {
    components: number[][];
    componentOf: Int32Array;
    closed: boolean[];
    period: number[];
}

function analyseStructure(chain: Chain): Structure {
    const components = stronglyConnected(chain);
    const componentOf = new Int32Array(chain.n);
    components.forEach((c, k) => c.forEach(s => { componentOf[s] = k; }));
    const closed = components.map((c, k) => c.every(s => chain.rows[s].to.every(t => componentOf[t] === k)));
    const period = components.map((c, k) => closed[k] ? classPeriod(chain, c, componentOf, k) : 1);
    return { components, componentOf, closed, period };
}

function gcd(a: number, b: number): number { while (b) [a, b] = [b, a % b]; return a; }

/** Period of a closed class: gcd over its edges of level(u) + 1 − level(v) for BFS levels. */
function classPeriod(chain: Chain, members: number[], componentOf: Int32Array, k: number): number {
    const level = new Map<number, number>([[members[0], 0]]);
    const queue = [members[0]];
    let d = 0;
    for (let head = 0; head < queue.length; head++) {
        const u = queue[head];
        for (const v of chain.rows[u].to) {
            if (componentOf[v] !== k) continue;
            const lv = level.get(v);
            if (lv === undefined) { level.set(v, level.get(u)! + 1); queue.push(v); }
            else d = gcd(d, Math.abs(level.get(u)! + 1 - lv));
        }
    }
    return d === 0 ? 1 : d;
}

function structureWarnings(chain: Chain, kind: 'discrete' | 'continuous', structure = analyseStructure(chain)): MarkovProblem[] {
    const problems: MarkovProblem[] = [];
    const names = (c: number[]) => c.map(s => chain.states[s]).join(', ');
    const absorbing = chain.n > 1 ? structure.components.filter((c, k) => structure.closed[k] && c.length === 1).map(c => c[0]) : [];
    for (const s of absorbing) {
        const state = chain.states[s];
        problems.push({
            severity: 'warning', kind: 'absorbing', state,
            message: `state ${state} is absorbing: once entered the chain never leaves it, so the chain is reducible and its limit depends on the start state`
        });
    }
    if (structure.components.length > 1 && absorbing.length === 0) {
        const closedClasses = structure.components.filter((_, k) => structure.closed[k]);
        problems.push({
            severity: 'warning', kind: 'reducible',
            message: `the chain is reducible (${structure.components.length} communicating classes, closed: ` +
                `${closedClasses.map(c => `{${names(c)}}`).join(', ')}): the limit depends on the start state, and the figures are those from ${chain.states[chain.start]}`
        });
    }
    if (kind === 'discrete') {
        structure.components.forEach((c, k) => {
            if (structure.period[k] > 1) {
                problems.push({
                    severity: 'warning', kind: 'periodic', state: chain.states[c[0]],
                    message: `the class {${names(c)}} is periodic with period ${structure.period[k]}: the distribution oscillates instead of converging; ` +
                        'the steady state is the long-run fraction of time, and there is no time to converge'
                });
            }
        });
    }
    return problems;
}

/** The matrix I − P restricted to `subset` (rows and columns), transposed when asked. */
function identityMinusP(chain: Chain, subset: number[], transpose: boolean): SparseMatrix {
    const local = new Map(subset.map((s, i) => [s, i] as const));
    const triples: [number, number, number][] = [];
    subset.forEach((s, i) => {
        triples.push([i, i, 1]);
        const row = chain.rows[s];
        row.to.forEach((t, k) => {
            const j = local.get(t);
            if (j !== undefined) triples.push(transpose ? [j, i, -row.p[k]] : [i, j, -row.p[k]]);
        });
    });
    return sparseFromTriples(subset.length, triples);
}

/** Stationary distribution of a closed class: the balance equations π(I − P) = 0 with the last one replaced by Σπ = 1. */
function classStationary(chain: Chain, members: number[]): Map<number, number> | string {
    if (members.length === 1) return new Map([[members[0], 1]]);
    const system = identityMinusP(chain, members, true);
    const last = members.length - 1;
    // Replacing the last row keeps ILU(0) exact on banded chains (no fill below a full last row).
    const triples: [number, number, number][] = [];
    for (let i = 0; i < last; i++) {
        for (let k = system.rowStart[i]; k < system.rowStart[i + 1]; k++) triples.push([i, system.columns[k], system.values[k]]);
    }
    for (let j = 0; j <= last; j++) triples.push([last, j, 1]);
    const rhs = new Float64Array(members.length);
    rhs[last] = 1;
    const solved = solveLinear(sparseFromTriples(members.length, triples), rhs);
    if (!solved.ok) return solved.message;
    return new Map(members.map((s, i) => [s, Math.max(0, solved.x[i])] as const));
}

/** Limit distribution from `start`: Σ over closed classes of P(absorbed there) × the class's stationary law. */
function limitFromStart(chain: Chain, structure: Structure): Float64Array | string {
    const { components, componentOf, closed } = structure;
    const absorption = new Map<number, number>();
    const startClass = componentOf[chain.start];
    if (closed[startClass]) absorption.set(startClass, 1);
    else {
        const transient = components.flatMap((c, k) => closed[k] ? [] : c).sort((a, b) => a - b);
        const local = new Map(transient.map((s, i) => [s, i] as const));
        const rhs = new Float64Array(transient.length);
        rhs[local.get(chain.start)!] = 1;
        // Expected visits v from start: v (I − P_TT) = e_start.
        const visits = solveLinear(identityMinusP(chain, transient, true), rhs);
        if (!visits.ok) return visits.message;
        transient.forEach((s, i) => {
            const row = chain.rows[s];
            row.to.forEach((t, k) => {
                const c = componentOf[t];
                if (closed[c]) absorption.set(c, (absorption.get(c) ?? 0) + visits.x[i] * row.p[k]);
            });
        });
    }
    const limit = new Float64Array(chain.n);
    for (const [c, weight] of absorption) {
        const stationary = classStationary(chain, components[c]);
        if (typeof stationary === 'string') return stationary;
        for (const [s, p] of stationary) limit[s] += weight * p;
    }
    return limit;
}

/** Expected number of (uniformised) steps from start to a down state; Infinity when it may never happen. */
function stepsToFailure(chain: Chain): number | string {
    if (!chain.up[chain.start]) return 0;
    const reach: number[] = [chain.start];
    const seen = new Uint8Array(chain.n); seen[chain.start] = 1;
    for (let head = 0; head < reach.length; head++) {
        for (const t of chain.rows[reach[head]].to) if (chain.up[t] && !seen[t]) { seen[t] = 1; reach.push(t); }
    }
    // States that can reach a down state, by reverse search from the down states.
    const predecessors: number[][] = Array.from({ length: chain.n }, () => []);
    chain.rows.forEach((row, i) => row.to.forEach(t => predecessors[t].push(i)));
    const canFail = new Uint8Array(chain.n);
    const queue = chain.up.flatMap((u, i) => u ? [] : [i]);
    queue.forEach(i => { canFail[i] = 1; });
    for (let head = 0; head < queue.length; head++) {
        for (const p of predecessors[queue[head]]) if (!canFail[p]) { canFail[p] = 1; queue.push(p); }
    }
    if (reach.some(s => !canFail[s])) return Infinity;
    const subset = reach.sort((a, b) => a - b);
    const solved = solveLinear(identityMinusP(chain, subset, false), new Float64Array(subset.length).fill(1));
    if (!solved.ok) return solved.message;
    return solved.x[subset.indexOf(chain.start)];
}

function totalVariation(p: Float64Array, q: Float64Array): number {
    let s = 0;
    for (let i = 0; i < p.length; i++) s += Math.abs(p[i] - q[i]);
    return s / 2;
}

/** Moves a distribution forward by 2^level base time units; null when the work budget is spent. */
interface Propagator {
    /** Length of one base unit in the output unit (steps or hours). */
    baseTime: number;
    advance(p: Float64Array, level: number): Float64Array | null;
}

function denseMultiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
    const c = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
        for (let k = 0; k < n; k++) {
            const aik = a[i * n + k];
            if (aik === 0) continue;
            const bRow = k * n, cRow = i * n;
            for (let j = 0; j < n; j++) c[cRow + j] += aik * b[bRow + j];
        }
    }
    return c;
}

function denseTransitionMatrix(chain: Chain): Float64Array {
    const n = chain.n;
    const p = new Float64Array(n * n);
    chain.rows.forEach((row, i) => row.to.forEach((t, k) => { p[i * n + t] += row.p[k]; }));
    return p;
}

/** exp(Q t) = e^{−Λt} Σ (Λt)^k P^k / k!, all terms non-negative, after scaling Λt below 1/2 and squaring back. */
function denseExponential(chain: Chain, hours: number): Float64Array {
    const n = chain.n, rate = chain.uniformRate!;
    const p = denseTransitionMatrix(chain);
    let squarings = 0;
    let tau = hours;
    while (rate * tau > 0.5) { tau /= 2; squarings++; }
    const x = rate * tau;
    let weight = Math.exp(-x);
    let power: Float64Array = new Float64Array(n * n);
    for (let i = 0; i < n; i++) power[i * n + i] = 1;
    const result = power.map(v => v * weight);
    let accumulated = weight;
    for (let k = 1; 1 - accumulated > 1e-17 && k < 60; k++) {
        power = denseMultiply(power, p, n);
        weight *= x / k;
        accumulated += weight;
        for (let i = 0; i < result.length; i++) result[i] += weight * power[i];
    }
    let e: Float64Array = result;
    for (let s = 0; s < squarings; s++) e = denseMultiply(e, e, n);
    return e;
}

function vectorTimesDense(p: Float64Array, m: Float64Array, n: number): Float64Array {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
        const pi = p[i];
        if (pi === 0) continue;
        const row = i * n;
        for (let j = 0; j < n; j++) out[j] += pi * m[row + j];
    }
    return out;
}

function denseStepper(chain: Chain, kind: 'discrete' | 'continuous', stepLength: number): Propagator {
    const n = chain.n;
    // Continuous: base unit 1/(16Λ) hours, so the convergence time is resolved finely.
    const baseTime = kind === 'discrete' ? stepLength : 1 / (16 * chain.uniformRate!);
    const powers: Float64Array[] = [kind === 'discrete' ? denseTransitionMatrix(chain) : denseExponential(chain, baseTime)];
    return {
        baseTime,
        advance(p, level) {
            while (powers.length <= level) { const last = powers[powers.length - 1]; powers.push(denseMultiply(last, last, n)); }
            return vectorTimesDense(p, powers[level], n);
        }
    };
}

function sparseStepper(chain: Chain, kind: 'discrete' | 'continuous', stepLength: number, budget: number): Propagator {
    const n = chain.n;
    const nonZeros = chain.rows.reduce((a, r) => a + r.to.length, 0);
    let work = 0;
    const step = (p: Float64Array): Float64Array => {
        const out = new Float64Array(n);
        chain.rows.forEach((row, i) => { const pi = p[i]; if (pi !== 0) row.to.forEach((t, k) => { out[t] += pi * row.p[k]; }); });
        work += nonZeros;
        return out;
    };
    // Continuous: base unit 4/Λ hours, applied as the Poisson mixture of uniformised steps.
    const x = 4;
    const baseTime = kind === 'discrete' ? stepLength : x / chain.uniformRate!;
    const baseAdvance = kind === 'discrete' ? step : (p: Float64Array) => {
        let weight = Math.exp(-x), accumulated = weight;
        let power = p;
        const out = p.map(v => v * weight);
        for (let k = 1; 1 - accumulated > 1e-17 && k < 80; k++) {
            power = step(power);
            weight *= x / k;
            accumulated += weight;
            for (let i = 0; i < n; i++) out[i] += weight * power[i];
        }
        return out;
    };
    return {
        baseTime,
        advance(p, level) {
            let q = p;
            for (let k = 0; k < 2 ** level; k++) {
                if (work > budget) return null;
                q = baseAdvance(q);
            }
            return q;
        }
    };
}

/**
 * Smallest number of base units after which the distribution is within tolerance of the limit (total
 * variation to the limit never increases), found by doubling and then binary lifting; null when the
 * level cap or the work budget is reached first. `explored` is the furthest time reached.
 */
function unitsToConverge(propagator: Propagator, p0: Float64Array, limit: Float64Array, maxLevel: number): { units: number | null; explored: number } {
    const converged = (p: Float64Array) => totalVariation(p, limit) <= CONVERGENCE_TOLERANCE;
    if (converged(p0)) return { units: 0, explored: 0 };
    let previous = p0;
    let current = propagator.advance(p0, 0);
    if (!current) return { units: null, explored: 0 };
    let level = 0;
    while (!converged(current)) {
        if (level >= maxLevel) return { units: null, explored: 2 ** level };
        previous = current;
        const next = propagator.advance(current, level);
        if (!next) return { units: null, explored: 2 ** level };
        current = next;
        level++;
    }
    if (level === 0) return { units: 1, explored: 1 };
    // previous is at 2^(level−1) units and not converged; current at 2^level is.
    let units = 2 ** (level - 1);
    let p = previous;
    for (let j = level - 2; j >= 0; j--) {
        const candidate = propagator.advance(p, j);
        if (!candidate) return { units: null, explored: 2 ** level };
        if (!converged(candidate)) { p = candidate; units += 2 ** j; }
    }
    return { units: units + 1, explored: 2 ** level };
}

function advanceUnits(propagator: Propagator, p: Float64Array, units: number): Float64Array | null {
    let q: Float64Array | null = p;
    for (let level = 0; units > 0 && q; level++, units = Math.floor(units / 2)) {
        if (units % 2) q = propagator.advance(q, level);
    }
    return q;
}

export function analyzeMarkov(m: MarkovModel, options: MarkovOptions = {}): MarkovResult {
    const shape = shapeProblems(m);
    if (shape.some(p => p.severity === 'error')) {
        return { ok: false, problems: shape, message: `markov ${m.name} is malformed: ${shape.filter(p => p.severity === 'error').map(p => p.message).join('; ')}` };
    }
    const chain = buildChain(m);
    const structure = analyseStructure(chain);
    const problems = [...shape, ...structureWarnings(chain, m.kind, structure)];
    const warnings: string[] = [];
    const limit = limitFromStart(chain, structure);
    if (typeof limit === 'string') return { ok: false, problems, message: `markov ${m.name}: steady state not computed: ${limit}` };
    const failureSteps = stepsToFailure(chain);
    if (typeof failureSteps === 'string') return { ok: false, problems, message: `markov ${m.name}: MTTF not computed: ${failureSteps}` };

    const unit: 'steps' | 'hours' = m.kind === 'continuous' || m.stepHours !== undefined ? 'hours' : 'steps';
    // Length of one step of `chain` in the output unit.
    const stepLength = m.kind === 'continuous' ? 1 / chain.uniformRate! : (m.stepHours ?? 1);

    let availability = 0, failuresPerStep = 0;
    chain.rows.forEach((row, i) => {
        if (!chain.up[i]) return;
        availability += limit[i];
        row.to.forEach((t, k) => { if (!chain.up[t]) failuresPerStep += limit[i] * row.p[k]; });
    });
    const failureFrequency = failuresPerStep / stepLength;
    const noFailures = failureFrequency === 0;
    if (noFailures) warnings.push('the chain does not fail in the long run (failure frequency 0): MTBF and mean up and down times are undefined');
    const mttf = failureSteps === Infinity ? null : failureSteps * stepLength;
    if (mttf === null) warnings.push(`from ${m.start} the chain may never reach a down state: MTTF is infinite`);
    else if (!chain.up[chain.start]) warnings.push(`the start state ${m.start} is down: MTTF is 0`);

    const steadyState: Record<string, number> = {};
    m.states.forEach((s, i) => { steadyState[s] = limit[i]; });

    let transient: MarkovTransient = { times: [], distribution: {}, omittedStates: m.states.length, availability: [] };
    let timeToConverge: number | null = null;
    const dense = chain.n <= DENSE_SOLVE_LIMIT;
    if (options.transient !== false) {
        const propagator = dense
            ? denseStepper(chain, m.kind, stepLength)
            : sparseStepper(chain, m.kind, stepLength, options.maxTransientWork ?? 1e8);
        const p0 = new Float64Array(chain.n); p0[chain.start] = 1;
        const reachesPeriodic = structure.components.some((c, k) => structure.period[k] > 1 && c.some(s => limit[s] > 0));
        const search = reachesPeriodic ? { units: null, explored: 0 } : unitsToConverge(propagator, p0, limit, 62);
        const units = search.units;
        timeToConverge = units === null ? null : units * propagator.baseTime;
        if (units === null && !reachesPeriodic) {
            warnings.push(`the transient distribution did not come within ${CONVERGENCE_TOLERANCE} of the limit within the computation budget`);
        }
        const intervals = options.transientPoints ?? 200;
        // Without convergence: as far as the search got, or 100 steps (100/Λ hours) for a periodic chain.
        const fallbackUnits = Math.max(search.explored, Math.ceil((m.kind === 'discrete' ? 100 : 100 / chain.uniformRate!) / propagator.baseTime));
        const horizonUnits = units === null ? fallbackUnits : Math.max(units, 1);
        const stride = Math.max(1, Math.ceil(horizonUnits / intervals));
        const chart = dense ? propagator : sparseStepper(chain, m.kind, stepLength, options.maxTransientWork ?? 1e8);
        const times: number[] = [], availabilityOverTime: number[] = [];
        const columns: number[][] = m.states.map(() => []);
        let p: Float64Array | null = p0;
        for (let k = 0; p; k++) {
            times.push(k * stride * propagator.baseTime);
            let a = 0;
            for (let i = 0; i < chain.n; i++) { columns[i].push(p[i]); if (chain.up[i]) a += p[i]; }
            availabilityOverTime.push(a);
            if (k * stride >= horizonUnits) break;
            p = advanceUnits(chart, p, stride);
        }
        const peaks = columns.map(c => c.reduce((a, b) => Math.max(a, b), 0));
        const charted = m.states.map((_, i) => i);
        if (charted.length > MAX_CHART_STATES) {
            charted.sort((a, b) => peaks[b] - peaks[a] || a - b);
            charted.length = MAX_CHART_STATES;
            charted.sort((a, b) => a - b);
        }
        transient = {
            times, distribution: Object.fromEntries(charted.map(i => [m.states[i], columns[i]])),
            omittedStates: m.states.length - charted.length, availability: availabilityOverTime
        };
    }

    return {
        ok: true, kind: m.kind, unit, steadyState, availability, failureFrequency,
        mtbf: noFailures ? null : 1 / failureFrequency,
        meanUpTime: noFailures ? null : availability / failureFrequency,
        meanDownTime: noFailures ? null : (1 - availability) / failureFrequency,
        mttf, transient, timeToConverge, warnings, problems, solver: dense ? 'dense' : 'sparse'
    };
}

/**
 * P(no down state is visited by time t) from `start`: the chain's reliability over a mission (t in
 * hours; a discrete chain without `step` counts one step as one hour). Down states are made absorbing,
 * so the probability still outside them at t is the answer. Undefined when the chain is malformed, or
 * too large for the dense exponential (continuous) or the work budget (discrete).
 */
export function markovReliability(m: MarkovModel, tHours: number, maxWork = 1e8): number | undefined {
    if (shapeProblems(m).some(p => p.severity === 'error') || !(tHours >= 0)) return undefined;
    const up = new Set(m.up);
    const absorbing: MarkovModel = m.kind === 'discrete'
        ? { ...m, matrix: m.matrix.map((row, i) => up.has(m.states[i]) ? row : row.map((_, j) => j === i ? 1 : 0)) }
        : { ...m, transitions: m.transitions.filter(t => up.has(t.from)) };
    const chain = buildChain(absorbing);
    if (!chain.up[chain.start]) return 0;
    const p0 = new Float64Array(chain.n);
    p0[chain.start] = 1;
    let p: Float64Array | null;
    if (m.kind === 'continuous') {
        if (chain.n > DENSE_SOLVE_LIMIT) return undefined;
        p = vectorTimesDense(p0, denseExponential(chain, tHours), chain.n);
    } else {
        const steps = Math.round(tHours / (m.stepHours ?? 1));
        const propagator = chain.n <= DENSE_SOLVE_LIMIT ? denseStepper(chain, 'discrete', 1) : sparseStepper(chain, 'discrete', 1, maxWork);
        p = advanceUnits(propagator, p0, steps);
    }
    if (!p) return undefined;
    let reliability = 0;
    for (let i = 0; i < chain.n; i++) if (chain.up[i]) reliability += p[i];
    return reliability;
}
