import { existsSync, readFileSync } from 'node:fs';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import { componentUnreliability } from '../../engine/components.js';
import { compileStructures, failureProbability } from '../../engine/fault-tree.js';
import type { ReliabilityModel } from '../../engine/model.js';
import type { Model } from '../../language/generated/ast.js';
import { buildModel } from '../../language/model-builder.js';
import { createRelServices } from '../../language/rel-module.js';
import { readOpenPsa } from '../../openpsa/reader.js';
import { openPsaToRel, REL_KEYWORDS, RelNames, relNamesOf } from '../../openpsa/to-rel.js';
import { enumerateProbability } from './enumerate.js';
import { SHARED } from '../shared-folder.js';
import { join } from 'node:path';

const DAS9601 = join(SHARED, 'benchmarks/aralia/das9601.xml');
const services = createRelServices(EmptyFileSystem);
const parse = parseHelper<Model>(services.Rel);

/** Parses `.rel` text with validation; fails the test on any lexer, parser, linking or validation error. */
async function parseRel(text: string): Promise<ReliabilityModel> {
    const document = await parse(text, { validation: true });
    expect(document.parseResult.lexerErrors).toEqual([]);
    expect(document.parseResult.parserErrors).toEqual([]);
    expect((document.diagnostics ?? []).filter(d => d.severity === 1).map(d => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    return buildModel(document.parseResult.value);
}

function probabilities(model: ReliabilityModel): (component: string) => number {
    return name => {
        const component = model.components.find(c => c.name === name);
        return (component && componentUnreliability(component, model.missionHours)) ?? NaN;
    };
}

const ev = (name: string) => `<basic-event name="${name}"/>`;

/** Names a `.rel` file cannot use as they are: dashes, dots, digits first, keywords, and a clash after sanitising. */
const awkward = `<?xml version="1.0"?>
<opsa-mef>
<define-fault-tree name="plant">
<define-gate name="top">
  <or><gate name="and"/><gate name="g.2"/><gate name="xor-gate"/><gate name="k-of-n"/><gate name="cardinality"/></or>
</define-gate>
<define-gate name="and"><and>${ev('pump-a')}${ev('pump_a')}<not>${ev('1st')}</not></and></define-gate>
<define-gate name="g.2"><imply>${ev('event')}<iff>${ev('valve.1')}${ev('probability')}</iff></imply></define-gate>
<define-gate name="xor-gate"><xor>${ev('valve.1')}${ev('1st')}${ev('pump-a')}</xor></define-gate>
<define-gate name="k-of-n"><atleast min="2">${ev('ccf-1')}${ev('ccf-2')}${ev('ccf-3')}</atleast></define-gate>
<define-gate name="cardinality"><cardinality min="1" max="1">${ev('aged')}${ev('event')}</cardinality></define-gate>
<define-basic-event name="pump-a"><float value="0.1"/></define-basic-event>
<define-basic-event name="pump_a"><float value="0.2"/></define-basic-event>
<define-basic-event name="1st"><float value="0.3"/></define-basic-event>
<define-basic-event name="event"><float value="0.05"/></define-basic-event>
<define-basic-event name="valve.1"><float value="0.15"/></define-basic-event>
<define-basic-event name="probability"><float value="0.25"/></define-basic-event>
<define-basic-event name="aged"><exponential><float value="1e-4"/><system-mission-time/></exponential></define-basic-event>
<define-CCF-group name="ccf" model="beta-factor">
  <members>${ev('ccf-1')}${ev('ccf-2')}${ev('ccf-3')}</members>
  <distribution><float value="0.02"/></distribution>
  <factor><float value="0.1"/></factor>
</define-CCF-group>
</define-fault-tree>
</opsa-mef>`;

describe('names', () => {
    test('every keyword of the grammar is reserved', () => {
        const grammar = readFileSync(new URL('../../language/rel.langium', import.meta.url), 'utf8');
        const keywords = [...grammar.matchAll(/'([A-Za-z_][A-Za-z0-9_]*)'/g)].map(m => m[1]);
        expect(keywords.length).toBeGreaterThan(30);
        expect(keywords.filter(k => !REL_KEYWORDS.has(k))).toEqual([]);
    });

    test('sanitised names are identifiers, unique and not keywords', () => {
        const names = new RelNames();
        const originals = ['pump-a', 'pump_a', 'pump.a', '1st', 'top', 'and', 'ok_name', 'é'];
        const identifiers = originals.map(name => names.identifier(name));
        expect(identifiers).toEqual(['pump_a', 'pump_a_2', 'pump_a_3', '_1st', 'top_', 'and_', 'ok_name', '_']);
        expect(names.identifier('pump-a')).toBe('pump_a');
    });
});

describe('openPsaToRel', () => {
    test('awkward names and every connective: the .rel parses and gives the same probabilities', async () => {
        const { model, diagnostics } = readOpenPsa(awkward, 'plant.xml');
        expect(diagnostics).toEqual([]);
        const text = openPsaToRel(model, { sourceName: 'plant.xml' });
        expect(text).toContain('// Imported from plant.xml');
        expect(text).toContain('gate and_ = and(pump_a, pump_a_2, not(_1st))  // MEF name: and');
        expect(text).toContain('common cause ccf beta 0.1 among ccf_1, ccf_2, ccf_3');
        const imported = await parseRel(text);
        const names = relNamesOf(model);
        const importedNames = model.structures.map(s => names.identifier(s.name));
        expect(imported.structures.map(s => [s.name, s.kind]).sort()).toEqual(model.structures.map((s, i) => [importedNames[i], s.kind]).sort());
        const compiled = compileStructures(imported.structures, imported.commonCauses, imported.components.map(c => c.name));
        model.structures.forEach((structure, i) => {
            const fromXml = enumerateProbability(model, structure.name);
            expect(enumerateProbability(imported, importedNames[i]), structure.name).toBeCloseTo(fromXml, 14);
            expect(failureProbability(compiled, importedNames[i], probabilities(imported)), structure.name).toBeCloseTo(fromXml, 14);
        });
    });

    test('long gates are written one operand per line', async () => {
        const events = Array.from({ length: 30 }, (_, i) => `event-number-${i}`);
        const xml = `<opsa-mef><define-gate name="top"><or>${events.map(ev).join('')}</or></define-gate>` +
            events.map(e => `<define-basic-event name="${e}"><float value="0.01"/></define-basic-event>`).join('') + '</opsa-mef>';
        const text = openPsaToRel(readOpenPsa(xml).model, { maxLineLength: 80 });
        expect(text).toContain('top top_ = or(\n    event_number_0,\n    event_number_1,');
        expect(Math.max(...text.split('\n').map(line => line.length))).toBeLessThanOrEqual(80);
        const imported = await parseRel(text);
        const compiled = compileStructures(imported.structures, imported.commonCauses, imported.components.map(c => c.name));
        expect(failureProbability(compiled, 'top_', probabilities(imported))).toBeCloseTo(1 - 0.99 ** 30, 14);
    });

    test.skipIf(!existsSync(DAS9601))('an Aralia tree with NOT gates imports to the same top-event probability', async () => {
        const { model, diagnostics } = readOpenPsa(readFileSync(DAS9601, 'utf8'), 'das9601.xml');
        expect(diagnostics).toEqual([]);
        const imported = await parseRel(openPsaToRel(model, { sourceName: 'das9601.xml' }));
        expect(imported.structures.length).toBe(model.structures.length);
        expect(imported.structures.filter(s => s.kind === 'top').map(s => s.name)).toEqual(['r1']);
        const topProbability = (m: ReliabilityModel) =>
            failureProbability(compileStructures(m.structures, m.commonCauses, m.components.map(c => c.name)), 'r1', probabilities(m));
        const fromRel = topProbability(imported);
        expect(fromRel).toBeCloseTo(topProbability(model), 15);
        // SCRAM's value for das9601 (expected.csv): an independent check that the import changed nothing.
        expect(Math.abs(fromRel - 0.0042344) / 0.0042344).toBeLessThan(1e-5);
    });
});
