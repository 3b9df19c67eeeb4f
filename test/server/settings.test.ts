/** The client's `rel.missionTime` setting reaches the figures the server shows. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Hover } from 'vscode-languageserver-protocol/node';
import { bundleServer, positionOf, startServer, type TestServer } from './lsp-client.js';

let server: TestServer;

beforeAll(async () => {
    server = await startServer(await bundleServer(), { rel: { missionTime: '2 years' } });
}, 60_000);

afterAll(async () => {
    await server?.stop();
});

test('rel.missionTime sets the mission of the reliability figures', async () => {
    const text = 'component Pump { failure rate 0.1 per year }\n';
    const uri = 'file:///workspace/settings.rel';
    server.open(uri, text);
    await server.diagnostics(uri);
    const hover: Hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, 'Pump', 1) });
    const markdown = JSON.stringify(hover.contents);
    // R(2 y) = exp(−0.1 · 2), against exp(−0.1) for the default mission of one year.
    expect(markdown).toContain(Math.exp(-0.2).toPrecision(6));
    expect(markdown).toContain('R(2 y)');
}, 30_000);
