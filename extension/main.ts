/**
 * The Rel extension: starts the language server (Node IPC), runs the commands (Monte Carlo, Markov
 * evolution, fault tree, sensitivity, export), keeps the results panels and the status bar item.
 * Every figure comes from the server (extension/protocol.ts); this side only asks and shows.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, WorkDoneProgress, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { formatPercent, formatProbability } from '../engine/format.js';
import { toCsv, toJson } from './export.js';
import {
    analyzeRequest, Commands, faultTreeRequest, simulateRequest,
    type AnalysisReport, type DeclarationCommandArgs, type MarkovFigures, type RelRequest, type SimulationResult
} from './protocol.js';
import { RESULTS_VIEW_TYPE, ResultsPanels } from './results-panel.js';
import type { PanelIdentity, PanelKind, PanelView, SensitivityBar } from './webview/messages.js';

/** What `activate` returns: the handles the end-to-end tests use. */
export interface RelExtensionApi {
    client: LanguageClient;
    panels: ResultsPanels;
    analyze(uri: string): Promise<AnalysisReport>;
}

/** Redraw panels this long after the last keystroke. */
const PANEL_REFRESH_DELAY_MS = 600;
const STATUS_DELAY_MS = 250;

function settings() {
    const configuration = vscode.workspace.getConfiguration('rel');
    return {
        missions: configuration.get<number | null>('monteCarlo.missions') ?? undefined,
        seed: configuration.get<number | null>('monteCarlo.seed') ?? undefined,
        codeLens: configuration.get<boolean>('codeLens.enabled', true)
    };
}

function isRelDocument(document: vscode.TextDocument | undefined): document is vscode.TextDocument {
    return document?.languageId === 'rel';
}

/** Owns the language client and everything that talks to it. */
class RelExtension {
    readonly client: LanguageClient;
    readonly panels: ResultsPanels;
    private readonly status = vscode.window.createStatusBarItem('rel.availability', vscode.StatusBarAlignment.Right, 100);
    private readonly reports = new Map<string, { version: number; report: Promise<AnalysisReport> }>();
    private readonly timers = new Map<string, NodeJS.Timeout>();

    constructor(private readonly context: vscode.ExtensionContext) {
        const module = context.asAbsolutePath('out/server/main.cjs');
        const serverOptions: ServerOptions = {
            run: { module, transport: TransportKind.ipc },
            debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
        };
        const clientOptions: LanguageClientOptions = {
            documentSelector: [{ language: 'rel', scheme: 'file' }, { language: 'rel', scheme: 'untitled' }],
            middleware: {
                provideCodeLenses: (document, token, next) => settings().codeLens ? next(document, token) : []
            }
        };
        this.client = new LanguageClient('rel', 'Rel Language Server', serverOptions, clientOptions);
        this.panels = new ResultsPanels(context.extensionUri, (identity, token) => this.loadView(identity, token));
        this.status.name = 'Rel availability';
    }

    async start(): Promise<void> {
        const subscriptions = this.context.subscriptions;
        subscriptions.push(this.panels, this.status);
        subscriptions.push(vscode.window.registerWebviewPanelSerializer(RESULTS_VIEW_TYPE, this.panels));
        const panelCommand = (kind: PanelKind) => async (args?: DeclarationCommandArgs) => {
            const target = args ?? await this.pickDeclaration();
            if (target) await this.panels.show({ kind, ...target });
        };
        subscriptions.push(
            vscode.commands.registerCommand(Commands.runMonteCarlo, panelCommand('monteCarlo')),
            vscode.commands.registerCommand(Commands.showMarkov, panelCommand('markov')),
            vscode.commands.registerCommand(Commands.showFaultTree, panelCommand('faultTree')),
            vscode.commands.registerCommand(Commands.showSensitivity, panelCommand('sensitivity')),
            vscode.commands.registerCommand(Commands.exportResults, (options?: { format?: 'json' | 'csv'; to?: string }) => this.exportResults(options)),
            vscode.workspace.onDidChangeTextDocument(event => {
                if (!isRelDocument(event.document)) return;
                const uri = event.document.uri.toString();
                this.debounce(`panels:${uri}`, PANEL_REFRESH_DELAY_MS, () => void this.panels.refreshDocument(uri, false));
            }),
            vscode.workspace.onDidSaveTextDocument(document => {
                if (isRelDocument(document)) void this.panels.refreshDocument(document.uri.toString(), true);
            }),
            vscode.workspace.onDidCloseTextDocument(document => this.reports.delete(document.uri.toString())),
            vscode.window.onDidChangeTextEditorSelection(event => this.debounce('status', STATUS_DELAY_MS, () => void this.updateStatus(event.textEditor))),
            vscode.window.onDidChangeActiveTextEditor(editor => void this.updateStatus(editor)),
            vscode.workspace.onDidChangeConfiguration(event => {
                if (event.affectsConfiguration('rel.codeLens.enabled')) void vscode.commands.executeCommand('editor.action.codeLens.refresh');
            })
        );
        await this.client.start();
        void this.updateStatus(vscode.window.activeTextEditor);
    }

