/**
 * The Monte Carlo kernels: each runs one block of missions with its own generator and returns a tally.
 * - failure times (plain): chunks of missions, slot by slot, like a vectorised program;
 * - states (plain, when no failure time is asked for: probability-only components or NOT/XOR): 32 missions per
 *   machine word, each gate one bitwise operation per word;
 * - conditional (rare events): every mission is conditioned on at least one slot failing by the horizon;
 * - discrete-event (repairable components): failures and repairs over the horizon, mission by mission.
 */
import type { Op, Program } from './compile.js';
import { conditionalSampler, failedByHorizon, lifetimeFromCumulativeHazard, plainSampler, type ConditionalSampler, type PlainSampler, type Variant } from './samplers.js';
import type { BlockRandom } from './rng.js';

export type Estimator = 'plain' | 'conditional' | 'discrete-event';

export interface Tally {
    missions: number;
    /** Missions whose target failed by the horizon (the conditional kernel: among conditioned missions). */
    failures: number;
    /** Σ T and Σ T² of the target's failure time (plain kernel on coherent lifetime-only structures). */
    sumTime: number;
    sumTimeSquared: number;
    /** Failure times in [0, horizon], `bins` equal bins. */
    histogram: number[];
    /** Conditional kernel: Σ T and Σ T² over missions in which every slot survives the horizon (the other stratum). */
    survivorSumTime: number;
    survivorSumTimeSquared: number;
    /** Discrete-event kernel only. */
    repair?: RepairTally;
}

export interface RepairTally {
    sumAvailability: number;
    sumAvailabilitySquared: number;
    outages: number;
    missionsWithoutDowntime: number;
    /** Downtime per mission in the bins of DOWNTIME_EDGE_FRACTIONS (missions without downtime are counted apart). */
    downtimeHistogram: number[];
}

/** Edges of the downtime histogram as fractions of the horizon: 0, then 10^-6 … 1 in 24 log steps. */
export const DOWNTIME_EDGE_FRACTIONS: number[] = [0, ...Array.from({ length: 25 }, (_, i) => Math.pow(10, -6 + i / 4))];

export interface KernelSettings {
    horizon: number;
    /** Bins of the failure-time histogram over [0, horizon]. */
    bins: number;
}

/** Missions evaluated together, slot by slot (long enough for tight loops, short enough for the cache). */
const CHUNK = 2048;

export function newTally(bins: number): Tally {
    return {
        missions: 0, failures: 0, sumTime: 0, sumTimeSquared: 0, histogram: new Array<number>(bins).fill(0),
        survivorSumTime: 0, survivorSumTimeSquared: 0
    };
}

// ---------------------------------------------------------------- structure evaluation over a chunk

/** Failure-time semantics: or → earliest, and → latest, at least k → k-th earliest. */
function applyTimeOp(o: Op, v: Float64Array[], n: number, scratch: Float64Array): void {
    const out = v[o.dst];
    switch (o.kind) {
        case 'or': case 'and': {
            const srcs = o.srcs;
            out.set(v[srcs[0]].subarray(0, n));
            const isOr = o.kind === 'or';
            for (let s = 1; s < srcs.length; s++) {
                const x = v[srcs[s]];
                if (isOr) { for (let i = 0; i < n; i++) if (x[i] < out[i]) out[i] = x[i]; }
                else { for (let i = 0; i < n; i++) if (x[i] > out[i]) out[i] = x[i]; }
            }
            return;
        }
        case 'atLeast': {
            const srcs = o.srcs, m = srcs.length, k = o.k;
            for (let i = 0; i < n; i++) {
                for (let s = 0; s < m; s++) {
                    // insertion sort of the m times of mission i
                    const x = v[srcs[s]][i];
                    let j = s - 1;
                    while (j >= 0 && scratch[j] > x) { scratch[j + 1] = scratch[j]; j--; }
                    scratch[j + 1] = x;
                }
                out[i] = scratch[k - 1];
            }
            return;
        }
        default:
            throw new Error(`operation ${o.kind} has no failure-time meaning`);
    }
}

