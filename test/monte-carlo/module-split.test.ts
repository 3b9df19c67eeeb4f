/**
 * A target too large to solve exactly can be simulated through its independent module: the split's two
 * conditional probabilities against enumeration with the module forced working and failed, and the run's
 * estimate carried to the target against the target's enumerated probability.
 */
import { describe, expect, it } from 'vitest';
import { moduleSplit, probabilityBounds } from '../../engine/bounds.js';
import { simulate } from '../../engine/monte-carlo/simulate.js';
import { emptyModel, HOURS_PER_YEAR, type FaultExpr, type ReliabilityModel } from '../../engine/model.js';
import { enumerateProbability } from '../openpsa/enumerate.js';
import { exponential, lifetime, withSimulation } from './models.js';

const ev = (name: string): FaultExpr => ({ kind: 'event', name });
const ref = (name: string): FaultExpr => ({ kind: 'ref', name });
const Q: Record<string, number> = { a: 0.3, b: 0.2, c: 0.4, d: 0.25, x: 0.1, y: 0.05 };

/** T = top(M, x, y) with the module M = (a ∨ b) ∧ (c ∨ d): four of the six components, shared with nothing else. */
function model(top: FaultExpr): ReliabilityModel {
    const m = emptyModel();
    m.missionHours = HOURS_PER_YEAR;
    for (const [name, q] of Object.entries(Q)) m.components.push({ name, failure: { kind: 'probability', q } });
    m.structures.push(
        { name: 'M', kind: 'gate', failure: { kind: 'and', operands: [{ kind: 'or', operands: [ev('a'), ev('b')] }, { kind: 'or', operands: [ev('c'), ev('d')] }] } },
        { name: 'T', kind: 'top', failure: top });
    return withSimulation(m, { target: { kind: 'top', name: 'T' }, missions: 400_000, seed: 5 });
}

/** P(T) with M replaced by a component that always (or never) fails: P(T | M fails) (or works). */
function conditional(m: ReliabilityModel, failed: boolean): number {
    const forced: ReliabilityModel = {
        ...m,
        components: [...m.components, { name: 'forced', failure: { kind: 'probability', q: failed ? 1 : 0 } }],
        structures: m.structures.map(s => (s.name === 'M' ? { ...s, failure: ev('forced') } : s))
    };
    return enumerateProbability(forced, 'T');
}

const splitOf = (m: ReliabilityModel) => moduleSplit(m.structures, m.commonCauses, m.components.map(c => c.name), 'T', name => Q[name]);

describe('module split', () => {
    it('P(T | M works) and P(T | M fails) are exact, and carry P(M) to P(T)', () => {
        for (const top of [
            { kind: 'or', operands: [{ kind: 'and', operands: [ref('M'), ev('x')] }, ev('y')] },
            { kind: 'atLeast', k: 2, operands: [ref('M'), ev('x'), ev('y')] },
            { kind: 'xor', operands: [ref('M'), ev('y')] }
        ] as FaultExpr[]) {
            const m = model(top);
            const split = splitOf(m)!;
            expect(split.module).toBe('M');
            expect(split.whenWorking).toBeCloseTo(conditional(m, false), 14);
            expect(split.whenFailed).toBeCloseTo(conditional(m, true), 14);
            expect(split.at(enumerateProbability(m, 'M'))).toBeCloseTo(enumerateProbability(m, 'T'), 14);
        }
    });

    it('no split of a gate under K of N copies (each copy is independent: P(T) is not linear in P(M)); the bounds still enclose P(T)', () => {
        const m = model({ kind: 'copies', k: 2, n: 3, of: { kind: 'ref', name: 'M' } });
        expect(splitOf(m)).toBeUndefined();
        const p = enumerateProbability(m, 'M');
        const exact = 3 * p * p - 2 * p ** 3;
        const bounds = probabilityBounds(m.structures, m.commonCauses, m.components.map(c => c.name), 'T', name => Q[name]);
        expect(bounds.module).toBeUndefined();
        expect(bounds.lower).toBeLessThanOrEqual(exact + 1e-15);
        expect(bounds.upper).toBeGreaterThanOrEqual(exact - 1e-15);
    });

    it('no split when the gate shares a component with the rest, or when there is no time', () => {
        const shared = model({ kind: 'or', operands: [{ kind: 'and', operands: [ref('M'), ev('a')] }, ev('y')] });
        expect(splitOf(shared)).toBeUndefined();
        const m = model({ kind: 'or', operands: [ref('M'), ev('y')] });
        expect(moduleSplit(m.structures, m.commonCauses, m.components.map(c => c.name), 'T', name => Q[name], { timeLimitMs: 0 })).toBeUndefined();
    });
});

describe('simulating the module only', () => {
    for (const [label, top] of [
        ['coherent', { kind: 'or', operands: [{ kind: 'and', operands: [ref('M'), ev('x')] }, ev('y')] }],
        ['decreasing in the module (¬M ∧ y)', { kind: 'and', operands: [{ kind: 'not', operand: ref('M') }, ev('y')] }]
    ] as [string, FaultExpr][]) {
        it(`${label}: the estimate is the target's, within 5σ of its enumerated probability`, async () => {
            const m = model(top);
            let asked = 0;
            const r = await simulate(m, 'Run', { moduleSplit: () => { asked++; return splitOf(m); } });
            expect(asked).toBe(1);
            expect(r.target).toBe('T');
            expect(r.moduleSplit?.module).toBe('M');
            expect(r.notes.join(' ')).toMatch(/only M \(4 of [56] components, independent of the rest\) is simulated/);
            const exact = enumerateProbability(m, 'T'), pM = enumerateProbability(m, 'M');
            const slope = Math.abs(r.moduleSplit!.whenFailed - r.moduleSplit!.whenWorking);
            expect(Math.abs(r.estimate - exact)).toBeLessThan(5 * slope * Math.sqrt(pM * (1 - pM) / r.missions));
            expect(r.interval[0]).toBeLessThanOrEqual(r.estimate);
            expect(r.interval[1]).toBeGreaterThanOrEqual(r.estimate);
        });
    }

    it('not asked when the run has sensitivity factors or reports failure times', async () => {
        const m = model({ kind: 'or', operands: [ref('M'), ev('y')] });
        m.simulations[0].sensitivity = { components: ['a'], factors: [2] };
        let asked = 0;
        const withFactors = await simulate(m, 'Run', { moduleSplit: () => { asked++; return splitOf(m); } });
        expect(withFactors.moduleSplit).toBeUndefined();
        const timed = emptyModel();
        timed.components.push(lifetime('A', exponential(0.5)), lifetime('B', exponential(1)));
        timed.structures.push({ name: 'T', kind: 'top', failure: { kind: 'or', operands: [ev('A'), ev('B')] } });
        withSimulation(timed, { target: { kind: 'top', name: 'T' } });
        const r = await simulate(timed, 'Run', { moduleSplit: () => { asked++; return undefined; } });
        expect(r.mttfHours).toBeDefined();
        expect(asked).toBe(0);
    });
});
