/**
 * The results panels (charts and the fault tree): one webview per (kind, declaration), a strict CSP
 * with a nonce, data by postMessage only, rebuilt after a window reload by the panel serializer.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { FromPanelMessage, PanelIdentity, PanelKind, PanelView, ToPanelMessage } from './webview/messages.js';

export const RESULTS_VIEW_TYPE = 'rel.results';

const TITLES: Record<PanelKind, string> = {
    monteCarlo: 'Monte Carlo',
    markov: 'Markov evolution',
    sensitivity: 'Sensitivity',
    faultTree: 'Fault tree'
};

/** Computes what a panel shows (asking the server); throws an Error with a readable message when it cannot. */
export type ViewLoader = (identity: PanelIdentity, token: vscode.CancellationToken) => Promise<PanelView>;

interface OpenPanel {
    panel: vscode.WebviewPanel;
    identity: PanelIdentity;
    /** The last message posted, re-posted when the webview reloads (hidden and shown again). */
    last?: ToPanelMessage;
    loading?: vscode.CancellationTokenSource;
}

function keyOf(identity: PanelIdentity): string {
    return `${identity.kind}|${identity.uri}|${identity.name}`;
}

function isIdentity(value: unknown): value is PanelIdentity {
    const v = value as Partial<PanelIdentity> | undefined;
    return typeof v?.uri === 'string' && typeof v.name === 'string' && typeof v.kind === 'string' && v.kind in TITLES;
}

export class ResultsPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
    private readonly open = new Map<string, OpenPanel>();
    private readonly renderedEmitter = new vscode.EventEmitter<{ identity: PanelIdentity; charts: number }>();
    /** Fires when a panel has drawn its view (used by the tests and nothing else). */
    readonly onDidRender = this.renderedEmitter.event;
    private lastActive: OpenPanel | undefined;

    constructor(private readonly extensionUri: vscode.Uri, private readonly load: ViewLoader) {}

    /** Opens (or reveals) the panel of `identity` and fills it. */
    async show(identity: PanelIdentity): Promise<void> {
        const existing = this.open.get(keyOf(identity));
        if (existing) {
            existing.panel.reveal(undefined, true);
            await this.refresh(existing);
            return;
        }
        const panel = vscode.window.createWebviewPanel(RESULTS_VIEW_TYPE, this.title(identity), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.options());
        await this.refresh(this.attach(panel, identity));
    }

    async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const identity = (state as { identity?: unknown } | undefined)?.identity;
        if (!isIdentity(identity)) {
            panel.dispose();
            return;
        }
        panel.webview.options = this.options();
        await this.refresh(this.attach(panel, identity));
    }

    /** Recomputes the panels of a document; Monte Carlo panels only when `includeSimulations` (a save, not a keystroke). */
    async refreshDocument(uri: string, includeSimulations: boolean): Promise<void> {
        const panels = [...this.open.values()].filter(p => p.identity.uri === uri && (includeSimulations || p.identity.kind !== 'monteCarlo'));
        await Promise.all(panels.map(p => this.refresh(p)));
    }

    /** The view of the most recently active panel, for export. */
    activeView(): { identity: PanelIdentity; view: PanelView } | undefined {
        const last = this.lastActive?.last;
        return this.lastActive && last?.type === 'show' ? { identity: this.lastActive.identity, view: last.view } : undefined;
    }

    dispose(): void {
        for (const open of this.open.values()) open.panel.dispose();
        this.renderedEmitter.dispose();
    }

    private title(identity: PanelIdentity): string {
        return `${TITLES[identity.kind]}: ${identity.name}`;
    }

    private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
        return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'out', 'webview')] };
    }

    private attach(panel: vscode.WebviewPanel, identity: PanelIdentity): OpenPanel {
        const open: OpenPanel = { panel, identity };
        this.open.set(keyOf(identity), open);
        this.lastActive = open;
        panel.webview.html = this.html(panel.webview);
        panel.onDidDispose(() => {
            open.loading?.cancel();
            this.open.delete(keyOf(identity));
            if (this.lastActive === open) this.lastActive = undefined;
        });
        panel.onDidChangeViewState(event => { if (event.webviewPanel.active) this.lastActive = open; });
        panel.webview.onDidReceiveMessage((message: FromPanelMessage) => {
            if (message.type === 'ready' && open.last) void panel.webview.postMessage(open.last);
            if (message.type === 'rendered') this.renderedEmitter.fire({ identity, charts: message.charts });
        });
        return open;
    }

    private post(open: OpenPanel, message: ToPanelMessage): void {
        open.last = message;
        void open.panel.webview.postMessage(message);
    }

    private async refresh(open: OpenPanel): Promise<void> {
        open.loading?.cancel();
        const loading = new vscode.CancellationTokenSource();
        open.loading = loading;
        const { identity } = open;
        const title = this.title(identity);
        this.post(open, { type: 'busy', identity, title, message: 'Computing…' });
        try {
            const view = await this.load(identity, loading.token);
            if (!loading.token.isCancellationRequested) this.post(open, { type: 'show', identity, title, view });
        } catch (error) {
            if (!loading.token.isCancellationRequested) this.post(open, { type: 'error', identity, title, message: error instanceof Error ? error.message : String(error) });
        }
    }

    private html(webview: vscode.Webview): string {
        const nonce = randomBytes(16).toString('base64');
        const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'out', 'webview', 'main.js'));
        const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'out', 'webview', 'main-style.css'));
        const csp = [
            "default-src 'none'",
            `img-src ${webview.cspSource} data:`,
            `style-src ${webview.cspSource}`,
            `font-src ${webview.cspSource}`,
            `script-src 'nonce-${nonce}'`
        ].join('; ');
        return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Rel results</title>
</head>
<body>
<main id="root"><p class="status">Loading…</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
    }
}
