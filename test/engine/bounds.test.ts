import { describe, expect, test } from 'vitest';
import seedrandom from 'seedrandom';
import { emptyModel, type FaultExpr, type StructureModel } from '../../engine/model.js';
import { probabilityBounds } from '../../engine/bounds.js';
import { FaultTreeError } from '../../engine/fault-tree.js';
import { enumerateProbability } from '../openpsa/enumerate.js';

const ev = (name: string): FaultExpr => ({ kind: 'event', name });
const and = (...operands: FaultExpr[]): FaultExpr => ({ kind: 'and', operands });
const or = (...operands: FaultExpr[]): FaultExpr => ({ kind: 'or', operands });
const top = (failure: FaultExpr): StructureModel => ({ name: 'T', kind: 'top', failure });

/** P(structure `name` fails) by enumerating every state of the components (test/openpsa/enumerate.ts). */
function enumerated(structures: StructureModel[], components: string[], q: Record<string, number>, name: string): number {
    const model = emptyModel();
    model.components = components.map(c => ({ name: c, failure: { kind: 'probability', q: q[c] } }));
    model.structures = structures;
    return enumerateProbability(model, name);
}

describe('certified bounds from a superset and a subset of the failure function', () => {
    test('a likely AND operand dropped raises, an unlikely OR operand dropped lowers, by exactly what it weighed', () => {
        const q: Record<string, number> = { A: 0.9, B: 0.1, C: 0.001 };
        const bounds = probabilityBounds([top(or(and(ev('A'), ev('B')), ev('C')))], [], ['A', 'B', 'C'], 'T', c => q[c],
            { upperThresholds: [0.5], lowerThresholds: [0.05] });
        // Upper: or(B, C); lower: and(A, B), C being under 5% of its OR gate.
        expect(bounds.upper).toBeCloseTo(1 - 0.9 * 0.999, 15);
        expect(bounds.lower).toBeCloseTo(0.09, 15);
        expect(bounds).toMatchObject({ upperThreshold: 0.5, lowerThreshold: 0.05 });
    });

    test('random coherent structures with shared events: lower ≤ exact ≤ upper, and the drops happen', () => {
        const rng = seedrandom('bounds');
        const int = (n: number) => Math.floor(rng() * n);
        let strictUpper = 0, strictLower = 0, viaModule = 0;
        for (let trial = 0; trial < 300; trial++) {
            const components = Array.from({ length: 3 + int(6) }, (_, i) => `C${i}`);
            const q: Record<string, number> = {};
            for (const c of components) q[c] = 0.02 + 0.96 * rng();
            const expr = (depth: number, index: number): FaultExpr => {
                if (depth === 0 || rng() < 0.2) {
                    return index > 0 && rng() < 0.3 ? { kind: 'ref', name: `G${int(index)}` } : ev(components[int(components.length)]);
                }
                const operands = Array.from({ length: 1 + int(3) }, () => expr(depth - 1, index));
                const kind = rng();
                return kind < 0.4 ? and(...operands) : kind < 0.8 ? or(...operands) : { kind: 'atLeast', k: 1 + int(operands.length), operands };
            };
            const count = 1 + int(4);
            const structures: StructureModel[] = Array.from({ length: count }, (_, i) =>
                ({ name: `G${i}`, kind: i === count - 1 ? 'top' : 'gate', failure: expr(3, i) }));
            const name = `G${count - 1}`;
            const exact = enumerated(structures, components, q, name);
            const bounds = probabilityBounds(structures, [], components, name, c => q[c], { upperThresholds: [0.3], lowerThresholds: [0.4] });
            expect(bounds.lower, `trial ${trial}`).toBeLessThanOrEqual(exact + 1e-12);
            expect(bounds.upper, `trial ${trial}`).toBeGreaterThanOrEqual(exact - 1e-12);
            if (bounds.upper > exact + 1e-9) strictUpper++;
            if (bounds.lower < exact - 1e-9) strictLower++;
            if (bounds.module !== undefined) viaModule++;
        }
        // The thresholds are aggressive on purpose: most cases change the function both ways.
        expect(strictUpper).toBeGreaterThan(50);
        expect(strictLower).toBeGreaterThan(50);
        expect(viaModule).toBeGreaterThan(10);
    });

    test('a module holding most of the components is solved on its own and carried exactly through the rest', () => {
        const q: Record<string, number> = { A: 0.3, B: 0.6, C: 0.2, D: 0.7, E: 0.4, F: 0.5 };
        const ref = (name: string): FaultExpr => ({ kind: 'ref', name });
        const structures: StructureModel[] = [
            { name: 'M', kind: 'gate', failure: and(or(ev('A'), ev('B')), or(ev('B'), ev('C')), or(ev('C'), ev('D'))) },
            top(or(and(ev('E'), ev('F')), ref('M')))
        ];
        const components = Object.keys(q);
        // Thresholds that would change T's function: the module route does not need them.
        const bounds = probabilityBounds(structures, [], components, 'T', c => q[c], { upperThresholds: [0.3], lowerThresholds: [0.5] });
        const exact = enumerated(structures, components, q, 'T');
        expect(bounds.module).toBe('M');
        expect(bounds.lower).toBeCloseTo(exact, 15);
        expect(bounds.upper).toBeCloseTo(exact, 15);
        // A component of M also used outside it: M is no module any more, and the thresholds apply.
        const shared = [structures[0], top(or(and(ev('E'), ev('A')), ref('M')))];
        const sharedBounds = probabilityBounds(shared, [], components, 'T', c => q[c], { upperThresholds: [0.3], lowerThresholds: [0.5] });
        expect(sharedBounds.module).toBeUndefined();
        expect(sharedBounds.upperThreshold).toBe(0.3);
    });

    test('after the first threshold that fits, bisection towards the last that did not tightens the bound', () => {
        // and(8 of 16 A, 9 of 16 B, Y): the node limit admits one of the two k-of-n diagrams, not both.
        const a = Array.from({ length: 16 }, (_, i) => `A${i}`), b = Array.from({ length: 16 }, (_, i) => `B${i}`);
        const eightOfA: FaultExpr = { kind: 'atLeast', k: 8, operands: a.map(ev) };
        const nineOfB: FaultExpr = { kind: 'atLeast', k: 9, operands: b.map(ev) };
        const q = (c: string) => (c === 'Y' ? 0.01 : 0.5);
        const bounds = probabilityBounds([top(and(eightOfA, nineOfB, ev('Y')))], [], [...a, ...b, 'Y'], 'T', q,
            { nodeLimit: 140, upperThresholds: [0.9, 0.1], lowerThresholds: [] });
        // 0.9 keeps both (too large), 0.1 drops both (upper 0.01); 0.5 drops only 8 of 16 (P ≈ 0.60), keeping 9 of 16 (P ≈ 0.40).
        const tail = (k: number) => Array.from({ length: 17 - k }, (_, j) => choose(16, k + j)).reduce((x, y) => x + y, 0) / 2 ** 16;
        expect(bounds.upperThreshold).toBe(0.5);
        expect(bounds.upper).toBeCloseTo(tail(9) * 0.01, 15);
        expect(bounds.upper).toBeGreaterThanOrEqual(tail(8) * tail(9) * 0.01);
        expect(bounds.lower).toBe(0);
    });

    test('a diagram that does not fit leaves the trivial bound on that side', () => {
        const events = Array.from({ length: 12 }, (_, i) => `E${i}`);
        const structures = [top({ kind: 'atLeast', k: 6, operands: events.map(ev) })];
        const bounds = probabilityBounds(structures, [], events, 'T', () => 0.5, { nodeLimit: 8, upperThresholds: [0.9], lowerThresholds: [0.001] });
        expect(bounds).toEqual({ lower: 0, upper: 1 });
    });

    test('NOT and XOR are refused: dropping operands under a negation would not bound anything', () => {
        expect(() => probabilityBounds([top({ kind: 'not', operand: ev('A') })], [], ['A'], 'T', () => 0.5)).toThrow(FaultTreeError);
    });
});

function choose(n: number, k: number): number {
    let result = 1;
    for (let i = 0; i < k; i++) result = result * (n - i) / (i + 1);
    return result;
}
