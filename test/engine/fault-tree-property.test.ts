/**
 * Property test: random small structures (shared events, refs, at-least, not, xor, copies, common
 * causes; one-operand gates, nested AND/OR, repeated and complementary operands, all of which the
 * DAG simplification rewrites) against brute-force enumeration of every state of their basic events.
 */
import { describe, expect, test } from 'vitest';
import seedrandom from 'seedrandom';
import type { CommonCauseModel, FaultExpr, StructureModel } from '../../engine/model.js';
import { compileStructures, structureFigures } from '../../engine/fault-tree.js';

interface Case {
    structures: StructureModel[];
    groups: CommonCauseModel[];
    components: string[];
    q: Record<string, number>;
}

function randomCase(rng: () => number, allowNegation: boolean): Case {
    const int = (n: number) => Math.floor(rng() * n);
    const components = Array.from({ length: 3 + int(5) }, (_, i) => `C${i}`);
    const q: Record<string, number> = {};
    for (const c of components) q[c] = 0.05 + 0.9 * rng();
    const groups: CommonCauseModel[] = [];
    if (rng() < 0.4) {
        const members = components.slice(0, 2 + int(2));
        for (const m of members) q[m] = q[members[0]];
        groups.push({ name: 'CC', beta: 0.1 + 0.5 * rng(), members });
    }
    const structures: StructureModel[] = [];
    const expr = (depth: number, index: number): FaultExpr => {
        const r = rng();
        if (depth === 0 || r < 0.25) {
            if (index > 0 && rng() < 0.3) return { kind: 'ref', name: `G${int(index)}` };
            return { kind: 'event', name: components[int(components.length)] };
        }
        // One operand makes a pass-through gate, which simplification removes.
        const operands = () => Array.from({ length: 1 + int(3) }, () => expr(depth - 1, index));
        const kinds = allowNegation ? ['and', 'or', 'atLeast', 'copies', 'not', 'xor'] : ['and', 'or', 'atLeast', 'copies'];
        const kind = kinds[int(kinds.length)];
        switch (kind) {
            case 'and': return { kind: 'and', operands: operands() };
            case 'or': return { kind: 'or', operands: operands() };
            case 'xor': return { kind: 'xor', operands: operands() };
            case 'not': return { kind: 'not', operand: expr(depth - 1, index) };
            case 'atLeast': { const o = operands(); return { kind: 'atLeast', k: 1 + int(o.length), operands: o }; }
            default: {
                const n = 2 + int(2);
                const of = index > 0 && rng() < 0.3 ? { kind: 'ref' as const, name: `G${int(index)}` } : { kind: 'event' as const, name: components[int(components.length)] };
                return { kind: 'copies', k: 1 + int(n), n, of };
            }
        }
    };
    const count = 1 + int(4);
    for (let i = 0; i < count; i++) structures.push({ name: `G${i}`, kind: i === count - 1 ? 'top' : 'gate', failure: expr(3, i) });
    return { structures, groups, components, q };
}

/** Independent reference: evaluates the expressions directly on a state of named basic events. */
class Reference {
    readonly variables = new Map<string, number>();
    private readonly byName: Map<string, StructureModel>;
    private readonly groupOf = new Map<string, CommonCauseModel>();

    constructor(private readonly c: Case) {
        this.byName = new Map(c.structures.map(s => [s.name, s]));
        for (const g of c.groups) for (const m of g.members) this.groupOf.set(m, g);
        for (const s of c.structures) this.collect(s.failure, '');
    }

    private eventVariables(name: string, suffix: string): void {
        const group = this.groupOf.get(name);
        const qc = this.c.q[name];
        this.variables.set(name + suffix, group ? (1 - group.beta) * qc : qc);
        if (group) this.variables.set(group.name, group.beta * this.c.q[group.members[0]]);
    }

