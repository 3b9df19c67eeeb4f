/**
 * A minimal LSP client for tests: bundles server/main.ts the way esbuild.mjs does, starts it with
 * `--stdio` and speaks JSON-RPC to it over the pipes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import {
    createProtocolConnection, PublishDiagnosticsNotification, StreamMessageReader, StreamMessageWriter,
    type Diagnostic, type InitializeResult, type ProtocolConnection
} from 'vscode-languageserver-protocol/node';

export interface TestServer {
    connection: ProtocolConnection;
    process: ChildProcess;
    initializeResult: InitializeResult;
    /** Everything the server wrote to stderr. */
    stderr: () => string;
    /** The latest diagnostics published for `uri` that satisfy `predicate`, waiting for them if needed. */
    diagnostics: (uri: string, predicate?: (diagnostics: Diagnostic[]) => boolean) => Promise<Diagnostic[]>;
    open: (uri: string, text: string) => void;
    change: (uri: string, version: number, text: string) => void;
    stop: () => Promise<void>;
}

/** Bundles the server and its analysis worker into a temporary folder, as `npm run build` bundles them into out/server/. */
export async function bundleServer(): Promise<string> {
    const outdir = mkdtempSync(join(tmpdir(), 'rel-server-'));
    await build({
        entryPoints: ['server/main.ts', 'server/analysis-worker.ts'], outdir, outExtension: { '.js': '.cjs' },
        bundle: true, platform: 'node', target: 'node22', format: 'cjs', logLevel: 'error'
    });
    return join(outdir, 'main.cjs');
}

/**
 * `settings` answers the server's `workspace/configuration` requests, by section (`rel`);
 * `workspaceFolder` (a file URI) is the folder the server loads at start.
 */
export async function startServer(bundle: string, settings: Record<string, unknown> = {}, workspaceFolder?: string): Promise<TestServer> {
    const child = spawn(process.execPath, [bundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', chunk => { stderr += String(chunk); });
    // Once the server has been told to exit, a message still in flight may meet a closed pipe.
    let stopping = false;
    child.stdin!.on('error', error => { if (!stopping) throw error; });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const published = new Map<string, Diagnostic[]>();
    const waiters: Array<{ uri: string; predicate: (d: Diagnostic[]) => boolean; resolve: (d: Diagnostic[]) => void }> = [];
    connection.onNotification(PublishDiagnosticsNotification.type, params => {
        published.set(params.uri, params.diagnostics);
        for (const waiter of [...waiters]) {
            if (waiter.uri === params.uri && waiter.predicate(params.diagnostics)) {
                waiters.splice(waiters.indexOf(waiter), 1);
                waiter.resolve(params.diagnostics);
            }
        }
    });
    // The server asks for configuration and registers capabilities; answer as a plain client would.
    connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => params.items.map(item => settings[item.section ?? ''] ?? null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    const initializeResult: InitializeResult = await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: workspaceFolder ?? null,
        workspaceFolders: workspaceFolder ? [{ uri: workspaceFolder, name: 'workspace' }] : null,
        capabilities: {
            window: { workDoneProgress: true },
            textDocument: { hover: { contentFormat: ['markdown'] }, publishDiagnostics: {} },
            workspace: { configuration: true }
        }
    });
    connection.sendNotification('initialized', {});
    return {
        connection,
        process: child,
        initializeResult,
        stderr: () => stderr,
        diagnostics: (uri, predicate = () => true) => new Promise(resolve => {
            const last = published.get(uri);
            if (last && predicate(last)) {
                published.delete(uri);
                resolve(last);
            } else {
                waiters.push({ uri, predicate, resolve });
            }
        }),
        open: (uri, text) => {
            published.delete(uri);
            connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'rel', version: 1, text } });
        },
        change: (uri, version, text) => {
            published.delete(uri);
            connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
        },
        stop: async () => {
            stopping = true;
            const exited = new Promise(resolve => child.once('exit', resolve));
            const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
            try {
                await Promise.race([connection.sendRequest('shutdown'), wait(2000)]);
                await connection.sendNotification('exit');
                await Promise.race([exited, wait(2000)]);
            } finally {
                connection.dispose();
                child.kill();
            }
        }
    };
}

/** The position (0-based) of the first occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
    const offset = text.indexOf(needle);
    if (offset < 0) throw new Error(`"${needle}" is not in the text`);
    const before = text.slice(0, offset + delta).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
}
