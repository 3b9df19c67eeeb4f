/**
 * Lifetime and repair-time distributions: survival, CDF, density, hazard, mean and inverses
 * (for sampling by inversion), with the special functions they need (erfc, log-gamma,
 * regularised incomplete gamma) computed to close to double precision.
 * Times are hours. A normal distribution is conditioned on T > 0 (left-truncated at 0).
 */
import type { Distribution } from './model.js';
import { integrate } from './integrate.js';

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT2 = Math.SQRT2;
const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const EPS = 1e-16;

// ---------------------------------------------------------------- special functions

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: about 1e-15 absolute). */
export function logGamma(x: number): number {
    if (!(x > 0)) return x === 0 ? Infinity : NaN;
    if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
    const c = LANCZOS;
    const y = x - 1;
    let sum = c[0];
    for (let i = 1; i < c.length; i++) sum += c[i] / (y + i);
    const t = y + 7.5;
    return LN_SQRT_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}
const LANCZOS = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];

/** Γ(x) for x > 0; exact for small positive integers. */
export function gammaFunction(x: number): number {
    if (Number.isInteger(x) && x >= 1 && x <= 171) {
        let f = 1;
        for (let i = 2; i < x; i++) f *= i;
        return f;
    }
    return Math.exp(logGamma(x));
}

/** e^{-x}·x^a / Γ(a), the common prefactor of the incomplete gamma expansions. */
function gammaPrefactor(a: number, x: number): number {
    return Math.exp(a * Math.log(x) - x - logGamma(a));
}

/** Series Σ x^n / (a(a+1)…(a+n)); P(a, x) = prefactor · series / … (converges fast for x < a + 1). */
function gammaSeries(a: number, x: number): number {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 100000; n++) {
        term *= x / (a + n);
        sum += term;
        if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return sum;
}

/** Legendre continued fraction for Q(a, x) / prefactor (modified Lentz; converges fast for x > a + 1). */
function gammaContinuedFraction(a: number, x: number): number {
    const tiny = 1e-300;
    let b = x + 1 - a;
    let c = 1 / tiny;
    let d = 1 / b;
    let h = d;
    for (let i = 1; i < 100000; i++) {
        const an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (Math.abs(d) < tiny) d = tiny;
        c = b + an / c;
        if (Math.abs(c) < tiny) c = tiny;
        d = 1 / d;
        const delta = d * c;
        h *= delta;
        if (Math.abs(delta - 1) < EPS) break;
    }
    return h;
}

/** Regularised lower incomplete gamma P(a, x) = γ(a, x)/Γ(a). */
export function gammaP(a: number, x: number): number {
    if (!(x > 0)) return 0;
    if (x === Infinity) return 1;
    if (x < a + 1) return gammaPrefactor(a, x) * gammaSeries(a, x);
    return 1 - gammaPrefactor(a, x) * gammaContinuedFraction(a, x);
}

/** Regularised upper incomplete gamma Q(a, x) = 1 − P(a, x), accurate when small. */
export function gammaQ(a: number, x: number): number {
    if (!(x > 0)) return 1;
    if (x === Infinity) return 0;
    if (x < a + 1) return 1 - gammaPrefactor(a, x) * gammaSeries(a, x);
    return gammaPrefactor(a, x) * gammaContinuedFraction(a, x);
}

/** e^{-x²} with x² split exactly (Dekker), so the relative error does not grow with x². */
function expMinusSquare(x: number): number {
    const split = 134217729 * x; // 2^27 + 1
    const hi = split - (split - x);
    const lo = x - hi;
    return Math.exp(-hi * hi) * Math.exp(-(2 * hi * lo + lo * lo));
}

/** Complementary error function, about 1e-15 relative over the whole line (until underflow). */
export function erfc(x: number): number {
    if (Number.isNaN(x)) return NaN;
    if (x < 0) return 2 - erfc(-x);
    const x2 = x * x;
    // erfc(x) = Q(1/2, x²); prefactor e^{-x²}·x/√π.
    if (x2 < 1.5) return 1 - (expMinusSquare(x) * x / SQRT_PI) * gammaSeries(0.5, x2);
    if (x > 27.3) return 0;
    return (expMinusSquare(x) * x / SQRT_PI) * gammaContinuedFraction(0.5, x2);
}