    private collect(e: FaultExpr, suffix: string): void {
        switch (e.kind) {
            case 'event': this.eventVariables(e.name, suffix); break;
            case 'ref': this.collect(this.byName.get(e.name)!.failure, suffix); break;
            case 'not': this.collect(e.operand, suffix); break;
            case 'copies':
                for (let i = 1; i <= e.n; i++) {
                    if (e.of.kind === 'event') this.eventVariables(e.of.name, `#${i}${suffix}`);
                    else this.collect(this.byName.get(e.of.name)!.failure, `#${i}${suffix}`);
                }
                break;
            default: for (const o of e.operands) this.collect(o, suffix);
        }
    }

    evaluate(e: FaultExpr, suffix: string, state: Map<string, boolean>): boolean {
        const event = (name: string, s: string) => {
            const group = this.groupOf.get(name);
            return state.get(name + s)! || (group !== undefined && state.get(group.name)!);
        };
        switch (e.kind) {
            case 'event': return event(e.name, suffix);
            case 'ref': return this.evaluate(this.byName.get(e.name)!.failure, suffix, state);
            case 'not': return !this.evaluate(e.operand, suffix, state);
            case 'and': return e.operands.every(o => this.evaluate(o, suffix, state));
            case 'or': return e.operands.some(o => this.evaluate(o, suffix, state));
            case 'xor': return e.operands.filter(o => this.evaluate(o, suffix, state)).length % 2 === 1;
            case 'atLeast': return e.operands.filter(o => this.evaluate(o, suffix, state)).length >= e.k;
            case 'copies': {
                let failed = 0;
                for (let i = 1; i <= e.n; i++) {
                    const s = `#${i}${suffix}`;
                    if (e.of.kind === 'event' ? event(e.of.name, s) : this.evaluate(this.byName.get(e.of.name)!.failure, s, state)) failed++;
                }
                return failed >= e.k;
            }
        }
    }

    /** The truth table of a structure over `names` (bit i of the state index = names[i] fails). */
    truthTable(structure: string, names: string[]): boolean[] {
        const table: boolean[] = [];
        for (let s = 0; s < 1 << names.length; s++) {
            const state = new Map(names.map((n, i) => [n, ((s >> i) & 1) === 1]));
            table.push(this.evaluate(this.byName.get(structure)!.failure, '', state));
        }
        return table;
    }
}

function probability(table: boolean[], p: number[]): number {
    let total = 0;
    table.forEach((failed, s) => {
        if (!failed) return;
        let w = 1;
        p.forEach((pi, i) => { w *= (s >> i) & 1 ? pi : 1 - pi; });
        total += w;
    });
    return total;
}

/** Prime implicants by brute force: cubes (value per variable: 0, 1 or free) that imply f and drop no literal. */
function bruteImplicants(table: boolean[], names: string[], positiveOnly: boolean): string[] {
    const n = names.length;
    const implies = (cube: number[]) => {
        for (let s = 0; s < 1 << n; s++) {
            if (cube.every((v, i) => v === 2 || v === ((s >> i) & 1)) && !table[s]) return false;
        }
        return true;
    };
    const result: string[] = [];
    const cube = new Array<number>(n).fill(2);
    const visit = (i: number): void => {
        if (i === n) {
            if (!implies(cube)) return;
            for (let j = 0; j < n; j++) {
                if (cube[j] === 2) continue;
                const saved = cube[j];
                cube[j] = 2;
                const stillImplies = implies(cube);
                cube[j] = saved;
                if (stillImplies) return;
            }
            result.push(cube.map((v, j) => v === 2 ? '' : v === 1 ? names[j] : `not ${names[j]}`).filter(x => x).sort().join(' & '));
            return;
        }
        for (const v of positiveOnly ? [2, 1] : [2, 1, 0]) { cube[i] = v; visit(i + 1); }
        cube[i] = 2;
    };
    visit(0);
    return result.sort();
}

/** The states that fail the structure with no state of fewer failed events inside them doing so (negations dropped). */
function minimalFailedSets(table: boolean[]): number[] {
    return table.flatMap((failed, s) => {
        if (!failed) return [];
        for (let t = (s - 1) & s; t !== s; t = t === 0 ? s : (t - 1) & s) if (table[t]) return [];
        return [s];
    });
}

