/**
 * Numerical integration of survival functions over [0, ∞), e.g. MTTF = ∫ R(t) dt.
 * [0, ∞) is cut into panels of doubling width (scale, 2·scale, 4·scale, …); each panel is integrated by
 * globally adaptive Gauss–Kronrod 7/15 and panels are added until the last ones no longer change the sum.
 */

// Kronrod 15-point nodes (positive half, descending) and weights; every odd index is also a Gauss 7 node.
const KRONROD_NODES = [
    0.991455371120812639206854697526329, 0.949107912342758524526189684047851, 0.864864423359769072789712788640926,
    0.741531185599394439863864773280788, 0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
    0.207784955007898467600689403773245, 0
];
const KRONROD_WEIGHTS = [
    0.022935322010529224963732008058970, 0.063092092629978553290700663189204, 0.104790010322250183839876322541518,
    0.140653259715525918745189590510238, 0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
    0.204432940075298892414161999234649, 0.209482141084727828012999174891714
];
/** Gauss 7 weights for the nodes KRONROD_NODES[1], [3], [5], [7]. */
const GAUSS_WEIGHTS = [
    0.129484966168869693270611432679082, 0.279705391489276667901467771423780, 0.381830050505118944950369775488975,
    0.417959183673469387755102040816327
];

/** Kronrod estimate of ∫_a^b f with a QUADPACK-style error estimate (Kronrod–Gauss difference, scaled). */
function gaussKronrod15(f: (t: number) => number, a: number, b: number): { value: number; error: number } {
    const half = 0.5 * (b - a);
    const centre = 0.5 * (a + b);
    const values = new Array<number>(15);
    const fc = f(centre);
    values[14] = fc;
    let kronrod = KRONROD_WEIGHTS[7] * fc;
    let gauss = GAUSS_WEIGHTS[3] * fc;
    for (let i = 0; i < 7; i++) {
        const dx = half * KRONROD_NODES[i];
        const left = f(centre - dx);
        const right = f(centre + dx);
        values[2 * i] = left;
        values[2 * i + 1] = right;
        kronrod += KRONROD_WEIGHTS[i] * (left + right);
        if (i % 2 === 1) gauss += GAUSS_WEIGHTS[(i - 1) / 2] * (left + right);
    }
    // ∫|f − mean| (QUADPACK's resasc) normalises the difference: for smooth f the Kronrod error is far below |K − G|.
    const meanValue = 0.5 * kronrod;
    let spread = KRONROD_WEIGHTS[7] * Math.abs(fc - meanValue);
    for (let i = 0; i < 7; i++) spread += KRONROD_WEIGHTS[i] * (Math.abs(values[2 * i] - meanValue) + Math.abs(values[2 * i + 1] - meanValue));
    const difference = Math.abs((kronrod - gauss) * half);
    spread *= Math.abs(half);
    let error = difference;
    if (spread > 0 && difference > 0) error = spread * Math.min(1, Math.pow(200 * difference / spread, 1.5));
    const roundoff = 50 * Number.EPSILON * Math.abs(kronrod * half);
    return { value: kronrod * half, error: Math.max(error, roundoff) };
}

interface Piece { a: number; b: number; value: number; error: number }

/** Global adaptive integration: split the piece with the largest error until the total error is below `tol`. */
function adaptive(f: (t: number) => number, a: number, b: number, relTol: number, absTol: number, maxPieces = 500): number {
    const first = gaussKronrod15(f, a, b);
    const pieces: Piece[] = [{ a, b, ...first }];
    let value = first.value;
    let error = first.error;
    while (error > Math.max(absTol, relTol * Math.abs(value)) && pieces.length < maxPieces) {
        let worst = 0;
        for (let i = 1; i < pieces.length; i++) if (pieces[i].error > pieces[worst].error) worst = i;
        const p = pieces[worst];
        const mid = 0.5 * (p.a + p.b);
        if (mid <= p.a || mid >= p.b) break;
        const left = { a: p.a, b: mid, ...gaussKronrod15(f, p.a, mid) };
        const right = { a: mid, b: p.b, ...gaussKronrod15(f, mid, p.b) };
        pieces[worst] = left;
        pieces.push(right);
        value += left.value + right.value - p.value;
        error += left.error + right.error - p.error;
    }
    return value;
}

/** ∫_a^b f(t) dt for a smooth f, to about `relTol` relative. */
export function integrate(f: (t: number) => number, a: number, b: number, relTol = 1e-12): number {
    return adaptive(f, a, b, relTol, 0);
}

/**
 * ∫_0^∞ f(t) dt for a smooth, non-negative, eventually decreasing f such as a survival function.
 * `scaleHint` is a typical time scale of f (e.g. the smallest component MTTF); it only affects speed.
 * Returns Infinity when the integral does not converge within 2^1000 times the scale.
 */
export function integrateToInfinity(f: (t: number) => number, scaleHint: number, relTol = 1e-12): number {
    const scale = scaleHint > 0 && Number.isFinite(scaleHint) ? scaleHint : 1;
    let total = 0;
    let start = 0;
    let width = scale;
    let quietPanels = 0;
    for (let panel = 0; panel < 1000; panel++) {
        const end = start + width;
        // Panel tolerance relative to the running total, so small panels far in the tail are not over-resolved.
        const piece = adaptive(f, start, end, 0.25 * relTol, 0.25 * relTol * total);
        total += piece;
        // Stop after two consecutive panels that are negligible and whose end value is negligible too.
        const negligible = Math.abs(piece) <= 0.01 * relTol * Math.abs(total) && Math.abs(f(end)) * end <= 0.01 * relTol * Math.abs(total);
        quietPanels = negligible ? quietPanels + 1 : 0;
        if (quietPanels >= 2 || total === Infinity) return total;
        start = end;
        width *= 2;
    }
    return Infinity;
}
