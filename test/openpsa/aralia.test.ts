/**
 * The Aralia benchmark trees (../shared/benchmarks/aralia): every tree reads without a diagnostic, and
 * the quick ones give SCRAM's published-and-checked top-event probability. The full set, with timings,
 * is `npm run bench -- aralia`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { componentUnreliability } from '../../engine/components.js';
import { Zbdd } from '../../engine/bdd.js';
import { familySize } from '../../engine/cut-sets.js';
import { compileStructures, failureProbability, structureFigures } from '../../engine/fault-tree.js';
import { componentsOf } from '../../engine/model.js';
import type { FaultExpr, ReliabilityModel } from '../../engine/model.js';
import { readOpenPsa } from '../../openpsa/reader.js';
import { SHARED } from '../shared-folder.js';
import { enumerateProbability } from './enumerate.js';

const directory = join(SHARED, 'benchmarks/aralia');
const available = existsSync(join(directory, 'expected.csv'));

/** Trees whose exact probability takes well under a second: enough variety (coherent, NOT, XOR, k-of-n) for a unit test. */
const QUICK_TREES = ['baobab1', 'baobab2', 'chinese', 'das9201', 'das9202', 'das9203', 'das9204', 'das9205', 'das9206',
    'das9208', 'das9209', 'das9601', 'edf9205', 'isp9601', 'isp9602', 'isp9604', 'isp9605', 'isp9607'];

function expectedProbabilities(): Map<string, number> {
    const [header, ...rows] = readFileSync(join(directory, 'expected.csv'), 'utf8').trim().split(/\r?\n/);
    const columns = header.split(',');
    const tree = columns.indexOf('tree'), probability = columns.indexOf('top_probability');
    return new Map(rows.map(row => row.split(',')).filter(cells => cells[probability] !== '')
        .map(cells => [cells[tree], Number(cells[probability])]));
}