/** State semantics (1 = failed), for structures with NOT/XOR. */
function applyStateOp(o: Op, v: Float64Array[], n: number): void {
    const out = v[o.dst];
    if (o.kind === 'not') {
        const x = v[o.src];
        for (let i = 0; i < n; i++) out[i] = 1 - x[i];
        return;
    }
    const srcs = o.srcs;
    out.fill(0, 0, n);
    for (const s of srcs) {
        const x = v[s];
        for (let i = 0; i < n; i++) out[i] += x[i];
    }
    switch (o.kind) {
        case 'or': for (let i = 0; i < n; i++) out[i] = out[i] >= 1 ? 1 : 0; return;
        case 'and': for (let i = 0; i < n; i++) out[i] = out[i] >= srcs.length ? 1 : 0; return;
        case 'xor': for (let i = 0; i < n; i++) out[i] = out[i] % 2; return;
        case 'atLeast': for (let i = 0; i < n; i++) out[i] = out[i] >= o.k ? 1 : 0; return;
    }
}

function allocateNodes(p: Program, chunk: number): Float64Array[] {
    return Array.from({ length: p.nodeCount }, () => new Float64Array(chunk));
}

function maxArity(p: Program): number {
    let m = 1;
    for (const o of p.ops) if (o.kind !== 'not') m = Math.max(m, o.srcs.length);
    return m;
}

/** The target's failure times from the slot times already in `v`. */
function evaluateTimes(p: Program, v: Float64Array[], n: number, scratch: Float64Array): Float64Array {
    for (const o of p.ops) applyTimeOp(o, v, n, scratch);
    return v[p.result];
}

/** Evaluates the ops over slot values already in `v` and tallies the result node. */
function evaluateAndTally(p: Program, v: Float64Array[], n: number, scratch: Float64Array, s: KernelSettings, tally: Tally): void {
    const h = s.horizon;
    if (p.coherent) {
        const t = evaluateTimes(p, v, n, scratch);
        const binWidth = h / s.bins;
        const last = s.bins - 1;
        let failures = 0, sum = 0, sumSquared = 0;
        const hist = tally.histogram;
        for (let i = 0; i < n; i++) {
            const x = t[i];
            sum += x;
            sumSquared += x * x;
            if (x <= h) {
                failures++;
                const b = (x / binWidth) | 0;
                hist[b > last ? last : b]++;
            }
        }
        tally.failures += failures;
        tally.sumTime += sum;
        tally.sumTimeSquared += sumSquared;
    } else {
        for (const slot of p.slots) {
            const x = v[slot.node];
            for (let i = 0; i < n; i++) x[i] = x[i] <= h ? 1 : 0;
        }
        for (const o of p.ops) applyStateOp(o, v, n);
        const r = v[p.result];
        let failures = 0;
        for (let i = 0; i < n; i++) failures += r[i];
        tally.failures += failures;
    }
    tally.missions += n;
}

// ---------------------------------------------------------------- plain failure-time kernel

export function runPlainBlock(p: Program, variant: Variant | undefined, rng: BlockRandom, missions: number, s: KernelSettings): Tally {
    const chunk = CHUNK;
    const samplers: PlainSampler[] = p.slots.map(slot => plainSampler(slot, variant));
    const v = allocateNodes(p, chunk);
    const z = new Float64Array(chunk);
    const scratch = new Float64Array(maxArity(p));
    const tally = newTally(s.bins);
    for (let done = 0; done < missions; done += chunk) {
        const n = Math.min(chunk, missions - done);
        for (let i = 0; i < samplers.length; i++) samplers[i].fill(rng, z, v[p.slots[i].node], n);
        evaluateAndTally(p, v, n, scratch, s, tally);
    }
    return tally;
}

// ---------------------------------------------------------------- state kernel (32 missions per word)

