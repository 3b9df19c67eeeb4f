import { describe, expect, it } from 'vitest';
import { BlockRandom } from '../../engine/monte-carlo/rng.js';
import { compileTarget } from '../../engine/monte-carlo/compile.js';
import { simulate } from '../../engine/monte-carlo/simulate.js';
import { emptyModel, type Distribution, type FaultExpr } from '../../engine/model.js';
import { lifetimeFromCumulativeHazard } from '../../engine/monte-carlo/samplers.js';
import { cdf, survival } from '../../engine/distributions.js';
import { exponential, lifetime, webCluster, webClusterReliability, withSimulation } from './models.js';

describe('random numbers', () => {
    it('the ziggurat gives standard exponentials: tail probabilities, moments, Kolmogorov–Smirnov', () => {
        const n = 1_000_000;
        const z = new Float64Array(n);
        const rng = new BlockRandom(12, 0);
        rng.fillStandardExponential(z, n / 2);
        for (let i = n / 2; i < n; i++) z[i] = rng.standardExponential();
        for (const t of [0.001, 0.1, 0.5, 1, 2, 5, 7.69, 8, 10]) {
            const p = Math.exp(-t);
            const observed = z.reduce((c, x) => c + (x > t ? 1 : 0), 0) / n;
            expect(Math.abs(observed - p), `P(Z > ${t})`).toBeLessThan(5 * Math.sqrt(p * (1 - p) / n) + 1e-6);
        }
        const m = z.reduce((a, x) => a + x, 0) / n;
        const v = z.reduce((a, x) => a + (x - m) ** 2, 0) / n;
        expect(Math.abs(m - 1)).toBeLessThan(5 / Math.sqrt(n));
        expect(Math.abs(v - 1)).toBeLessThan(10 / Math.sqrt(n));
        const sorted = Float64Array.from(z).sort();
        let d = 0;
        for (let i = 0; i < n; i++) {
            const F = -Math.expm1(-sorted[i]);
            d = Math.max(d, Math.abs(F - i / n), Math.abs(F - (i + 1) / n));
        }
        // Kolmogorov–Smirnov at the 0.1 % level: 1.95/√n.
        expect(d).toBeLessThan(1.95 / Math.sqrt(n));
    });

    it('blocks have distinct, reproducible streams with uniform moments', () => {
        const a = new BlockRandom(5, 0), b = new BlockRandom(5, 0), c = new BlockRandom(5, 1);
        const xs = Array.from({ length: 100000 }, () => a.uniform());
        expect(Array.from({ length: 100000 }, () => b.uniform())).toEqual(xs);
        expect(c.uniform()).not.toBe(xs[0]);
        const m = xs.reduce((s, x) => s + x, 0) / xs.length;
        const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
        expect(Math.abs(m - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / xs.length));
        expect(Math.abs(v - 1 / 12)).toBeLessThan(0.002);
        const z = new Float64Array(100000);
        new BlockRandom(6, 0).fillStandardExponential(z, z.length);
        const mz = z.reduce((s, x) => s + x, 0) / z.length;
        expect(Math.abs(mz - 1)).toBeLessThan(4 / Math.sqrt(z.length));
    });
});

describe('compilation for sampling', () => {
    it('merges unshared exponentials under an OR and samples K of N exponential copies by order statistics', () => {
        const optimised = compileTarget(webCluster(), 'WebCluster', true);
        expect(optimised.slots.map(s => s.source.kind).sort()).toEqual(['exponentialMin', 'exponentialOrder']);
        const plain = compileTarget(webCluster(), 'WebCluster', false);
        expect(plain.slots).toHaveLength(5);
        expect([...optimised.components].sort()).toEqual(['Database', 'LoadBalancer', 'WebServer']);
    });

    it('a shared exponential is not merged, and both programs give the exact reliability', async () => {
        const model = emptyModel();
        model.components.push(lifetime('A', exponential(0.1)), lifetime('B', exponential(0.2)), lifetime('C', exponential(0.3)), lifetime('D', exponential(0.05)));
        const ev = (name: string): FaultExpr => ({ kind: 'event', name });
        model.structures.push({ name: 'S', kind: 'system', failure: { kind: 'or', operands: [ev('A'), ev('B'), ev('D'), { kind: 'and', operands: [ev('A'), ev('C')] }] } });
        const program = compileTarget(model, 'S', true);
        const merged = program.slots.find(s => s.source.kind === 'exponentialMin');
        expect(merged?.factorComponents.sort()).toEqual(['B', 'D']);
        expect(program.slots.filter(s => s.component === 'A')).toHaveLength(1);
        withSimulation(model, { target: { kind: 'system', name: 'S' }, missions: 100_000 });
        // A ∨ B ∨ D ∨ (A ∧ C) = A ∨ B ∨ D.
        const exact = Math.exp(-0.35);
        expect((await simulate(model, 'Run', { exact })).exactInInterval).toBe(true);
        const conditional = await simulate(model, 'Run', { exact, estimator: 'conditional' });
        expect(conditional.exactInInterval).toBe(true);
        // MTTF of A ∨ B ∨ D: 1/(0.35 per year), from both strata of the conditional estimator.
        expect(conditional.mttfInterval![0]).toBeLessThanOrEqual(8760 / 0.35);
        expect(conditional.mttfInterval![1]).toBeGreaterThanOrEqual(8760 / 0.35);
    });

    it('the unoptimised program (conditional estimator) agrees on the web cluster', async () => {
        const model = withSimulation(webCluster(), { target: { kind: 'system', name: 'WebCluster' }, missions: 100_000 });
        const r = await simulate(model, 'Run', { estimator: 'conditional', exact: webClusterReliability(1) });
        expect(r.estimator).toBe('conditional');
        expect(r.exactInInterval).toBe(true);
    });
});

describe('lifetimes from cumulative hazards', () => {
    it('T = H⁻¹(z/f): R(T)^f = e^{−z} for every distribution, early and late', () => {
        const all: Distribution[] = [
            { kind: 'exponential', rate: 1e-4 }, { kind: 'weibull', shape: 0.7, scale: 2000 }, { kind: 'lognormal', median: 1000, sigma: 0.8 },
            { kind: 'normal', mean: 1000, sd: 800 }, { kind: 'gamma', shape: 2.5, scale: 400 }, { kind: 'gamma', shape: 0.4, scale: 3000 }
        ];
        for (const d of all) {
            for (const factor of [1, 2.5]) {
                const time = lifetimeFromCumulativeHazard(d, factor);
                for (const z of [1e-9, 1e-4, 0.01, 0.7, 3, 20]) {
                    // Compare cumulative hazards f·H(T) with z, through the accurate side of the distribution.
                    const t = time(z);
                    const reached = z < 0.5 ? -factor * Math.log1p(-cdf(d, t)) : -factor * Math.log(survival(d, t));
                    expect(Math.abs(reached - z) / z, `${d.kind} f=${factor} z=${z}`).toBeLessThan(1e-9);
                }
            }
        }
    });
});
