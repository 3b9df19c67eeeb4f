/**
 * Figures of a family of cut sets (or prime implicants) held in a ZBDD over literals:
 * literal level 2·l is "variable at BDD level l fails", 2·l + 1 is "it does not fail".
 * Counting, the rare-event sum and the min-cut upper bound work on the diagram without listing it;
 * only the listing is capped.
 */
import { Bdd, Zbdd, TRUE, zbddProgram, type ZbddProgram } from './bdd.js';

/** Literal level of BDD level `level`, negated or not. */
export function literalLevel(level: number, negated: boolean): number {
    return 2 * level + (negated ? 1 : 0);
}

/**
 * Minimal solutions of a BDD as a ZBDD of literals (Rauzy 1993): the minimal sets of variables that
 * leave their rest state and make the function true. A variable rests false unless `restsTrue(level)`:
 * minsol(x ? f1 : f0) = minsol(f0) ∪ x·(minsol(f1) without minsol(f0)) for one resting false, and
 * minsol(f1) ∪ ¬x·(minsol(f0) without minsol(f1)) for one resting true (a module true while all its
 * events work, which only a non-coherent tree has). On a coherent BDD these are its minimal cut sets;
 * on a non-coherent one the minimal cut sets with the negated events dropped (the sets of failed events
 * that fail it, kept when no smaller one does).
 */
export function minimalSolutions(bdd: Bdd, zbdd: Zbdd, f: number, memo: Map<number, number>,
    restsTrue: (level: number) => boolean = () => false): number {
    if (f <= 1) return f;
    const known = memo.get(f);
    if (known !== undefined) return known;
    const z0 = minimalSolutions(bdd, zbdd, bdd.low(f), memo, restsTrue);
    const z1 = minimalSolutions(bdd, zbdd, bdd.high(f), memo, restsTrue);
    const level = bdd.level(f);
    const r = restsTrue(level)
        ? zbdd.mk(literalLevel(level, true), z1, zbdd.without(z0, z1))
        : zbdd.mk(literalLevel(level, false), z0, zbdd.without(z1, z0));
    memo.set(f, r);
    return r;
}

/**
 * Prime implicants of any BDD as a ZBDD of literals (Coudert–Madre):
 * PI(f) = PI(f0·f1) ∪ x·(PI(f1) \ PI(f0·f1)) ∪ ¬x·(PI(f0) \ PI(f0·f1)).
 */
export function primeImplicants(bdd: Bdd, zbdd: Zbdd, f: number, memo: Map<number, number>): number {
    if (f <= 1) return f;
    const known = memo.get(f);
    if (known !== undefined) return known;
    const f0 = bdd.low(f), f1 = bdd.high(f);
    const both = primeImplicants(bdd, zbdd, bdd.and(f0, f1), memo);
    const withX = zbdd.difference(primeImplicants(bdd, zbdd, f1, memo), both);
    const withNotX = zbdd.difference(primeImplicants(bdd, zbdd, f0, memo), both);
    const level = bdd.level(f);
    const r = zbdd.mk(literalLevel(level, false), zbdd.mk(literalLevel(level, true), both, withNotX), withX);
    memo.set(f, r);
    return r;
}

export interface CutSetListing {
    /** Each set as literal levels, smallest order first, then most probable first. */
    sets: { literals: number[]; probability: number }[];
    /** Exact number of sets in the family (a double: exact up to 2^53). */
    count: number;
    truncated: boolean;
    /** Σ P(set). */
    rareEvent: number;
    /** 1 − Π (1 − P(set)) over all sets. */
    minCutUpperBound: number;
    /** Levels of the variables that are, alone, a set (positive literal of order 1). */
    singletons: number[];
}

const ENUMERATE_ALL_BELOW = 100_000;

/** All the figures of the family rooted at `root`; `literalProbability[z]` is P(literal at level z). */
export function analyseFamily(zbdd: Zbdd, root: number, literalProbability: (literal: number) => number, maxSets: number): CutSetListing {
    const program = zbddProgram(zbdd, root);
    const p = new Float64Array(program.size);
    for (let i = 2; i < program.size; i++) p[i] = literalProbability(program.level[i]);
    const count = familyCount(program);
    const rareEvent = powerSum(program, p, 1);
    const sets = listMostImportant(program, p, maxSets);
    return {
        sets,
        count,
        truncated: count > sets.length,
        rareEvent,
        minCutUpperBound: minCutUpperBound(program, p, count, rareEvent),
        singletons: singletons(zbdd, root)
    };
}

/** The number of sets in a family, without listing them. */
export function familySize(zbdd: Zbdd, family: number): number {
    return familyCount(zbddProgram(zbdd, family));
}

function familyCount(program: ZbddProgram): number {
    const c = new Float64Array(program.size);
    c[1] = 1;
    for (let i = 2; i < program.size; i++) c[i] = c[program.low[i]] + c[program.high[i]];
    return c[program.root];
}

/** Σ over sets of P(set)^k. */
function powerSum(program: ZbddProgram, p: Float64Array, k: number): number {
    const v = new Float64Array(program.size);
    v[1] = 1;
    for (let i = 2; i < program.size; i++) v[i] = v[program.low[i]] + Math.pow(p[i], k) * v[program.high[i]];
    return v[program.root];
}

/**
 * 1 − Π(1 − P(s)) = 1 − exp(Σ_s log(1 − P(s))) = 1 − exp(−Σ_k Σ_s P(s)^k / k). Small families are
 * multiplied out; otherwise the sets with P > 1/2 are multiplied out and the power series, which then
 * converges at least like 2^−k, covers the rest.
 */
