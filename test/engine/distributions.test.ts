import { describe, expect, it } from 'vitest';
import {
    cdf, erf, erfc, gammaP, gammaQ, hazard, logGamma, mean, normalCdf, normalQuantile, normalSurvivalQuantile, pdf,
    quantile, survival, survivalQuantile
} from '../../engine/distributions.js';
import type { Distribution } from '../../engine/model.js';
import { integrate } from '../../engine/integrate.js';

function expectRel(actual: number, expected: number, rel: number): void {
    const err = Math.abs(actual - expected) / Math.abs(expected);
    expect(err, `actual ${actual}, expected ${expected}, relative error ${err}`).toBeLessThanOrEqual(rel);
}

// Reference values below: mpmath at 40 significant digits (erfc, loggamma, gammainc(regularized=True), ncdf).
describe('special functions', () => {
    it('erfc to about 1e-15 relative, both signs, deep into the tail', () => {
        const table: [number, number, number][] = [
            [1e-10, 0.99999999988716208329, 1.0000000001128379167],
            [0.1, 0.8875370839817151078, 1.1124629160182848922],
            [0.5, 0.47950012218695346232, 1.5204998778130465377],
            [1, 0.15729920705028513066, 1.8427007929497148693],
            [1.2, 0.089686021770364619762, 1.9103139782296353802],
            [1.3, 0.065992055059347563396, 1.9340079449406524366],
            [2, 0.0046777349810472658379, 1.9953222650189527342],
            [3.5, 7.4309837234141274552e-7, 1.9999992569016276586],
            [5, 1.5374597944280348502e-12, 1.9999999999984625402],
            [10, 2.088487583762544757e-45, 2],
            [20, 5.3958656116079009289e-176, 2],
            [26, 5.6631924088561428465e-296, 2]
        ];
        for (const [x, positive, negative] of table) {
            expectRel(erfc(x), positive, 2e-15);
            expectRel(erfc(-x), negative, 2e-16);
        }
        expect(erfc(0)).toBe(1);
        expect(erfc(40)).toBe(0);
        expectRel(erf(0.5), 1 - 0.47950012218695346232, 1e-15);
        expectRel(erf(-2), -(1 - 0.0046777349810472658379), 1e-15);
    });

    it('log-gamma', () => {
        const table: [number, number][] = [
            [0.001, 6.9071788853838536825], [0.5, 0.57236494292470008707], [1.5, -0.12078223763524522235],
            [3.7, 1.4280723266653879219], [10, 12.801827480081469611], [100.25, 360.28455963776423497],
            [1000, 5905.2204232091812118]
        ];
        for (const [x, expected] of table) expect(Math.abs(logGamma(x) - expected)).toBeLessThan(2e-14 * Math.max(1, Math.abs(expected)));
        expect(Math.abs(logGamma(1))).toBeLessThan(1e-15);
        expect(Math.abs(logGamma(2))).toBeLessThan(1e-15);
    });

    it('regularised incomplete gamma P and Q', () => {
        const table: [number, number, number, number][] = [
            [0.5, 0.01, 0.1124629160182848922, 0.8875370839817151078],
            [2.5, 1, 0.15085496391539036377, 0.84914503608460963623],
            [2.5, 10, 0.99875026943696862459, 0.0012497305630313754119],
            [10, 3, 0.0011024881301154797421, 0.99889751186988452026],
            [10, 30, 0.99999287824913718442, 7.1217508628155770916e-6],
            [100, 90, 0.1582209891864301681, 0.8417790108135698319],
            [0.3, 5, 0.99934868124928154841, 0.00065131875071845158761]
        ];
        for (const [a, x, p, q] of table) {
            expectRel(gammaP(a, x), p, 1e-13);
            expectRel(gammaQ(a, x), q, 1e-13);
        }
    });

    it('gamma with integer shape is the Erlang closed form', () => {
        // Q(n, x) = e^{-x} Σ_{k<n} x^k/k!
        for (const n of [1, 2, 3, 7]) {
            for (const x of [0.3, 2, 9]) {
                let term = 1, sum = 0;
                for (let k = 0; k < n; k++) { sum += term; term *= x / (k + 1); }
                expectRel(gammaQ(n, x), Math.exp(-x) * sum, 1e-14);
            }
        }
    });

    it('normal quantile inverts the CDF, including the far tails', () => {
        for (const p of [1e-300, 1e-12, 1e-5, 0.02, 0.3, 0.5, 0.7, 0.975, 1 - 1e-9]) {
            const z = normalQuantile(p);
            expectRel(normalCdf(z), p, p < 1e-100 ? 1e-13 : 1e-14);
        }
        expect(Math.abs(normalQuantile(0.975) - 1.959963984540054)).toBeLessThan(1e-14);
        expectRel(normalCdf(-7), 1.2798125438858350044e-12, 1e-14);
        // Φ at −30 has relative condition number ≈ z² = 900, so 1e-13 is the floor for a double argument.
        expectRel(normalCdf(-30), 4.9067139271481870595e-198, 3e-13);
        expect(Math.abs(normalSurvivalQuantile(1.2798125438858350044e-12) - 7)).toBeLessThan(1e-13);
    });
});

