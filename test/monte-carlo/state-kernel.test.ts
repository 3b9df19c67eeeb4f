/**
 * The state kernel (32 missions per machine word), used when a run reports no failure times: probability-only
 * components or NOT/XOR. Its lane sampler is checked against the binomial law, its gates against enumeration of
 * random small trees, and its runs for block-order independence and common random numbers.
 */
import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { BlockRandom } from '../../engine/monte-carlo/rng.js';
import { simulate } from '../../engine/monte-carlo/simulate.js';
import { compileTarget } from '../../engine/monte-carlo/compile.js';
import { binomialUpperTail } from '../../engine/monte-carlo/samplers.js';
import { prepareRun, runWorkItem, workItems, BLOCK_MISSIONS, type RunConfig } from '../../engine/monte-carlo/run.js';
import { emptyModel, HOURS_PER_YEAR, type FaultExpr, type ReliabilityModel } from '../../engine/model.js';
import { enumerateProbability } from '../openpsa/enumerate.js';
import { exponential, lifetime, withSimulation } from './models.js';

const bitSet = (words: Int32Array, i: number) => ((words[i >>> 5] >>> (i & 31)) & 1) === 1;

describe('lane sampler', () => {
    it('sets each of n lanes with probability q: binomial counts, every bit position alike, nothing past n', () => {
        const n = 200_003;
        for (const q of [0.0007, 0.01, 0.124, 0.125, 0.5, 0.97]) {
            const words = new Int32Array(Math.ceil(n / 32) + 2);
            new BlockRandom(3, 1, 7).fillBernoulliLanes(words, n, q);
            let count = 0;
            const byPosition = new Array<number>(32).fill(0);
            for (let i = 0; i < n; i++) if (bitSet(words, i)) { count++; byPosition[i & 31]++; }
            for (let i = n; i < words.length * 32; i++) expect(bitSet(words, i), `lane ${i} past n`).toBe(false);
            expect(Math.abs(count - n * q), `count at q = ${q}`).toBeLessThan(5 * Math.sqrt(n * q * (1 - q)));
            const perPosition = n / 32;
            for (const c of byPosition) expect(Math.abs(c - perPosition * q), `bit position at q = ${q}`).toBeLessThan(5 * Math.sqrt(perPosition * q * (1 - q)) + 1);
        }
    });

    it('gaps between failed lanes are geometric: P(gap > g) = (1 − q)^g', () => {
        const n = 1_000_000, q = 0.02;
        const words = new Int32Array(Math.ceil(n / 32));
        new BlockRandom(8, 0, 2).fillBernoulliLanes(words, n, q);
        const gaps: number[] = [];
        let last = -1;
        for (let i = 0; i < n; i++) if (bitSet(words, i)) { gaps.push(i - last); last = i; }
        for (const g of [1, 10, 50, 100, 200]) {
            const p = Math.pow(1 - q, g);
            const observed = gaps.filter(x => x > g).length / gaps.length;
            expect(Math.abs(observed - p), `P(gap > ${g})`).toBeLessThan(5 * Math.sqrt(p * (1 - p) / gaps.length));
        }
    });

    it('with a ceiling, the same stream sets nested lanes for growing q, each still binomial', () => {
        const n = 100_000;
        for (const ceiling of [0.03, 0.6]) {
            const lanes = [ceiling / 6, ceiling / 2, ceiling].map(q => {
                const words = new Int32Array(Math.ceil(n / 32));
                new BlockRandom(9, 3, 1).fillBernoulliLanes(words, n, q, ceiling);
                let count = 0;
                for (let i = 0; i < n; i++) if (bitSet(words, i)) count++;
                expect(Math.abs(count - n * q), `count at q = ${q}, ceiling ${ceiling}`).toBeLessThan(5 * Math.sqrt(n * q * (1 - q)));
                return words;
            });
            for (let k = 1; k < lanes.length; k++) {
                for (let w = 0; w < lanes[k].length; w++) expect(lanes[k - 1][w] & ~lanes[k][w]).toBe(0);
            }
        }
    });

    it('q = 0 sets no lane, q = 1 every lane, and the words are only ever OR-ed into', () => {
        const none = new Int32Array(4), all = new Int32Array(4);
        new BlockRandom(1, 0).fillBernoulliLanes(none, 100, 0);
        new BlockRandom(1, 0).fillBernoulliLanes(all, 100, 1);
        expect([...none]).toEqual([0, 0, 0, 0]);
        expect([...all]).toEqual([-1, -1, -1, 0xf]);
    });
});

