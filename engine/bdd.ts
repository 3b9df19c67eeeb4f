/**
 * Reduced ordered binary decision diagrams (BDD) and zero-suppressed decision diagrams (ZBDD)
 * with hash-consed nodes in typed arrays.
 *
 * A node is an integer id; 0 is the constant false (the empty family for a ZBDD), 1 the constant
 * true (the family {∅}). A node has a level (its variable's position in the order, smaller is
 * nearer the root), a low child (variable false / absent) and a high child (true / present).
 * Children are always created before their parents, so node ids increase bottom-up: sorting
 * the nodes of a diagram by id gives a topological order, which the probability passes use
 * instead of recursion. Recursive operations recurse at most once per level, so their depth is
 * bounded by the number of variables.
 */

/**
 * The stack, in MB, for a thread that builds diagrams: recursion one level per variable outgrows a main
 * thread's 1 MB past a few thousand variables on a path; 256 MB holds hundreds of thousands. Reserved, not
 * used, until needed.
 */
export const DIAGRAM_STACK_MB = 256;

export const FALSE = 0;
export const TRUE = 1;
/** The level of the two terminals: below every variable. */
export const TERMINAL_LEVEL = 0x7fffffff;

/** Thrown when a diagram outgrows the node limit: the caller reports "too large" instead of exhausting memory. */
export class DiagramTooLargeError extends Error {
    constructor(readonly limit: number) {
        super(`the decision diagram exceeds ${limit} nodes`);
        this.name = 'DiagramTooLargeError';
    }
}

/** Thrown when building a diagram passes the deadline set on its manager. */
export class DiagramTimeLimitError extends Error {
    constructor() {
        super('the decision diagram computation ran out of time');
        this.name = 'DiagramTimeLimitError';
    }
}

const DEFAULT_NODE_LIMIT = 1 << 25;
const MAX_CACHE_ENTRIES = 1 << 22;

function hash3(a: number, b: number, c: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return (h ^ (h >>> 13)) >>> 0;
}

/** Nodes in struct-of-arrays form with an open-addressing unique table; both grow by doubling. */
class NodeStore {
    level: Int32Array;
    low: Int32Array;
    high: Int32Array;
    size = 2;
    /** Date.now() after which a node lookup throws DiagramTimeLimitError (checked every 256 lookups). */
    deadline = Infinity;
    /** A softer node limit for one attempt (e.g. with one variable order among several); Infinity: none. */
    budget = Infinity;
    private lookups = 0;
    private table: Int32Array;
    private mask: number;

    constructor(readonly limit: number) {
        const capacity = 1 << 12;
        this.level = new Int32Array(capacity);
        this.low = new Int32Array(capacity);
        this.high = new Int32Array(capacity);
        this.level[0] = this.level[1] = TERMINAL_LEVEL;
        this.table = new Int32Array(capacity * 2);
        this.mask = capacity * 2 - 1;
    }

    /** The unique node (level, low, high), created when new; reduction rules are the caller's. */
    find(level: number, low: number, high: number): number {
        if ((++this.lookups & 0xff) === 0 && Date.now() >= this.deadline) throw new DiagramTimeLimitError();
        let slot = hash3(level, low, high) & this.mask;
        for (;;) {
            const id = this.table[slot];
            if (id === 0) break;
            if (this.level[id] === level && this.low[id] === low && this.high[id] === high) return id;
            slot = (slot + 1) & this.mask;
        }
        if (this.size >= this.limit) throw new DiagramTooLargeError(this.limit);
        if (this.size >= this.budget) throw new DiagramTooLargeError(this.budget);
        const id = this.size++;
        if (id >= this.level.length) this.growNodes();
        this.level[id] = level;
        this.low[id] = low;
        this.high[id] = high;
        this.table[slot] = id;
        if (this.size * 2 > this.table.length) this.growTable();
        return id;
    }

    private growNodes(): void {
        const capacity = this.level.length * 2;
        const grow = (a: Int32Array) => { const b = new Int32Array(capacity); b.set(a); return b; };
        this.level = grow(this.level);
        this.low = grow(this.low);
        this.high = grow(this.high);
    }

    /** Rebuilds the unique table after the nodes were compacted, with room to double again without rehashing. */
    reset(): void {
        let length = 1 << 13;
        while (length < this.size * 4) length *= 2;
        this.rehash(length);
    }

    private growTable(): void {
        this.rehash(this.table.length * 2);
    }