function check(c: Case, modularize: boolean, cutSets: boolean, searchOrders = false): void {
    const reference = new Reference(c);
    // Without modules, collect garbage after almost every gate: the diagrams must survive renumbering.
    // The order search with a budget of a few nodes re-orders every module and top structure.
    const compiled = compileStructures(c.structures, c.groups, c.components, {
        modularize, collectGarbageAbove: modularize ? undefined : 8,
        orderSearch: searchOrders ? { minLeaves: 1, firstBudget: 2 } : undefined
    });
    expect(new Set(compiled.variables.map(v => v.name))).toEqual(new Set(reference.variables.keys()));
    const names = [...reference.variables.keys()];
    const p = names.map(n => reference.variables.get(n)!);
    const q = (component: string) => c.q[component];
    for (const s of c.structures) {
        const table = reference.truthTable(s.name, names);
        const figures = structureFigures(compiled, s.name, q, { cutSets });
        const exact = probability(table, p);
        expect(figures.probability).toBeCloseTo(exact, 12);
        for (const [i, name] of names.entries()) {
            const importance = figures.importance[name];
            if (!importance) continue;
            const ifFailed = probability(table, p.map((x, j) => j === i ? 1 : x));
            const ifWorking = probability(table, p.map((x, j) => j === i ? 0 : x));
            expect(importance.birnbaum).toBeCloseTo(ifFailed - ifWorking, 12);
            // Complement edges compute 1 − x: absolute rounding ~1e-16, so ratios over P are checked where P is not tiny.
            if (exact > 1e-6) expect(importance.raw).toBeCloseTo(ifFailed / exact, 9);
            if (exact > 1e-6) expect(importance.fussellVesely).toBeCloseTo((exact - ifWorking) / exact, 9);
        }
        if (!cutSets) continue;
        if (figures.coherent) expect(figures.minimalCutSetCount).toBeUndefined();
        else expect(figures.minimalCutSetCount).toBe(minimalFailedSets(table).length);
        const expected = bruteImplicants(table, names, figures.coherent);
        const actual = figures.cutSets.map(cs => [...cs.literals].sort().join(' & ')).sort();
        expect(actual).toEqual(expected);
        expect(figures.cutSetCount).toBe(expected.length);
        for (const cs of figures.cutSets) {
            const product = cs.literals.reduce((w, l) => w * (l.startsWith('not ') ? 1 - reference.variables.get(l.slice(4))! : reference.variables.get(l)!), 1);
            expect(cs.probability).toBeCloseTo(product, 14);
        }
        for (let i = 1; i < figures.cutSets.length; i++) {
            const a = figures.cutSets[i - 1], b = figures.cutSets[i];
            expect(a.order < b.order || (a.order === b.order && a.probability >= b.probability)).toBe(true);
        }
        const rareEvent = figures.cutSets.reduce((sum, cs) => sum + cs.probability, 0);
        expect(figures.rareEvent).toBeCloseTo(rareEvent, 12);
        expect(figures.mcub).toBeCloseTo(1 - figures.cutSets.reduce((prod, cs) => prod * (1 - cs.probability), 1), 12);
        expect(new Set(figures.singlePointsOfFailure)).toEqual(new Set(expected.filter(x => x !== '' && !x.includes(' & ') && !x.startsWith('not '))));
    }
}

describe('random structures against enumeration of all states', () => {
    for (const negation of [false, true]) {
        test(`${negation ? 'non-coherent' : 'coherent'}: probability, importance, cut sets`, () => {
            const rng = seedrandom(negation ? 'rel-noncoherent' : 'rel-coherent');
            let checked = 0;
            while (checked < 150) {
                const c = randomCase(rng, negation);
                const variables = new Reference(c).variables.size;
                if (variables > 12) continue;
                const withCutSets = variables <= 8;
                check(c, true, withCutSets);
                check(c, false, withCutSets);
                check(c, true, withCutSets, true);
                checked++;
            }
        });
    }
});