describe('lifetime distributions', () => {
    const all: Distribution[] = [
        { kind: 'exponential', rate: 1e-4 },
        { kind: 'weibull', shape: 1.5, scale: 52560 },
        { kind: 'weibull', shape: 0.7, scale: 2000 },
        { kind: 'lognormal', median: 1000, sigma: 0.8 },
        { kind: 'normal', mean: 1000, sd: 800 },
        { kind: 'normal', mean: -3000, sd: 500 },
        { kind: 'gamma', shape: 2.5, scale: 400 },
        { kind: 'gamma', shape: 0.4, scale: 3000 }
    ];

    it('Weibull with shape 1 is the exponential', () => {
        const w: Distribution = { kind: 'weibull', shape: 1, scale: 2000 };
        const e: Distribution = { kind: 'exponential', rate: 1 / 2000 };
        for (const t of [1, 500, 2000, 10000]) {
            expectRel(survival(w, t), survival(e, t), 1e-15);
            expectRel(pdf(w, t), pdf(e, t), 1e-15);
        }
        expectRel(mean(w), 2000, 1e-15);
    });

    it('closed forms and exact means', () => {
        expectRel(survival({ kind: 'exponential', rate: 0.02 / 8760 }, 8760), Math.exp(-0.02), 1e-15);
        expectRel(cdf({ kind: 'exponential', rate: 1e-9 }, 1), 1e-9 - 5e-19, 1e-15);
        expectRel(mean({ kind: 'weibull', shape: 1.5, scale: 52560 }), 47448.29259750107061, 1e-14);
        expectRel(survival({ kind: 'weibull', shape: 2, scale: 100 }, 50), Math.exp(-0.25), 1e-15);
        // Lognormal: the median is where R = 1/2; R(2·median) from mpmath.
        expectRel(survival({ kind: 'lognormal', median: 1000, sigma: 0.8 }, 1000), 0.5, 1e-15);
        expectRel(survival({ kind: 'lognormal', median: 1000, sigma: 0.8 }, 2000), 0.19312610938196508591, 1e-14);
        expectRel(mean({ kind: 'lognormal', median: 1000, sigma: 0.8 }), 1000 * Math.exp(0.32), 1e-15);
        // Truncated normal: R(1500) and mean μ + σφ(α)/(1 − Φ(α)), from mpmath.
        expectRel(survival({ kind: 'normal', mean: 1000, sd: 800 }, 1500), 0.29740645355371234175, 1e-14);
        expectRel(mean({ kind: 'normal', mean: 1000, sd: 800 }), 1163.3803671189414042, 1e-14);
        expectRel(mean({ kind: 'normal', mean: -3000, sd: 500 }), 79.241302272299458639, 1e-12);
        expectRel(mean({ kind: 'gamma', shape: 2.5, scale: 400 }), 1000, 1e-15);
        // Gamma with integer shape: Erlang survival.
        const erlang: Distribution = { kind: 'gamma', shape: 3, scale: 100 };
        const x = 250 / 100;
        expectRel(survival(erlang, 250), Math.exp(-x) * (1 + x + x * x / 2), 1e-14);
    });

    it('CDF + survival = 1, the pdf integrates to CDF differences, hazard = f/R', () => {
        for (const d of all) {
            const m = mean(d);
            for (const t of [0.1 * m, m, 3 * m]) {
                expect(Math.abs(cdf(d, t) + survival(d, t) - 1)).toBeLessThan(1e-14);
                expectRel(integrate(u => pdf(d, u), t / 2, t, 1e-13), cdf(d, t) - cdf(d, t / 2), 1e-11);
                expectRel(hazard(d, t), pdf(d, t) / survival(d, t), 1e-12);
            }
        }
    });

    it('quantile and survivalQuantile invert the CDF and the survival', () => {
        for (const d of all) {
            for (const p of [1e-12, 1e-6, 0.01, 0.3, 0.5, 0.9, 0.999999]) {
                const t = quantile(d, p);
                expectRel(cdf(d, t), p, 1e-10);
                const s = survivalQuantile(d, p);
                expectRel(survival(d, s), p, 1e-10);
            }
        }
    });
});