function minCutUpperBound(program: ZbddProgram, p: Float64Array, count: number, rareEvent: number): number {
    if (count === 0) return 0;
    if (count <= ENUMERATE_ALL_BELOW) {
        let logSurvival = 0;
        enumerate(program, p, program.root, 1, () => true, (probability) => { logSurvival += Math.log1p(-probability); });
        return -Math.expm1(logSurvival);
    }
    const maxProbability = maximumProbability(program, p);
    if (maxProbability[program.root] >= 1) return 1;
    const big: number[] = [];
    enumerate(program, p, program.root, 1, (i, probability) => probability * maxProbability[i] > 0.5,
        (probability) => { if (probability > 0.5) big.push(probability); });
    let logSurvival = 0;
    for (const probability of big) logSurvival += Math.log1p(-probability);
    let series = 0;
    for (let k = 1; k <= 200; k++) {
        let term = k === 1 ? rareEvent : powerSum(program, p, k);
        for (const probability of big) term -= Math.pow(probability, k);
        term /= k;
        if (term <= 0) break;
        series += term;
        if (term < 1e-17 * series) break;
    }
    return -Math.expm1(logSurvival - series);
}

function maximumProbability(program: ZbddProgram, p: Float64Array): Float64Array {
    const m = new Float64Array(program.size);
    m[0] = -Infinity;
    m[1] = 1;
    for (let i = 2; i < program.size; i++) m[i] = Math.max(m[program.low[i]], p[i] * m[program.high[i]]);
    return m;
}

/** Depth-first over the sets below node i, visiting subtrees that `descend` allows. */
function enumerate(program: ZbddProgram, p: Float64Array, i: number, probability: number,
    descend: (i: number, probability: number) => boolean, visit: (probability: number) => void): void {
    while (i > 1) {
        if (!descend(i, probability)) return;
        enumerate(program, p, program.high[i], probability * p[i], descend, visit);
        i = program.low[i];
    }
    if (i === 1) visit(probability);
}

/** Up to `maxSets` sets, by order then probability (descending), with branch-and-bound per order. */
function listMostImportant(program: ZbddProgram, p: Float64Array, maxSets: number): { literals: number[]; probability: number }[] {
    const size = program.size;
    const { low, high, level } = program;
    const minLength = new Int32Array(size), maxLength = new Int32Array(size);
    minLength[0] = 0x3fffffff;
    maxLength[0] = -0x3fffffff;
    for (let i = 2; i < size; i++) {
        minLength[i] = Math.min(minLength[low[i]], minLength[high[i]] + 1);
        maxLength[i] = Math.max(maxLength[low[i]], maxLength[high[i]] + 1);
    }
    const maxProbability = maximumProbability(program, p);
    const result: { literals: number[]; probability: number }[] = [];
    const root = program.root;
    if (root === 0 || maxSets <= 0) return result;
    const path: number[] = [];
    for (let order = minLength[root]; order <= maxLength[root] && result.length < maxSets; order++) {
        const wanted = maxSets - result.length;
        const heap = new MinHeap(wanted);
        const walk = (i: number, remaining: number, probability: number): void => {
            while (i > 1) {
                if (remaining < minLength[i] || remaining > maxLength[i]) return;
                if (heap.full && probability * maxProbability[i] <= heap.minimum) return;
                if (remaining > 0) {
                    path.push(level[i]);
                    walk(high[i], remaining - 1, probability * p[i]);
                    path.pop();
                }
                i = low[i];
            }
            if (i === 1 && remaining === 0 && !(heap.full && probability <= heap.minimum)) heap.push(probability, [...path]);
        };
        walk(root, order, 1);
        result.push(...heap.sortedDescending());
    }
    return result;
}

class MinHeap {
    private readonly items: { probability: number; literals: number[] }[] = [];
    constructor(private readonly capacity: number) {}
    get full(): boolean { return this.items.length >= this.capacity; }
    get minimum(): number { return this.items[0].probability; }

    push(probability: number, literals: number[]): void {
        const items = this.items;
        if (this.full) {
            items[0] = { probability, literals };
            this.siftDown(0);
            return;
        }
        items.push({ probability, literals });
        let i = items.length - 1;
        while (i > 0) {
            const parent = (i - 1) >> 1;
            if (items[parent].probability <= items[i].probability) break;
            [items[parent], items[i]] = [items[i], items[parent]];
            i = parent;
        }
    }

    private siftDown(i: number): void {
        const items = this.items;
        for (;;) {
            const l = 2 * i + 1, r = l + 1;
            let smallest = i;
            if (l < items.length && items[l].probability < items[smallest].probability) smallest = l;
            if (r < items.length && items[r].probability < items[smallest].probability) smallest = r;
            if (smallest === i) return;
            [items[smallest], items[i]] = [items[i], items[smallest]];
            i = smallest;
        }
    }

    sortedDescending(): { literals: number[]; probability: number }[] {
        return [...this.items].sort((a, b) => b.probability - a.probability);
    }
}

/** Positive literals that alone form a set: along the low chain of the root, nodes whose high family holds ∅. */
function singletons(zbdd: Zbdd, root: number): number[] {
    const result: number[] = [];
    for (let z = root; z > TRUE; z = zbdd.low(z)) {
        const level = zbdd.level(z);
        if (level % 2 !== 0) continue;
        let h = zbdd.high(z);
        while (h > TRUE) h = zbdd.low(h);
        if (h === TRUE) result.push(level >> 1);
    }
    return result;
}