/** Set bits of a 32-bit word. */
function popcount(x: number): number {
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/** One gate over lane words: bit i of every word is mission i's state (1 = failed). */
function applyLaneOp(o: Op, v: Int32Array[], words: number, atLeastScratch: Int32Array): void {
    const out = v[o.dst];
    if (o.kind === 'not') {
        const x = v[o.src];
        for (let w = 0; w < words; w++) out[w] = ~x[w];
        return;
    }
    const srcs = o.srcs;
    if (o.kind === 'atLeast' && (o.k <= 0 || o.k > srcs.length)) {
        out.fill(o.k <= 0 ? -1 : 0, 0, words);
        return;
    }
    if (o.kind === 'atLeast' && o.k > 1 && o.k < srcs.length) {
        // Saturating bit-sliced counters: atLeast[j] = lanes with at least j failed operands so far.
        const k = o.k, counts = atLeastScratch;
        for (let w = 0; w < words; w++) {
            counts.fill(0, 1, k + 1);
            counts[0] = -1;
            for (let s = 0; s < srcs.length; s++) {
                const x = v[srcs[s]][w];
                for (let j = Math.min(k, s + 1); j >= 1; j--) counts[j] |= counts[j - 1] & x;
            }
            out[w] = counts[k];
        }
        return;
    }
    const first = v[srcs[0]];
    for (let w = 0; w < words; w++) out[w] = first[w];
    const kind = o.kind === 'atLeast' ? (o.k === 1 ? 'or' : 'and') : o.kind;
    for (let s = 1; s < srcs.length; s++) {
        const x = v[srcs[s]];
        switch (kind) {
            case 'or': for (let w = 0; w < words; w++) out[w] |= x[w]; break;
            case 'and': for (let w = 0; w < words; w++) out[w] &= x[w]; break;
            case 'xor': for (let w = 0; w < words; w++) out[w] ^= x[w]; break;
        }
    }
}

/** Missions evaluated together by the state kernel: 512 lane words (2 KB) per node. */
const STATE_CHUNK_LANES = 16384;

/**
 * Lane words of every node, kept per program for the next chunk and block of the same run (allocating and
 * collecting them per block took a fifth of the time). Every gate writes all words of its node; slots are cleared.
 */
const laneWordCache = new WeakMap<Program, Int32Array[]>();

function laneWords(p: Program): Int32Array[] {
    let v = laneWordCache.get(p);
    if (!v) {
        v = Array.from({ length: p.nodeCount }, () => new Int32Array(STATE_CHUNK_LANES / 32));
        laneWordCache.set(p, v);
    }
    return v;
}

/**
 * What the state kernel draws, per run: each slot's probability of failing by the horizon in each variant, and
 * for a slot whose probability differs between variants, the largest (its lanes are thinned from it).
 */
export interface StatePlan {
    /** probabilities[variant][slot]; variant 0 is the base run. */
    probabilities: number[][];
    ceilings: Map<number, number>;
}

export function statePlan(p: Program, variants: (Variant | undefined)[], horizon: number): StatePlan {
    const probabilities = variants.map(v => p.slots.map(slot => failedByHorizon(slot, v, horizon)));
    const ceilings = new Map<number, number>();
    p.slots.forEach((_, j) => {
        const qs = probabilities.map(ofVariant => ofVariant[j]);
        if (qs.some(q => q !== qs[0])) ceilings.set(j, Math.max(...qs));
    });
    return { probabilities, ceilings };
}

/**
 * The target's state at the horizon, for runs that report no failure times: every slot's lanes are failed with
 * its probability of failing by the horizon (its own stream, so a sensitivity factor on one slot leaves the
 * others' draws alone, and thinned from its ceiling, so a larger factor fails a superset of missions), then the
 * gates run word by word.
 */
export function runStateBlock(p: Program, plan: StatePlan, variant: number, streams: (slot: number) => BlockRandom,
    missions: number, s: KernelSettings): Tally {
    const v = laneWords(p);
    const rngs = p.slots.map((_, j) => streams(j));
    const probabilities = plan.probabilities[variant];
    const scratch = new Int32Array(maxArity(p) + 1);
    let failures = 0;
    for (let done = 0; done < missions; done += STATE_CHUNK_LANES) {
        const lanes = Math.min(STATE_CHUNK_LANES, missions - done), words = Math.ceil(lanes / 32);
        // Skips restart at each chunk (the gaps are memoryless); the slot's stream goes on.
        p.slots.forEach((slot, j) => {
            v[slot.node].fill(0, 0, words);
            rngs[j].fillBernoulliLanes(v[slot.node], lanes, probabilities[j], plan.ceilings.get(j));
        });
        for (const o of p.ops) applyLaneOp(o, v, words, scratch);
        const result = v[p.result];
        // NOT sets the lanes past the last mission too: count only the missions'.
        const tailLanes = lanes & 31;
        if (tailLanes) result[words - 1] &= (1 << tailLanes) - 1;
        for (let w = 0; w < words; w++) failures += popcount(result[w]);
    }
    const tally = newTally(s.bins);
    tally.failures = failures;
    tally.missions = missions;
    return tally;
}

// ---------------------------------------------------------------- conditional kernel (rare events)

export interface ConditionalPlan {
    samplers: ConditionalSampler[];
    /** P(at least one slot fails by the horizon). */
    anyFailure: number;
    /** cumulative[j] = P(the first slot that fails by the horizon is one of 0..j). */
    cumulative: Float64Array;
}

export function conditionalPlan(p: Program, variant: Variant | undefined, horizon: number): ConditionalPlan {
    const samplers = p.slots.map(slot => conditionalSampler(slot, variant, horizon));
    const cumulative = new Float64Array(samplers.length);
    let allSurvive = 1, acc = 0, logAllSurvive = 0;
    samplers.forEach((sm, j) => {
        acc += sm.p * allSurvive;
        cumulative[j] = acc;
        allSurvive *= 1 - sm.p;
        logAllSurvive += Math.log1p(-sm.p);
    });
    return { samplers, anyFailure: -Math.expm1(logAllSurvive), cumulative };
}

export function runConditionalBlock(p: Program, plan: ConditionalPlan, rng: BlockRandom, missions: number, s: KernelSettings): Tally {
    const chunk = CHUNK;
    const v = allocateNodes(p, chunk);
    const first = new Int32Array(chunk);
    const scratch = new Float64Array(maxArity(p));
    const tally = newTally(s.bins);
    const { samplers, cumulative } = plan;
    const total = cumulative[cumulative.length - 1] ?? 0;
    const withSurvivorStratum = p.coherent && !p.timeless;
    for (let done = 0; done < missions; done += chunk) {
        const n = Math.min(chunk, missions - done);
        for (let i = 0; i < n; i++) {
            // The first failing slot J: P(J = j) ∝ p_j·Π_{i<j}(1 − p_i).
            const target = rng.uniform() * total;
            let lo = 0, hi = cumulative.length - 1;
            while (lo < hi) {
                const mid = (lo + hi) >> 1;
                if (cumulative[mid] > target) hi = mid; else lo = mid + 1;
            }
            first[i] = lo;
        }
        for (let j = 0; j < samplers.length; j++) {
            const sm = samplers[j];
            const out = v[p.slots[j].node];
            for (let i = 0; i < n; i++) {
                const u = rng.uniform();
                out[i] = j < first[i] ? sm.survived(u) : j === first[i] ? sm.failed(u) : sm.free(u);
            }
        }
        evaluateAndTally(p, v, n, scratch, s, tally);
        if (!withSurvivorStratum) continue;
        // The other stratum, for the MTTF: every slot survives the horizon (independently, given that).
        for (let j = 0; j < samplers.length; j++) {
            const sm = samplers[j];
            const out = v[p.slots[j].node];
            for (let i = 0; i < n; i++) out[i] = sm.survived(rng.uniform());
        }
        const t = evaluateTimes(p, v, n, scratch);
        for (let i = 0; i < n; i++) {
            tally.survivorSumTime += t[i];
            tally.survivorSumTimeSquared += t[i] * t[i];
        }
    }
    return tally;
}

// ---------------------------------------------------------------- discrete-event kernel (repairs)

/**
 * Incremental state evaluation: each op keeps the number of its failed operands, and a slot that
 * changes state updates only the ops above it (and above those, while their state changes).
 */
class StateNetwork {
    readonly state: Float64Array;
    private readonly count: Float64Array;
    private readonly parents: number[][];
    private readonly stack: number[] = [];

    constructor(private readonly p: Program) {
        this.state = new Float64Array(p.nodeCount);
        this.count = new Float64Array(p.ops.length);
        this.parents = Array.from({ length: p.nodeCount }, () => []);
        p.ops.forEach((o, i) => {
            for (const src of o.kind === 'not' ? [o.src] : o.srcs) this.parents[src].push(i);
        });
    }

    private opState(i: number): number {
        const o = this.p.ops[i], c = this.count[i];
        switch (o.kind) {
            case 'or': return c >= 1 ? 1 : 0;
            case 'and': return c >= o.srcs.length ? 1 : 0;
            case 'xor': return c % 2;
            case 'atLeast': return c >= o.k ? 1 : 0;
            case 'not': return 1 - c;
        }
    }

    /** Evaluates every op from the slot states already in `state`. */
    evaluateAll(): boolean {
        const ops = this.p.ops;
        for (let i = 0; i < ops.length; i++) {
            const o = ops[i];
            let c = 0;
            if (o.kind === 'not') c = this.state[o.src];
            else for (const src of o.srcs) c += this.state[src];
            this.count[i] = c;
            this.state[o.dst] = this.opState(i);
        }
        return this.state[this.p.result] === 1;
    }

    /** Flips a slot node and propagates; returns whether the target has failed. */
    toggle(node: number): boolean {
        const { state, count, parents, stack } = this;
        state[node] = 1 - state[node];
        stack.push(node);
        while (stack.length) {
            const changed = stack.pop()!;
            const delta = state[changed] === 1 ? 1 : -1;
            for (const i of parents[changed]) {
                count[i] += delta;
                const dst = this.p.ops[i].dst;
                const next = this.opState(i);
                if (next !== state[dst]) {
                    state[dst] = next;
                    stack.push(dst);
                }
            }
        }
        return state[this.p.result] === 1;
    }
}

/** A binary min-heap of slot indices keyed by their next event time (ties: lower slot first). */
class EventQueue {
    readonly time: Float64Array;
    private readonly heap: Int32Array;
    size = 0;

    constructor(slots: number) {
        this.time = new Float64Array(slots);
        this.heap = new Int32Array(slots);
    }

    private less(a: number, b: number): boolean {
        const ta = this.time[a], tb = this.time[b];
        return ta < tb || (ta === tb && a < b);
    }

    push(slot: number, t: number): void {
        this.time[slot] = t;
        const heap = this.heap;
        let i = this.size++;
        while (i > 0) {
            const parent = (i - 1) >> 1;
            if (!this.less(slot, heap[parent])) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = slot;
    }

    pop(): number {
        const heap = this.heap;
        const top = heap[0];
        const last = heap[--this.size];
        let i = 0;
        for (;;) {
            let child = 2 * i + 1;
            if (child >= this.size) break;
            if (child + 1 < this.size && this.less(heap[child + 1], heap[child])) child++;
            if (!this.less(heap[child], last)) break;
            heap[i] = heap[child];
            i = child;
        }
        if (this.size > 0) heap[i] = last;
        return top;
    }
}

/**
 * `streams(j)` is slot j's own generator: a factor on one component changes only that component's draws,
 * so every other component sees the same failures and repairs (common random numbers across factors).
 */
export function runRepairBlock(p: Program, variant: Variant | undefined, streams: (slot: number) => BlockRandom, missions: number,
    s: KernelSettings): Tally {
    const h = s.horizon;
    const tally = newRepairTally(s.bins);
    const lives = p.slots.map(slot => plainSampler(slot, variant));
    const repairs = p.slots.map(slot => slot.source.kind === 'lifetime' && slot.source.repair
        ? lifetimeFromCumulativeHazard(slot.source.repair, 1) : undefined);
    const nodes = p.slots.map(slot => slot.node);
    const network = new StateNetwork(p);
    const state = network.state;
    const queue = new EventQueue(p.slots.length);
    const rngs = p.slots.map((_, j) => streams(j));
    for (let mission = 0; mission < missions; mission++) {
        queue.size = 0;
        for (let j = 0; j < lives.length; j++) {
            const first = lives[j].time(rngs[j]);
            state[nodes[j]] = first === 0 ? 1 : 0;
            if (first > 0 && first <= h) queue.push(j, first);
        }
        let down = network.evaluateAll();
        let firstOutage = down ? 0 : Infinity;
        let outages = down ? 1 : 0;
        let downtime = 0;
        let previous = 0;
        // Alternating renewal per slot: a failure, then (if repairable) the end of its repair, then the next failure…
        while (queue.size > 0) {
            const j = queue.pop();
            const t = queue.time[j];
            if (down) downtime += t - previous;
            const nowDown = network.toggle(nodes[j]);
            const slotDown = state[nodes[j]] === 1;
            const repair = repairs[j];
            if (slotDown && repair) {
                const up = t + repair(rngs[j].standardExponential());
                if (up <= h) queue.push(j, up);
            } else if (!slotDown) {
                const next = t + lives[j].time(rngs[j]);
                if (next <= h) queue.push(j, next);
            }
            if (nowDown && !down) {
                outages++;
                if (firstOutage === Infinity) firstOutage = t;
            }
            down = nowDown;
            previous = t;
        }
        if (down) downtime += h - previous;
        recordMission(tally, firstOutage, downtime, outages, h);
    }
    return tally;
}

/** A tally for discrete-event missions (the failure-time histogram plus availability, outages, downtime). */
export function newRepairTally(bins: number): Tally {
    const tally = newTally(bins);
    tally.repair = {
        sumAvailability: 0, sumAvailabilitySquared: 0, outages: 0, missionsWithoutDowntime: 0,
        downtimeHistogram: new Array<number>(DOWNTIME_EDGE_FRACTIONS.length - 1).fill(0)
    };
    return tally;
}

/** Adds one discrete-event mission: its first outage time (Infinity: none), downtime and number of outages. */
export function recordMission(tally: Tally, firstOutage: number, downtime: number, outages: number, horizon: number): void {
    const repair = tally.repair!;
    const bins = tally.histogram.length;
    tally.missions++;
    if (firstOutage <= horizon) {
        tally.failures++;
        tally.histogram[Math.min(bins - 1, Math.floor(firstOutage / horizon * bins))]++;
    }
    const availability = 1 - downtime / horizon;
    repair.sumAvailability += availability;
    repair.sumAvailabilitySquared += availability * availability;
    repair.outages += outages;
    if (downtime === 0) {
        repair.missionsWithoutDowntime++;
        return;
    }
    const fraction = downtime / horizon;
    let b = 0;
    while (b < repair.downtimeHistogram.length - 1 && fraction >= DOWNTIME_EDGE_FRACTIONS[b + 1]) b++;
    repair.downtimeHistogram[b]++;
}

export function mergeTallies(into: Tally, from: Tally): void {
    into.missions += from.missions;
    into.failures += from.failures;
    into.sumTime += from.sumTime;
    into.sumTimeSquared += from.sumTimeSquared;
    into.survivorSumTime += from.survivorSumTime;
    into.survivorSumTimeSquared += from.survivorSumTimeSquared;
    for (let i = 0; i < into.histogram.length; i++) into.histogram[i] += from.histogram[i];
    if (from.repair) {
        if (!into.repair) {
            into.repair = { ...from.repair, downtimeHistogram: [...from.repair.downtimeHistogram] };
            return;
        }
        const a = into.repair, b = from.repair;
        a.sumAvailability += b.sumAvailability;
        a.sumAvailabilitySquared += b.sumAvailabilitySquared;
        a.outages += b.outages;
        a.missionsWithoutDowntime += b.missionsWithoutDowntime;
        for (let i = 0; i < a.downtimeHistogram.length; i++) a.downtimeHistogram[i] += b.downtimeHistogram[i];
    }
}
