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

test('rel simulate runs the top of an Open-PSA file, with the exact value beside the estimate', () => {
    const run = rel(['simulate', CHINESE, '--missions', '200000', '--seed', '3', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.missions).toBe(200000);
    expect(Math.abs(result.exact / CHINESE_PROBABILITY - 1)).toBeLessThan(1e-5);
    // Within four standard errors of the published probability.
    expect(Math.abs(result.estimate - CHINESE_PROBABILITY)).toBeLessThan(4 * Math.sqrt(CHINESE_PROBABILITY / 200000));
    const named = rel(['simulate', CHINESE, result.target, '--missions', '1000', '--seed', '3', '--json']);
    expect(JSON.parse(named.stdout).target).toBe(result.target);
    const unknown = rel(['simulate', CHINESE, 'NoSuchGate']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/no simulate block, system, top, gate or chain named 'NoSuchGate' \(there is: \w+ and 35 gates\)/);
});

test('a file that is neither .rel nor .xml is a usage error, not an internal one', () => {
    for (const command of ['check', 'analyze', 'simulate']) {
        const run = rel([command, tempModel('component A p 1%', 'model.txt')]);
        expect(run.status).toBe(2);
        expect(run.stderr).toMatch(/cannot read '.*model\.txt': rel reads \.rel models and Open-PSA MEF \.xml files/);
    }
});

test('rel simulate runs a gate by name as a top event, against its exact probability from rel analyze', () => {
    const gates = analyzeJson(CHINESE).gates as Record<string, { probability: number }>;
    // The gate most likely to fail, so that 100000 missions see it often.
    const [name, { probability }] = Object.entries(gates).sort((a, b) => b[1].probability - a[1].probability)[0];
    const run = rel(['simulate', CHINESE, name, '--missions', '100000', '--seed', '4', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.target).toBe(name);
    expect(result.exact).toBeCloseTo(probability, 15);
    expect(Math.abs(result.estimate - probability)).toBeLessThan(4 * Math.sqrt(probability * (1 - probability) / 100000));
});

test('a top over 10000 basic events gets its cut sets: the diagrams recurse that deep on the command line\'s own stack', () => {
    const n = 10_000;
    const events = Array.from({ length: n }, (_, i) => `<define-basic-event name="e${i}"><float value="0.0001"/></define-basic-event>`).join('\n');
    const or = Array.from({ length: n }, (_, i) => `<basic-event name="e${i}"/>`).join('');
    const path = tempModel(`<?xml version="1.0"?>\n<opsa-mef>\n<define-fault-tree name="FT">\n<define-gate name="top"><or>${or}</or></define-gate>\n</define-fault-tree>\n<model-data>\n${events}\n</model-data>\n</opsa-mef>\n`, 'wide.xml');
    const run = rel(['analyze', path, '--json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const top = JSON.parse(run.stdout).tops.top;
    expect(top.cutSetCount).toBe(n);
    expect(top.cutSetsTruncated).toBe(true);
    expect(top.probability).toBeCloseTo(-Math.expm1(n * Math.log1p(-1e-4)), 13);
});
