/**
 * A small element tree over fast-xml-parser, with the line and column of every element, so that
 * the Open-PSA reader can name the element and the line in each diagnostic.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
    tag: string;
    attributes: Record<string, string>;
    children: XmlElement[];
    /** Concatenated text content (trimmed). */
    text: string;
    /** 1-based position of the element's `<`. */
    line: number;
    column: number;
}

export type XmlParseResult =
    | { ok: true; root: XmlElement[] }
    | { ok: false; line: number; column: number; message: string };

const ATTRIBUTES_KEY = ':@';
const TEXT_KEY = '#text';
/**
 * Deep enough for any real formula (fast-xml-parser's default of 100 is too shallow for generated trees),
 * shallow enough for the recursive readers after it.
 */
const MAX_NESTING = 1_000;

type OrderedNode = Record<string | symbol, unknown>;

export function parseXml(text: string): XmlParseResult {
    const validation = XMLValidator.validate(text, { allowBooleanAttributes: false });
    if (validation !== true) {
        return { ok: false, line: validation.err.line ?? 1, column: validation.err.col ?? 1, message: validation.err.msg };
    }
    const parser = new XMLParser({
        preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', captureMetaData: true,
        parseAttributeValue: false, parseTagValue: false, trimValues: true, ignoreDeclaration: true,
        ignorePiTags: true, maxNestedTags: MAX_NESTING
    });
    let ordered: OrderedNode[];
    try {
        ordered = parser.parse(text) as OrderedNode[];
    } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, line: 1, column: 1, message: /nested tags/i.test(message) ? `elements nest deeper than ${MAX_NESTING} levels` : message };
    }
    const lineStarts = computeLineStarts(text);
    const metadataKey = XMLParser.getMetaDataSymbol() as symbol;
    const convert = (nodes: OrderedNode[]): XmlElement[] => {
        const elements: XmlElement[] = [];
        for (const node of nodes) {
            const tag = Object.keys(node).find(key => key !== ATTRIBUTES_KEY);
            if (tag === undefined || tag === TEXT_KEY) continue;
            const content = node[tag] as OrderedNode[];
            const attributes = { ...((node[ATTRIBUTES_KEY] as Record<string, string> | undefined) ?? {}) };
            const metadata = node[metadataKey] as { startIndex?: number } | undefined;
            const { line, column } = position(lineStarts, metadata?.startIndex ?? 0);
            const text = content.filter(child => TEXT_KEY in child).map(child => String(child[TEXT_KEY])).join('').trim();
            elements.push({ tag, attributes, children: convert(content), text, line, column });
        }
        return elements;
    };
    return { ok: true, root: convert(ordered) };
}

function computeLineStarts(text: string): number[] {
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
}

function position(lineStarts: number[], index: number): { line: number; column: number } {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (lineStarts[middle] <= index) low = middle; else high = middle - 1;
    }
    return { line: low + 1, column: index - lineStarts[low] + 1 };
}
