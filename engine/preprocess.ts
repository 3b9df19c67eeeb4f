/**
 * Simplification of a fault-tree DAG before its decision diagrams are built, preserving every
 * node's Boolean function:
 * - constants propagate (AND with false is false, OR drops false operands, k-of-n with a true
 *   operand becomes (k − 1)-of-(n − 1), …);
 * - double negations cancel, repeated operands of AND/OR collapse, 1-of-n becomes OR and n-of-n AND;
 * - a gate left with one operand is that operand (pass-through gates vanish);
 * - an AND (OR) operand that is itself an AND (OR) used by no other gate is merged into its parent,
 *   which gives the diagram builder more operands to combine in a good order.
 * The result is a new node array; `nodeOf[old]` is the new node of an old one.
 */

export const VAR = 0, CONST = 1, AND = 2, OR = 3, XOR = 4, NOT = 5, ATLEAST = 6;

export interface DagNode {
    kind: number;
    /** ATLEAST threshold; CONST value (0/1); VAR variable index. */
    k: number;
    children: number[];
}

export interface SimplifiedDag {
    nodes: DagNode[];
    /** New node of each old node reachable from the roots; −1 for the others. */
    nodeOf: Int32Array;
}

/** Simplifies the part of `dag` reachable from `roots`; `dag` is left as it is. */
export function simplifyDag(dag: readonly DagNode[], roots: readonly number[]): SimplifiedDag {
    const n = dag.length;
    const nodeOf = new Int32Array(n).fill(-1);
    const nodes: DagNode[] = [];
    const variableNode = new Map<number, number>();
    const constantNode = [-1, -1];
    const notOf = new Map<number, number>();

    const constant = (value: number): number => {
        if (constantNode[value] < 0) { nodes.push({ kind: CONST, k: value, children: [] }); constantNode[value] = nodes.length - 1; }
        return constantNode[value];
    };
    const isConstant = (node: number, value: number): boolean => nodes[node].kind === CONST && nodes[node].k === value;
    const negation = (node: number): number => {
        const d = nodes[node];
        if (d.kind === CONST) return constant(1 - d.k);
        if (d.kind === NOT) return d.children[0];
        const known = notOf.get(node);
        if (known !== undefined) return known;
        nodes.push({ kind: NOT, k: 0, children: [node] });
        notOf.set(node, nodes.length - 1);
        return nodes.length - 1;
    };

    // Parents among the reachable old nodes: only a gate with one parent is merged into it.
    const parents = new Int32Array(n);
    const postorder = reachablePostorder(dag, roots);
    for (const node of postorder) for (const c of dag[node].children) parents[c]++;

    for (const old of postorder) {
        const d = dag[old];
        let result: number;
        switch (d.kind) {
            case VAR: {
                const known = variableNode.get(d.k);
                if (known !== undefined) { result = known; break; }
                nodes.push({ kind: VAR, k: d.k, children: [] });
                result = nodes.length - 1;
                variableNode.set(d.k, result);
                break;
            }
            case CONST: result = constant(d.k ? 1 : 0); break;
            case NOT: result = negation(nodeOf[d.children[0]]); break;
            case AND:
            case OR: result = andOr(d.kind, d.children); break;
            case XOR: result = xor(d.children); break;
            default: result = atLeast(d.k, d.children); break;
        }
        nodeOf[old] = result;
    }
    return { nodes, nodeOf };

    function andOr(kind: number, oldChildren: readonly number[]): number {
        // AND: false absorbs, true is neutral; OR the other way round.
        const absorbing = kind === AND ? 0 : 1;
        const operands: number[] = [];
        const seen = new Set<number>();
        const add = (node: number): boolean => {
            if (isConstant(node, absorbing)) return false;
            if (isConstant(node, 1 - absorbing)) return true;
            if (!seen.has(node)) { seen.add(node); operands.push(node); }
            return true;
        };
        for (const c of oldChildren) {
            const node = nodeOf[c];
            const d = nodes[node];
            // Merge a same-kind operand that no other gate uses (its own operands are already simplified).
            const merge = d.kind === kind && parents[c] === 1 && dag[c].kind === kind;
            for (const operand of merge ? d.children : [node]) if (!add(operand)) return constant(absorbing);
        }
        for (const o of operands) if (nodes[o].kind === NOT && seen.has(nodes[o].children[0])) return constant(absorbing);
        if (operands.length === 0) return constant(1 - absorbing);
        if (operands.length === 1) return operands[0];
        nodes.push({ kind, k: 0, children: operands });
        return nodes.length - 1;
    }

    function xor(oldChildren: readonly number[]): number {
        let parity = 0;
        const operands: number[] = [];
        for (const c of oldChildren) {
            const node = nodeOf[c];
            if (nodes[node].kind === CONST) parity ^= nodes[node].k;
            else operands.push(node);
        }
        let result: number;
        if (operands.length === 0) result = constant(0);
        else if (operands.length === 1) result = operands[0];
        else { nodes.push({ kind: XOR, k: 0, children: operands }); result = nodes.length - 1; }
        return parity ? negation(result) : result;
    }

    function atLeast(k: number, oldChildren: readonly number[]): number {
        const operands: number[] = [];
        for (const c of oldChildren) {
            const node = nodeOf[c];
            if (isConstant(node, 1)) k--;
            else if (!isConstant(node, 0)) operands.push(node);
        }
        if (k <= 0) return constant(1);
        if (k > operands.length) return constant(0);
        if (k === 1) return gate(OR, operands);
        if (k === operands.length) return gate(AND, operands);
        nodes.push({ kind: ATLEAST, k, children: operands });
        return nodes.length - 1;
    }

    /** AND/OR of operands without constants; repeated operands count once. */
    function gate(kind: number, operands: number[]): number {
        const distinct = [...new Set(operands)];
        if (distinct.length === 1) return distinct[0];
        nodes.push({ kind, k: 0, children: distinct });
        return nodes.length - 1;
    }
}

