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
import type { FaultExpr, ReliabilityModel } from '../../engine/model.js';
import { readOpenPsa } from '../../openpsa/reader.js';
import { SHARED } from '../shared-folder.js';

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
