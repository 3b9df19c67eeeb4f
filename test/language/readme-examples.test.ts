// The README's language example is a model users copy: it must parse and validate without errors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { specExamples, validate } from './helpers.js';

test('every rel block of the README is a valid model', async () => {
    const blocks = specExamples(readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThan(0);
    for (const block of blocks) {
        const { errors } = await validate(block);
        expect(errors.map(d => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
    }
});
