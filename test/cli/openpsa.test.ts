// Open-PSA MEF through the command line: analyse, check, import and analyse the import again.
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { SHARED } from '../shared-folder.js';
import { analyzeJson, ensureBuilt, rel, tempModel } from './cli-helpers.js';

beforeAll(ensureBuilt);

const CHINESE = join(SHARED, 'benchmarks/aralia/chinese.xml');
/** SCRAM's exact result for the tree (expected.csv, 6 significant digits). */
const CHINESE_PROBABILITY = 0.00117058;

test('rel analyze and rel import of an Aralia tree give the published probability', () => {
    expect(rel(['check', CHINESE]).status).toBe(0);
    const direct = Object.values(analyzeJson(CHINESE).tops) as { probability: number; cutSetCount: number }[];
    expect(direct).toHaveLength(1);
    expect(Math.abs(direct[0].probability / CHINESE_PROBABILITY - 1)).toBeLessThan(1e-5);
    expect(direct[0].cutSetCount).toBe(392);

    const output = tempModel('', 'chinese.rel');
    const imported = rel(['import', CHINESE, '-o', output]);
    expect(imported.status, imported.stderr).toBe(0);
    const again = Object.values(analyzeJson(output).tops) as { probability: number }[];
    expect(again[0].probability).toBeCloseTo(direct[0].probability, 15);
});

test('malformed XML is a positioned error with exit 1', () => {
    const run = rel(['check', tempModel('<opsa-mef>\n  <define-gate name="g">\n    <or>\n</opsa-mef>', 'broken.xml')]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/broken\.xml:\d+:\d+: error: /);
});
