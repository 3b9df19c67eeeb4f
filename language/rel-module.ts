import { inject, type Module } from 'langium';
import {
    createDefaultModule, createDefaultSharedModule,
    type DefaultSharedModuleContext, type LangiumServices, type LangiumSharedServices, type PartialLangiumServices
} from 'langium/lsp';
import { RelGeneratedModule, RelGeneratedSharedModule } from './generated/module.js';
import { RelLexer } from './rel-lexer.js';
import { RelLinker } from './rel-linker.js';
import { RelScopeProvider } from './rel-scope.js';
import { RelValidator, registerValidationChecks } from './rel-validator.js';

/** Services added to Langium's defaults for the Rel language. */
export type RelAddedServices = {
    validation: {
        RelValidator: RelValidator
    }
};

export type RelServices = LangiumServices & RelAddedServices;

export const RelModule: Module<RelServices, PartialLangiumServices & RelAddedServices> = {
    parser: {
        Lexer: (services) => new RelLexer(services)
    },
    references: {
        ScopeProvider: (services) => new RelScopeProvider(services),
        Linker: (services) => new RelLinker(services)
    },
    validation: {
        RelValidator: () => new RelValidator()
    }
};

/**
 * Creates the shared services and the Rel language services, and registers the validation checks.
 * `editorModule` adds or overrides services for an editor (the language server's LSP providers).
 */
export function createRelServices(context: DefaultSharedModuleContext, editorModule: Module<RelServices, PartialLangiumServices> = {}): {
    shared: LangiumSharedServices,
    Rel: RelServices
} {
    const shared = inject(createDefaultSharedModule(context), RelGeneratedSharedModule);
    const Rel = inject(createDefaultModule({ shared }), RelGeneratedModule, RelModule, editorModule);
    shared.ServiceRegistry.register(Rel);
    registerValidationChecks(Rel);
    if (!context.connection) {
        // Without a language client the configuration is never sent; mark it as received.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Rel };
}
