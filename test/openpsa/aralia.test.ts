/**
 * The Aralia benchmark trees (../shared/benchmarks/aralia): every tree reads without a diagnostic, and
 * the quick ones give SCRAM's published-and-checked top-event probability. The full set, with timings,
 * is `npm run bench -- aralia`.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { componentUnreliability } from '../../engine/components.js';
import { compileStructures, failureProbability } from '../../engine/fault-tree.js';
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
});
