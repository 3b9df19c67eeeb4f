/**
 * Compiles the structure function of a system or top into a flat program for the Monte Carlo kernels.
 * Random sources are "slots": one per component (a name used twice is the same physical component,
 * so one slot), a fresh one per copy in `K of N X`, and for beta-factor common cause an independent
 * part per member plus one shared part per group. Operations run in order over node values.
 */
import type { ComponentModel, Distribution, FaultExpr, ReliabilityModel, StructureModel } from '../model.js';

export type SlotSource =
    /** `fraction` φ < 1: the part fails by t with probability φ·F(t) (beta-factor split), else never. */
    | { kind: 'lifetime'; distribution: Distribution; repair?: Distribution; fraction: number }
    /** The earliest of independent exponential lifetimes: exponential with the summed rate (plain sampling only). */
    | { kind: 'exponentialMin'; rates: { component: string; rate: number }[] }
    /**
     * The k-th earliest of n independent copies of an exponential lifetime: by Rényi's representation
     * Σ_{i=1..k} E_i / ((n − i + 1)·rate), k draws and no sort (plain sampling only).
     */
    | { kind: 'exponentialOrder'; rate: number; n: number; k: number }
    /** Failed for the whole mission with probability q (availability-only components: q = 1 − A). */
    | { kind: 'probability'; q: number }
    | { kind: 'never' };

export interface Slot {
    /** The component (or common-cause group) the slot samples. */
    component: string;
    source: SlotSource;
    node: number;
    /** Components whose sensitivity factor applies to this slot (a common-cause part: all members). */
    factorComponents: string[];
}

export type Op =
    | { kind: 'or' | 'and' | 'xor'; dst: number; srcs: number[] }
    | { kind: 'not'; dst: number; src: number }
    | { kind: 'atLeast'; dst: number; k: number; srcs: number[] };

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type OpWithoutDestination = DistributiveOmit<Op, 'dst'>;

export interface Program {
    target: string;
    slots: Slot[];
    ops: Op[];
    nodeCount: number;
    result: number;
    /** False when NOT or XOR occur: the structure is then evaluated as a state at the horizon only. */
    coherent: boolean;
    /** Some slot fails with a probability and no failure time (probability or availability components). */
    timeless: boolean;
    /** Some slot has a repair distribution: discrete-event simulation. */
    repairable: boolean;
    /** The components that the target's failure depends on (sensitivity factors apply to these). */
    components: Set<string>;
    notes: string[];
}

export class CompileError extends Error {}

/** Runs of the program can report failure times (and so an MTTF and a histogram): coherent, every slot with a lifetime. */
export function hasFailureTimes(p: Program): boolean {
    return p.coherent && !p.timeless;
}

/**
 * `optimize`: exact simplifications for plain failure-time sampling (independent exponentials under one OR
 * merged into one slot, K of N exponential copies by order statistics). Off for conditional and
 * discrete-event sampling, which need one slot per physical component.
 */
