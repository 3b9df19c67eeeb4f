/**
 * How each slot turns random numbers into failure times, for a given failure-rate (hazard) factor f.
 * Plain sampling draws a standard exponential Z per slot (the cumulative hazard reached at failure) and
 * sets T = H⁻¹(Z/f), so a factor rescales the same draw: common random numbers across factors.
 * Conditional sampling (rare events) draws from the slot's law given that it fails / survives by the horizon.
 */
import { cdf, quantile, survival, survivalQuantile } from '../distributions.js';
import type { Distribution } from '../model.js';
import type { Slot } from './compile.js';
import type { BlockRandom } from './rng.js';

/** A sensitivity variant: one component's failure rate (or probability) multiplied by `factor`. */
export interface Variant {
    component: string;
    factor: number;
}

/** The hazard factor of a slot under a variant. */
export function slotFactor(slot: Slot, variant: Variant | undefined): number {
    return variant && slot.factorComponents.includes(variant.component) ? variant.factor : 1;
}

export interface PlainSampler {
    /** out[0..n) = failure times (0 = failed from the start, Infinity = never), drawing from `rng`; `z` is scratch. */
    fill(rng: BlockRandom, z: Float64Array, out: Float64Array, n: number): void;
    /** One failure time. */
    time(rng: BlockRandom): number;
}

/** T = H⁻¹(z/f) for a lifetime distribution (H = −ln R, the cumulative hazard). */
export function lifetimeFromCumulativeHazard(d: Distribution, factor: number): (z: number) => number {
    switch (d.kind) {
        case 'exponential': {
            const k = 1 / (d.rate * factor);
            return z => z * k;
        }
        case 'weibull': {
            // exp(inv·ln x) rather than Math.pow: the same accuracy here, and more than twice as fast.
            const inv = 1 / d.shape, scale = d.scale, lnFactor = Math.log(factor);
            return z => scale * Math.exp((Math.log(z) - lnFactor) * inv);
        }
        default:
            // Very early failures by the CDF level 1 − e^{−h}, which keeps its digits where e^{−h} ≈ 1 would lose them.
            return z => {
                const h = z / factor;
                return h < 1e-3 ? quantile(d, -Math.expm1(-h)) : survivalQuantile(d, Math.exp(-h));
            };
    }
}

/** Inverse of F_f = 1 − R^f, the CDF under a hazard factor f. */
function factoredQuantile(d: Distribution, factor: number, level: number): number {
    return factor === 1 ? quantile(d, level) : quantile(d, -Math.expm1(Math.log1p(-level) / factor));
}

function factoredCdf(d: Distribution, factor: number, t: number): number {
    return factor === 1 ? cdf(d, t) : -Math.expm1(factor * Math.log(survival(d, t)));
}

/** A sampler mapping one standard exponential z to a failure time, filled element-wise. */
function fromCumulativeHazard(time: (z: number) => number): PlainSampler {
    return {
        time: rng => time(rng.standardExponential()),
        fill: (rng, z, out, n) => {
            rng.fillStandardExponential(z, n);
            for (let i = 0; i < n; i++) out[i] = time(z[i]);
        }
    };
}

/** T = z·k: exponential lifetimes, the commonest case, with the tightest loop. */
function scaledExponential(k: number): PlainSampler {
    return {
        time: rng => rng.standardExponential() * k,
        fill: (rng, _z, out, n) => rng.fillStandardExponential(out, n, k)
    };
}

/** The rate of the earliest of independent exponentials, a variant's factor applied to its component's. */
function summedRate(rates: readonly { component: string; rate: number }[], variant: Variant | undefined): number {
    let rate = 0;
    for (const r of rates) rate += r.rate * (variant && variant.component === r.component ? variant.factor : 1);
    return rate;
}

