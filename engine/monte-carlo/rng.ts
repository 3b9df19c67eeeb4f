/**
 * Random numbers for the Monte Carlo engine. Every block of missions has its own generator, seeded
 * through `seedrandom` from the run's seed and the block index, so a run gives the same numbers
 * whatever the number of threads and whatever order the blocks are computed in.
 * The generator itself is xoshiro128** (32-bit state words, integer arithmetic) so the inner loops
 * need no function call per number.
 */
import seedrandom from 'seedrandom';

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;
const LN2 = Math.LN2;

export class BlockRandom {
    private readonly s = new Int32Array(4);

    constructor(seed: number, block: number, stream = 0) {
        const init = seedrandom.alea(`rel-monte-carlo:${seed}:${block}:${stream}`);
        for (let i = 0; i < 4; i++) this.s[i] = init.int32();
        if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
    }

    /** A uniform in (0, 1), never 0 or 1 (32-bit resolution: (r + 1/2)/2^32). */
    uniform(): number {
        return (this.nextUint32() + 0.5) * TWO_POW_MINUS_32;
    }

    /** A standard exponential variate, −ln U. */
    standardExponential(): number {
        return standardExponentialFromUint32(this.nextUint32());
    }

    nextUint32(): number {
        const s = this.s;
        const s1 = s[1];
        const x = Math.imul(s1, 5);
        const result = Math.imul((x << 7) | (x >>> 25), 9);
        const t = s1 << 9;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = (s[3] << 11) | (s[3] >>> 21);
        return result >>> 0;
    }

    /** out[i] = scale·Z_i (or out[i] += scale·Z_i when `add`) for standard exponentials Z_i: the inner loop of the sampler. */
    fillStandardExponential(out: Float64Array, n: number, scale = 1, add = false): void {
        const s = this.s;
        let s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
        for (let i = 0; i < n; i++) {
            const x = Math.imul(s1, 5);
            const r = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
            const t = s1 << 9;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = (s3 << 11) | (s3 >>> 21);
            const z = standardExponentialFromUint32(r) * scale;
            out[i] = add ? out[i] + z : z;
        }
        s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
    }

    /** Fills `out[0..n)` with uniforms in (0, 1). */
    fillUniform(out: Float64Array, n: number): void {
        for (let i = 0; i < n; i++) out[i] = this.uniform();
    }
}

// −ln((r + 1/2)/2^32) = 32·ln 2 − ln(r + 1/2), with ln by table: r + 1/2 = 2^e·m, m ∈ [1, 2), and
// ln m = ln c_j + log1p(m/c_j − 1) for the 256 sub-intervals c_j of [1, 2); |m/c_j − 1| < 2^-8 so a
// degree-6 series is exact to double precision. About three times faster than Math.log here.
const TABLE_BITS = 8;
const TABLE_SIZE = 1 << TABLE_BITS;
const INVERSE_CENTRE = new Float64Array(TABLE_SIZE);
const LOG_CENTRE = new Float64Array(TABLE_SIZE);
const POW2_NEG = new Float64Array(33);
for (let j = 0; j < TABLE_SIZE; j++) {
    const inverse = 1 / (1 + (j + 0.5) / TABLE_SIZE);
    INVERSE_CENTRE[j] = inverse;
    LOG_CENTRE[j] = -Math.log(inverse);
}
for (let e = 0; e <= 32; e++) POW2_NEG[e] = Math.pow(2, -e);
const TOP = 32 * LN2;

const NEAR_ONE = 4294967296 - 16777216; // 2^32 − 2^24: above it u > 1 − 2^-8

/** −ln((r + 1/2)·2^-32) for an unsigned 32-bit r. */
export function standardExponentialFromUint32(r: number): number {
    if (r >= NEAR_ONE) {
        // u = 1 − w with w < 2^-8 exact: −ln(1 − w) by its series, keeping the relative accuracy of small values.
        const w = (4294967295.5 - r) * TWO_POW_MINUS_32;
        return w * (1 + w * (0.5 + w * (1 / 3 + w * (0.25 + w * (0.2 + w * (1 / 6 + w / 7))))));
    }
    const x = r + 0.5;
    // Exponent of x: r ≥ 1 gives it from the leading zeros; r = 0 (x = 1/2) is handled by the same formula with e = −1.
    const e = r === 0 ? -1 : 31 - Math.clz32(r);
    const m = r === 0 ? 1 : x * POW2_NEG[e];
    const j = ((m - 1) * TABLE_SIZE) | 0;
    const y = m * INVERSE_CENTRE[j] - 1;
    const log1p = y * (1 - y * (0.5 - y * (1 / 3 - y * (0.25 - y * (0.2 - y * (1 / 6))))));
    return TOP - (e * LN2 + LOG_CENTRE[j] + log1p);
}

/** A fresh random seed for runs without one (reported so they can be repeated). */
export function drawSeed(): number {
    return Math.floor(Math.random() * 2 ** 31);
}
