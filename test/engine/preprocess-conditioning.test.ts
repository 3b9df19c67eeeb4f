/**
 * Exact probability by modules and Shannon conditioning against brute-force enumeration of every
 * state, on random DAGs (shared gates, constants, NOT/XOR/k-of-n), with node budgets so small that
 * almost every module is split, and with a budget that never splits.
 */
import { describe, expect, test } from 'vitest';
import seedrandom from 'seedrandom';
import { conditionedProbability } from '../../engine/conditioning.js';
import { AND, NOT, OR, VAR, type DagNode } from '../../engine/preprocess.js';
import { compileStructures, conditionedFailureProbability } from '../../engine/fault-tree.js';
import type { FaultExpr, StructureModel } from '../../engine/model.js';
import { enumeratedProbability, randomDag } from './dag-evaluation.js';

describe('conditionedProbability', () => {
    test('random DAGs: equal to enumeration with splits forced and without', () => {
        const rng = seedrandom('rel-conditioning');
        for (let round = 0; round < 150; round++) {
            const variables = 3 + Math.floor(rng() * 8);
            const dag = randomDag(rng, variables);
            const p = Array.from({ length: variables }, () => 0.02 + 0.96 * rng());
            const root = dag.length - 1;
            const exact = enumeratedProbability(dag, root, p);
            const statistics = { bdds: 0, splits: 0, cached: 0 };
            expect(conditionedProbability(dag, root, p, { nodeBudget: 3 }, statistics)).toBeCloseTo(exact, 13);
            expect(conditionedProbability(dag, root, p)).toBeCloseTo(exact, 13);
        }
    });

    test('a shared variable split by hand: (x·y) + (x·z) + (¬x·y·z)', () => {
        // P = px·(1 − (1 − py)(1 − pz)) + (1 − px)·py·pz
        const dag: DagNode[] = [
            { kind: VAR, k: 0, children: [] }, { kind: VAR, k: 1, children: [] }, { kind: VAR, k: 2, children: [] },
            { kind: AND, k: 0, children: [0, 1] }, { kind: AND, k: 0, children: [0, 2] },
            { kind: NOT, k: 0, children: [0] }, { kind: AND, k: 0, children: [5, 1, 2] },
            { kind: OR, k: 0, children: [3, 4, 6] }
        ];
        const [px, py, pz] = [0.3, 0.6, 0.2];
        const statistics = { bdds: 0, splits: 0, cached: 0 };
        const p = conditionedProbability(dag, 7, [px, py, pz], { nodeBudget: 3 }, statistics);
        expect(p).toBeCloseTo(px * (1 - (1 - py) * (1 - pz)) + (1 - px) * py * pz, 15);
        expect(statistics.splits).toBeGreaterThan(0);
    });

    test('the deadline stops it', () => {
        const dag: DagNode[] = [{ kind: VAR, k: 0, children: [] }, { kind: VAR, k: 1, children: [] }, { kind: AND, k: 0, children: [0, 1] }];
        expect(() => conditionedProbability(dag, 2, [0.5, 0.5], { deadline: Date.now() - 1 })).toThrow(/out of time/);
    });
});

describe('conditionedFailureProbability', () => {
    test('a bridge network (shared components) equals its closed form', () => {
        // Bridge network: its minimal cut sets are AB, DE, ACE, BCD; with q for every component the
        // failure probability is 2q² + 2q³ − 5q⁴ + 2q⁵ (the classic bridge polynomial).
        const q = 0.1;
        const cut = (...names: string[]): FaultExpr => ({ kind: 'and', operands: names.map(name => ({ kind: 'event' as const, name })) });
        const structures: StructureModel[] = [{ name: 'bridge', kind: 'top', failure: { kind: 'or', operands: [cut('A', 'B'), cut('D', 'E'), cut('A', 'C', 'E'), cut('B', 'C', 'D')] } }];
        const compiled = compileStructures(structures, [], ['A', 'B', 'C', 'D', 'E']);
        const expected = 2 * q ** 2 + 2 * q ** 3 - 5 * q ** 4 + 2 * q ** 5;
        expect(conditionedFailureProbability(compiled, 'bridge', () => q, { nodeBudget: 3 })).toBeCloseTo(expected, 15);
        expect(conditionedFailureProbability(compiled, 'bridge', () => q)).toBeCloseTo(expected, 15);
    });
});
