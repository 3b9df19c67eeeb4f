import { DefaultScopeComputation, type AstNode, type AstNodeDescription, type LangiumDocument, type MultiMap } from 'langium';
import { isState } from './generated/ast.js';

/**
 * Makes the states of a Markov chain visible in the whole chain (`up`, `start`, matrix rows,
 * transitions), not only inside the `states` line that declares them. States of one chain
 * stay invisible to every other chain.
 */
export class RelScopeComputation extends DefaultScopeComputation {
    protected override addLocalSymbol(node: AstNode, document: LangiumDocument, symbols: MultiMap<AstNode, AstNodeDescription>): void {
        const chain = isState(node) ? node.$container.$container : undefined;
        if (chain && isState(node) && node.name) {
            symbols.add(chain, this.descriptions.createDescription(node, node.name, document));
            return;
        }
        super.addLocalSymbol(node, document, symbols);
    }
}
