import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { describe, expect, test } from 'vitest';
import type { Model } from '../../language/generated/ast.js';
import { createRelServices } from '../../language/rel-module.js';
import { MAX_NESTING_DEPTH } from '../../language/rel-lexer.js';

const services = createRelServices(EmptyFileSystem);
const parse = parseHelper<Model>(services.Rel);

describe('bad input never crashes the parser', () => {
    test('deep nesting is cut with a positioned lexer error', async () => {
        const text = 'component A { probability 0.1 }\nsystem S = ' + 'series('.repeat(20000) + 'A' + ')'.repeat(20000);
        const doc = await parse(text);
        const error = doc.parseResult.lexerErrors[0];
        expect(error.message).toContain(`${MAX_NESTING_DEPTH}`);
        expect(error.line).toBe(2);
        // "system S = " is 11 columns; each "series(" adds 7, and the (MAX + 1)-th "(" is the first refused.
        expect(error.column).toBe(11 + 7 * (MAX_NESTING_DEPTH + 1));
    });

    test('binary garbage gives lexer errors with positions', async () => {
        const bytes = Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
        const doc = await parse(bytes);
        expect(doc.parseResult.lexerErrors.length + doc.parseResult.parserErrors.length).toBeGreaterThan(0);
    });

    test('a truncated declaration is a parser error, an empty file is valid', async () => {
        const truncated = await parse('component Disk { lifetime weibull(shape 1.5, sca');
        expect(truncated.parseResult.parserErrors.length).toBeGreaterThan(0);
        const empty = await parse('');
        expect(empty.parseResult.parserErrors).toEqual([]);
        expect(empty.parseResult.lexerErrors).toEqual([]);
    });
});
