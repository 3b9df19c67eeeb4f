import { DefaultLinker, type AstNodeDescription, type LinkingError, type ReferenceInfo } from 'langium';
import { closestMatch, didYouMean } from './units.js';

/** What each reference type names, for messages. */
const REFERENCE_TEXT: Record<string, string> = {
    Referable: 'component, system, gate or top',
    Component: 'component',
    State: 'state of this chain',
    Subject: 'component, system, gate, top, Markov chain, simulation, diagnosis or incident log'
};

/** Linking errors that say what kind of name was expected and suggest the closest declared one. */
export class RelLinker extends DefaultLinker {
    protected override createLinkingError(refInfo: ReferenceInfo, targetDescription?: AstNodeDescription): LinkingError {
        const linkingError = super.createLinkingError(refInfo, targetDescription);
        const written = refInfo.reference.$refText;
        const expected = REFERENCE_TEXT[this.reflection.getReferenceType(refInfo)];
        if (!expected || targetDescription) {
            return linkingError;
        }
        const candidates = this.scopeProvider.getScope(refInfo).getAllElements().map(d => d.name).distinct().toArray();
        const suggestion = closestMatch(written, candidates);
        return { ...linkingError, message: `Unknown name '${written}': no ${expected} is called so${didYouMean(suggestion)}.` };
    }
}
