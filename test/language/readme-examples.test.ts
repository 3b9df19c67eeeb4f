// The README's language example is a model users copy: it must parse and validate without errors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { expect, test } from 'vitest';
import type { Model } from '../../language/generated/ast.js';
import { createRelServices } from '../../language/rel-module.js';

const parse = parseHelper<Model>(createRelServices(EmptyFileSystem).Rel);

test('every rel block of the README is a valid model', async () => {
    const readme = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```rel\n([\s\S]*?)```/g)].map(m => m[1]);
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
        const document = await parse(block, { validation: true });
        const errors = (document.diagnostics ?? []).filter(d => d.severity === 1).map(d => `${d.range.start.line + 1}: ${d.message}`);
        expect(errors).toEqual([]);
    }
});
