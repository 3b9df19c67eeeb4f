/**
 * DAG simplification against direct evaluation: random DAGs with constants, one-operand gates,
 * nested and shared AND/OR gates, repeated and complementary operands keep every node's truth table.
 */
import { describe, expect, test } from 'vitest';
import seedrandom from 'seedrandom';
import { AND, ATLEAST, CONST, NOT, OR, VAR, XOR, simplifyDag, type DagNode } from '../../engine/preprocess.js';
import { evaluateDag } from './dag-evaluation.js';

function randomDag(rng: () => number, variables: number): DagNode[] {
    const int = (n: number) => Math.floor(rng() * n);
    const dag: DagNode[] = [];
    for (let v = 0; v < variables; v++) dag.push({ kind: VAR, k: v, children: [] });
    dag.push({ kind: CONST, k: 0, children: [] }, { kind: CONST, k: 1, children: [] });
    const gates = 4 + int(10);
    for (let g = 0; g < gates; g++) {
        const kind = [AND, AND, OR, OR, XOR, NOT, ATLEAST][int(7)];
        // Prefer recent nodes, so that gates nest (and are shared) rather than all sitting on the variables.
        const pick = () => rng() < 0.6 ? dag.length - 1 - int(Math.min(3, dag.length)) : int(dag.length);
        const children = kind === NOT ? [pick()] : Array.from({ length: 1 + int(4) }, pick);
        dag.push({ kind, k: kind === ATLEAST ? int(children.length + 2) : 0, children });
    }
    return dag;
}

describe('simplifyDag', () => {
    test('random DAGs keep the truth table of every node', () => {
        const rng = seedrandom('rel-preprocess');
        for (let round = 0; round < 300; round++) {
            const variables = 2 + Math.floor(rng() * 4);
            const dag = randomDag(rng, variables);
            const roots = [dag.length - 1, dag.length - 2, dag.length - 3];
            const { nodes, nodeOf } = simplifyDag(dag, roots);
            for (let state = 0; state < 1 << variables; state++) {
                const before = new Map<number, boolean>(), after = new Map<number, boolean>();
                for (let node = 0; node < dag.length; node++) {
                    if (nodeOf[node] < 0) continue;
                    expect(evaluateDag(nodes, nodeOf[node], state, after)).toBe(evaluateDag(dag, node, state, before));
                }
            }
        }
    });

    test('constants, pass-through gates, merging and complements by hand', () => {
        // 0: x, 1: y, 2: z, 3: false, 4: true
        const dag: DagNode[] = [
            { kind: VAR, k: 0, children: [] }, { kind: VAR, k: 1, children: [] }, { kind: VAR, k: 2, children: [] },
            { kind: CONST, k: 0, children: [] }, { kind: CONST, k: 1, children: [] },
            /* 5 */ { kind: OR, k: 0, children: [0, 3] },          // x
            /* 6 */ { kind: AND, k: 0, children: [1, 2] },         // y·z, used once
            /* 7 */ { kind: AND, k: 0, children: [5, 6, 4] },      // x·y·z, one AND of three variables
            /* 8 */ { kind: NOT, k: 0, children: [0] },
            /* 9 */ { kind: AND, k: 0, children: [0, 8, 1] },      // x·¬x·y = false
            /* 10 */ { kind: ATLEAST, k: 2, children: [4, 1, 2] }, // true + 1 of {y, z} = y + z
            /* 11 */ { kind: NOT, k: 0, children: [8] }            // x
        ];
        const { nodes, nodeOf } = simplifyDag(dag, [7, 9, 10, 11]);
        expect(nodes[nodeOf[5]]).toEqual({ kind: VAR, k: 0, children: [] });
        const and = nodes[nodeOf[7]];
        expect(and.kind).toBe(AND);
        expect(and.children.map(c => nodes[c].k).sort()).toEqual([0, 1, 2]);
        expect(nodes[nodeOf[9]]).toEqual({ kind: CONST, k: 0, children: [] });
        const or = nodes[nodeOf[10]];
        expect(or.kind).toBe(OR);
        expect(or.children.map(c => nodes[c].k).sort()).toEqual([1, 2]);
        expect(nodeOf[11]).toBe(nodeOf[0]);
    });
});
