import { AND, CONST, NOT, OR, VAR, XOR, type DagNode } from '../../engine/preprocess.js';

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