/** A random tree over a few components (some with a probability, some with a lifetime) and shared gates. */
function randomModel(random: () => number, withNegation: boolean): ReliabilityModel {
    const model = emptyModel();
    const events = 3 + Math.floor(random() * 6);
    for (let i = 0; i < events; i++) {
        const q = 0.02 + 0.6 * random();
        model.components.push(i % 3 === 2
            ? lifetime(`e${i}`, exponential(-Math.log(1 - q)))
            : { name: `e${i}`, failure: { kind: 'probability', q } });
    }
    const gates: string[] = [];
    const pick = (): FaultExpr => (gates.length && random() < 0.4
        ? { kind: 'ref', name: gates[Math.floor(random() * gates.length)] }
        : { kind: 'event', name: `e${Math.floor(random() * events)}` });
    const kinds = withNegation ? ['and', 'or', 'atLeast', 'xor', 'not'] as const : ['and', 'or', 'atLeast'] as const;
    const gateCount = 3 + Math.floor(random() * 4);
    for (let g = 0; g < gateCount; g++) {
        const kind = kinds[Math.floor(random() * kinds.length)];
        const operands = Array.from({ length: 2 + Math.floor(random() * 3) }, pick);
        // A probability component under the top, so that even a coherent tree reports no failure times.
        if (g === gateCount - 1 && kind !== 'not') operands.push({ kind: 'event', name: 'e0' });
        const failure: FaultExpr = kind === 'not' ? { kind: 'not', operand: operands[0] }
            : kind === 'atLeast' ? { kind: 'atLeast', k: 1 + Math.floor(random() * operands.length), operands }
            : { kind, operands };
        const name = `g${g}`;
        model.structures.push({ name, kind: g === gateCount - 1 ? 'top' : 'gate', failure });
        gates.push(name);
    }
    return withSimulation(model, { target: { kind: 'top', name: gates[gates.length - 1] }, missions: 3 * BLOCK_MISSIONS + 77, horizonHours: HOURS_PER_YEAR });
}

describe('state kernel against enumeration', () => {
    for (const withNegation of [false, true]) {
        it(`random ${withNegation ? 'non-coherent' : 'coherent'} trees with shared events and K of N: within 5σ of the enumerated probability`, async () => {
            const random = seedrandom(`state-kernel-${withNegation}`);
            for (let trial = 0; trial < 25; trial++) {
                const model = randomModel(random, withNegation);
                const top = model.simulations[0].target.name;
                model.missionHours = HOURS_PER_YEAR;
                const exact = enumerateProbability(model, top);
                const r = await simulate(model, 'Run', { seed: trial, estimator: 'plain' });
                expect(r.failureTimes, 'no failure times from the state kernel').toBeUndefined();
                const sd = Math.sqrt(exact * (1 - exact) / r.missions);
                expect(Math.abs(r.estimate - exact), `trial ${trial}: ${JSON.stringify(model.structures)}`).toBeLessThanOrEqual(5 * sd + 1e-12);
            }
        });
    }
});

