import { AND, ATLEAST, CONST, NOT, OR, VAR, XOR, type DagNode } from '../../engine/preprocess.js';

/** The truth value of a DAG node in a state (bit i of `state` is variable i), straight from the definitions. */
export function evaluateDag(dag: readonly DagNode[], node: number, state: number, memo = new Map<number, boolean>()): boolean {
    const known = memo.get(node);
    if (known !== undefined) return known;
    const d = dag[node];
    const values = () => d.children.map(c => evaluateDag(dag, c, state, memo));
    let value: boolean;
    switch (d.kind) {
        case VAR: value = ((state >> d.k) & 1) === 1; break;
        case CONST: value = d.k === 1; break;
        case AND: value = values().every(v => v); break;
        case OR: value = values().some(v => v); break;
        case XOR: value = values().filter(v => v).length % 2 === 1; break;
        case NOT: value = !values()[0]; break;
        default: value = values().filter(v => v).length >= d.k;
    }
    memo.set(node, value);
    return value;
}

/** P(node true) by summing the weight of every state where it holds (variable i true with probability p[i]). */
export function enumeratedProbability(dag: readonly DagNode[], root: number, p: readonly number[]): number {
    let total = 0;
    for (let state = 0; state < 1 << p.length; state++) {
        if (!evaluateDag(dag, root, state, new Map())) continue;
        total += p.reduce((w, pi, i) => w * ((state >> i) & 1 ? pi : 1 - pi), 1);
    }
    return total;
}

/** A random DAG over `variables` variables (shared nodes, constants, every gate kind); its last node is the root to use. */
export function randomDag(rng: () => number, variables: number): DagNode[] {
    const int = (n: number) => Math.floor(rng() * n);
    const dag: DagNode[] = [];
    for (let v = 0; v < variables; v++) dag.push({ kind: VAR, k: v, children: [] });
    if (rng() < 0.3) dag.push({ kind: CONST, k: int(2), children: [] });
    const gates = 5 + int(15);
    for (let g = 0; g < gates; g++) {
        const kind = [AND, AND, OR, OR, OR, XOR, NOT, ATLEAST][int(8)];
        const children = kind === NOT ? [int(dag.length)] : Array.from({ length: 2 + int(3) }, () => int(dag.length));
        dag.push({ kind, k: kind === ATLEAST ? 1 + int(children.length) : 0, children });
    }
    return dag;
}