    api(): RelExtensionApi {
        return { client: this.client, panels: this.panels, analyze: uri => this.analyze(uri) };
    }

    async dispose(): Promise<void> {
        for (const timer of this.timers.values()) clearTimeout(timer);
        await this.client.stop();
    }

    private debounce(key: string, delay: number, action: () => void): void {
        clearTimeout(this.timers.get(key));
        this.timers.set(key, setTimeout(() => { this.timers.delete(key); action(); }, delay));
    }

    private request<P, R>(request: RelRequest<P, R>, params: P, token?: vscode.CancellationToken): Promise<R> {
        return this.client.sendRequest<R>(request.method, params, token);
    }

    /** The report of the document's current version (asked once per version). */
    analyze(uri: string): Promise<AnalysisReport> {
        const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri);
        const version = document?.version ?? -1;
        const cached = this.reports.get(uri);
        if (cached && cached.version === version && version !== -1) return cached.report;
        const report = this.request(analyzeRequest, { uri });
        this.reports.set(uri, { version, report });
        report.catch(() => this.reports.delete(uri));
        return report;
    }

    private simulate(uri: string, name: string, token: vscode.CancellationToken): Promise<SimulationResult> {
        const { missions, seed } = settings();
        return Promise.resolve(vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `Monte Carlo: ${name}`, cancellable: true },
            async (progress, progressToken) => {
                const workDoneToken = `rel-simulate-${Date.now()}-${Math.random().toString(36).slice(2)}`;
                let reported = 0;
                const listener = this.client.onProgress(WorkDoneProgress.type, workDoneToken, value => {
                    if (value.kind === 'report' && value.percentage !== undefined && value.percentage > reported) {
                        progress.report({ increment: value.percentage - reported, message: `${value.percentage}%` });
                        reported = value.percentage;
                    }
                });
                const cancellation = new vscode.CancellationTokenSource();
                const forward = [token.onCancellationRequested(() => cancellation.cancel()), progressToken.onCancellationRequested(() => cancellation.cancel())];
                try {
                    return await this.request(simulateRequest, { uri, name, missions, seed, workDoneToken }, cancellation.token);
                } finally {
                    listener.dispose();
                    forward.forEach(d => d.dispose());
                    cancellation.dispose();
                }
            }));
    }

    private async loadView(identity: PanelIdentity, token: vscode.CancellationToken): Promise<PanelView> {
        const { uri, name } = identity;
        switch (identity.kind) {
            case 'monteCarlo':
                return { kind: 'monteCarlo', result: await this.simulate(uri, name, token) };
            case 'faultTree': {
                const tree = await this.request(faultTreeRequest, { uri, name }, token);
                if (!tree) throw new Error(`There is no top, gate or system named ${name} in this file.`);
                return { kind: 'faultTree', tree };
            }
            case 'markov': {
                const figures = (await this.analyze(uri)).markov[name] as MarkovFigures | undefined;
                if (!figures?.transient) throw new Error(`There are no figures for a Markov chain named ${name}: see the Problems view.`);
                return { kind: 'markov', figures };
            }
            case 'sensitivity':
                return this.sensitivityView(uri, name, token);
        }
    }

    /**
     * A top: P(top) with each event certain to fail (P·RAW) and perfect (P/RRW). A system: the Birnbaum
     * importance of each component. A simulation: the estimate over its `sensitivity` factors.
     */
    private async sensitivityView(uri: string, name: string, token: vscode.CancellationToken): Promise<PanelView> {
        const report = await this.analyze(uri);
        const top = report.tops[name];
        if (top) {
            const bars: SensitivityBar[] = Object.entries(top.importance)
                .filter(([, figures]) => figures.raw !== undefined && figures.rrw !== undefined)
                .map(([event, figures]) => ({ label: event, low: top.probability / figures.rrw!, high: top.probability * figures.raw! }));
            return { kind: 'sensitivity', figure: `P(${name})`, base: top.probability, bars };
        }
        const system = report.systems[name];
        if (system) {
            const bars = Object.entries(system.importance).map(([component, figures]) => ({ label: component, low: 0, high: figures.birnbaum }));
            return { kind: 'sensitivity', figure: `Birnbaum importance in ${name}`, bars };
        }
        const result = await this.simulate(uri, name, token);
        if (!result.sensitivity || result.sensitivity.length === 0) throw new Error(`The simulation ${name} has no sensitivity line.`);
        const byComponent = new Map<string, number[]>();
        for (const point of result.sensitivity) byComponent.set(point.component, [...(byComponent.get(point.component) ?? []), point.estimate]);
        const bars = [...byComponent].map(([component, estimates]) => ({ label: component, low: Math.min(...estimates), high: Math.max(...estimates) }));
        return { kind: 'sensitivity', figure: `estimate of ${result.target}`, base: result.estimate, bars };
    }

    /** The declaration under the cursor, or one picked from the file's outline. */
    private async pickDeclaration(): Promise<DeclarationCommandArgs | undefined> {
        const editor = vscode.window.activeTextEditor;
        if (!isRelDocument(editor?.document)) {
            void vscode.window.showWarningMessage('Open a .rel file first.');
            return undefined;
        }
        const uri = editor.document.uri.toString();
        const symbols = await this.symbols(editor.document);
        const atCursor = symbols.find(s => s.range.contains(editor.selection.active));
        if (atCursor) return { uri, name: atCursor.name };
        const name = await vscode.window.showQuickPick(symbols.map(s => s.name), { placeHolder: 'Which declaration?' });
        return name ? { uri, name } : undefined;
    }

    private async symbols(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
        const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri);
        return symbols ?? [];
    }

    private async updateStatus(editor: vscode.TextEditor | undefined): Promise<void> {
        if (!isRelDocument(editor?.document)) {
            this.status.hide();
            return;
        }
        try {
            const uri = editor.document.uri.toString();
            const symbol = (await this.symbols(editor.document)).find(s => s.range.contains(editor.selection.active));
            const report = symbol ? await this.analyze(uri) : undefined;
            const text = symbol && report ? statusText(symbol.name, report) : undefined;
            if (!text) {
                this.status.hide();
                return;
            }
            this.status.text = text;
            this.status.tooltip = `Figures of ${symbol!.name} (mission ${report!.missionHours} h)`;
            this.status.show();
        } catch {
            this.status.hide();
        }
    }

    private async exportResults(options?: { format?: 'json' | 'csv'; to?: string }): Promise<string | undefined> {
        const fromPanel = this.panels.activeView();
        const editor = vscode.window.activeTextEditor;
        let results: unknown;
        let baseName: string;
        if (fromPanel) {
            results = fromPanel.view;
            baseName = `${fromPanel.identity.name}-${fromPanel.identity.kind}`;
        } else if (isRelDocument(editor?.document)) {
            results = await this.analyze(editor.document.uri.toString());
            baseName = editor.document.uri.path.replace(/^.*\//, '').replace(/\.rel$/, '');
        } else {
            void vscode.window.showWarningMessage('Open a .rel file or a results panel first.');
            return undefined;
        }
        const format = options?.format ?? (await vscode.window.showQuickPick(['json', 'csv'], { placeHolder: 'Export as' })) as 'json' | 'csv' | undefined;
        if (!format) return undefined;
        const defaultUri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd()), `${baseName}.${format}`);
        const target = options?.to ? vscode.Uri.parse(options.to) : await vscode.window.showSaveDialog({ defaultUri, filters: { [format.toUpperCase()]: [format] } });
        if (!target) return undefined;
        await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(format === 'csv' ? toCsv(results) : toJson(results)));
        return target.toString();
    }
}

/** `$(pulse) Storage: A 99.99%`: the figure of the declaration under the cursor that matters most. */
function statusText(name: string, report: AnalysisReport): string | undefined {
    const figures = report.systems[name] ?? report.components[name] ?? (report.markov[name] as { availability?: number } | undefined);
    if (figures?.availability !== undefined) return `$(pulse) ${name}: A ${formatPercent(figures.availability)}`;
    const reliability = (figures as { reliability?: number } | undefined)?.reliability;
    if (reliability !== undefined) return `$(pulse) ${name}: R ${formatPercent(reliability)}`;
    const top = report.tops[name] ?? report.gates[name];
    if (top) return `$(pulse) ${name}: P ${formatProbability(top.probability, 6)}`;
    return undefined;
}

let extension: RelExtension | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<RelExtensionApi> {
    extension = new RelExtension(context);
    await extension.start();
    return extension.api();
}

export async function deactivate(): Promise<void> {
    await extension?.dispose();
    extension = undefined;
}