describe('state kernel with merged exponential slots', () => {
    it('XOR of an OR of exponentials (one slot, summed rate) and 2 of 3 exponential copies (order statistics)', async () => {
        const model = emptyModel();
        model.components.push(lifetime('A', exponential(0.3)), lifetime('B', exponential(0.5)), lifetime('C', exponential(0.2)));
        model.structures.push({ name: 'T', kind: 'top', failure: { kind: 'xor', operands: [
            { kind: 'or', operands: [{ kind: 'event', name: 'A' }, { kind: 'event', name: 'B' }] },
            { kind: 'copies', k: 2, n: 3, of: { kind: 'event', name: 'C' } }] } });
        withSimulation(model, { target: { kind: 'top', name: 'T' }, missions: 400_000, sensitivity: { components: ['C'], factors: [2] } });
        expect(compileTarget(model, 'T', true).slots.map(s => s.source.kind).sort()).toEqual(['exponentialMin', 'exponentialOrder']);
        const probability = (c: number) => {
            const or = 1 - Math.exp(-0.8), p = 1 - Math.exp(-0.2 * c);
            const twoOfThree = 3 * p * p * (1 - p) + p ** 3;
            return or * (1 - twoOfThree) + twoOfThree * (1 - or);
        };
        const r = await simulate(model, 'Run', { estimator: 'plain' });
        for (const [estimate, exact] of [[r.estimate, probability(1)], [r.sensitivity![0].estimate, probability(2)]]) {
            expect(Math.abs(estimate - exact)).toBeLessThan(5 * Math.sqrt(exact * (1 - exact) / r.missions));
        }
    });
});

describe('K of N exponential copies in a state run', () => {
    /** log-sum-exp of the binomial log-probabilities from k on, each by the recurrence from i = 0: a reference in log space. */
    function referenceTail(n: number, k: number, p: number): number {
        const logs: number[] = [];
        let ln = n * Math.log1p(-p);
        for (let i = 0; i <= n; i++) {
            if (i >= k) logs.push(ln);
            ln += Math.log((n - i) / (i + 1)) + Math.log(p) - Math.log1p(-p);
        }
        const top = Math.max(...logs);
        return Math.min(1, Math.exp(top) * logs.reduce((sum, l) => sum + Math.exp(l - top), 0));
    }

    it('the binomial tail keeps its digits on both sides of the mean, also where its first term underflows', () => {
        for (const [n, k, p] of [[3, 2, 0.1], [3, 2, 1e-6], [400, 2, 0.9], [200, 1, 0.99], [1100, 1, 0.5], [1100, 600, 0.5],
            [1100, 1000, 0.5], [60, 3, 1 - 1e-9], [50, 50, 0.3], [10, 9, 1e-4]]) {
            const expected = referenceTail(n, k, p);
            expect(Math.abs(binomialUpperTail(n, k, p) - expected) / expected, `n ${n}, k ${k}, p ${p}`).toBeLessThan(1e-9);
        }
        expect(binomialUpperTail(5, 0, 0.2)).toBe(1);
        expect(binomialUpperTail(5, 6, 0.2)).toBe(0);
    });

    it('2 of 400 copies that fail with 0.9 each, beside a probability event: the run sees the top fail almost surely', async () => {
        const model = emptyModel();
        model.components.push(lifetime('C', exponential(-Math.log(0.1))), { name: 'P', failure: { kind: 'probability', q: 0.1 } });
        model.structures.push({ name: 'T', kind: 'top', failure: { kind: 'or', operands: [
            { kind: 'event', name: 'P' }, { kind: 'copies', k: 2, n: 400, of: { kind: 'event', name: 'C' } }] } });
        withSimulation(model, { target: { kind: 'top', name: 'T' }, missions: 10_000 });
        expect(compileTarget(model, 'T', true).slots.map(s => s.source.kind)).toContain('exponentialOrder');
        const r = await simulate(model, 'Run', { estimator: 'plain' });
        expect(r.estimate).toBe(1);
    });
});