    private rehash(length: number): void {
        this.table = new Int32Array(length);
        this.mask = length - 1;
        for (let id = 2; id < this.size; id++) {
            let slot = hash3(this.level[id], this.low[id], this.high[id]) & this.mask;
            while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
            this.table[slot] = id;
        }
    }
}

/**
 * Keeps the nodes that `live` marks and renumbers them in their old order (so children still precede
 * parents); `remapChild` translates a stored child reference through the new numbering.
 * Returns the new id of each old id (0 for dropped nodes).
 */
function compact(store: NodeStore, live: Uint8Array, remapChild: (child: number, newId: Int32Array) => number): Int32Array {
    const newId = new Int32Array(store.size);
    newId[1] = 1;
    let next = 2;
    for (let id = 2; id < store.size; id++) {
        if (!live[id]) continue;
        newId[id] = next;
        store.level[next] = store.level[id];
        store.low[next] = remapChild(store.low[id], newId);
        store.high[next] = remapChild(store.high[id], newId);
        next++;
    }
    store.size = next;
    store.reset();
    return newId;
}

/** A lossy direct-mapped cache of operation results keyed by (op, a, b, c), growing with the node count. */
class ComputedCache {
    private entries: Int32Array;
    private mask: number;

    constructor() {
        this.entries = new Int32Array(5 << 12).fill(-1);
        this.mask = (1 << 12) - 1;
    }

    get(op: number, a: number, b: number, c: number): number {
        const i = ((hash3(a, b, c) ^ op) & this.mask) * 5;
        const e = this.entries;
        return e[i] === op && e[i + 1] === a && e[i + 2] === b && e[i + 3] === c ? e[i + 4] : -1;
    }

    set(op: number, a: number, b: number, c: number, result: number): void {
        const i = ((hash3(a, b, c) ^ op) & this.mask) * 5;
        const e = this.entries;
        e[i] = op; e[i + 1] = a; e[i + 2] = b; e[i + 3] = c; e[i + 4] = result;
    }

    clear(): void { this.entries.fill(-1); }

    /** Keeps about one entry per node, up to a fixed cap. */
    fit(nodes: number): void {
        const entries = this.mask + 1;
        if (entries >= MAX_CACHE_ENTRIES || nodes <= entries) return;
        let size = entries;
        while (size < nodes && size < MAX_CACHE_ENTRIES) size *= 2;
        this.entries = new Int32Array(size * 5).fill(-1);
        this.mask = size - 1;
    }
}

const OP_AND = 1, OP_XOR = 2, OP_ITE = 3, OP_RESTRICT = 4;

/**
 * A BDD manager with complement edges: all diagrams built by one manager share its variable order.
 *
 * A diagram is an edge, `node << 1 | complemented`. Node 0 is the terminal false, so the edge 0 is
 * FALSE and the edge 1 (its complement) is TRUE. NOT is a bit flip; the high edge stored in a node is
 * never complemented, which keeps the representation canonical.
 */
export class Bdd {
    readonly nodes: NodeStore;
    private readonly cache = new ComputedCache();

    constructor(nodeLimit = DEFAULT_NODE_LIMIT) {
        this.nodes = new NodeStore(nodeLimit);
    }

    get nodeCount(): number { return this.nodes.size; }
    level(f: number): number { return this.nodes.level[f >> 1]; }
    low(f: number): number { return this.nodes.low[f >> 1] ^ (f & 1); }
    high(f: number): number { return this.nodes.high[f >> 1] ^ (f & 1); }

    /** The diagram "if variable at `level` then high else low". */
    mk(level: number, low: number, high: number): number {
        if (low === high) return low;
        const complement = high & 1;
        const id = this.nodes.find(level, low ^ complement, high ^ complement);
        if ((id & 0xffff) === 0) this.cache.fit(this.nodes.size);
        return (id << 1) | complement;
    }

    variable(level: number): number { return this.mk(level, FALSE, TRUE); }

    /**
     * Garbage collection: keeps only the diagrams `roots` (and what they share), renumbered; returns
     * their new edges. Every other edge the caller holds becomes invalid, and the cache is cleared.
     */
    collect(roots: readonly number[]): number[] {
        const nodes = this.nodes;
        const live = markReachable(nodes, roots.map(r => r >> 1), 1, id => [nodes.low[id] >> 1, nodes.high[id] >> 1]);
        const newId = compact(nodes, live, (child, map) => (map[child >> 1] << 1) | (child & 1));
        this.cache.clear();
        return roots.map(r => (newId[r >> 1] << 1) | (r & 1));
    }