/** Scaled complementary error function e^{x²}·erfc(x), for x ≥ 0 without underflow. */
export function erfcx(x: number): number {
    if (x < 0) return Math.exp(x * x) * erfc(x);
    const x2 = x * x;
    if (x2 < 1.5) return Math.exp(x2) * erfc(x);
    return (x / SQRT_PI) * gammaContinuedFraction(0.5, x2);
}

export function erf(x: number): number {
    if (Math.abs(x) < 1) {
        return (x < 0 ? -1 : 1) * (expMinusSquare(x) * Math.abs(x) / SQRT_PI) * gammaSeries(0.5, x * x);
    }
    return x > 0 ? 1 - erfc(x) : erfc(-x) - 1;
}

/** Standard normal CDF Φ(z). */
export function normalCdf(z: number): number {
    return 0.5 * erfc(-z / SQRT2);
}

/** Standard normal survival 1 − Φ(z), accurate in the upper tail. */
export function normalSurvival(z: number): number {
    return 0.5 * erfc(z / SQRT2);
}

export function normalPdf(z: number): number {
    return Math.exp(-0.5 * z * z - LN_SQRT_2PI);
}

/** Φ⁻¹(p): Acklam's rational approximation (1e-9) refined by a Halley step on the accurate CDF. */
export function normalQuantile(p: number): number {
    if (!(p > 0)) return p === 0 ? -Infinity : NaN;
    if (!(p < 1)) return p === 1 ? Infinity : NaN;
    if (p > 0.5) return upperNormalQuantile(1 - p);
    return lowerNormalQuantile(p);
}

/** z with 1 − Φ(z) = q, accurate for tiny q. */
export function normalSurvivalQuantile(q: number): number {
    if (!(q > 0)) return q === 0 ? Infinity : NaN;
    if (!(q < 1)) return q === 1 ? -Infinity : NaN;
    return q <= 0.5 ? upperNormalQuantile(q) : lowerNormalQuantile(1 - q);
}

function upperNormalQuantile(q: number): number {
    return -lowerNormalQuantile(q);
}

