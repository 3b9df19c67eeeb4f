import { describe, expect, test } from 'vitest';
import { analyzeCascades } from '../../engine/cascade.js';
import type { DependencyModel } from '../../engine/model.js';

const on = (dependent: string, ...dependencies: string[]): DependencyModel => ({ dependent, dependencies });
const defaults = { exponent: 2, rounds: 10 };

describe('exact cascades against hand-computed values', () => {
    test('a chain fails completely, round by round', () => {
        const r = analyzeCascades(['A', 'B', 'C'], [on('B', 'A'), on('C', 'B')], defaults);
        expect(Object.keys(r.cascades)).toEqual(['A', 'B']);
        expect(r.cascades.A).toMatchObject({ method: 'exact', distribution: { 3: 1 }, expectedSize: 3, allDependentsFail: 1, dependents: ['B', 'C'] });
        expect(r.cascades.B).toMatchObject({ distribution: { 2: 1 }, expectedSize: 2 });
    });

    test('the round limit cuts a chain', () => {
        const deps = [on('B', 'A'), on('C', 'B'), on('D', 'C'), on('E', 'D')];
        const r = analyzeCascades([], deps, { exponent: 2, rounds: 2 });
        expect(r.cascades.A.distribution).toEqual({ 3: 1 });
        expect(r.cascades.A.allDependentsFail).toBe(0);
        expect(analyzeCascades([], deps, { exponent: 2, rounds: 0 }).cascades.A.distribution).toEqual({ 1: 1 });
    });

    test('fan-in with exponent 2: (1/2)^2 in the only round that can fail it', () => {
        const r = analyzeCascades([], [on('D', 'A', 'B')], defaults);
        expect(r.cascades.A.distribution['1']).toBeCloseTo(3 / 4, 15);
        expect(r.cascades.A.distribution['2']).toBeCloseTo(1 / 4, 15);
        expect(r.cascades.A.expectedSize).toBeCloseTo(1.25, 15);
        expect(r.cascades.A.allDependentsFail).toBeCloseTo(1 / 4, 15);
    });

    test('exponent 1 and a second level: D fails w.p. 1/3, then E surely', () => {
        const r = analyzeCascades([], [on('D', 'A', 'B', 'C'), on('E', 'D')], { exponent: 1, rounds: 10 });
        expect(r.cascades.A.distribution['1']).toBeCloseTo(2 / 3, 15);
        expect(r.cascades.A.distribution['3']).toBeCloseTo(1 / 3, 15);
        expect(r.cascades.D.distribution).toEqual({ 2: 1 });
    });

    test('a component at risk gets another chance while the cascade goes on', () => {
        // Round 1: E fails surely, D w.p. 1/4; round 2 (only if D survived): D w.p. 1/4 again. P(D) = 1/4 + 3/4·1/4 = 7/16.
        const r = analyzeCascades([], [on('D', 'A', 'B'), on('E', 'A')], defaults);
        expect(r.cascades.A.distribution['2']).toBeCloseTo(9 / 16, 15);
        expect(r.cascades.A.distribution['3']).toBeCloseTo(7 / 16, 15);
        expect(r.cascades.A.allDependentsFail).toBeCloseTo(7 / 16, 15);
    });

    test('a cycle: Y on X, Z and Z on X, Y', () => {
        // Round 1: Y, Z fail independently w.p. 1/4. One alone makes the other certain in round 2.
        // P(size 1) = (3/4)^2 = 9/16, P(size 3) = 7/16.
        const r = analyzeCascades([], [on('Y', 'X', 'Z'), on('Z', 'X', 'Y')], defaults);
        expect(r.cascades.X.distribution['1']).toBeCloseTo(9 / 16, 15);
        expect(r.cascades.X.distribution['3']).toBeCloseTo(7 / 16, 15);
        expect(r.cascades.X.expectedSize).toBeCloseTo(30 / 16, 15);
        // From Y: only Z depends on it, and Z fails w.p. 1/4 (X is working).
        expect(r.cascades.Y.distribution['2']).toBeCloseTo(1 / 4, 15);
        expect(r.cascades.Y.dependents).toEqual(['Z']);
    });

    test('a self-dependency is an error and ignored', () => {
        const r = analyzeCascades([], [on('B', 'A', 'B')], defaults);
        expect(r.problems).toMatchObject([{ severity: 'error', kind: 'self-dependency', component: 'B' }]);
        expect(r.cascades.A.distribution).toEqual({ 2: 1 });
    });

    test('invalid settings are errors, never a crash', () => {
        expect(analyzeCascades([], [on('B', 'A')], { exponent: -1, rounds: 10 }).problems[0].kind).toBe('exponent');
        expect(analyzeCascades([], [on('B', 'A')], { exponent: 2, rounds: 2.5 }).problems[0].kind).toBe('rounds');
    });
});

describe('Monte Carlo', () => {
    test('agrees with the exact cycle result within its 95% intervals, and is reproducible', () => {
        const deps = [on('Y', 'X', 'Z'), on('Z', 'X', 'Y')];
        const r = analyzeCascades([], deps, defaults, { maxExactOutcomes: 0, samples: 20_000, seed: 7 });
        const mc = r.cascades.X;
        expect(mc.method).toBe('monte-carlo');
        expect(mc.samples).toBe(20_000);
        const [lo, hi] = mc.expectedSizeInterval!;
        expect(lo).toBeLessThanOrEqual(30 / 16);
        expect(hi).toBeGreaterThanOrEqual(30 / 16);
        const [plo, phi] = mc.allDependentsFailInterval!;
        expect(plo).toBeLessThanOrEqual(7 / 16);
        expect(phi).toBeGreaterThanOrEqual(7 / 16);
        expect(analyzeCascades([], deps, defaults, { maxExactOutcomes: 0, samples: 20_000, seed: 7 }).cascades.X).toEqual(mc);
    });

    test('a wide graph falls back to Monte Carlo by itself, and matches a count-based recursion', () => {
        // 40 servers each on the hub and one of two switches: each working server fails w.p. (1/2)^2 per round.
        const deps = Array.from({ length: 40 }, (_, i) => on(`S${i}`, 'Hub', i % 2 ? 'SwitchA' : 'SwitchB'));
        const r = analyzeCascades([], deps, defaults, { samples: 5_000 });
        expect(r.cascades.Hub.method).toBe('monte-carlo');
        // With k servers working and r rounds left, j ~ Binomial(k, 1/4) fail; j = 0 ends the cascade.
        const binomial = (k: number, j: number) => { let c = 1; for (let i = 0; i < j; i++) c = (c * (k - i)) / (i + 1); return c; };
        const memo = new Map<string, number>();
        const more = (k: number, rounds: number): number => {
            if (rounds === 0 || k === 0) return 0;
            const key = `${k},${rounds}`;
            if (!memo.has(key)) {
                let e = 0;
                for (let j = 1; j <= k; j++) e += binomial(k, j) * 0.25 ** j * 0.75 ** (k - j) * (j + more(k - j, rounds - 1));
                memo.set(key, e);
            }
            return memo.get(key)!;
        };
        const exact = 1 + more(40, 10);
        const [lo, hi] = r.cascades.Hub.expectedSizeInterval!;
        expect(lo).toBeLessThanOrEqual(exact);
        expect(hi).toBeGreaterThanOrEqual(exact);
    });
});