/** Nodes reachable from the roots, children before parents, without recursion. */
export function reachablePostorder(dag: readonly DagNode[], roots: readonly number[]): number[] {
    const state = new Uint8Array(dag.length);
    const order: number[] = [];
    const stack: number[] = [];
    for (const root of roots) {
        if (state[root]) continue;
        stack.push(root);
        while (stack.length > 0) {
            const node = stack[stack.length - 1];
            if (state[node] === 0) {
                state[node] = 1;
                for (const c of dag[node].children) if (state[c] === 0) stack.push(c);
            } else {
                stack.pop();
                if (state[node] === 1) { state[node] = 2; order.push(node); }
            }
        }
    }
    return order;
}

/** Dates of one depth-first pass (Dutuit–Rauzy): what module detection reads. */
export interface DepthFirstDates {
    /** Date of each node's first visit; 0 for a node the pass did not reach. */
    first: Int32Array;
    /** Date of each node's last visit. */
    last: Int32Array;
    /** Date at which a gate was left (a leaf's: its first visit). */
    exit: Int32Array;
    /** Gates (nodes with operands) in the order they were left: operands before the gates using them. */
    gatesByExit: number[];
}

/**
 * One depth-first pass from the roots in turn, operands in the order `operands` gives; a root met
 * from an earlier root is not visited again (a new visit would make every gate above it look shared).
 */
export function depthFirstDates(dag: readonly DagNode[], roots: readonly number[],
    operands: (node: number) => readonly number[] = node => dag[node].children): DepthFirstDates {
    const n = dag.length;
    const first = new Int32Array(n), last = new Int32Array(n), exit = new Int32Array(n);
    const gatesByExit: number[] = [];
    const stackNode: number[] = [], stackChild: number[] = [];
    let date = 0;
    const enter = (node: number): void => {
        date++;
        if (first[node] !== 0) { last[node] = date; return; }
        first[node] = date;
        if (dag[node].children.length === 0) { exit[node] = last[node] = date; return; }
        stackNode.push(node);
        stackChild.push(0);
    };
    for (const root of roots) {
        if (first[root] !== 0) continue;
        enter(root);
        while (stackNode.length > 0) {
            const top = stackNode.length - 1;
            const node = stackNode[top];
            const i = stackChild[top];
            const next = operands(node);
            if (i < next.length) {
                stackChild[top] = i + 1;
                enter(next[i]);
            } else {
                stackNode.pop();
                stackChild.pop();
                exit[node] = last[node] = ++date;
                gatesByExit.push(node);
            }
        }
    }
    return { first, last, exit, gatesByExit };
}

/**
 * The modules among the gates of a pass, operands before the gates using them: gate g is a module when
 * every node below it is first visited after g is entered and last visited before g is left, i.e. no
 * other part of the DAG reaches into g's sub-DAG.
 */
export function modulesOf(dag: readonly DagNode[], dates: DepthFirstDates): number[] {
    const { first, last, exit } = dates;
    const minFirst = new Int32Array(dag.length), maxLast = new Int32Array(dag.length);
    const modules: number[] = [];
    for (const g of dates.gatesByExit) {
        let lo = 0x7fffffff, hi = 0;
        for (const c of dag[g].children) {
            lo = Math.min(lo, first[c]);
            hi = Math.max(hi, last[c]);
            if (dag[c].children.length > 0) {
                lo = Math.min(lo, minFirst[c]);
                hi = Math.max(hi, maxLast[c]);
            }
        }
        minFirst[g] = lo;
        maxLast[g] = hi;
        if (lo > first[g] && hi < exit[g]) modules.push(g);
    }
    return modules;
}