/** z ≤ 0 with Φ(z) = p, p ≤ 0.5. */
function lowerNormalQuantile(p: number): number {
    let z: number;
    if (p < 0.02425) {
        const r = Math.sqrt(-2 * Math.log(p));
        z = (((((-7.784894002430293e-3 * r - 3.223964580411365e-1) * r - 2.400758277161838) * r - 2.549732539343734) * r
            + 4.374664141464968) * r + 2.938163982698783)
            / ((((7.784695709041462e-3 * r + 3.224671290700398e-1) * r + 2.445134137142996) * r + 3.754408661907416) * r + 1);
    } else {
        const r0 = p - 0.5;
        const r = r0 * r0;
        z = (((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.383577518672690e2) * r
            - 3.066479806614716e1) * r + 2.506628277459239) * r0
            / (((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r
                - 1.328068155288572e1) * r + 1);
    }
    // One Halley step (third order) on Φ(z) − p takes the 1e-9 start to full precision; e/φ(z) stays well scaled in the tails.
    const e = normalCdf(z) - p;
    const u = e / normalPdf(z);
    return z - u / (1 + 0.5 * z * u);
}

// ---------------------------------------------------------------- distributions

/** Probability that T > t. */
export function survival(d: Distribution, t: number): number {
    if (t <= 0) return 1;
    switch (d.kind) {
        case 'exponential': return Math.exp(-d.rate * t);
        case 'weibull': return Math.exp(-Math.pow(t / d.scale, d.shape));
        case 'lognormal': return normalSurvival(Math.log(t / d.median) / d.sigma);
        case 'normal': return truncatedNormalTail(d, t, true);
        case 'gamma': return gammaQ(d.shape, t / d.scale);
    }
}

/** Probability that T ≤ t, computed directly (accurate when tiny). */
export function cdf(d: Distribution, t: number): number {
    if (t <= 0) return 0;
    switch (d.kind) {
        case 'exponential': return -Math.expm1(-d.rate * t);
        case 'weibull': return -Math.expm1(-Math.pow(t / d.scale, d.shape));
        case 'lognormal': return normalCdf(Math.log(t / d.median) / d.sigma);
        case 'normal': return truncatedNormalTail(d, t, false);
        case 'gamma': return gammaP(d.shape, t / d.scale);
    }
}

/** For the normal conditioned on T > 0: P(T > t) (upper) or P(T ≤ t) (lower). */
function truncatedNormalTail(d: { mean: number; sd: number }, t: number, upper: boolean): number {
    const alpha = -d.mean / d.sd;
    const z = (t - d.mean) / d.sd;
    const kept = normalSurvival(alpha);
    if (upper) return normalSurvival(z) / kept;
    // Φ(z) − Φ(α): by quadrature of φ when z is close to α (a difference would cancel), else from the accurate side.
    const between = t < d.sd ? integrate(u => normalPdf(alpha + u), 0, t / d.sd, 1e-15)
        : z <= 0 ? normalCdf(z) - normalCdf(alpha)
        : alpha >= 0 ? normalSurvival(alpha) - normalSurvival(z)
            : 1 - normalCdf(alpha) - normalSurvival(z);
    return between / kept;
}

export function pdf(d: Distribution, t: number): number {
    if (t < 0) return 0;
    switch (d.kind) {
        case 'exponential': return d.rate * Math.exp(-d.rate * t);
        case 'weibull': {
            if (t === 0) return d.shape < 1 ? Infinity : d.shape === 1 ? 1 / d.scale : 0;
            const x = t / d.scale;
            return (d.shape / d.scale) * Math.pow(x, d.shape - 1) * Math.exp(-Math.pow(x, d.shape));
        }
        case 'lognormal': {
            if (t === 0) return 0;
            const z = Math.log(t / d.median) / d.sigma;
            return normalPdf(z) / (t * d.sigma);
        }
        case 'normal': return normalPdf((t - d.mean) / d.sd) / (d.sd * normalSurvival(-d.mean / d.sd));
        case 'gamma': {
            if (t === 0) return d.shape < 1 ? Infinity : d.shape === 1 ? 1 / d.scale : 0;
            const x = t / d.scale;
            return Math.exp((d.shape - 1) * Math.log(x) - x - logGamma(d.shape)) / d.scale;
        }
    }
}

/** Hazard rate h(t) = f(t)/R(t) per hour. */
export function hazard(d: Distribution, t: number): number {
    switch (d.kind) {
        case 'exponential': return d.rate;
        case 'weibull': return (d.shape / d.scale) * Math.pow(t / d.scale, d.shape - 1);
        case 'normal': {
            // f/R = φ(z)/(σ·(1−Φ(z))), the truncation constant cancels.
            const z = (t - d.mean) / d.sd;
            return z > 0 ? Math.sqrt(2 / Math.PI) / (d.sd * erfcx(z / SQRT2)) : normalPdf(z) / (d.sd * normalSurvival(z));
        }
        default: {
            const r = survival(d, t);
            return r > 0 ? pdf(d, t) / r : NaN;
        }
    }
}

/** Mean (MTTF or MTTR), exact. */
export function mean(d: Distribution): number {
    switch (d.kind) {
        case 'exponential': return 1 / d.rate;
        case 'weibull': return d.scale * gammaFunction(1 + 1 / d.shape);
        case 'lognormal': return d.median * Math.exp(0.5 * d.sigma * d.sigma);
        case 'normal': {
            // μ + σ·φ(α)/(1 − Φ(α)), α = −μ/σ; the inverse Mills ratio via erfcx so it stays finite for large α.
            const alpha = -d.mean / d.sd;
            const mills = alpha > 0 ? Math.sqrt(2 / Math.PI) / erfcx(alpha / SQRT2) : normalPdf(alpha) / normalSurvival(alpha);
            return d.mean + d.sd * mills;
        }
        case 'gamma': return d.shape * d.scale;
    }
}

/** Inverse CDF: the t with P(T ≤ t) = p. */
export function quantile(d: Distribution, p: number): number {
    if (!(p > 0)) return 0;
    if (!(p < 1)) return Infinity;
    switch (d.kind) {
        case 'exponential': return -Math.log1p(-p) / d.rate;
        case 'weibull': return d.scale * Math.pow(-Math.log1p(-p), 1 / d.shape);
        case 'lognormal': return d.median * Math.exp(d.sigma * normalQuantile(p));
        case 'normal': return truncatedNormalInverse(d, p, false);
        case 'gamma': return d.scale * gammaInverse(d.shape, p, false);
    }
}

/** Inverse survival: the t with P(T > t) = s (accurate for s close to 1 and close to 0). */
export function survivalQuantile(d: Distribution, s: number): number {
    if (!(s < 1)) return 0;
    if (!(s > 0)) return Infinity;
    switch (d.kind) {
        case 'exponential': return -Math.log(s) / d.rate;
        case 'weibull': return d.scale * Math.pow(-Math.log(s), 1 / d.shape);
        case 'lognormal': return d.median * Math.exp(d.sigma * normalSurvivalQuantile(s));
        case 'normal': return truncatedNormalInverse(d, s, true);
        case 'gamma': return d.scale * gammaInverse(d.shape, s, true);
    }
}

function truncatedNormalInverse(d: { mean: number; sd: number }, level: number, upper: boolean): number {
    const alpha = -d.mean / d.sd;
    const kept = normalSurvival(alpha);
    // P(T > t) = s·kept ⇔ 1 − Φ(z) = s·kept; P(T ≤ t) = p ⇔ 1 − Φ(z) = (1 − p)·kept.
    const tail = upper ? level * kept : kept - level * kept;
    let z: number;
    if (upper || tail < 0.5) z = normalSurvivalQuantile(tail);
    else z = normalQuantile(normalCdf(alpha) + level * kept);
    let t = Math.max(0, d.mean + d.sd * z);
    // Close to t = 0, μ + σz loses digits to cancellation; Newton on the accurate (tail) function restores them.
    for (let i = 0; i < 3 && t > 0 && t < 0.01 * d.sd; i++) {
        const err = truncatedNormalTail(d, t, upper) - level;
        const density = normalPdf((t - d.mean) / d.sd) / (d.sd * kept);
        t = Math.max(0, t + (upper ? err : -err) / density);
    }
    return t;
}

/** x with P(a, x) = level (or Q(a, x) = level when `upper`): Wilson–Hilferty start, then Halley steps. */
function gammaInverse(a: number, level: number, upper: boolean): number {
    const p = upper ? 1 - level : level;
    let x: number;
    if (a > 1) {
        const z = upper ? normalSurvivalQuantile(level) : normalQuantile(level);
        const c = 1 / (9 * a);
        x = Math.max(1e-3, a * Math.pow(1 - c + z * Math.sqrt(c), 3));
    } else {
        const t = 1 - a * (0.253 + a * 0.12);
        const q = upper ? level : 1 - level;
        x = p < t ? Math.pow(p / t, 1 / a) : 1 - Math.log(q / (1 - t));
    }
    const lnGa = logGamma(a);
    for (let i = 0; i < 100; i++) {
        if (x <= 0) return 0;
        const err = upper ? level - gammaQ(a, x) : gammaP(a, x) - level;
        const density = Math.exp((a - 1) * Math.log(x) - x - lnGa);
        if (density === 0) break;
        const u = err / density;
        const step = u / (1 - 0.5 * Math.min(1, u * ((a - 1) / x - 1)));
        let next = x - step;
        if (next <= 0) next = 0.5 * x;
        if (Math.abs(next - x) <= 1e-15 * x) return next;
        x = next;
    }
    return x;
}