export function plainSampler(slot: Slot, variant: Variant | undefined): PlainSampler {
    const source = slot.source;
    const factor = slotFactor(slot, variant);
    switch (source.kind) {
        case 'never':
            return { time: () => Infinity, fill: (_rng, _z, out, n) => { out.fill(Infinity, 0, n); } };
        case 'probability': {
            const q = Math.min(1, source.q * factor);
            // P(Z > −ln q) = q.
            const threshold = q >= 1 ? -1 : q <= 0 ? Infinity : -Math.log(q);
            return fromCumulativeHazard(z => (z > threshold ? 0 : Infinity));
        }
        case 'exponentialMin': return scaledExponential(1 / summedRate(source.rates, variant));
        case 'exponentialOrder': {
            const { n: copies, k } = source;
            const scales = Array.from({ length: k }, (_, i) => 1 / ((copies - i) * source.rate * factor));
            return {
                time: rng => {
                    let t = 0;
                    for (let i = 0; i < k; i++) t += rng.standardExponential() * scales[i];
                    return t;
                },
                fill: (rng, _z, out, n) => {
                    for (let j = 0; j < k; j++) rng.fillStandardExponential(out, n, scales[j], j > 0);
                }
            };
        }
        case 'lifetime': {
            const d = source.distribution;
            if (source.fraction < 1) {
                // The part fails with probability φ·F_f(t): a uniform CDF level V = 1 − e^{−Z}, failure at F_f⁻¹(V/φ) when V < φ.
                const phi = source.fraction;
                return fromCumulativeHazard(z => {
                    const v = -Math.expm1(-z);
                    return v < phi ? factoredQuantile(d, factor, v / phi) : Infinity;
                });
            }
            if (d.kind === 'exponential') return scaledExponential(1 / (d.rate * factor));
            return fromCumulativeHazard(lifetimeFromCumulativeHazard(d, factor));
        }
    }
}

export interface ConditionalSampler {
    /** Probability that the slot has failed by the horizon. */
    p: number;
    /** A failure time given failure by the horizon, from a uniform v. */
    failed(v: number): number;
    /** A failure time given survival past the horizon. */
    survived(v: number): number;
    /** An unconditioned failure time. */
    free(v: number): number;
}

export function conditionalSampler(slot: Slot, variant: Variant | undefined, horizon: number): ConditionalSampler {
    const source = slot.source;
    const factor = slotFactor(slot, variant);
    switch (source.kind) {
        case 'exponentialMin': case 'exponentialOrder':
            throw new Error(`internal: ${source.kind} slots are for plain sampling only (compile without optimisation)`);
        case 'never':
            return { p: 0, failed: () => Infinity, survived: () => Infinity, free: () => Infinity };
        case 'probability': {
            const q = Math.min(1, source.q * factor);
            return { p: q, failed: () => 0, survived: () => Infinity, free: v => (v < q ? 0 : Infinity) };
        }
        case 'lifetime': {
            const d = source.distribution;
            const phi = source.fraction;
            const fh = factoredCdf(d, factor, horizon);
            const p = phi * fh;
            const survivalAtHorizon = factor === 1 ? survival(d, horizon) : Math.pow(survival(d, horizon), factor);
            return {
                p,
                failed: v => factoredQuantile(d, factor, fh * v),
                survived: phi === 1
                    ? v => survivalQuantile(d, Math.pow(survivalAtHorizon * v, 1 / factor))
                    : v => {
                        const level = p + (1 - p) * v;
                        return level < phi ? factoredQuantile(d, factor, level / phi) : Infinity;
                    },
                free: v => (v < phi ? factoredQuantile(d, factor, v / phi) : Infinity)
            };
        }
    }
}

/** P(the slot has failed by the horizon): the state kernel's lane probability. */
export function failedByHorizon(slot: Slot, variant: Variant | undefined, horizon: number): number {
    const source = slot.source;
    const factor = slotFactor(slot, variant);
    switch (source.kind) {
        case 'exponentialMin': return -Math.expm1(-summedRate(source.rates, variant) * horizon);
        case 'exponentialOrder': {
            const p = -Math.expm1(-source.rate * factor * horizon);
            return binomialUpperTail(source.n, source.k, p);
        }
        default:
            return conditionalSampler(slot, variant, horizon).p;
    }
}

/**
 * P(at least k of n independent events of probability p): the smaller tail is summed from its largest term
 * outwards (k above the mean: the upper tail itself, so a tiny one keeps its digits; else one minus the lower
 * tail), so no sum starts from a term that underflows while the tail does not.
 */
export function binomialUpperTail(n: number, k: number, p: number): number {
    if (k <= 0 || p >= 1) return 1;
    if (k > n || p <= 0) return 0;
    const lnTerm = (i: number) => {
        let lnChoose = 0;
        for (let j = 0; j < i; j++) lnChoose += Math.log((n - j) / (j + 1));
        return lnChoose + i * Math.log(p) + (n - i) * Math.log1p(-p);
    };
    const odds = p / (1 - p);
    if (k > n * p) {
        let term = Math.exp(lnTerm(k)), tail = 0;
        for (let i = k; i <= n && term > 0; i++) {
            tail += term;
            term *= ((n - i) / (i + 1)) * odds;
        }
        return Math.min(1, tail);
    }
    let term = Math.exp(lnTerm(k - 1)), lower = 0;
    for (let i = k - 1; i >= 0 && term > 0; i--) {
        lower += term;
        term *= (i / (n - i + 1)) / odds;
    }
    return Math.max(0, 1 - lower);
}