describe.skipIf(!available)('Aralia trees', () => {
    test('all 43 read without diagnostics, with every definition of the file', () => {
        const files = readdirSync(directory).filter(f => f.endsWith('.xml'));
        expect(files).toHaveLength(43);
        for (const file of files) {
            const text = readFileSync(join(directory, file), 'utf8');
            const { model, diagnostics } = readOpenPsa(text, file);
            expect(diagnostics, file).toEqual([]);
            expect(model.components.length, file).toBe(text.match(/<define-basic-event\b/g)?.length);
            expect(model.structures.length, file).toBe(text.match(/<define-gate\b/g)?.length);
            expect(model.structures.filter(s => s.kind === 'top').map(s => s.name), file).toEqual(['r1']);
        }
    });

    test('quick trees: the exact top-event probability is within 1e-5 of expected.csv', () => {
        const expected = expectedProbabilities();
        for (const tree of QUICK_TREES) {
            const { model } = readOpenPsa(readFileSync(join(directory, `${tree}.xml`), 'utf8'), `${tree}.xml`);
            const q = new Map(model.components.map(c => [c.name, componentUnreliability(c, model.missionHours) ?? NaN]));
            const compiled = compileStructures(model.structures, model.commonCauses, [...q.keys()]);
            const probability = failureProbability(compiled, 'r1', name => q.get(name) ?? NaN);
            const reference = expected.get(tree)!;
            expect(Math.abs(probability - reference) / reference, tree).toBeLessThan(1e-5);
        }
    });

    test('cut-set counts: a non-coherent tree\'s negations dropped as SCRAM does; edf9206 against a second method', () => {
        const figures = (tree: string) => {
            const { model } = readOpenPsa(readFileSync(join(directory, `${tree}.xml`), 'utf8'), `${tree}.xml`);
            const q = new Map(model.components.map(c => [c.name, componentUnreliability(c, model.missionHours) ?? NaN]));
            const compiled = compileStructures(model.structures, model.commonCauses, [...q.keys()]);
            return { model, figures: structureFigures(compiled, 'r1', name => q.get(name) ?? NaN, { maxCutSets: 1 }) };
        };
        const das9601 = figures('das9601').figures;
        expect(das9601.coherent).toBe(false);
        expect(das9601.minimalCutSetCount).toBe(4259);
        // expected.csv gives edf9206 the published 385825320; minimal cut sets built bottom-up from the
        // model's expressions in a ZBDD, without the BDD, agree with the engine instead.
        const edf9206 = figures('edf9206');
        expect(edf9206.figures.cutSetCount).toBe(bottomUpCutSetCount(edf9206.model, 'r1'));
        expect(edf9206.figures.cutSetCount).toBe(7159688704);
    });

    test('nus9601 reduces exactly to one gate: P(r1) = α + β·P(g8), α and β by the engine and by enumeration', () => {
        const { model } = readOpenPsa(readFileSync(join(directory, 'nus9601.xml'), 'utf8'), 'nus9601.xml');
        const q = new Map(model.components.map(c => [c.name, componentUnreliability(c, model.missionHours) ?? NaN]));
        // r1 with g8 forced false or true (an empty OR is false, an empty AND true).
        const forced = (value: boolean) => model.structures.map(s => s.name === 'g8'
            ? { ...s, failure: { kind: value ? 'and' : 'or', operands: [] } as FaultExpr } : s);
        const outside = [...componentsOf('r1', new Map(forced(false).map(s => [s.name, s])))];
        const inside = componentsOf('g8', new Map(model.structures.map(s => [s.name, s])));
        // g8's 1,551 events appear nowhere else under r1: g8 is one independent random variable, so P(r1)
        // is linear in P(g8).
        expect(inside.size).toBe(1551);
        expect(outside).toHaveLength(16);
        expect(outside.filter(name => inside.has(name))).toEqual([]);
        const engine = (value: boolean) =>
            failureProbability(compileStructures(forced(value), [], [...q.keys()]), 'r1', name => q.get(name)!);
        const alpha = engine(false), beta = engine(true) - alpha;

        // The same two numbers by enumerating the 2^16 states of the events outside g8, g8 standing as one
        // more event that always or never fails.
        const withG8As = (p: number): ReliabilityModel => ({
            ...model,
            components: [...outside.map(name => ({ name, failure: { kind: 'probability', q: q.get(name)! } as const })),
                { name: 'g8#event', failure: { kind: 'probability', q: p } }],
            structures: model.structures.map(s => s.name === 'g8' ? { ...s, failure: { kind: 'event', name: 'g8#event' } as FaultExpr } : s)
        });
        const enumerated = [enumerateProbability(withG8As(0), 'r1'), enumerateProbability(withG8As(1), 'r1')];
        // Summing 2^16 terms rounds: relative agreement to 1e-12.
        expect(Math.abs(alpha / enumerated[0] - 1)).toBeLessThan(1e-12);
        expect(Math.abs(beta / (enumerated[1] - enumerated[0]) - 1)).toBeLessThan(1e-12);
        // α = 4969636765424827078364051 / 5·10^29 exactly (all events at 1/100, in rationals).
        expect(Math.abs(alpha / 9.939273530849654e-6 - 1)).toBeLessThan(1e-14);
    });
});

/** Minimal cut sets of a coherent tree by MOCUS-style set algebra in a ZBDD: union for OR, product for AND, then minimisation. */
function bottomUpCutSetCount(model: ReliabilityModel, top: string): number {
    const z = new Zbdd();
    const levels = new Map(model.components.map((c, i) => [c.name, i]));
    const byName = new Map(model.structures.map(s => [s.name, s]));
    const minimalMemo = new Map<number, number>(), gateMemo = new Map<string, number>();
    const minimal = (f: number): number => {
        if (f <= 1) return f;
        let r = minimalMemo.get(f);
        if (r === undefined) {
            const low = minimal(z.low(f));
            r = z.mk(z.level(f), low, z.without(minimal(z.high(f)), low));
            minimalMemo.set(f, r);
        }
        return r;
    };
    const family = (e: FaultExpr): number => {
        switch (e.kind) {
            case 'event': return z.mk(levels.get(e.name)!, 0, 1);
            case 'ref': {
                let r = gateMemo.get(e.name);
                if (r === undefined) gateMemo.set(e.name, r = family(byName.get(e.name)!.failure));
                return r;
            }
            case 'or': return minimal(e.operands.reduce((r, o) => z.union(r, family(o)), 0));
            case 'and': return e.operands.reduce((r, o) => minimal(z.product(r, family(o))), 1);
            default: throw new Error(`${e.kind}: not in a coherent AND/OR tree`);
        }
    };
    return familySize(z, family(byName.get(top)!.failure));
}
