import { DefaultLexer, type LexerResult, type TokenizeOptions } from 'langium';

/** Deeper nesting than this is refused: the recursive-descent parser would otherwise exhaust the stack. */
export const MAX_NESTING_DEPTH = 64;

/**
 * The default lexer, plus a guard against pathological nesting: tokens past the point where
 * parentheses or braces nest deeper than {@link MAX_NESTING_DEPTH} are dropped and reported as a
 * lexer error with its line and column, so the parser sees a short, merely truncated input.
 */
export class RelLexer extends DefaultLexer {
    override tokenize(text: string, options?: TokenizeOptions): LexerResult {
        const result = super.tokenize(text, options);
        let depth = 0;
        for (let i = 0; i < result.tokens.length; i++) {
            const image = result.tokens[i].image;
            if (image === '(' || image === '{') depth++;
            else if (image === ')' || image === '}') depth = Math.max(0, depth - 1);
            if (depth > MAX_NESTING_DEPTH) {
                const token = result.tokens[i];
                result.errors.push({
                    offset: token.startOffset,
                    length: token.image.length,
                    line: token.startLine,
                    column: token.startColumn,
                    message: `Nesting deeper than ${MAX_NESTING_DEPTH} levels is not supported; the rest of the file is ignored.`
                });
                result.tokens.length = i;
                break;
            }
        }
        return result;
    }
}