describe('state kernel with common cause on lifetimes', () => {
    it('a beta-factor group of exponential components beside a probability event: within 5σ of the enumerated probability', async () => {
        const model = emptyModel();
        model.missionHours = HOURS_PER_YEAR;
        model.components.push(lifetime('A', exponential(0.4)), lifetime('B', exponential(0.4)), lifetime('C', exponential(0.4)),
            { name: 'P', failure: { kind: 'probability', q: 0.3 } });
        model.commonCauses.push({ name: 'Pumps', beta: 0.2, members: ['A', 'B', 'C'] });
        model.structures.push({ name: 'T', kind: 'top', failure: { kind: 'or', operands: [
            { kind: 'atLeast', k: 2, operands: ['A', 'B', 'C'].map(name => ({ kind: 'event' as const, name })) },
            { kind: 'and', operands: [{ kind: 'event', name: 'P' }, { kind: 'event', name: 'A' }] }] } });
        withSimulation(model, { target: { kind: 'top', name: 'T' }, missions: 400_000 });
        const exact = enumerateProbability(model, 'T');
        const r = await simulate(model, 'Run', { estimator: 'plain' });
        expect(r.failureTimes).toBeUndefined();
        expect(Math.abs(r.estimate - exact)).toBeLessThan(5 * Math.sqrt(exact * (1 - exact) / r.missions));
    });
});

describe('state runs', () => {
    const model = () => {
        const m = emptyModel();
        for (const [name, q] of [['A', 0.01], ['B', 0.2], ['C', 0.3]] as const) m.components.push({ name, failure: { kind: 'probability', q } });
        m.structures.push({ name: 'T', kind: 'top', failure: { kind: 'or', operands: [{ kind: 'event', name: 'A' },
            { kind: 'and', operands: [{ kind: 'event', name: 'B' }, { kind: 'event', name: 'C' }] }] } });
        return withSimulation(m, { target: { kind: 'top', name: 'T' }, missions: 2 * BLOCK_MISSIONS + 5, seed: 4,
            sensitivity: { components: ['A', 'B'], factors: [0.5, 1, 3] } });
    };

    it('blocks computed in any order give the same tallies (the lane words are reused between blocks)', () => {
        const config: RunConfig = { targetKind: 'top', targetName: 'T', horizonHours: HOURS_PER_YEAR, seed: 4, missions: 2 * BLOCK_MISSIONS + 5,
            estimator: 'plain', bins: 50, variants: [{ component: 'B', factor: 3 }] };
        const run = prepareRun(model(), config);
        const items = workItems(config);
        const forward = items.map(item => runWorkItem(run, item));
        const backward = [...items].reverse().map(item => runWorkItem(run, item)).reverse();
        expect(backward).toEqual(forward);
        expect(forward[0].failures).not.toBe(forward[2].failures);
    });

    it('sensitivity: factor 1 reproduces the base run, the estimates grow with the factor, factor 3 gives its exact value', async () => {
        const r = await simulate(model(), 'Run');
        const [aHalf, a1, a3, bHalf, b1, b3] = r.sensitivity!;
        expect(a1.estimate).toBe(r.estimate);
        expect(b1.estimate).toBe(r.estimate);
        // Common random numbers: a larger factor fails a superset of the missions (A by skips, B by one draw per lane).
        expect(aHalf.estimate).toBeLessThan(a1.estimate);
        expect(a1.estimate).toBeLessThan(a3.estimate);
        expect(bHalf.estimate).toBeLessThan(b1.estimate);
        expect(b1.estimate).toBeLessThan(b3.estimate);
        const exact = (qa: number, qb: number) => 1 - (1 - qa) * (1 - qb * 0.3);
        for (const [estimate, value] of [[a3.estimate, exact(0.03, 0.2)], [b3.estimate, exact(0.01, 0.6)]]) {
            expect(Math.abs(estimate - value)).toBeLessThan(5 * Math.sqrt(value * (1 - value) / r.missions));
        }
    });
});