export function compileTarget(model: ReliabilityModel, targetName: string, optimize = false): Program {
    const structures = new Map<string, StructureModel>(model.structures.map(s => [s.name, s]));
    const components = new Map<string, ComponentModel>(model.components.map(c => [c.name, c]));
    const ccfOf = new Map<string, { name: string; beta: number; members: string[] }>();
    for (const group of model.commonCauses) for (const member of group.members) ccfOf.set(member, group);
    const root = structures.get(targetName);
    if (!root) throw new CompileError(`unknown system or top '${targetName}'`);

    const slots: Slot[] = [];
    const ops: Op[] = [];
    const commonSlot = new Map<string, number>();
    let nodeCount = 0;
    let coherent = true;
    const notes = new Set<string>();

    interface Scope { components: Map<string, number>; refs: Map<string, number> }
    const newScope = (): Scope => ({ components: new Map(), refs: new Map() });

    function addSlot(component: string, source: SlotSource, factorComponents = [component]): number {
        const node = nodeCount++;
        slots.push({ component, source, node, factorComponents });
        return node;
    }

    function plainExponentialRate(c: ComponentModel | undefined): number | undefined {
        const failure = c?.failure;
        if (!c || c.repair || ccfOf.has(c.name) || failure?.kind !== 'lifetime' || failure.distribution.kind !== 'exponential') return undefined;
        return failure.distribution.rate;
    }

    function sourceOf(c: ComponentModel, fraction: number): SlotSource {
        const failure = c.failure;
        if (!failure) return { kind: 'never' };
        switch (failure.kind) {
            case 'lifetime': return { kind: 'lifetime', distribution: failure.distribution, repair: c.repair, fraction };
            case 'probability': return { kind: 'probability', q: failure.q * fraction };
            case 'availability':
                notes.add(`${c.name} has an availability only: it is down for the whole mission with probability 1 − A`);
                return { kind: 'probability', q: (1 - failure.availability) * fraction };
        }
    }

    function op(o: OpWithoutDestination): number {
        const dst = nodeCount++;
        ops.push({ ...o, dst } as Op);
        return dst;
    }

    function event(name: string, scope: Scope): number {
        const known = scope.components.get(name);
        if (known !== undefined) return known;
        const c = components.get(name);
        if (!c) throw new CompileError(`unknown component '${name}'`);
        const group = ccfOf.get(name);
        let node: number;
        if (group) {
            const independent = addSlot(name, sourceOf(c, 1 - group.beta));
            let common = commonSlot.get(group.name);
            if (common === undefined) {
                const first = components.get(group.members[0]) ?? c;
                // The shared part follows each member's sensitivity factor as well.
                common = addSlot(group.name, sourceOf(first, group.beta), group.members);
                commonSlot.set(group.name, common);
            }
            node = op({ kind: 'or', srcs: [independent, common] });
        } else {
            node = addSlot(name, sourceOf(c, 1));
        }
        scope.components.set(name, node);
        return node;
    }

    function ref(name: string, scope: Scope, stack: string[]): number {
        const known = scope.refs.get(name);
        if (known !== undefined) return known;
        const s = structures.get(name);
        if (!s) {
            if (components.has(name)) return event(name, scope);
            throw new CompileError(`unknown system, gate or top '${name}'`);
        }
        if (stack.includes(name)) throw new CompileError(`cycle: ${[...stack, name].join(' → ')}`);
        const node = expr(s.failure, scope, [...stack, name]);
        scope.refs.set(name, node);
        return node;
    }

    function expr(e: FaultExpr, scope: Scope, stack: string[]): number {
        switch (e.kind) {
            case 'event': return event(e.name, scope);
            case 'ref': return ref(e.name, scope, stack);
            case 'and': case 'or': case 'xor': {
                if (e.operands.length === 0) throw new CompileError(`${e.kind}() needs at least one operand`);
                if (e.kind === 'xor') coherent = false;
                const srcs = e.operands.map(o => expr(o, scope, stack));
                if (srcs.length === 1 && e.kind !== 'xor') return srcs[0];
                return op({ kind: e.kind, srcs });
            }
            case 'not': {
                coherent = false;
                return op({ kind: 'not', src: expr(e.operand, scope, stack) });
            }
            case 'atLeast': {
                if (e.operands.length === 0) throw new CompileError('K of (): the list is empty');
                const srcs = e.operands.map(o => expr(o, scope, stack));
                return atLeast(e.k, srcs);
            }
            case 'copies': {
                const rate = optimize && e.of.kind === 'event' ? plainExponentialRate(components.get(e.of.name)) : undefined;
                if (rate !== undefined) {
                    if (e.k > e.n) throw new CompileError(`at least ${e.k} of ${e.n}: K exceeds N`);
                    return addSlot(e.of.name, { kind: 'exponentialOrder', rate, n: e.n, k: Math.max(1, e.k) });
                }
                const srcs: number[] = [];
                for (let i = 0; i < e.n; i++) {
                    const fresh = newScope();
                    srcs.push(e.of.kind === 'event' ? event(e.of.name, fresh) : ref(e.of.name, fresh, stack));
                }
                return atLeast(e.k, srcs);
            }
        }
    }

    function atLeast(k: number, srcs: number[]): number {
        if (k <= 1) return srcs.length === 1 ? srcs[0] : op({ kind: 'or', srcs });
        if (k === srcs.length) return op({ kind: 'and', srcs });
        if (k > srcs.length) throw new CompileError(`at least ${k} of ${srcs.length}: K exceeds N`);
        return op({ kind: 'atLeast', k, srcs });
    }

    const result = ref(targetName, newScope(), []);
    if (optimize) mergeExponentialSeries();
    const timeless = slots.some(s => s.source.kind === 'probability');
    const repairable = slots.some(s => s.source.kind === 'lifetime' && s.source.repair !== undefined);
    if (!coherent) notes.add('the structure uses NOT or XOR: it is evaluated as a state at the horizon only (no failure times, no MTTF)');
    if (timeless) notes.add('some components fail with a probability and no failure time: no failure-time histogram and no MTTF');
    const involved = new Set(slots.flatMap(slot => slot.source.kind === 'exponentialMin' ? slot.source.rates.map(r => r.component) : slot.factorComponents));
    return { target: targetName, slots, ops, nodeCount, result, coherent, timeless, repairable, components: involved, notes: [...notes] };

    /** Operands of an OR that are plain exponential slots used nowhere else become one exponential slot. */
    function mergeExponentialSeries(): void {
        const uses = new Map<number, number>([[result, 1]]);
        for (const o of ops) for (const src of o.kind === 'not' ? [o.src] : o.srcs) uses.set(src, (uses.get(src) ?? 0) + 1);
        const slotAt = new Map(slots.map(slot => [slot.node, slot]));
        const removed = new Set<Slot>();
        for (const o of ops) {
            if (o.kind !== 'or') continue;
            const merge = o.srcs.filter(src => {
                const slot = slotAt.get(src);
                return slot !== undefined && uses.get(src) === 1 && slot.source.kind === 'lifetime' && slot.source.fraction === 1
                    && !slot.source.repair && slot.source.distribution.kind === 'exponential';
            });
            if (merge.length < 2) continue;
            const rates = merge.map(src => {
                const slot = slotAt.get(src)!;
                removed.add(slot);
                const d = (slot.source as { distribution: { rate: number } }).distribution;
                return { component: slot.component, rate: d.rate };
            });
            const node = addSlot(rates.map(r => r.component).join('+'), { kind: 'exponentialMin', rates }, rates.map(r => r.component));
            o.srcs = [...o.srcs.filter(src => !merge.includes(src)), node];
        }
        const kept = slots.filter(slot => !removed.has(slot));
        slots.length = 0;
        slots.push(...kept);
    }
}