    not(f: number): number { return f ^ 1; }

    and(f: number, g: number): number {
        if (f === FALSE || g === FALSE || f === (g ^ 1)) return FALSE;
        if (f === TRUE || f === g) return g;
        if (g === TRUE) return f;
        if (f > g) { const t = f; f = g; g = t; }
        const cached = this.cache.get(OP_AND, f, g, 0);
        if (cached >= 0) return cached;
        const n = this.nodes;
        const lf = n.level[f >> 1], lg = n.level[g >> 1];
        const l = lf < lg ? lf : lg;
        const cf = f & 1, cg = g & 1;
        const r = this.mk(l,
            this.and(lf === l ? n.low[f >> 1] ^ cf : f, lg === l ? n.low[g >> 1] ^ cg : g),
            this.and(lf === l ? n.high[f >> 1] ^ cf : f, lg === l ? n.high[g >> 1] ^ cg : g));
        this.cache.set(OP_AND, f, g, 0, r);
        return r;
    }

    or(f: number, g: number): number {
        return this.and(f ^ 1, g ^ 1) ^ 1;
    }

    xor(f: number, g: number): number {
        if (f === g) return FALSE;
        if (f === (g ^ 1)) return TRUE;
        // xor(¬f, g) = ¬xor(f, g): work on regular edges and put the parity back.
        const parity = (f & 1) ^ (g & 1);
        f &= ~1;
        g &= ~1;
        if (f === FALSE) return g ^ parity;
        if (g === FALSE) return f ^ parity;
        if (f > g) { const t = f; f = g; g = t; }
        let r = this.cache.get(OP_XOR, f, g, 0);
        if (r < 0) {
            const n = this.nodes;
            const lf = n.level[f >> 1], lg = n.level[g >> 1];
            const l = lf < lg ? lf : lg;
            r = this.mk(l,
                this.xor(lf === l ? n.low[f >> 1] : f, lg === l ? n.low[g >> 1] : g),
                this.xor(lf === l ? n.high[f >> 1] : f, lg === l ? n.high[g >> 1] : g));
            this.cache.set(OP_XOR, f, g, 0, r);
        }
        return r ^ parity;
    }

    /** if f then g else h. */
    ite(f: number, g: number, h: number): number {
        if (f === TRUE) return g;
        if (f === FALSE) return h;
        if (g === h) return g;
        if (f & 1) { f ^= 1; const t = g; g = h; h = t; }
        if (g === TRUE || g === f) return this.or(f, h);
        if (h === FALSE || h === f) return this.and(f, g);
        if (g === FALSE || g === (f ^ 1)) return this.and(f ^ 1, h);
        if (h === TRUE || h === (f ^ 1)) return this.or(f ^ 1, g);
        if (g === (h ^ 1)) return this.xor(f, h);
        // ite(f, ¬g, ¬h) = ¬ite(f, g, h): keep g regular.
        const parity = g & 1;
        g ^= parity;
        h ^= parity;
        let r = this.cache.get(OP_ITE, f, g, h);
        if (r < 0) {
            const lf = this.level(f), lg = this.level(g), lh = this.level(h);
            let l = lf < lg ? lf : lg;
            if (lh < l) l = lh;
            r = this.mk(l,
                this.ite(lf === l ? this.low(f) : f, lg === l ? this.low(g) : g, lh === l ? this.low(h) : h),
                this.ite(lf === l ? this.high(f) : f, lg === l ? this.high(g) : g, lh === l ? this.high(h) : h));
            this.cache.set(OP_ITE, f, g, h, r);
        }
        return r ^ parity;
    }

    andAll(fs: readonly number[]): number {
        let r = TRUE;
        for (const f of fs) { r = this.and(r, f); if (r === FALSE) break; }
        return r;
    }

    orAll(fs: readonly number[]): number {
        let r = FALSE;
        for (const f of fs) { r = this.or(r, f); if (r === TRUE) break; }
        return r;
    }

    xorAll(fs: readonly number[]): number {
        let r = FALSE;
        for (const f of fs) r = this.xor(r, f);
        return r;
    }

