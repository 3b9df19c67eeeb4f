/**
 * Completion: Langium's keywords and names in scope, plus time units after a number and the
 * distribution names after `lifetime` / `repair` (both are identifiers to the grammar).
 */
import { AstUtils, GrammarAST, type MaybePromise } from 'langium';
import { DefaultCompletionProvider, type CompletionAcceptor, type CompletionContext, type NextFeature } from 'langium/lsp';
import { CompletionItemKind } from 'vscode-languageserver';
import { DISTRIBUTION_NAMES } from '../language/model-builder.js';
import { DURATION_UNIT_NAMES } from '../language/units.js';

/** `250 FIT`: failures per 10^9 hours, a unit of rates only. */
const RATE_UNITS = ['FIT'];

export class RelCompletionProvider extends DefaultCompletionProvider {
    protected override completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): MaybePromise<void> {
        const assignment = AstUtils.getContainerOfType(next.feature, GrammarAST.isAssignment);
        const rule = assignment ? AstUtils.getContainerOfType(assignment, GrammarAST.isParserRule)?.name : undefined;
        if (rule === 'Quantity' && (assignment?.feature === 'unit' || assignment?.feature === 'perUnit')) {
            const units = assignment.feature === 'unit' ? [...DURATION_UNIT_NAMES, ...RATE_UNITS] : DURATION_UNIT_NAMES;
            for (const unit of units) acceptor(context, { label: unit, kind: CompletionItemKind.Unit, detail: 'unit' });
            return;
        }
        if (rule === 'Distribution' && assignment?.feature === 'name') {
            for (const name of DISTRIBUTION_NAMES) acceptor(context, { label: name, kind: CompletionItemKind.Function, detail: 'distribution' });
            return;
        }
        return super.completionFor(context, next, acceptor);
    }
}
