import { EmptyFileSystem } from 'langium';
import { parseHelper } from 'langium/test';
import { createRelServices } from '../../language/rel-module.js';
import type { Model } from '../../language/generated/ast.js';
import { test, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { SHARED } from '../shared-folder.js';
import { join } from 'node:path';
const services = createRelServices(EmptyFileSystem);
const parse = parseHelper<Model>(services.Rel);
test('spec examples parse', async () => {
  const spec = readFileSync(join(SHARED, 'spec/language.md'), 'utf8');
  const blocks = [...spec.matchAll(/```rel\n([\s\S]*?)```/g)].map(m => m[1]);
  const doc = await parse(blocks.join('\n'));
  console.log(doc.parseResult.lexerErrors, doc.parseResult.parserErrors.map(e => e.message + ' ' + e.token.startLine));
  expect(doc.parseResult.parserErrors).toEqual([]);
});
