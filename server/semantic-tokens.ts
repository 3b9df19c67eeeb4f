/**
 * Semantic highlighting: each name coloured by what it names (component, system, gate, chain, state…),
 * wherever it is declared or used, and units and distributions apart from user names.
 */
import type { AstNode, Reference } from 'langium';
import { AbstractSemanticTokenProvider, type SemanticTokenAcceptor } from 'langium/lsp';
import { SemanticTokenModifiers, SemanticTokenTypes } from 'vscode-languageserver';
import {
    isAtLeast, isCommonCause, isComponent, isDepends, isDiagnosis, isDistribution, isDistributionParameter, isGate, isHypothesis,
    isIncidents, isMarkov, isMarkovStart, isMarkovUp, isMatrixRow, isNameReference, isQuantity, isRequirement, isSensitivity,
    isSimulation, isSimulationTarget, isState, isSystem, isTransition
} from '../language/generated/ast.js';

/** The token type of a declaration of this kind. */
function tokenTypeOf(node: AstNode | undefined): string | undefined {
    if (isComponent(node)) return SemanticTokenTypes.variable;
    if (isSystem(node)) return SemanticTokenTypes.class;
    if (isGate(node)) return SemanticTokenTypes.function;
    if (isMarkov(node)) return SemanticTokenTypes.type;
    if (isState(node)) return SemanticTokenTypes.enumMember;
    if (isHypothesis(node)) return SemanticTokenTypes.property;
    if (isSimulation(node) || isDiagnosis(node) || isIncidents(node)) return SemanticTokenTypes.namespace;
    return undefined;
}

export class RelSemanticTokenProvider extends AbstractSemanticTokenProvider {
    protected highlightElement(node: AstNode, acceptor: SemanticTokenAcceptor): void {
        const declared = tokenTypeOf(node);
        if (declared && 'name' in node) {
            acceptor({ node, property: 'name' as never, type: declared, modifier: SemanticTokenModifiers.declaration });
            return;
        }
        const reference = (property: string, references: Array<Reference<AstNode>>) => references.forEach((target, index) => {
            const type = tokenTypeOf(target.ref);
            if (type) acceptor({ node, property: property as never, index, type });
        });
        if (isNameReference(node)) reference('target', [node.target]);
        else if (isAtLeast(node) && node.copyOf) reference('copyOf', [node.copyOf]);
        else if (isCommonCause(node)) {
            acceptor({ node, property: 'name', type: SemanticTokenTypes.variable, modifier: SemanticTokenModifiers.declaration });
            reference('members', node.members);
        }
        else if (isDepends(node)) { reference('dependent', [node.dependent]); reference('dependencies', node.dependencies); }
        else if (isSensitivity(node)) reference('components', node.components);
        else if (isRequirement(node)) reference('subject', [node.subject]);
        else if (isSimulationTarget(node)) reference('target', [node.target]);
        else if (isMarkovUp(node)) reference('states', node.states);
        else if (isMarkovStart(node)) reference('state', [node.state]);
        else if (isMatrixRow(node)) reference('state', [node.state]);
        else if (isTransition(node)) { reference('from', [node.from]); reference('to', [node.to]); }
        else if (isQuantity(node)) {
            if (node.unit) acceptor({ node, property: 'unit', type: SemanticTokenTypes.type });
            if (node.perUnit) acceptor({ node, property: 'perUnit', type: SemanticTokenTypes.type });
        }
        else if (isDistribution(node)) acceptor({ node, property: 'name', type: SemanticTokenTypes.function, modifier: SemanticTokenModifiers.defaultLibrary });
        else if (isDistributionParameter(node)) acceptor({ node, property: 'name', type: SemanticTokenTypes.parameter });
    }
}
