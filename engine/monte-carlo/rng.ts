/**
 * Random numbers for the Monte Carlo engine. Every block of missions has its own generator, seeded
 * through `seedrandom` from the run's seed and the block index, so a run gives the same numbers
 * whatever the number of threads and whatever order the blocks are computed in.
 * The generator itself is xoshiro128** (32-bit state words, integer arithmetic) so the inner loops
 * need no function call per number; exponential variates come from a ziggurat.
 */
import seedrandom from 'seedrandom';

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/** Below this probability a skip (one logarithm) is cheaper than a draw for every lane. */
const BERNOULLI_SKIP_BELOW = 0.125;

// Exponential ziggurat (Marsaglia & Tsang 2000, 256 strips of equal area): strip i covers [0, x_i) between heights
// e^{−x_i} and e^{−x_{i−1}}; a 32-bit draw r picks the strip (low 8 bits) and the abscissa r·x_i/2^32, accepted at once
// when it lies under the strip above (r < KE[i], about 98 % of draws), else tested against e^{−x} or, in the base
// strip, taken from the tail x_255 − ln U. No logarithm on the fast path.
const ZIGGURAT_R = 7.697117470131487;
const ZIGGURAT_AREA = 3.949659822581572e-3;
const KE = new Float64Array(256);
const WE = new Float64Array(256);
const FE = new Float64Array(256);
{
    const m2 = 4294967296;
    let de = ZIGGURAT_R, te = ZIGGURAT_R;
    const q = ZIGGURAT_AREA / Math.exp(-de);
    KE[0] = (de / q) * m2;
    KE[1] = 0;
    WE[0] = q / m2;
    WE[255] = de / m2;
    FE[0] = 1;
    FE[255] = Math.exp(-de);
    for (let i = 254; i >= 1; i--) {
        de = -Math.log(ZIGGURAT_AREA / de + Math.exp(-de));
        KE[i + 1] = (de / te) * m2;
        te = de;
        FE[i] = Math.exp(-de);
        WE[i] = de / m2;
    }
}

export class BlockRandom {
    private readonly s = new Int32Array(4);

    /** `stream` separates independent streams within a block (the discrete-event kernel gives each slot its own). */
    constructor(seed: number, block: number, stream = 0) {
        const init = seedrandom.alea(`rel-monte-carlo:${seed}:${block}:${stream}`);
        for (let i = 0; i < 4; i++) this.s[i] = init.int32();
        if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
    }

    /** A uniform in (0, 1), never 0 or 1 (32-bit resolution: (r + 1/2)/2^32). */
    uniform(): number {
        return (this.nextUint32() + 0.5) * TWO_POW_MINUS_32;
    }

    /** A standard exponential variate. */
    standardExponential(): number {
        const r = this.nextUint32();
        const i = r & 255;
        return r < KE[i] ? r * WE[i] : this.exponentialSlowPath(r);
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

    /** The ziggurat's rejection step for a draw r that missed the fast path. */
    private exponentialSlowPath(r: number): number {
        for (;;) {
            const i = r & 255;
            if (i === 0) return ZIGGURAT_R - Math.log(this.uniform());
            const x = r * WE[i];
            if (FE[i] + this.uniform() * (FE[i - 1] - FE[i]) < Math.exp(-x)) return x;
            r = this.nextUint32();
            const j = r & 255;
            if (r < KE[j]) return r * WE[j];
        }
    }

    /**
     * Sets bit i of the lane words `out` (bit i & 31 of word i >>> 5), for each i < n, with probability q. Rare
     * lanes (below BERNOULLI_SKIP_BELOW) by geometric skips from one failed lane to the next, one logarithm per set
     * bit instead of a draw per lane: P(gap ≥ g) = (1 − q)^g; frequent ones by one 32-bit draw per lane.
     * `ceiling` (≥ q, for a component whose probability a sensitivity factor changes): skips at the ceiling, each
     * candidate kept with probability q/ceiling, so runs of the same stream with a larger q set a superset of lanes.
     */
    fillBernoulliLanes(out: Int32Array, n: number, q: number, ceiling?: number): void {
        if (!(q > 0)) return;
        if (q >= 1) {
            for (let i = 0; i < n; i++) out[i >>> 5] |= 1 << (i & 31);
            return;
        }
        const level = ceiling ?? q;
        if (level < BERNOULLI_SKIP_BELOW) {
            const scale = 1 / Math.log1p(-level), keep = q / level;
            for (let i = Math.floor(Math.log(this.uniform()) * scale); i < n; i += 1 + Math.floor(Math.log(this.uniform()) * scale)) {
                if (ceiling === undefined || this.uniform() < keep) out[i >>> 5] |= 1 << (i & 31);
            }
            return;
        }
        const threshold = q * 4294967296;
        for (let i = 0; i < n; i++) if (this.nextUint32() < threshold) out[i >>> 5] |= 1 << (i & 31);
    }

    /**
     * out[i] = scale·Z_i (or out[i] += scale·Z_i when `add`) for standard exponentials Z_i: the inner loop of the
     * sampler, with the generator state in locals and the ziggurat's fast path inline.
     */
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
            const strip = r & 255;
            let z: number;
            if (r < KE[strip]) z = r * WE[strip];
            else {
                s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
                z = this.exponentialSlowPath(r);
                s0 = s[0]; s1 = s[1]; s2 = s[2]; s3 = s[3];
            }
            out[i] = add ? out[i] + z * scale : z * scale;
        }
        s[0] = s0; s[1] = s1; s[2] = s2; s[3] = s3;
    }
}

/** A fresh random seed for runs without one (reported so they can be repeated). */
export function drawSeed(): number {
    return Math.floor(Math.random() * 2 ** 31);
}