    /**
     * True when at least k of fs are true, by dynamic programming over (operand, count still needed):
     * O(n·k) ITE operations, never an enumeration of combinations.
     */
    atLeast(k: number, fs: readonly number[]): number {
        const n = fs.length;
        if (k <= 0) return TRUE;
        if (k > n) return FALSE;
        // need[j] = at least j of fs[i..n-1] are true, for the current i (j = 0..k).
        let need = new Array<number>(k + 1).fill(FALSE);
        need[0] = TRUE;
        for (let i = n - 1; i >= 0; i--) {
            const next = new Array<number>(k + 1);
            next[0] = TRUE;
            for (let j = 1; j <= k; j++) next[j] = this.ite(fs[i], need[j - 1], need[j]);
            need = next;
        }
        return need[k];
    }

    /** f with the variable at `level` fixed to `value`. */
    restrict(f: number, level: number, value: boolean): number {
        const lf = this.level(f);
        if (lf > level) return f;
        if (lf === level) return value ? this.high(f) : this.low(f);
        const op = value ? OP_RESTRICT + 1 : OP_RESTRICT;
        const cached = this.cache.get(op, f, level, 0);
        if (cached >= 0) return cached;
        const r = this.mk(lf, this.restrict(this.low(f), level, value), this.restrict(this.high(f), level, value));
        this.cache.set(op, f, level, 0, r);
        return r;
    }
}

/**
 * The nodes of one BDD in topological order (children first), for probability passes by iteration.
 * Entry 0 is the terminal false; entry i > 0 has level `level[i]` and child codes `low[i]`, `high[i]`
 * (`index << 1 | complemented`, like edges). `root` is the code of the root edge.
 */
export interface BddProgram {
    level: Int32Array;
    low: Int32Array;
    high: Int32Array;
    /** Number of entries, the terminal included. */
    size: number;
    root: number;
}

/** The program of the diagram `root` of manager `bdd`. */
export function bddProgram(bdd: Bdd, root: number): BddProgram {
    const nodes = bdd.nodes;
    // Typed arrays indexed by node id, not Set/Map: those stop at 2^24 entries, below the node limit.
    const index = reachableIndex(nodes, root >> 1, 1, id => [nodes.low[id] >> 1, nodes.high[id] >> 1]);
    const code = (edge: number) => (index.of[edge >> 1] << 1) | (edge & 1);
    const size = index.ids.length + 1;
    const level = new Int32Array(size), low = new Int32Array(size), high = new Int32Array(size);
    level[0] = TERMINAL_LEVEL;
    index.ids.forEach((id, i) => {
        level[i + 1] = nodes.level[id];
        low[i + 1] = code(nodes.low[id]);
        high[i + 1] = code(nodes.high[id]);
    });
    return { level, low, high, size, root: code(root) };
}

/** Marks (1) the non-terminal nodes (ids ≥ `terminals`) reachable from `starts`; children as `children(id)` gives them. */
function markReachable(nodes: NodeStore, starts: readonly number[], terminals: number, children: (id: number) => [number, number]): Uint8Array {
    const reached = new Uint8Array(nodes.size);
    const stack = starts.slice();
    while (stack.length > 0) {
        const id = stack.pop()!;
        if (id < terminals || reached[id]) continue;
        reached[id] = 1;
        const [a, b] = children(id);
        stack.push(a, b);
    }
    return reached;
}

/**
 * The non-terminal nodes reachable from `root` (ids ≥ `terminals`), in increasing id order (children
 * first), and the entry of each: `of[id]` = its position + `terminals`, terminals keeping their own id.
 */
function reachableIndex(nodes: NodeStore, root: number, terminals: number, children: (id: number) => [number, number]): { ids: Int32Array; of: Int32Array } {
    const reached = markReachable(nodes, [root], terminals, children);
    const of = new Int32Array(nodes.size);
    for (let t = 0; t < terminals; t++) of[t] = t;
    let next = terminals;
    for (let id = terminals; id < nodes.size; id++) if (reached[id]) of[id] = next++;
    const ids = new Int32Array(next - terminals);
    for (let id = terminals; id < nodes.size; id++) if (reached[id]) ids[of[id] - terminals] = id;
    return { ids, of };
}

/**
 * P(f = true) for independent variables, P(variable at level l) = probabilityOfLevel[l]: one pass
 * children-first. Each node keeps P and 1 − P, both as sums of non-negative terms, so that a
 * complemented edge never computes 1 − P by cancellation (tiny top probabilities stay accurate).
 * `values` (optional, length ≥ program.size) receives P(node) of each entry.
 */
