/**
 * Linear systems for the Markov analyses: small systems are solved densely with ml-matrix (LU),
 * large sparse ones with GMRES preconditioned by an incomplete LU factorisation (ILU(0)), so that
 * chains of thousands of states never go through an O(n³) factorisation.
 */
import { LuDecomposition, Matrix } from 'ml-matrix';

/** Systems up to this size are solved densely. */
export const DENSE_SOLVE_LIMIT = 200;

/** A square matrix in compressed sparse row form, column indices sorted within each row. */
export interface SparseMatrix {
    n: number;
    rowStart: Int32Array;
    columns: Int32Array;
    values: Float64Array;
}

export type SolveResult =
    | { ok: true; x: Float64Array; method: 'dense-lu' | 'ilu-gmres'; iterations: number }
    | { ok: false; message: string };

/** Builds a CSR matrix from (row, column, value) triples; duplicates are summed. */
export function sparseFromTriples(n: number, triples: Iterable<[number, number, number]>): SparseMatrix {
    const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
    for (const [i, j, v] of triples) rows[i].set(j, (rows[i].get(j) ?? 0) + v);
    const rowStart = new Int32Array(n + 1);
    let count = 0;
    for (let i = 0; i < n; i++) { rowStart[i] = count; count += rows[i].size; }
    rowStart[n] = count;
    const columns = new Int32Array(count);
    const values = new Float64Array(count);
    for (let i = 0; i < n; i++) {
        const entries = [...rows[i].entries()].sort((a, b) => a[0] - b[0]);
        let k = rowStart[i];
        for (const [j, v] of entries) { columns[k] = j; values[k] = v; k++; }
    }
    return { n, rowStart, columns, values };
}

export function sparseMultiply(a: SparseMatrix, x: ArrayLike<number>, out: Float64Array = new Float64Array(a.n)): Float64Array {
    for (let i = 0; i < a.n; i++) {
        let sum = 0;
        for (let k = a.rowStart[i]; k < a.rowStart[i + 1]; k++) sum += a.values[k] * x[a.columns[k]];
        out[i] = sum;
    }
    return out;
}

/** Solves A x = b, densely up to DENSE_SOLVE_LIMIT unknowns, iteratively above. */
export function solveLinear(a: SparseMatrix, b: ArrayLike<number>): SolveResult {
    return a.n <= DENSE_SOLVE_LIMIT ? solveDense(a, b) : solveIluGmres(a, b);
}

export function solveDense(a: SparseMatrix, b: ArrayLike<number>): SolveResult {
    const n = a.n;
    if (n === 0) return { ok: true, x: new Float64Array(0), method: 'dense-lu', iterations: 0 };
    const dense = Matrix.zeros(n, n);
    for (let i = 0; i < n; i++) {
        for (let k = a.rowStart[i]; k < a.rowStart[i + 1]; k++) dense.set(i, a.columns[k], a.values[k]);
    }
    const lu = new LuDecomposition(dense);
    if (lu.isSingular()) return { ok: false, message: `the ${n}×${n} linear system is singular` };
    const solution = lu.solve(Matrix.columnVector(Array.from(b)));
    const x = Float64Array.from(solution.getColumn(0));
    if (!x.every(Number.isFinite)) return { ok: false, message: `the ${n}×${n} linear system is numerically singular` };
    return { ok: true, x, method: 'dense-lu', iterations: 0 };
}

/** ILU(0): L and U share the sparsity pattern of A (L unit lower, stored below the diagonal). */
interface IncompleteLu { factors: SparseMatrix; diagonal: Int32Array }

function incompleteLu(a: SparseMatrix): IncompleteLu | string {
    const { n, rowStart, columns } = a;
    const values = Float64Array.from(a.values);
    const diagonal = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
        for (let k = rowStart[i]; k < rowStart[i + 1]; k++) if (columns[k] === i) diagonal[i] = k;
        if (diagonal[i] < 0) return `row ${i} has no diagonal entry`;
    }
    const position = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
        for (let k = rowStart[i]; k < rowStart[i + 1]; k++) position[columns[k]] = k;
        for (let k = rowStart[i]; k < rowStart[i + 1] && columns[k] < i; k++) {
            const pivotRow = columns[k];
            const pivot = values[diagonal[pivotRow]];
            if (pivot === 0) return `zero pivot in row ${pivotRow}`;
            values[k] /= pivot;
            const factor = values[k];
            for (let m = diagonal[pivotRow] + 1; m < rowStart[pivotRow + 1]; m++) {
                const target = position[columns[m]];
                if (target >= 0) values[target] -= factor * values[m];
            }
        }
        for (let k = rowStart[i]; k < rowStart[i + 1]; k++) position[columns[k]] = -1;
        if (values[diagonal[i]] === 0 || !Number.isFinite(values[diagonal[i]])) return `zero pivot in row ${i}`;
    }
    return { factors: { n, rowStart, columns, values }, diagonal };
}

