/** Interval estimates for Monte Carlo results. */
import { normalQuantile } from '../distributions.js';

/** Two-sided standard normal quantile for a confidence level (0.95 → 1.959963984540054). */
export function zForConfidence(confidence: number): number {
    return normalQuantile(0.5 + confidence / 2);
}

/** Wilson score interval for a binomial proportion k/n. */
export function wilsonInterval(successes: number, n: number, confidence: number): [number, number] {
    if (n <= 0) return [0, 1];
    const z = zForConfidence(confidence);
    const p = successes / n;
    const z2n = (z * z) / n;
    const centre = (p + z2n / 2) / (1 + z2n);
    const half = (z / (1 + z2n)) * Math.sqrt(p * (1 - p) / n + z2n / (4 * n));
    return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Normal-approximation interval for a mean from Σx and Σx² over n samples. */
export function meanInterval(sum: number, sumSquares: number, n: number, confidence: number): { mean: number; interval: [number, number] } {
    const mean = sum / n;
    const variance = n > 1 ? Math.max(0, (sumSquares - n * mean * mean) / (n - 1)) : 0;
    const half = zForConfidence(confidence) * Math.sqrt(variance / n);
    return { mean, interval: [mean - half, mean + half] };
}
