/**
 * Exact probability by weighted model counting against brute-force enumeration of every state on random
 * DAGs (shared gates, repeated operands, constants, NOT/XOR/k-of-n), with and without the component cache,
 * against the BDD engine on random DAGs too large to enumerate, and against closed forms (bridge network, heterogeneous 2 of 3, a chain of gates).
 */
import { describe, expect, test } from 'vitest';
import seedrandom from 'seedrandom';
import { ModelCountingLimitError, countedProbability } from '../../engine/model-counting.js';
import { AND, ATLEAST, CONST, NOT, OR, VAR, XOR, type DagNode } from '../../engine/preprocess.js';
import { conditionedProbability } from '../../engine/conditioning.js';
import { enumeratedProbability, randomDag } from './dag-evaluation.js';

const variable = (k: number): DagNode => ({ kind: VAR, k, children: [] });

describe('countedProbability', () => {
    test('random DAGs: equal to enumeration, with the cache and without', () => {
        const rng = seedrandom('rel-model-counting');
        for (let round = 0; round < 300; round++) {
            const variables = 2 + Math.floor(rng() * 9);
            const dag = randomDag(rng, variables);
            const p = Array.from({ length: variables }, () => 0.02 + 0.96 * rng());
            const root = dag.length - 1;
            const exact = enumeratedProbability(dag, root, p);
            const statistics = { decisions: 0, cacheHits: 0 };
            expect(countedProbability(dag, root, p, {}, statistics)).toBeCloseTo(exact, 13);
            expect(countedProbability(dag, root, p, { cacheLimit: 0 })).toBeCloseTo(exact, 13);
        }
    });

    test('random coherent DAGs with much sharing: equal to enumeration, the cache used', () => {
        const rng = seedrandom('rel-model-counting-coherent');
        let hits = 0;
        for (let round = 0; round < 20; round++) {
            const variables = 12;
            const dag: DagNode[] = Array.from({ length: variables }, (_, k) => variable(k));
            for (let g = 0; g < 40; g++) {
                const kind = [AND, OR, OR, ATLEAST][Math.floor(rng() * 4)];
                const children = Array.from({ length: 2 + Math.floor(rng() * 3) }, () => Math.floor(rng() * dag.length));
                dag.push({ kind, k: kind === ATLEAST ? 2 : 0, children });
            }
            const p = Array.from({ length: variables }, () => 0.01 + 0.5 * rng());
            const root = dag.length - 1;
            const statistics = { decisions: 0, cacheHits: 0 };
            expect(countedProbability(dag, root, p, {}, statistics)).toBeCloseTo(enumeratedProbability(dag, root, p), 13);
            hits += statistics.cacheHits;
        }
        expect(hits).toBeGreaterThan(0);
    });

    test('random DAGs of 40 variables and 120 gates: equal to the BDD engine (conditionedProbability)', () => {
        // Too many variables to enumerate; the diagram-based engine, itself checked against enumeration, is the reference.
        const rng = seedrandom('rel-model-counting-large');
        let hits = 0;
        for (let round = 0; round < 25; round++) {
            const variables = 40;
            const dag: DagNode[] = Array.from({ length: variables }, (_, k) => variable(k));
            for (let g = 0; g < 120; g++) {
                const kind = [AND, AND, OR, OR, OR, ATLEAST, NOT, XOR][Math.floor(rng() * 8)];
                // Operands mostly from the last 30 nodes: a deep DAG with much sharing, as fault trees are.
                const pick = () => Math.max(0, dag.length - 1 - Math.floor(rng() * 30));
                const children = kind === NOT ? [pick()] : Array.from({ length: 2 + Math.floor(rng() * 3) }, pick);
                dag.push({ kind, k: kind === ATLEAST ? 1 + Math.floor(rng() * children.length) : 0, children });
            }
            const p = Array.from({ length: variables }, () => 0.01 + 0.6 * rng());
            const root = dag.length - 1;
            const statistics = { decisions: 0, cacheHits: 0 };
            expect(countedProbability(dag, root, p, {}, statistics)).toBeCloseTo(conditionedProbability(dag, root, p), 12);
            hits += statistics.cacheHits;
        }
        expect(hits).toBeGreaterThan(0);
    });

    test('a bridge network: 2q² + 2q³ − 5q⁴ + 2q⁵', () => {
        // Minimal cut sets AB, DE, ACE, BCD over A..E = variables 0..4.
        const dag: DagNode[] = [0, 1, 2, 3, 4].map(variable);
        const cut = (...vs: number[]) => { dag.push({ kind: AND, k: 0, children: vs }); return dag.length - 1; };
        const cuts = [cut(0, 1), cut(3, 4), cut(0, 2, 4), cut(1, 2, 3)];
        dag.push({ kind: OR, k: 0, children: cuts });
        const q = 0.1;
        expect(countedProbability(dag, dag.length - 1, [q, q, q, q, q])).toBeCloseTo(2 * q ** 2 + 2 * q ** 3 - 5 * q ** 4 + 2 * q ** 5, 15);
    });

    test('2 of 3 with different probabilities: ab + ac + bc − 2abc', () => {
        const dag: DagNode[] = [variable(0), variable(1), variable(2), { kind: ATLEAST, k: 2, children: [0, 1, 2] }];
        const [a, b, c] = [0.1, 0.35, 0.8];
        expect(countedProbability(dag, 3, [a, b, c])).toBeCloseTo(a * b + a * c + b * c - 2 * a * b * c, 15);
    });

    test('constants and a bare variable', () => {
        expect(countedProbability([{ kind: CONST, k: 1, children: [] }], 0, [])).toBe(1);
        expect(countedProbability([variable(0), { kind: NOT, k: 0, children: [0] }, { kind: AND, k: 0, children: [0, 1] }], 2, [0.3])).toBe(0);
        expect(countedProbability([variable(0)], 0, [0.3])).toBeCloseTo(0.3, 15);
        expect(countedProbability([variable(0), { kind: NOT, k: 0, children: [0] }], 1, [0.3])).toBeCloseTo(0.7, 15);
    });

    test('a chain of alternating gates: the closed form; a very long one fails cleanly', () => {
        // g_i = e_i OR g_{i+1} for even i, e_i AND g_{i+1} for odd i; the last gate is e_n.
        const chain = (n: number) => {
            const p = Array.from({ length: n + 1 }, (_, i) => 0.1 + 0.8 * ((i * 7919) % 101) / 101);
            const dag: DagNode[] = p.map((_, k) => variable(k));
            let below = n, expected = p[n];
            for (let i = n - 1; i >= 0; i--) {
                dag.push({ kind: i % 2 === 0 ? OR : AND, k: 0, children: [i, below] });
                below = dag.length - 1;
                expected = i % 2 === 0 ? 1 - (1 - p[i]) * (1 - expected) : p[i] * expected;
            }
            return { dag, root: below, p, expected };
        };
        const short = chain(1000);
        expect(countedProbability(short.dag, short.root, short.p)).toBeCloseTo(short.expected, 13);
        // Decisions follow the chain, one level of recursion each: past the stack or the time, an error of
        // its own (the BDD, tried first, solves such a chain at once).
        const long = chain(100_000);
        try {
            expect(countedProbability(long.dag, long.root, long.p, { deadline: Date.now() + 2000 })).toBeCloseTo(long.expected, 13);
        } catch (error) {
            expect(error).toBeInstanceOf(ModelCountingLimitError);
        }
    });

    test('the deadline stops it', () => {
        const rng = seedrandom('rel-model-counting-deadline');
        const dag: DagNode[] = Array.from({ length: 30 }, (_, k) => variable(k));
        for (let g = 0; g < 200; g++) dag.push({ kind: [AND, OR][g % 2], k: 0, children: [0, 1, 2].map(() => Math.floor(rng() * dag.length)) });
        expect(() => countedProbability(dag, dag.length - 1, new Array(30).fill(0.3), { deadline: Date.now() - 1 }))
            .toThrow(ModelCountingLimitError);
    });
});
