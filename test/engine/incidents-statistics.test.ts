import { describe, expect, test } from 'vitest';
import seedrandom from 'seedrandom';
import { chiSquareQuantile, weibullMaximumLikelihood } from '../../engine/incident-statistics.js';
import { gammaP as regularizedGammaP, logGamma } from '../../engine/distributions.js';

const relative = (actual: number, expected: number, tolerance: number) =>
    expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));

describe('gamma functions', () => {
    test('ln Γ at integers and halves', () => {
        relative(logGamma(10), Math.log(362880), 1e-14);
        relative(logGamma(0.5), 0.5 * Math.log(Math.PI), 1e-13);
        relative(logGamma(101), [...Array(100)].reduce((s, _, i) => s + Math.log(i + 1), 0), 1e-14);
    });

    test('P(1, x) = 1 − e^−x and P(n, x) by the Poisson sum', () => {
        for (const x of [0.01, 0.5, 3, 40]) relative(regularizedGammaP(1, x), -Math.expm1(-x), 1e-13);
        // P(n, x) = 1 − Σ_{k<n} e^−x x^k/k!
        for (const [n, x] of [[5, 2], [5, 9], [30, 25]]) {
            let term = Math.exp(-x), sum = 0;
            for (let k = 0; k < n; k++) { sum += term; term *= x / (k + 1); }
            relative(regularizedGammaP(n, x), 1 - sum, 1e-12);
        }
    });
});

describe('chi-square quantiles', () => {
    test('two degrees of freedom: −2 ln(1 − p) exactly', () => {
        for (const p of [0.001, 0.025, 0.5, 0.975, 0.999999]) relative(chiSquareQuantile(p, 2), -2 * Math.log1p(-p), 1e-12);
    });

    test('one degree of freedom: the square of the normal quantile', () => {
        relative(chiSquareQuantile(0.95, 1), 1.959963984540054 ** 2, 1e-12);
        relative(chiSquareQuantile(0.99, 1), 2.5758293035489004 ** 2, 1e-12);
    });

    test('published table values', () => {
        // NIST/SEMATECH e-Handbook, table 1.3.6.7.4 (upper and lower critical values).
        const table: [number, number, number][] = [
            [0.975, 10, 20.483], [0.025, 10, 3.247], [0.95, 5, 11.070], [0.05, 5, 1.145],
            [0.99, 100, 135.807], [0.01, 100, 70.065], [0.975, 30, 46.979], [0.025, 30, 16.791],
            [0.9, 3, 6.251], [0.1, 3, 0.584]
        ];
        for (const [p, v, value] of table) expect(Math.abs(chiSquareQuantile(p, v) - value)).toBeLessThanOrEqual(6e-4);
    });

    test('a quantile inverts the distribution function, far into the tails', () => {
        for (const v of [0.5, 1, 3, 17, 400]) {
            for (const p of [1e-10, 0.025, 0.5, 0.975, 1 - 1e-10]) relative(regularizedGammaP(v / 2, chiSquareQuantile(p, v) / 2), p, 1e-9);
        }
    });
});

describe('Weibull maximum likelihood', () => {
    test('two values 1 and e^c: shape 2u/c with u·tanh u = 1', () => {
        // For x = {1, e^c} the score equation is (c/2)·tanh(kc/2) = 1/k.
        let lo = 0.5, hi = 2;
        for (let i = 0; i < 200; i++) { const u = (lo + hi) / 2; if (u * Math.tanh(u) < 1) lo = u; else hi = u; }
        const u = (lo + hi) / 2;
        for (const c of [0.3, 1, 4]) {
            const fit = weibullMaximumLikelihood([1, Math.exp(c)])!;
            const shape = 2 * u / c;
            relative(fit.shape, shape, 1e-12);
            relative(fit.scale, ((1 + Math.exp(shape * c)) / 2) ** (1 / shape), 1e-12);
        }
        // Scaling the data scales the scale, not the shape.
        const scaled = weibullMaximumLikelihood([1000, 1000 * Math.E])!;
        relative(scaled.shape, 2 * u, 1e-12);
    });

    test('recovers the parameters of simulated data', () => {
        const random = seedrandom('weibull');
        const shape = 1.7, scale = 100;
        const sample = Array.from({ length: 20_000 }, () => scale * (-Math.log(1 - random())) ** (1 / shape));
        const fit = weibullMaximumLikelihood(sample)!;
        // Standard errors ≈ 0.78·k/√n ≈ 0.009 and 1.05·β/(k√n) ≈ 0.4: allow about four.
        expect(Math.abs(fit.shape - shape)).toBeLessThan(0.04);
        expect(Math.abs(fit.scale - scale)).toBeLessThan(1.6);
    });

    test('degenerate samples have no fit', () => {
        expect(weibullMaximumLikelihood([5])).toBeNull();
        expect(weibullMaximumLikelihood([3, 3, 3])).toBeNull();
        expect(weibullMaximumLikelihood([0, 0, 2])).toBeNull();
    });
});
