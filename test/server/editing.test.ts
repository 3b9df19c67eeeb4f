/**
 * The editing helpers of the bundled server over stdio: quick fixes (applied and re-validated),
 * unit completion, formatting and semantic tokens.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, SemanticTokens, TextEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { bundleServer, positionOf, startServer, type TestServer } from './lsp-client.js';

let server: TestServer;
let documentCount = 0;

beforeAll(async () => {
    server = await startServer(await bundleServer());
}, 60_000);

afterAll(async () => {
    await server?.stop();
});

function applyEdits(text: string, edits: TextEdit[]): string {
    return TextDocument.applyEdits(TextDocument.create('file:///x.rel', 'rel', 1, text), edits);
}

async function openAndValidate(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
    const uri = `file:///workspace/editing-${++documentCount}.rel`;
    server.open(uri, text);
    return { uri, diagnostics: await server.diagnostics(uri) };
}

async function quickFixes(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return server.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] }
    });
}

async function fixOnce(text: string, code: string): Promise<string> {
    const { uri, diagnostics } = await openAndValidate(text);
    const diagnostic = diagnostics.find(d => d.code === code || (d.data as { code?: string } | undefined)?.code === code);
    expect(diagnostic, `a ${code} diagnostic`).toBeDefined();
    const [action] = await quickFixes(uri, diagnostic!);
    return applyEdits(text, action.edit!.changes![uri]);
}

const CHAIN = (row: string) => `markov M {
  states Up, Down
  up Up
  matrix {
    Up: ${row}
    Down: 0.5, 0.5
  }
}
`;

describe('quick fixes', () => {
    test('normalise a Markov row: each value divided by the row sum, and the error is gone', async () => {
        const fixed = await fixOnce(CHAIN('0.9, 0.2'), 'markov-row-sum');
        const values = /Up: (.*)\n/.exec(fixed)![1].split(',').map(Number);
        expect(values[0]).toBeCloseTo(0.9 / 1.1, 11);
        expect(values[1]).toBeCloseTo(0.2 / 1.1, 11);
        expect(Math.abs(values[0] + values[1] - 1)).toBeLessThan(1e-9);
        const { diagnostics } = await openAndValidate(fixed);
        expect(diagnostics.filter(d => d.code === 'markov-row-sum')).toEqual([]);
    }, 30_000);

    test('normalise the priors of a diagnosis', async () => {
        const fixed = await fixOnce('diagnosis D {\n  X prior 0.2 likelihood 0.9\n  Y prior 0.6 likelihood 0.1\n}\n', 'priors-not-normalised');
        expect(fixed).toBe('diagnosis D {\n  X prior 0.25 likelihood 0.9\n  Y prior 0.75 likelihood 0.1\n}\n');
    }, 30_000);

    test('create a missing component', async () => {
        const fixed = await fixOnce('component A { reliability 0.9 }\nsystem S = series(A, Pump)\n', 'linking-error');
        expect(fixed).toContain('component Pump {');
        const { diagnostics } = await openAndValidate(fixed);
        expect(diagnostics.filter(d => d.severity === 1)).toEqual([]);
    }, 30_000);

    test('replace an unknown unit by the suggestion', async () => {
        const fixed = await fixOnce('component A { failure rate 2 per yer }\n', 'unknown-unit');
        expect(fixed).toBe('component A { failure rate 2 per yr }\n');
    }, 30_000);
});

describe('completion, formatting, semantic tokens', () => {
    test('time units are offered after a number', async () => {
        const text = 'component A { mttf 5  }\n';
        const { uri } = await openAndValidate(text);
        const result: CompletionList | CompletionItem[] = await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: positionOf(text, 'mttf 5 ', 7) });
        const labels = (Array.isArray(result) ? result : result.items).map(item => item.label);
        expect(labels).toEqual(expect.arrayContaining(['h', 'hours', 'years', 'FIT']));
    }, 30_000);

    test('formatting indents blocks and spaces lists', async () => {
        const text = 'component A {reliability 0.9}\nsystem S = series( A ,A )\nmarkov M {\nstates Up , Down\n      up Up\nmatrix {\nUp: 1, 0\nDown: 1 , 0\n}\n}\n';
        const { uri } = await openAndValidate(text);
        const edits: TextEdit[] = await server.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
        expect(applyEdits(text, edits)).toBe('component A { reliability 0.9 }\nsystem S = series(A, A)\nmarkov M {\n  states Up, Down\n  up Up\n  matrix {\n    Up: 1, 0\n    Down: 1, 0\n  }\n}\n');
    }, 30_000);

    test('semantic tokens tell a system from a component', async () => {
        const text = 'component Disk { reliability 0.9 }\nsystem Store = series(Disk, Disk)\n';
        const { uri } = await openAndValidate(text);
        const legend = server.initializeResult.capabilities.semanticTokensProvider!.legend;
        const tokens: SemanticTokens = await server.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
        // Decode the relative encoding: (deltaLine, deltaStart, length, type, modifiers) per token.
        let line = 0;
        let start = 0;
        const decoded: Array<{ text: string; type: number }> = [];
        const lines = text.split('\n');
        for (let i = 0; i < tokens.data.length; i += 5) {
            line += tokens.data[i];
            start = tokens.data[i] === 0 ? start + tokens.data[i + 1] : tokens.data[i + 1];
            decoded.push({ text: lines[line].slice(start, start + tokens.data[i + 2]), type: tokens.data[i + 3] });
        }
        const typeOf = (name: string) => decoded.filter(t => t.text === name).map(t => t.type);
        const disk = typeOf('Disk');
        expect(disk).toHaveLength(3);
        expect(new Set(disk).size).toBe(1);
        expect(typeOf('Store')).toHaveLength(1);
        expect(typeOf('Store')[0]).not.toBe(disk[0]);
        expect(legend.tokenTypes[disk[0]]).toBe('variable');
        expect(legend.tokenTypes[typeOf('Store')[0]]).toBe('class');
    }, 30_000);

    test('rename, go to definition and the outline come from Langium', async () => {
        const text = 'component Disk { reliability 0.9 }\nsystem Store = series(Disk, Disk)\nrequire Store reliability >= 0.5\n';
        const { uri } = await openAndValidate(text);
        const rename: { changes: Record<string, TextEdit[]> } = await server.connection.sendRequest('textDocument/rename', { textDocument: { uri }, position: positionOf(text, 'Disk', 1), newName: 'Drive' });
        expect(applyEdits(text, rename.changes[uri])).toBe(text.replaceAll('Disk', 'Drive'));
        const definition: Array<{ range: { start: { line: number } } }> | { range: { start: { line: number } } } = await server.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: positionOf(text, 'Store reliability', 1) });
        const target = Array.isArray(definition) ? definition[0] : definition;
        expect('targetRange' in target ? (target as unknown as { targetRange: { start: { line: number } } }).targetRange.start.line : target.range.start.line).toBe(1);
        const symbols: Array<{ name: string }> = await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
        expect(symbols.map(symbol => symbol.name)).toEqual(['Disk', 'Store']);
    }, 30_000);

    test('formatting the examples keeps their meaning and is idempotent', async () => {
        const format = async (text: string) => {
            const { uri, diagnostics } = await openAndValidate(text);
            const edits: TextEdit[] = await server.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
            return { formatted: applyEdits(text, edits), diagnostics };
        };
        const describeDiagnostics = (diagnostics: Diagnostic[]) => diagnostics.map(d => `${d.severity} ${d.message}`).sort();
        for (const file of readdirSync('examples').filter(name => name.endsWith('.rel'))) {
            const original = readFileSync(join('examples', file), 'utf8');
            const once = await format(original);
            const twice = await format(once.formatted);
            expect(twice.formatted, file).toBe(once.formatted);
            // Same problems before and after (messages name things, not places).
            expect(describeDiagnostics(twice.diagnostics), file).toEqual(describeDiagnostics(once.diagnostics));
            expect(once.formatted.replace(/\s+/g, ''), file).toBe(original.replace(/\s+/g, ''));
        }
    }, 60_000);
});