function applyIncompleteLu({ factors, diagonal }: IncompleteLu, r: Float64Array, out: Float64Array): Float64Array {
    const { n, rowStart, columns, values } = factors;
    for (let i = 0; i < n; i++) {
        let sum = r[i];
        for (let k = rowStart[i]; k < diagonal[i]; k++) sum -= values[k] * out[columns[k]];
        out[i] = sum;
    }
    for (let i = n - 1; i >= 0; i--) {
        let sum = out[i];
        for (let k = diagonal[i] + 1; k < rowStart[i + 1]; k++) sum -= values[k] * out[columns[k]];
        out[i] = sum / values[diagonal[i]];
    }
    return out;
}

function norm(v: Float64Array): number {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i] * v[i];
    return Math.sqrt(s);
}

/** Right-preconditioned restarted GMRES with an ILU(0) preconditioner. */
export function solveIluGmres(a: SparseMatrix, b: ArrayLike<number>, options: { tolerance?: number; restart?: number; maxIterations?: number } = {}): SolveResult {
    const n = a.n;
    const tolerance = options.tolerance ?? 1e-13;
    const restart = Math.min(options.restart ?? 60, Math.max(n, 1));
    const maxIterations = options.maxIterations ?? 3000;
    const rhs = Float64Array.from(b);
    const bNorm = norm(rhs);
    const x = new Float64Array(n);
    if (bNorm === 0) return { ok: true, x, method: 'ilu-gmres', iterations: 0 };
    const preconditioner = incompleteLu(a);
    if (typeof preconditioner === 'string') return { ok: false, message: `sparse solver: incomplete LU failed (${preconditioner})` };
    const aNorm = Math.sqrt(a.values.reduce((sum, v) => sum + v * v, 0));
    // Normwise backward error: solutions with a large dynamic range are judged relative to ‖A‖‖x‖, not ‖b‖ alone.
    const backwardError = (rNorm: number) => rNorm / (aNorm * norm(x) + bNorm);
    const residual = new Float64Array(n);
    const work = new Float64Array(n);
    const z = new Float64Array(n);
    let iterations = 0;
    let relativeResidual = 1;
    while (iterations < maxIterations) {
        sparseMultiply(a, x, work);
        for (let i = 0; i < n; i++) residual[i] = rhs[i] - work[i];
        const beta = norm(residual);
        relativeResidual = backwardError(beta);
        if (relativeResidual <= tolerance) return { ok: true, x, method: 'ilu-gmres', iterations };
        const xNorm = norm(x);
        const basis: Float64Array[] = [residual.map(v => v / beta)];
        const hessenberg: number[][] = [];
        const cosines: number[] = [], sines: number[] = [];
        const g = [beta];
        let steps = 0;
        for (let j = 0; j < restart && iterations < maxIterations; j++, iterations++) {
            applyIncompleteLu(preconditioner, basis[j], z);
            const w = sparseMultiply(a, z);
            const column: number[] = [];
            for (let i = 0; i <= j; i++) {
                let dot = 0;
                const v = basis[i];
                for (let k = 0; k < n; k++) dot += w[k] * v[k];
                column.push(dot);
                for (let k = 0; k < n; k++) w[k] -= dot * v[k];
            }
            const wNorm = norm(w);
            column.push(wNorm);
            for (let i = 0; i < j; i++) {
                const t = cosines[i] * column[i] + sines[i] * column[i + 1];
                column[i + 1] = -sines[i] * column[i] + cosines[i] * column[i + 1];
                column[i] = t;
            }
            const r = Math.hypot(column[j], column[j + 1]);
            cosines.push(r === 0 ? 1 : column[j] / r);
            sines.push(r === 0 ? 0 : column[j + 1] / r);
            column[j] = r;
            column[j + 1] = 0;
            g.push(-sines[j] * g[j]);
            g[j] = cosines[j] * g[j];
            hessenberg.push(column);
            steps = j + 1;
            if (Math.abs(g[j + 1]) <= tolerance * (aNorm * xNorm + bNorm) || wNorm === 0) { iterations++; break; }
            basis.push(w.map(v => v / wNorm));
        }
        const y = new Array<number>(steps).fill(0);
        for (let i = steps - 1; i >= 0; i--) {
            let sum = g[i];
            for (let k = i + 1; k < steps; k++) sum -= hessenberg[k][i] * y[k];
            y[i] = sum / hessenberg[i][i];
        }
        work.fill(0);
        for (let i = 0; i < steps; i++) for (let k = 0; k < n; k++) work[k] += y[i] * basis[i][k];
        applyIncompleteLu(preconditioner, work, z);
        for (let k = 0; k < n; k++) x[k] += z[k];
        if (!x.every(Number.isFinite)) return { ok: false, message: 'sparse solver diverged (non-finite iterate)' };
    }
    sparseMultiply(a, x, work);
    for (let i = 0; i < n; i++) residual[i] = rhs[i] - work[i];
    relativeResidual = backwardError(norm(residual));
    if (relativeResidual <= 1e-10) return { ok: true, x, method: 'ilu-gmres', iterations };
    return {
        ok: false,
        message: `sparse solver (ILU-preconditioned GMRES) did not converge in ${maxIterations} iterations: backward error ${relativeResidual.toExponential(2)}`
    };
}