export function bddProbability(program: BddProgram, probabilityOfLevel: ArrayLike<number>, values?: Float64Array): number {
    const size = program.size;
    const v = values ?? new Float64Array(size);
    const w = new Float64Array(size);
    v[0] = 0;
    w[0] = 1;
    const { level, low, high } = program;
    for (let i = 1; i < size; i++) {
        const lo = low[i], hi = high[i];
        const p = probabilityOfLevel[level[i]], notP = 1 - p;
        const l = lo >> 1, h = hi >> 1;
        v[i] = notP * (lo & 1 ? w[l] : v[l]) + p * (hi & 1 ? w[h] : v[h]);
        w[i] = notP * (lo & 1 ? v[l] : w[l]) + p * (hi & 1 ? v[h] : w[h]);
    }
    const root = program.root;
    return root & 1 ? w[root >> 1] : v[root >> 1];
}

/**
 * Birnbaum importance ∂P/∂p of every variable of a BDD program, added into `birnbaumOfLevel` (by level):
 * Σ over nodes n of the variable of ±P(reach n)·(P(high n) − P(low n)), the sign flipping on each
 * complemented edge. Exact because P is multilinear. Returns P(f).
 */
export function bddBirnbaum(program: BddProgram, probabilityOfLevel: ArrayLike<number>, birnbaumOfLevel: Float64Array): number {
    const { level, low, high, size, root } = program;
    const value = new Float64Array(size);
    const probability = bddProbability(program, probabilityOfLevel, value);
    if (root >> 1 === 0) return probability;
    const reach = new Float64Array(size);
    reach[root >> 1] = root & 1 ? -1 : 1;
    for (let i = size - 1; i >= 1; i--) {
        const r = reach[i];
        if (r === 0) continue;
        const p = probabilityOfLevel[level[i]];
        const lo = low[i], hi = high[i];
        reach[lo >> 1] += lo & 1 ? -r * (1 - p) : r * (1 - p);
        reach[hi >> 1] += hi & 1 ? -r * p : r * p;
        const pLow = lo & 1 ? 1 - value[lo >> 1] : value[lo >> 1];
        const pHigh = hi & 1 ? 1 - value[hi >> 1] : value[hi >> 1];
        birnbaumOfLevel[level[i]] += r * (pHigh - pLow);
    }
    return probability;
}

const Z_UNION = 1, Z_DIFF = 2, Z_PRODUCT = 3, Z_WITHOUT = 4, Z_INTERSECT = 5;

/**
 * A ZBDD manager: families of sets of literals (minimal cut sets, prime implicants).
 * Node (level, low, high) = low ∪ {s ∪ {level} : s ∈ high}; nodes with high = ∅ are suppressed.
 */
export class Zbdd {
    readonly nodes: NodeStore;
    private readonly cache = new ComputedCache();

    constructor(nodeLimit = DEFAULT_NODE_LIMIT) {
        this.nodes = new NodeStore(nodeLimit);
    }

    get nodeCount(): number { return this.nodes.size; }
    level(f: number): number { return this.nodes.level[f]; }
    low(f: number): number { return this.nodes.low[f]; }
    high(f: number): number { return this.nodes.high[f]; }

    mk(level: number, low: number, high: number): number {
        if (high === FALSE) return low;
        const id = this.nodes.find(level, low, high);
        if ((id & 0xffff) === 0) this.cache.fit(this.nodes.size);
        return id;
    }

    union(f: number, g: number): number {
        if (f === FALSE || f === g) return g;
        if (g === FALSE) return f;
        if (f > g) { const t = f; f = g; g = t; }
        const cached = this.cache.get(Z_UNION, f, g, 0);
        if (cached >= 0) return cached;
        const n = this.nodes;
        const lf = n.level[f], lg = n.level[g];
        let r: number;
        if (lf < lg) r = this.mk(lf, this.union(n.low[f], g), n.high[f]);
        else if (lg < lf) r = this.mk(lg, this.union(f, n.low[g]), n.high[g]);
        else r = this.mk(lf, this.union(n.low[f], n.low[g]), this.union(n.high[f], n.high[g]));
        this.cache.set(Z_UNION, f, g, 0, r);
        return r;
    }

