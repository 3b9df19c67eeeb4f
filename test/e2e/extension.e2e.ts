/// <reference types="mocha" />
/**
 * The extension inside a real VS Code: diagnostics, hovers and code lenses from the language server,
 * the commands that open the results panels, and what the panels draw. The figures checked are the
 * worked answers of the language reference (§12). Under launcher A each view is also photographed
 * (the launcher takes the screenshot when asked through a request file).
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { RelExtensionApi } from '../../extension/main.js';
import type { PanelKind } from '../../extension/webview/messages.js';

const EXTENSION_ID = 'rel-tools.rel-reliability';
/** §12: 2 of (A, B, C) with reliabilities 0.9, 0.99, 0.999. */
const STORAGE_RELIABILITY = '0.998892';
/** §12: π(Healthy) = 16/23 for the WebService chain, to 6 digits. */
const HEALTHY_STEADY_STATE = (16 / 23).toPrecision(6);

let api: RelExtensionApi;
let document: vscode.TextDocument;
let text: string;

function sleep(ms: number): Promise<void> {
    return new Promise(resolve => setTimeout(resolve, ms));
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        const value = await probe();
        if (value !== undefined) return value;
        await sleep(250);
    }
    throw new Error(`timed out waiting for ${what}`);
}

function positionOf(needle: string, delta = 1): vscode.Position {
    const offset = text.indexOf(needle);
    assert.ok(offset >= 0, `"${needle}" is in the model`);
    return document.positionAt(offset + delta);
}

function hoverText(hovers: vscode.Hover[]): string {
    return hovers.flatMap(h => h.contents).map(c => (typeof c === 'string' ? c : c.value)).join('\n');
}

/** Asks launcher A for a screenshot of the window as it is now; a no-op under other launchers. */
async function screenshot(name: string): Promise<void> {
    const folder = process.env.REL_E2E_SCREENSHOTS;
    if (!folder) return;
    writeFileSync(join(folder, `${name}.request`), '');
    await eventually(`screenshot ${name}`, () => (existsSync(join(folder, `${name}.done`)) ? true : undefined), 30_000);
}

/** The number of charts of the next render of panel (kind, name); rejects after `timeoutMs`. */
function nextRender(kind: PanelKind, name: string, timeoutMs: number): Promise<number> {
    return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => { listener.dispose(); reject(new Error(`the ${kind} panel did not render`)); }, timeoutMs);
        const listener = api.panels.onDidRender(event => {
            if (event.identity.kind === kind && event.identity.name === name) {
                clearTimeout(timer);
                listener.dispose();
                resolve(event.charts);
            }
        });
    });
}

/** Runs a panel command and waits until its webview reports what it drew. */
async function openPanel(command: string, kind: PanelKind, name: string): Promise<number> {
    // Room for the charts: the side bars are not what the screenshots show.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    const drawn = nextRender(kind, name, 60_000);
    await vscode.commands.executeCommand(command, { uri: document.uri.toString(), name });
    return drawn;
}

suite('Rel in VS Code', () => {
    suiteSetup(async function () {
        this.timeout(120_000);
        const folder = vscode.workspace.workspaceFolders?.[0];
        assert.ok(folder, 'the test workspace is open');
        document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'model.rel'));
        text = document.getText();
        await vscode.window.showTextDocument(document);
        const extension = vscode.extensions.getExtension<RelExtensionApi>(EXTENSION_ID);
        assert.ok(extension, `${EXTENSION_ID} is installed`);
        api = await extension.activate();
    });

    test('an unmet requirement is an error on its line', async () => {
        const line = positionOf('require Storage').line;
        const unmet = await eventually('the requirement diagnostic', () =>
            vscode.languages.getDiagnostics(document.uri).find(d => d.range.start.line === line));
        assert.equal(unmet.severity, vscode.DiagnosticSeverity.Error);
        assert.equal(unmet.source, 'rel');
    });

    test('hover on a system shows its reliability', async () => {
        const hovers = await eventually('a hover', async () => {
            const result = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf('system Storage', 8));
            return result.length > 0 ? result : undefined;
        });
        assert.match(hoverText(hovers), new RegExp(STORAGE_RELIABILITY.replace('.', '\\.')));
    });

    test('hover on a Markov chain shows its steady state', async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, positionOf('markov WebService', 8));
        assert.ok(hoverText(hovers).includes(HEALTHY_STEADY_STATE), hoverText(hovers));
    });

    test('code lenses: a summary and Run Monte Carlo over the system', async () => {
        const line = positionOf('system Storage').line;
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 10);
        const titles = lenses.filter(l => l.range.start.line === line).map(l => l.command?.title ?? '');
        assert.ok(titles.includes('▶ Run Monte Carlo'), titles.join(' | '));
        assert.ok(titles.some(t => t.includes('99.89%')), titles.join(' | '));
    });

    test('the hover as the user sees it', async () => {
        const editor = await vscode.window.showTextDocument(document);
        const at = positionOf('system Storage', 9);
        editor.selection = new vscode.Selection(at, at);
        editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenter);
        await vscode.commands.executeCommand('editor.action.showHover');
        await sleep(1500);
        await screenshot('hover');
    });

    test('Show fault tree draws the tree', async () => {
        assert.equal(await openPanel('rel.showFaultTree', 'faultTree', 'WebsiteUnavailable'), 1);
        await screenshot('fault-tree');
    });

    test('Run Monte Carlo draws the interval and the failure-time histogram', async () => {
        assert.equal(await openPanel('rel.runMonteCarlo', 'monteCarlo', 'WebClusterYear'), 2);
        await screenshot('monte-carlo');
    });

    test('Show Markov evolution draws the transient curves', async () => {
        assert.equal(await openPanel('rel.showMarkov', 'markov', 'WebService'), 1);
        await screenshot('markov');
    });

    test('Show sensitivity draws the tornado', async () => {
        assert.equal(await openPanel('rel.showSensitivity', 'sensitivity', 'WebClusterYear'), 1);
        await screenshot('sensitivity');
    });

    test('Show sensitivity of a top event uses its importance', async () => {
        assert.equal(await openPanel('rel.showSensitivity', 'sensitivity', 'WebsiteUnavailable'), 1);
    });

    test('an open panel follows the edits of its file', async () => {
        await openPanel('rel.showFaultTree', 'faultTree', 'WebsiteUnavailable');
        const redrawn = nextRender('faultTree', 'WebsiteUnavailable', 30_000);
        const edit = new vscode.WorkspaceEdit();
        const at = positionOf('probability 0.005', 'probability '.length);
        edit.replace(document.uri, new vscode.Range(at, at.translate(0, '0.005'.length)), '0.006');
        assert.ok(await vscode.workspace.applyEdit(edit));
        try {
            await redrawn;
        } finally {
            await vscode.window.showTextDocument(document);
            await vscode.commands.executeCommand('workbench.action.files.revert');
            text = document.getText();
        }
    });

    test('Export results writes the figures as CSV', async () => {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.window.showTextDocument(document);
        const target = join(tmpdir(), `rel-e2e-${process.pid}.csv`);
        await vscode.commands.executeCommand('rel.exportResults', { format: 'csv', to: vscode.Uri.file(target).toString() });
        const csv = readFileSync(target, 'utf8');
        rmSync(target);
        assert.match(csv, /^figure,value\n/);
        assert.match(csv, /\ntops\.WebsiteUnavailable\.probability,0\.195364/);
    });
});
