/**
 * Langium's validation plus the analysis's own diagnostics (unmet requirements, model errors found
 * while computing). The analysis gets a short budget; when it needs longer, the diagnostics are
 * published without it and published again, complete, when it finishes, if the text has not changed since.
 */
import { DefaultDocumentValidator, type LangiumDocument, type ValidationOptions } from 'langium';
import type { LangiumServices } from 'langium/lsp';
import { DiagnosticSeverity, type CancellationToken, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DiagnosticReport } from '../engine/report.js';
import type { Model } from '../language/generated/ast.js';
import type { AnalysisCache } from './analysis-cache.js';

/** How long a validation waits for the figures before publishing without them. */
export const ANALYSIS_DIAGNOSTICS_BUDGET_MS = 250;

const SEVERITY: Record<DiagnosticReport['severity'], DiagnosticSeverity> = {
    error: DiagnosticSeverity.Error,
    warning: DiagnosticSeverity.Warning,
    info: DiagnosticSeverity.Information
};

/** An analysis diagnostic (1-based, end optional) as an LSP diagnostic; without an end it runs to the end of the line's text. */
export function toLspDiagnostic(report: DiagnosticReport, text: TextDocument): Diagnostic {
    const line = Math.max(0, report.line - 1);
    const character = Math.max(0, report.column - 1);
    const lineText = text.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).trimEnd();
    const end = report.endLine !== undefined && report.endColumn !== undefined
        ? { line: report.endLine - 1, character: report.endColumn - 1 }
        : { line, character: Math.max(lineText.length, character + 1) };
    return {
        range: { start: { line, character }, end },
        severity: SEVERITY[report.severity],
        message: report.message,
        source: 'rel',
        ...(report.code ? { code: report.code } : {})
    };
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
    return a.message === b.message && a.range.start.line === b.range.start.line;
}

export class RelDocumentValidator extends DefaultDocumentValidator {
    private readonly services: LangiumServices;

    constructor(services: LangiumServices, private readonly analysis: AnalysisCache) {
        super(services);
        this.services = services;
    }

    override async validateDocument(document: LangiumDocument, options: ValidationOptions = {}, cancelToken?: CancellationToken): Promise<Diagnostic[]> {
        const diagnostics = await super.validateDocument(document, options, cancelToken);
        // A model with syntax or reference errors has no meaningful figures.
        if (diagnostics.some(d => d.severity === DiagnosticSeverity.Error)) return diagnostics;
        const model = document as LangiumDocument<Model>;
        const version = document.textDocument.version;
        const cancelled = cancelToken ? new Promise<void>(resolve => cancelToken.onCancellationRequested(() => resolve())) : undefined;
        const report = await this.analysis.reportWithin(model, ANALYSIS_DIAGNOSTICS_BUDGET_MS, cancelled);
        if (report) return this.merge(diagnostics, report.diagnostics, document.textDocument);
        if (!cancelToken?.isCancellationRequested) {
            void this.analysis.report(model).then(late => {
                if (!late || !this.analysis.isCurrent(model, version)) return;
                const all = this.merge(diagnostics, late.diagnostics, document.textDocument);
                document.diagnostics = all;
                this.services.shared.lsp.Connection?.sendDiagnostics({ uri: document.uri.toString(), version, diagnostics: all });
            });
        }
        return diagnostics;
    }

    private merge(own: Diagnostic[], fromAnalysis: DiagnosticReport[], text: TextDocument): Diagnostic[] {
        const added = fromAnalysis.map(d => toLspDiagnostic(d, text)).filter(d => !own.some(o => sameDiagnostic(o, d)));
        return [...own, ...added];
    }
}
