import {
    AstUtils, DefaultScopeProvider, DocumentCache, EMPTY_SCOPE, MapScope,
    type AstNode, type AstNodeDescription, type LangiumCoreServices, type LangiumDocument, type ReferenceInfo, type Scope
} from 'langium';
import { isMarkov, isMarkovStates, type Markov } from './generated/ast.js';

/**
 * Scopes of the Rel language. A `.rel` file is self-contained: its references see the declarations
 * of the same file only (never another file of the workspace), and the states of a Markov chain are
 * visible in that chain only. Lookups go through a map built once per document version, so linking
 * is linear in the size of the file (the default scope searches every declaration for every reference).
 * When a name is declared twice, references resolve to the first declaration (the second is an error).
 */
export class RelScopeProvider extends DefaultScopeProvider {
    private readonly declarationScopes: DocumentCache<string, Scope>;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.declarationScopes = new DocumentCache(services.shared);
    }

    override getScope(context: ReferenceInfo): Scope {
        const referenceType = this.reflection.getReferenceType(context);
        const root = AstUtils.findRootNode(context.container);
        const document = root.$document;
        if (!document) {
            return EMPTY_SCOPE;
        }
        if (referenceType === 'State') {
            const chain = AstUtils.getContainerOfType(context.container, isMarkov);
            return chain ? new MapScope(this.firstOfEachName(this.statesOf(chain, document))) : EMPTY_SCOPE;
        }
        return this.declarationScopes.get(document.uri, referenceType, () => new MapScope(this.firstOfEachName(
            this.declarations(root, document).filter(d => this.reflection.isSubtype(d.type, referenceType)))));
    }

    private declarations(root: AstNode, document: LangiumDocument): AstNodeDescription[] {
        const descriptions: AstNodeDescription[] = [];
        for (const node of AstUtils.streamContents(root)) {
            const name = this.nameProvider.getName(node);
            if (name) {
                descriptions.push(this.descriptions.createDescription(node, name, document));
            }
        }
        return descriptions;
    }

    private statesOf(chain: Markov, document: LangiumDocument): AstNodeDescription[] {
        return chain.items.filter(isMarkovStates).flatMap(line => line.states)
            .filter(state => state.name)
            .map(state => this.descriptions.createDescription(state, state.name, document));
    }

    private firstOfEachName(descriptions: AstNodeDescription[]): AstNodeDescription[] {
        const seen = new Set<string>();
        return descriptions.filter(d => !seen.has(d.name) && seen.add(d.name));
    }
}
