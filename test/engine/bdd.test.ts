import { describe, expect, test } from 'vitest';
import seedrandom from 'seedrandom';
import { Bdd, Zbdd, FALSE, TRUE, bddProgram, bddProbability, bddBirnbaum } from '../../engine/bdd.js';

/** The value of a BDD under an assignment of its levels, by walking from the root. */
function evaluate(bdd: Bdd, f: number, assignment: boolean[]): boolean {
    while (f > TRUE) f = assignment[bdd.level(f)] ? bdd.high(f) : bdd.low(f);
    return f === TRUE;
}

type Formula = { op: 'var'; level: number } | { op: 'not'; a: Formula } | { op: 'and' | 'or' | 'xor'; a: Formula; b: Formula }
    | { op: 'ite'; a: Formula; b: Formula; c: Formula };

function randomFormula(rng: () => number, levels: number, depth: number): Formula {
    if (depth === 0 || rng() < 0.2) return { op: 'var', level: Math.floor(rng() * levels) };
    const r = rng();
    const sub = () => randomFormula(rng, levels, depth - 1);
    if (r < 0.15) return { op: 'not', a: sub() };
    if (r < 0.4) return { op: 'and', a: sub(), b: sub() };
    if (r < 0.65) return { op: 'or', a: sub(), b: sub() };
    if (r < 0.85) return { op: 'xor', a: sub(), b: sub() };
    return { op: 'ite', a: sub(), b: sub(), c: sub() };
}

function build(bdd: Bdd, f: Formula): number {
    switch (f.op) {
        case 'var': return bdd.variable(f.level);
        case 'not': return bdd.not(build(bdd, f.a));
        case 'and': return bdd.and(build(bdd, f.a), build(bdd, f.b));
        case 'or': return bdd.or(build(bdd, f.a), build(bdd, f.b));
        case 'xor': return bdd.xor(build(bdd, f.a), build(bdd, f.b));
        case 'ite': return bdd.ite(build(bdd, f.a), build(bdd, f.b), build(bdd, f.c));
    }
}

function truth(f: Formula, x: boolean[]): boolean {
    switch (f.op) {
        case 'var': return x[f.level];
        case 'not': return !truth(f.a, x);
        case 'and': return truth(f.a, x) && truth(f.b, x);
        case 'or': return truth(f.a, x) || truth(f.b, x);
        case 'xor': return truth(f.a, x) !== truth(f.b, x);
        case 'ite': return truth(f.a, x) ? truth(f.b, x) : truth(f.c, x);
    }
}

const assignments = (n: number) => Array.from({ length: 1 << n }, (_, s) => Array.from({ length: n }, (_, i) => ((s >> i) & 1) === 1));

describe('BDD with complement edges', () => {
    test('random formulas: the diagram is the truth table, canonical, and P is the weighted count', () => {
        const rng = seedrandom('bdd');
        const n = 7;
        const p = [0.1, 0.5, 0.9, 0.01, 0.3, 0.7, 0.99];
        for (let trial = 0; trial < 300; trial++) {
            const bdd = new Bdd();
            const formula = randomFormula(rng, n, 5);
            const f = build(bdd, formula);
            let exact = 0;
            const birnbaum = new Array<number>(n).fill(0);
            let canonical = FALSE;
            for (const x of assignments(n)) {
                const value = truth(formula, x);
                expect(evaluate(bdd, f, x)).toBe(value);
                const weight = x.reduce((w, xi, i) => w * (xi ? p[i] : 1 - p[i]), 1);
                if (value) exact += weight;
                // Sum of minterms, built independently of the formula's shape: must give the same edge.
                if (value) canonical = bdd.or(canonical, bdd.andAll(x.map((xi, i) => xi ? bdd.variable(i) : bdd.not(bdd.variable(i)))));
                for (let i = 0; i < n; i++) {
                    const flipped = [...x];
                    flipped[i] = !x[i];
                    // ∂P/∂p_i = Σ over states with x_i = 1 of weight/p_i · (f(x) − f(x with x_i = 0)).
                    if (x[i] && value !== truth(formula, flipped)) birnbaum[i] += (value ? 1 : -1) * weight / p[i];
                }
            }
            expect(canonical).toBe(f);
            expect(bdd.not(bdd.not(f))).toBe(f);
            const program = bddProgram(bdd, f);
            expect(bddProbability(program, p)).toBeCloseTo(exact, 14);
            const computed = new Float64Array(n);
            bddBirnbaum(program, p, computed);
            for (let i = 0; i < n; i++) expect(computed[i]).toBeCloseTo(birnbaum[i], 12);
        }
    });

    test('at least k of n is built in O(n·k) nodes and gives the binomial tail', () => {
        const bdd = new Bdd();
        const n = 200, k = 100;
        const f = bdd.atLeast(k, Array.from({ length: n }, (_, i) => bdd.variable(i)));
        const program = bddProgram(bdd, f);
        expect(program.size - 1).toBeLessThanOrEqual((n - k + 1) * k);
        // P(Binomial(200, 1/2) ≥ 100) = 1/2 + C(200, 100)/2^201.
        let central = 1;
        for (let j = 1; j <= 100; j++) central = central * (100 + j) / j / 4;
        expect(bddProbability(program, new Array(n).fill(0.5))).toBeCloseTo(0.5 + central / 2, 13);
    });

    test('restrict fixes one variable', () => {
        const bdd = new Bdd();
        const [a, b, c] = [0, 1, 2].map(l => bdd.variable(l));
        const f = bdd.or(bdd.and(a, b), bdd.and(bdd.not(a), c));
        expect(bdd.restrict(f, 0, true)).toBe(b);
        expect(bdd.restrict(f, 0, false)).toBe(c);
    });

    test('tiny probabilities through complemented edges keep their relative accuracy', () => {
        const bdd = new Bdd();
        const vars = Array.from({ length: 8 }, (_, i) => bdd.variable(i));
        // not(or(not x_i)) = and(x_i): P = Π p_i = 1e-40 exactly in closed form.
        const f = bdd.not(bdd.orAll(vars.map(v => bdd.not(v))));
        expect(bddProbability(bddProgram(bdd, f), new Array(8).fill(1e-5)) / 1e-40).toBeCloseTo(1, 12);
    });
});

describe('ZBDD families', () => {
    test('union, difference, product and without on small families', () => {
        const z = new Zbdd();
        const set = (...levels: number[]) => [...levels].sort((x, y) => y - x).reduce((f, l) => z.mk(l, FALSE, f), TRUE);
        const family = (...sets: number[][]) => sets.reduce((f, s) => z.union(f, set(...s)), FALSE);
        const ab = family([0, 1]), a = family([0]), bc = family([1, 2]);
        expect(z.union(ab, a)).toBe(family([0, 1], [0]));
        expect(z.difference(family([0, 1], [0]), a)).toBe(ab);
        expect(z.product(family([0], [1]), family([2], [3]))).toBe(family([0, 2], [0, 3], [1, 2], [1, 3]));
        // without: drop the sets that contain a set of the second family.
        expect(z.without(family([0, 1], [1, 2], [3]), family([1]))).toBe(family([3]));
        expect(z.without(z.union(ab, bc), a)).toBe(bc);
    });
});
