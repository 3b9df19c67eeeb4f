/**
 * Numerical integration of survival functions over [0, ∞), e.g. MTTF = ∫ R(t) dt.
 * [0, ∞) is cut into panels of doubling width (scale, 2·scale, 4·scale, …); each panel is integrated by
 * adaptive Gauss–Kronrod 7/15 and panels are added until the last ones no longer change the sum.
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

/** Kronrod and Gauss estimates of ∫_a^b f. */
function gaussKronrod15(f: (t: number) => number, a: number, b: number): { kronrod: number; gauss: number } {
    const half = 0.5 * (b - a);
    const centre = 0.5 * (a + b);
    const fc = f(centre);
    let kronrod = KRONROD_WEIGHTS[7] * fc;
    let gauss = GAUSS_WEIGHTS[3] * fc;
    for (let i = 0; i < 7; i++) {
        const dx = half * KRONROD_NODES[i];
        const sum = f(centre - dx) + f(centre + dx);
        kronrod += KRONROD_WEIGHTS[i] * sum;
        if (i % 2 === 1) gauss += GAUSS_WEIGHTS[(i - 1) / 2] * sum;
    }
    return { kronrod: kronrod * half, gauss: gauss * half };
}

/** Adaptive bisection until the Kronrod–Gauss difference is below `tol` (absolute) on every piece. */
function adaptive(f: (t: number) => number, a: number, b: number, tol: number, depth: number): number {
    const { kronrod, gauss } = gaussKronrod15(f, a, b);
    if (Math.abs(kronrod - gauss) <= tol || depth >= 40 || !Number.isFinite(kronrod)) return kronrod;
    const mid = 0.5 * (a + b);
    return adaptive(f, a, mid, tol / 2, depth + 1) + adaptive(f, mid, b, tol / 2, depth + 1);
}

/** ∫_a^b f(t) dt for a smooth f, to about `relTol` relative (of the result, or of `scale` when given). */
export function integrate(f: (t: number) => number, a: number, b: number, relTol = 1e-12, scale?: number): number {
    const rough = gaussKronrod15(f, a, b).kronrod;
    const magnitude = Math.max(Math.abs(rough), scale ?? 0);
    return adaptive(f, a, b, relTol * magnitude || relTol, 0);
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
        const rough = gaussKronrod15(f, start, end).kronrod;
        const piece = adaptive(f, start, end, 0.25 * relTol * Math.max(total + Math.abs(rough), Number.MIN_VALUE), 0);
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
