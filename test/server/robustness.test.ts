/**
 * Whatever a user types, the server answers every request and stays up: seeded random edits
 * (cuts, garbage, duplicated lines, unbalanced brackets) each followed by a volley of requests.
 */
import seedrandom from 'seedrandom';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ResponseError, type Hover } from 'vscode-languageserver-protocol/node';
import { analyzeRequest, faultTreeRequest } from '../../extension/protocol.js';
import { bundleServer, startServer, type TestServer } from './lsp-client.js';

const SEED_TEXT = `mission 1 year
component Disk { lifetime weibull(shape 1.5, scale 6 years)  mttr 8 h }
component PowerA { reliability 0.999 }
component PowerB { failure rate 0.02 per year  mttr 2 h }
system Datacenter = series(parallel(PowerA, PowerB), 2 of 3 Disk)
gate G = or(PowerA, and(PowerB, not(Disk)))
top T = or(G, 2 of (PowerA, PowerB, Disk))
markov M {
  states Up, Down
  up Up
  matrix {
    Up: 0.9, 0.1
    Down: 0.5, 0.5
  }
}
diagnosis D { X prior 0.5 likelihood 0.9  Y prior 0.5 likelihood 0.1 }
require Datacenter availability >= 99.9%
simulate S { system Datacenter missions 100 seed 1 }
`;

const GARBAGE = ['(', ')', '{', '}', ',', '%', ' of ', ' per ', '->', 'series(', 'markov X {', '\u0000', 'é', '"', '/*', '1e309', '-', 'system', ' 3 of 99 ', '\n'];
const ITERATIONS = 100;
/** A request that takes longer than this counts as unanswered. */
const ANSWER_WITHIN_MS = 20_000;

let server: TestServer;

beforeAll(async () => {
    server = await startServer(await bundleServer());
}, 60_000);

afterAll(async () => {
    await server?.stop();
});

function mutate(text: string, random: () => number): string {
    const at = Math.floor(random() * (text.length + 1));
    const span = Math.floor(random() * 12);
    switch (Math.floor(random() * 4)) {
        case 0: return text.slice(0, at) + text.slice(at + span);
        case 1: return text.slice(0, at) + GARBAGE[Math.floor(random() * GARBAGE.length)] + text.slice(at);
        case 2: {
            const lines = text.split('\n');
            const line = Math.floor(random() * lines.length);
            lines.splice(line, 0, lines[line]);
            return lines.join('\n');
        }
        default: return text.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x3000)) + text.slice(at);
    }
}

/** Resolves to 'answered' for a result or an error response; rejects when the server stays silent. */
async function answered(request: Promise<unknown>): Promise<'answered'> {
    let timer: NodeJS.Timeout | undefined;
    const silence = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('unanswered request')), ANSWER_WITHIN_MS); });
    try {
        await Promise.race([request.catch(error => {
            if (!(error instanceof ResponseError)) throw error;
        }), silence]);
        return 'answered';
    } finally {
        clearTimeout(timer);
    }
}

test('random edits and requests never kill the server or leave a request unanswered', async () => {
    const random = seedrandom('rel-robustness');
    const uri = 'file:///workspace/fuzz.rel';
    let text = SEED_TEXT;
    server.open(uri, text);
    for (let version = 2; version < ITERATIONS + 2; version++) {
        text = mutate(mutate(text, random), random);
        server.change(uri, version, text);
        const lines = text.split('\n');
        const line = Math.floor(random() * lines.length);
        const position = { line, character: Math.floor(random() * (lines[line].length + 1)) };
        const document = { textDocument: { uri } };
        const requests = [
            server.connection.sendRequest('textDocument/hover', { ...document, position }),
            server.connection.sendRequest('textDocument/completion', { ...document, position }),
            server.connection.sendRequest('textDocument/definition', { ...document, position }),
            server.connection.sendRequest('textDocument/codeLens', document),
            server.connection.sendRequest('textDocument/documentSymbol', document),
            server.connection.sendRequest('textDocument/semanticTokens/full', document),
            server.connection.sendRequest('textDocument/foldingRange', document),
            server.connection.sendRequest('textDocument/formatting', { ...document, options: { tabSize: 2, insertSpaces: true } }),
            server.connection.sendRequest('textDocument/codeAction', { ...document, range: { start: position, end: position }, context: { diagnostics: [] } }),
            server.connection.sendRequest(analyzeRequest.method, { uri }),
            server.connection.sendRequest(faultTreeRequest.method, { uri, name: 'T' })
        ];
        const answers = await Promise.all(requests.map(answered));
        expect(answers.every(a => a === 'answered')).toBe(true);
        expect(server.process.exitCode).toBeNull();
    }
    // Restored to a valid model, the server still computes figures.
    server.change(uri, ITERATIONS + 2, SEED_TEXT);
    const hover: Hover | null = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 12 } });
    expect(JSON.stringify(hover?.contents)).toContain('0.999');
}, 240_000);
