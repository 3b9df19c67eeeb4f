/**
 * Formatting: one declaration per line, blocks indented one item per line (a block written on one
 * line stays on one line), `a, b` after commas, no space inside parentheses. Files with syntax errors
 * are left alone (Langium's formatter refuses them).
 */
import type { AstNode } from 'langium';
import { AbstractFormatter, Formatting, type NodeFormatter } from 'langium/lsp';
import {
    isAtLeast, isComponent, isDiagnosis, isDistribution, isIncidents, isMarkov, isMarkovMatrix, isModel, isOperation, isSimulation
} from '../language/generated/ast.js';

export class RelFormatter extends AbstractFormatter {
    protected format(node: AstNode): void {
        const formatter = this.getNodeFormatter(node);
        formatter.keywords(',').prepend(Formatting.noSpace()).append(Formatting.oneSpace());
        if (isModel(node)) {
            formatter.nodes(...node.declarations.slice(1)).prepend(Formatting.newLine({ allowMore: true }));
        } else if (isOperation(node) || isDistribution(node)) {
            formatter.keyword('(').prepend(Formatting.noSpace()).append(Formatting.noSpace());
            formatter.keyword(')').prepend(Formatting.noSpace());
        } else if (isAtLeast(node)) {
            formatter.keyword('(').append(Formatting.noSpace());
            formatter.keyword(')').prepend(Formatting.noSpace());
        } else if (isComponent(node)) {
            this.formatBlock(formatter, 'properties');
        } else if (isMarkov(node) || isSimulation(node) || isDiagnosis(node)) {
            this.formatBlock(formatter, 'items');
        } else if (isMarkovMatrix(node)) {
            this.formatBlock(formatter, 'rows');
        } else if (isIncidents(node)) {
            this.formatBlock(formatter, 'settings');
        }
    }

    /** `{ a b }` on one line stays so; otherwise each item on its own indented line and `}` on its own line. */
    private formatBlock<T extends AstNode>(formatter: NodeFormatter<T>, items: string): void {
        const open = formatter.keyword('{');
        const close = formatter.keyword('}');
        const openNode = open.nodes[0];
        const closeNode = close.nodes[0];
        if (!openNode || !closeNode) return;
        open.prepend(Formatting.oneSpace());
        const all = formatter.properties(items as never);
        if (openNode.range.start.line === closeNode.range.start.line) {
            all.prepend(Formatting.oneSpace());
            close.prepend(Formatting.oneSpace());
        } else {
            all.prepend(Formatting.indent());
            close.prepend(Formatting.newLine());
        }
    }
}
