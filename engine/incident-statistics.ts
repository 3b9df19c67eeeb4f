/**
 * Statistics for incident logs: the inverse of the regularised incomplete gamma function (for
 * chi-square quantiles and the exponential-rate interval) and the Weibull maximum-likelihood fit.
 */

import { gammaP, logGamma } from './distributions.js';

/** x with P(a, x) = p: a first guess (Wilson–Hilferty or a small-a form), then Halley steps. */
export function inverseRegularizedGammaP(p: number, a: number): number {
    if (!(a > 0) || !(p >= 0 && p <= 1)) return NaN;
    if (p === 0) return 0;
    if (p === 1) return Infinity;
    const a1 = a - 1, gln = logGamma(a);
    const lna1 = a > 1 ? Math.log(a1) : 0;
    const afac = a > 1 ? Math.exp(a1 * (lna1 - 1) - gln) : 0;
    let x: number;
    if (a > 1) {
        const pp = p < 0.5 ? p : 1 - p;
        const t = Math.sqrt(-2 * Math.log(pp));
        let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
        if (p < 0.5) z = -z;
        x = Math.max(1e-3, a * (1 - 1 / (9 * a) - z / (3 * Math.sqrt(a))) ** 3);
    } else {
        const t = 1 - a * (0.253 + a * 0.12);
        x = p < t ? (p / t) ** (1 / a) : 1 - Math.log(1 - (p - t) / (1 - t));
    }
    for (let j = 0; j < 100; j++) {
        if (x <= 0) return 0;
        const error = gammaP(a, x) - p;
        // Density of the gamma distribution at x, computed without overflow.
        const density = a > 1 ? afac * Math.exp(-(x - a1) + a1 * (Math.log(x) - lna1)) : Math.exp(-x + a1 * Math.log(x) - gln);
        if (density === 0) break;
        const u = error / density;
        const step = u / (1 - 0.5 * Math.min(1, u * (a1 / x - 1)));
        x -= step;
        if (x <= 0) x = 0.5 * (x + step);
        if (Math.abs(step) < 1e-15 * x) break;
    }
    return x;
}

/** The p-quantile of the chi-square distribution with ν degrees of freedom. */
export function chiSquareQuantile(p: number, degreesOfFreedom: number): number {
    return 2 * inverseRegularizedGammaP(p, degreesOfFreedom / 2);
}

export interface WeibullFit {
    shape: number;
    scale: number;
    /** Number of (positive) values the fit used. */
    n: number;
}

/**
 * Weibull maximum likelihood. The scale is profiled out, β̂ = (Σxᵏ/n)^(1/k), leaving the increasing
 * function g(k) = Σxᵏ ln x / Σxᵏ − 1/k − mean(ln x), whose root is found by Newton steps kept inside a
 * bracket. Values are divided by their maximum first so that xᵏ cannot overflow. Null when the values
 * are fewer than two positive ones or all equal (no finite maximum).
 */
export function weibullMaximumLikelihood(values: number[]): WeibullFit | null {
    const x = values.filter(v => v > 0 && Number.isFinite(v));
    const n = x.length;
    if (n < 2) return null;
    const largest = x.reduce((a, b) => Math.max(a, b), 0);
    const logs = x.map(v => Math.log(v / largest));
    const meanLog = logs.reduce((a, b) => a + b, 0) / n;
    if (logs.every(l => l === logs[0])) return null;
    const profile = (k: number) => {
        let s0 = 0, s1 = 0, s2 = 0;
        for (const l of logs) { const w = Math.exp(k * l); s0 += w; s1 += w * l; s2 += w * l * l; }
        const mean = s1 / s0;
        return { g: mean - 1 / k - meanLog, slope: s2 / s0 - mean * mean + 1 / (k * k), s0 };
    };
    const variance = logs.reduce((a, l) => a + (l - meanLog) ** 2, 0) / n;
    // Menon's moment estimate as the start.
    let k = Math.PI / Math.sqrt(6 * variance);
    let lo = 0, hi = Infinity;
    for (let iteration = 0; iteration < 200; iteration++) {
        const { g, slope } = profile(k);
        if (g < 0) lo = k; else hi = k;
        let next = k - g / slope;
        if (!(next > lo && next < hi)) next = hi === Infinity ? 2 * k : (lo + hi) / 2;
        if (Math.abs(next - k) <= 1e-14 * k) { k = next; break; }
        k = next;
    }
    const { s0 } = profile(k);
    return { shape: k, scale: largest * (s0 / n) ** (1 / k), n };
}
