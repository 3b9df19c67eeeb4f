/**
 * Quick fixes for the diagnostics that say how to repair themselves: normalise a Markov row or the
 * priors of a diagnosis (the diagnostic carries the normalised numbers), replace an unknown unit,
 * distribution or parameter by its suggestion, create a component for an unknown name.
 */
import { AstUtils, CstUtils, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import { CodeActionKind, type CodeAction, type CodeActionParams, type Command, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import { isDiagnosis, isMatrixRow, type Model } from '../language/generated/ast.js';
import { IssueCodes } from '../language/issue-codes.js';

/** Langium's code for an unresolved reference (its diagnostics carry LinkingErrorData). */
const LINKING_ERROR = 'linking-error';

/** References that may name a component, by the AST type and property that hold them. */
const COMPONENT_REFERENCES = new Set([
    'NameReference.target', 'AtLeast.copyOf', 'CommonCause.members', 'Depends.dependent', 'Depends.dependencies',
    'Sensitivity.components', 'Requirement.subject', 'SimulationTarget.target'
]);

/** Twelve significant digits: a normalised row still sums to 1 within the validator's 1e-9. */
function numberText(value: number): string {
    return String(Number(value.toPrecision(12)));
}

function codeOf(diagnostic: Diagnostic): unknown {
    return diagnostic.code ?? (diagnostic.data as { code?: unknown } | undefined)?.code;
}

function quickFix(title: string, diagnostic: Diagnostic, uri: string, edits: TextEdit[], preferred = true): CodeAction {
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: preferred, edit: { changes: { [uri]: edits } } };
}

export class RelCodeActionProvider implements CodeActionProvider {
    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction>> {
        const actions: CodeAction[] = [];
        for (const diagnostic of params.context.diagnostics) {
            const action = this.fixFor(document as LangiumDocument<Model>, diagnostic);
            if (action) actions.push(action);
        }
        return actions;
    }

    private fixFor(document: LangiumDocument<Model>, diagnostic: Diagnostic): CodeAction | undefined {
        switch (codeOf(diagnostic)) {
            case IssueCodes.MarkovRowSum: return this.normaliseRow(document, diagnostic);
            case IssueCodes.PriorsNotNormalised: return this.normalisePriors(document, diagnostic);
            case IssueCodes.UnknownUnit:
            case IssueCodes.UnknownDistribution:
            case IssueCodes.UnknownParameter: return this.useSuggestion(document, diagnostic);
            case LINKING_ERROR: return this.createComponent(document, diagnostic);
            default: return undefined;
        }
    }

    private nodeAt(document: LangiumDocument<Model>, diagnostic: Diagnostic) {
        const root = document.parseResult.value.$cstNode;
        const offset = document.textDocument.offsetAt(diagnostic.range.start);
        return root ? CstUtils.findLeafNodeAtOffset(root, offset)?.astNode : undefined;
    }

    private normaliseRow(document: LangiumDocument<Model>, diagnostic: Diagnostic): CodeAction | undefined {
        const data = diagnostic.data as { state?: string; normalised?: number[] } | undefined;
        const node = this.nodeAt(document, diagnostic);
        const row = isMatrixRow(node) ? node : node && AstUtils.getContainerOfType(node, isMatrixRow);
        const cst = row?.$cstNode;
        if (!row || !cst || !data?.normalised) return undefined;
        // The values run from just after the `:` to the end of the row.
        const colon = cst.text.indexOf(':');
        if (colon < 0) return undefined;
        const start = document.textDocument.positionAt(cst.offset + colon + 1);
        const edit: TextEdit = { range: { start, end: cst.range.end }, newText: ' ' + data.normalised.map(numberText).join(', ') };
        return quickFix(`Normalise the row of ${data.state ?? row.state.$refText} to sum to 1`, diagnostic, document.uri.toString(), [edit]);
    }

    private normalisePriors(document: LangiumDocument<Model>, diagnostic: Diagnostic): CodeAction | undefined {
        const data = diagnostic.data as { hypotheses?: string[]; normalised?: number[] } | undefined;
        const node = this.nodeAt(document, diagnostic);
        const diagnosis = isDiagnosis(node) ? node : node && AstUtils.getContainerOfType(node, isDiagnosis);
        if (!diagnosis || !data?.hypotheses || !data.normalised) return undefined;
        const edits: TextEdit[] = [];
        data.hypotheses.forEach((name, index) => {
            const hypothesis = diagnosis.items.find(item => item.$type === 'Hypothesis' && item.name === name);
            const prior = hypothesis && 'prior' in hypothesis ? hypothesis.prior.$cstNode : undefined;
            if (prior && data.normalised![index] !== undefined) edits.push({ range: prior.range, newText: numberText(data.normalised![index]) });
        });
        return edits.length > 0 ? quickFix(`Normalise the priors of ${diagnosis.name} to sum to 1`, diagnostic, document.uri.toString(), edits) : undefined;
    }

    private useSuggestion(document: LangiumDocument<Model>, diagnostic: Diagnostic): CodeAction | undefined {
        const suggestion = (diagnostic.data as { suggestion?: string } | undefined)?.suggestion;
        if (!suggestion) return undefined;
        const written = document.textDocument.getText(diagnostic.range);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(written)) return undefined;
        return quickFix(`Change '${written}' to '${suggestion}'`, diagnostic, document.uri.toString(), [{ range: diagnostic.range, newText: suggestion }]);
    }

    private createComponent(document: LangiumDocument<Model>, diagnostic: Diagnostic): CodeAction | undefined {
        const data = diagnostic.data as { containerType?: string; property?: string; refText?: string } | undefined;
        if (!data?.refText || !COMPONENT_REFERENCES.has(`${data.containerType}.${data.property}`)) return undefined;
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(data.refText)) return undefined;
        // Insert the new component just before the declaration that uses it.
        const offset = document.textDocument.offsetAt(diagnostic.range.start);
        const declaration = document.parseResult.value.declarations.find(d => d.$cstNode && d.$cstNode.offset <= offset && offset <= d.$cstNode.end);
        const line = declaration?.$cstNode?.range.start.line ?? diagnostic.range.start.line;
        const edit: TextEdit = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `component ${data.refText} { reliability 0.99 }\n` };
        return quickFix(`Create component ${data.refText}`, diagnostic, document.uri.toString(), [edit], false);
    }
}
