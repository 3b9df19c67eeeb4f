import { test } from 'vitest';
import { validate, REALISTIC_MODEL } from './helpers.js';
import { buildModel } from '../../language/model-builder.js';
test('scratch', async () => {
  const v = await validate(REALISTIC_MODEL);
  console.log(v.document.parseResult.parserErrors.map(e => e.message), v.diagnostics.map(d => d.severity + ' ' + d.message + ' @' + d.range.start.line + ' ' + v.textAt(d)));
  const m = buildModel(v.model);
  console.log(JSON.stringify(m).slice(0, 3000));
});
