import { readFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { createRelServices } from '../../language/rel-module.js';
import type { Model } from '../../language/generated/ast.js';
import { analyzeIncidents } from '../../engine/incidents.js';

const parse = parseHelper<Model>(createRelServices(EmptyFileSystem).Rel);
const example = (name: string) => readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');

describe('issue 3 examples', () => {
    for (const file of ['web-service-markov.rel', 'duplex-pair.rel', 'web-app-dependencies.rel', 'high-cpu-diagnosis.rel', 'incidents.rel']) {
        test(`${file} parses`, async () => {
            const document = await parse(example(file));
            expect(document.parseResult.lexerErrors).toEqual([]);
            expect(document.parseResult.parserErrors.map(e => `${e.token.startLine}: ${e.message}`)).toEqual([]);
            expect(document.parseResult.value.declarations.length).toBeGreaterThan(0);
        });
    }

    test('incidents.csv is a clean year of incidents with quoted fields', () => {
        const text = example('incidents.csv');
        expect(text).toContain('"Disk full, log rotation disabled"');
        const r = analyzeIncidents(text, { windowHours: 30 * 24 });
        expect(r.problems).toEqual([]);
        expect(r.count).toBeGreaterThanOrEqual(150);
        expect(r.count).toBeLessThanOrEqual(250);
        expect(r.observedHours).toBeGreaterThan(300 * 24);
        expect(r.windows.length).toBe(Math.ceil(r.observedHours / (30 * 24)));
        expect(r.windows.reduce((s, w) => s + w.count, 0)).toBe(r.count);
    });
});