    intersect(f: number, g: number): number {
        if (f === FALSE || g === FALSE) return FALSE;
        if (f === g) return f;
        if (f > g) { const t = f; f = g; g = t; }
        const cached = this.cache.get(Z_INTERSECT, f, g, 0);
        if (cached >= 0) return cached;
        const n = this.nodes;
        const lf = n.level[f], lg = n.level[g];
        let r: number;
        if (lf < lg) r = this.intersect(n.low[f], g);
        else if (lg < lf) r = this.intersect(f, n.low[g]);
        else r = this.mk(lf, this.intersect(n.low[f], n.low[g]), this.intersect(n.high[f], n.high[g]));
        this.cache.set(Z_INTERSECT, f, g, 0, r);
        return r;
    }

    /** Set difference f \ g. */
    difference(f: number, g: number): number {
        if (f === FALSE || f === g) return FALSE;
        if (g === FALSE) return f;
        const cached = this.cache.get(Z_DIFF, f, g, 0);
        if (cached >= 0) return cached;
        const n = this.nodes;
        const lf = n.level[f], lg = n.level[g];
        let r: number;
        if (lf < lg) r = this.mk(lf, this.difference(n.low[f], g), n.high[f]);
        else if (lg < lf) r = this.difference(f, n.low[g]);
        else r = this.mk(lf, this.difference(n.low[f], n.low[g]), this.difference(n.high[f], n.high[g]));
        this.cache.set(Z_DIFF, f, g, 0, r);
        return r;
    }

    /** The sets of f that contain no set of g (Rauzy's "without"). */
    without(f: number, g: number): number {
        if (f === FALSE || f === g || g === TRUE) return FALSE;
        if (g === FALSE) return f;
        const cached = this.cache.get(Z_WITHOUT, f, g, 0);
        if (cached >= 0) return cached;
        const n = this.nodes;
        const lf = n.level[f], lg = n.level[g];
        let r: number;
        if (lf < lg) r = this.mk(lf, this.without(n.low[f], g), this.without(n.high[f], g));
        else if (lg < lf) r = this.without(f, n.low[g]);
        else r = this.mk(lf, this.without(n.low[f], n.low[g]), this.without(this.without(n.high[f], n.high[g]), n.low[g]));
        this.cache.set(Z_WITHOUT, f, g, 0, r);
        return r;
    }

    /** {s ∪ t : s ∈ f, t ∈ g} (the join; with disjoint supports, minimality is kept). */
    product(f: number, g: number): number {
        if (f === FALSE || g === FALSE) return FALSE;
        if (f === TRUE) return g;
        if (g === TRUE) return f;
        if (f > g) { const t = f; f = g; g = t; }
        const cached = this.cache.get(Z_PRODUCT, f, g, 0);
        if (cached >= 0) return cached;
        const n = this.nodes;
        const lf = n.level[f], lg = n.level[g];
        let r: number;
        if (lf < lg) r = this.mk(lf, this.product(n.low[f], g), this.product(n.high[f], g));
        else if (lg < lf) r = this.mk(lg, this.product(f, n.low[g]), this.product(f, n.high[g]));
        else {
            const f0 = n.low[f], f1 = n.high[f], g0 = n.low[g], g1 = n.high[g];
            r = this.mk(lf, this.product(f0, g0),
                this.union(this.product(f1, g1), this.union(this.product(f1, g0), this.product(f0, g1))));
        }
        this.cache.set(Z_PRODUCT, f, g, 0, r);
        return r;
    }
}

/**
 * The nodes of one ZBDD in topological order (children first): entries 0 and 1 are the terminals ∅
 * and {∅}; entry i ≥ 2 has literal level `level[i]` and children at indices `low[i]`, `high[i]`.
 */
export interface ZbddProgram {
    level: Int32Array;
    low: Int32Array;
    high: Int32Array;
    /** Number of entries, terminals included. */
    size: number;
    /** Index of the root: 0 or 1 for a terminal, otherwise size − 1. */
    root: number;
}

export function zbddProgram(zbdd: Zbdd, root: number): ZbddProgram {
    const nodes = zbdd.nodes;
    const index = reachableIndex(nodes, root, 2, id => [nodes.low[id], nodes.high[id]]);
    const size = index.ids.length + 2;
    const level = new Int32Array(size), low = new Int32Array(size), high = new Int32Array(size);
    level[0] = level[1] = TERMINAL_LEVEL;
    index.ids.forEach((id, i) => {
        level[i + 2] = nodes.level[id];
        low[i + 2] = index.of[nodes.low[id]];
        high[i + 2] = index.of[nodes.high[id]];
    });
    return { level, low, high, size, root: root <= 1 ? root : size - 1 };
}
