import { describe, expect, test } from 'vitest';
import seedrandom from 'seedrandom';
import { Matrix, solve } from 'ml-matrix';
import { solveDense, solveIluGmres, solveLinear, sparseFromTriples } from '../../engine/linear-solvers.js';

/** A random sparse, non-banded, strictly diagonally dominant system: ILU(0) is only approximate on it. */
function randomSystem(n: number, seed: string) {
    const random = seedrandom(seed);
    const triples: [number, number, number][] = [];
    for (let i = 0; i < n; i++) {
        let offDiagonal = 0;
        for (let k = 0; k < 4; k++) {
            const j = Math.floor(random() * n);
            if (j === i) continue;
            const v = random() - 0.5;
            triples.push([i, j, v]);
            offDiagonal += Math.abs(v);
        }
        triples.push([i, i, offDiagonal + 0.05 + random()]);
    }
    const b = Array.from({ length: n }, () => random() * 2 - 1);
    return { a: sparseFromTriples(n, triples), triples, b };
}

describe('linear solvers', () => {
    test('ILU-preconditioned GMRES agrees with a dense LU solve of the same system', () => {
        const n = 400;
        const { a, triples, b } = randomSystem(n, 'gmres');
        const dense = Matrix.zeros(n, n);
        for (const [i, j, v] of triples) dense.set(i, j, dense.get(i, j) + v);
        const reference = solve(dense, Matrix.columnVector(b)).getColumn(0);
        const result = solveLinear(a, b);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.method).toBe('ilu-gmres');
        expect(result.iterations).toBeGreaterThan(1);
        result.x.forEach((x, i) => expect(Math.abs(x - reference[i])).toBeLessThan(1e-11));
    });

    test('small systems are solved densely', () => {
        const a = sparseFromTriples(2, [[0, 0, 2], [0, 1, 1], [1, 0, 1], [1, 1, 3]]);
        const result = solveLinear(a, [3, 5]);
        expect(result).toMatchObject({ ok: true, method: 'dense-lu' });
        if (result.ok) { expect(result.x[0]).toBeCloseTo(0.8, 14); expect(result.x[1]).toBeCloseTo(1.4, 14); }
    });

    test('a singular system and a non-converging iteration are reported, not thrown', () => {
        const singular = sparseFromTriples(2, [[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]]);
        expect(solveDense(singular, [1, 2])).toMatchObject({ ok: false });
        const { a, b } = randomSystem(300, 'budget');
        const starved = solveIluGmres(a, b, { maxIterations: 1, restart: 1 });
        expect(starved.ok).toBe(false);
        if (!starved.ok) expect(starved.message).toMatch(/did not converge in 1 iterations/);
        const noDiagonal = sparseFromTriples(2, [[0, 1, 1], [1, 0, 1]]);
        expect(solveIluGmres(noDiagonal, [1, 1])).toMatchObject({ ok: false });
    });
});
