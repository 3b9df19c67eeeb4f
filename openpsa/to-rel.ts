/**
 * Writes a model read from Open-PSA MEF as readable `.rel` text: events first, then gates and
 * tops, then common causes. MEF names may contain characters (`-`, `.`) or be words that `.rel`
 * does not allow as identifiers, so every name is mapped to a unique identifier; a renamed
 * declaration carries its original name in a comment.
 */
import type { ComponentModel, FaultExpr, ReliabilityModel } from '../engine/model.js';

export interface OpenPsaToRelOptions {
    /** The MEF file the model came from, named in the header comment. */
    sourceName?: string;
    /** Gates longer than this are written one operand per line (default 100). */
    maxLineLength?: number;
}

/** Every keyword of language/rel.langium: none of them can name a declaration. */
export const REL_KEYWORDS: ReadonlySet<string> = new Set([
    'after', 'among', 'and', 'availability', 'beta', 'by', 'cascade', 'cause', 'common', 'component',
    'confidence', 'depends', 'diagnosis', 'downtime', 'event', 'exponent', 'failure', 'from', 'gate',
    'horizon', 'iff', 'imply', 'incidents', 'lifetime', 'likelihood', 'markov', 'matrix', 'mission',
    'missions', 'mtbf', 'mttf', 'mttr', 'nand', 'nor', 'not', 'observations', 'of', 'on', 'or',
    'parallel', 'per', 'prior', 'probability', 'rate', 'reliability', 'repair', 'require', 'rounds',
    'seed', 'sensitivity', 'series', 'simulate', 'start', 'states', 'step', 'system', 'top', 'up',
    'window', 'xor'
]);

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Maps original names to unique `.rel` identifiers (one namespace: events, gates and groups). */
export class RelNames {
    private readonly byOriginal = new Map<string, string>();
    private readonly used = new Set<string>();

    identifier(original: string): string {
        const known = this.byOriginal.get(original);
        if (known !== undefined) return known;
        const base = sanitise(original);
        let candidate = base;
        for (let i = 2; this.used.has(candidate); i++) candidate = `${base}_${i}`;
        this.used.add(candidate);
        this.byOriginal.set(original, candidate);
        return candidate;
    }
}

function sanitise(name: string): string {
    if (IDENTIFIER.test(name) && !REL_KEYWORDS.has(name)) return name;
    let cleaned = name.replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(cleaned)) cleaned = `_${cleaned}`;
    if (REL_KEYWORDS.has(cleaned)) cleaned = `${cleaned}_`;
    return cleaned;
}

/** The identifiers a model's names get in `.rel`: events keep their own names before a gate that clashes with them. */
export function relNamesOf(model: ReliabilityModel): RelNames {
    const names = new RelNames();
    for (const component of model.components) names.identifier(component.name);
    for (const structure of model.structures) names.identifier(structure.name);
    for (const group of model.commonCauses) names.identifier(group.name);
    return names;
}

/** The model as `.rel` text: tops, then the other gates, then basic events and common causes. */
export function openPsaToRel(model: ReliabilityModel, options: OpenPsaToRelOptions = {}): string {
    const maxLineLength = options.maxLineLength ?? 100;
    const names = relNamesOf(model);
    const tops = model.structures.filter(s => s.kind === 'top');

    const lines: string[] = [];
    lines.push(`// Imported from ${options.sourceName ?? 'an Open-PSA MEF model'} (Open-PSA Model Exchange Format).`);
    lines.push(`// ${model.components.length} basic events, ${model.structures.length} gates; ` +
        `top events: ${tops.map(s => names.identifier(s.name)).join(', ') || 'none'}.`);
    if (model.components.some(component => component.failure?.kind === 'lifetime')) {
        lines.push('', `mission ${formatNumber(model.missionHours)} h`);
    }

    lines.push('', '// Gates');
    for (const structure of [...tops, ...model.structures.filter(s => s.kind !== 'top')]) {
        // Always a gate or a top: the expression is failure logic, which a `system` (success logic) would invert.
        const head = `${structure.kind === 'top' ? 'top' : 'gate'} ${names.identifier(structure.name)} = `;
        const inline = head + expression(structure.failure, names);
        const declaration = inline.length <= maxLineLength ? inline : head + expressionOnLines(structure.failure, names);
        lines.push(withOriginalName(declaration, structure.name, names));
    }

    lines.push('', '// Basic events');
    for (const component of model.components) {
        lines.push(withOriginalName(componentDeclaration(component, names), component.name, names));
    }

    if (model.commonCauses.length > 0) {
        lines.push('', '// Common cause failures (beta factor)');
        for (const group of model.commonCauses) {
            const members = group.members.map(member => names.identifier(member)).join(', ');
            lines.push(withOriginalName(`common cause ${names.identifier(group.name)} beta ${formatNumber(group.beta)} among ${members}`, group.name, names));
        }
    }
    return lines.join('\n') + '\n';
}

function withOriginalName(declaration: string, original: string, names: RelNames): string {
    return names.identifier(original) === original ? declaration : `${declaration}  // MEF name: ${original}`;
}

function componentDeclaration(component: ComponentModel, names: RelNames): string {
    const name = names.identifier(component.name);
    const failure = component.failure;
    switch (failure?.kind) {
        case 'probability':
            return `event ${name} probability ${formatNumber(failure.q)}`;
        case 'lifetime': {
            const distribution = failure.distribution;
            if (distribution.kind === 'exponential') return `component ${name} { failure rate ${formatNumber(distribution.rate)} per h }`;
            if (distribution.kind === 'weibull') {
                return `component ${name} { lifetime weibull(shape ${formatNumber(distribution.shape)}, scale ${formatNumber(distribution.scale)} h) }`;
            }
            return `component ${name} { }  // a ${distribution.kind} lifetime, which the Open-PSA reader does not produce`;
        }
        case 'availability':
            return `component ${name} { availability ${formatNumber(failure.availability)} }`;
        case undefined:
            return `component ${name} { }  // no probability in the source`;
    }
}

function expression(expr: FaultExpr, names: RelNames): string {
    switch (expr.kind) {
        case 'event':
        case 'ref':
            return names.identifier(expr.name);
        case 'and':
        case 'or':
        case 'xor':
            return `${expr.kind}(${expr.operands.map(operand => expression(operand, names)).join(', ')})`;
        case 'not':
            return `not(${expression(expr.operand, names)})`;
        case 'atLeast':
            return `${expr.k} of (${expr.operands.map(operand => expression(operand, names)).join(', ')})`;
        case 'copies':
            return `${expr.k} of ${expr.n} ${names.identifier(expr.of.name)}`;
    }
}

/** The top-level operands one per line; nested expressions stay inline. */
function expressionOnLines(expr: FaultExpr, names: RelNames): string {
    const indent = '    ';
    const operandLines = (operands: FaultExpr[]) => operands.map(operand => indent + expression(operand, names)).join(',\n');
    switch (expr.kind) {
        case 'and':
        case 'or':
        case 'xor':
            return `${expr.kind}(\n${operandLines(expr.operands)}\n)`;
        case 'atLeast':
            return `${expr.k} of (\n${operandLines(expr.operands)}\n)`;
        default:
            return expression(expr, names);
    }
}

/** Shortest round-trip form, which the `.rel` NUMBER terminal accepts (`1e-7`, `0.001`). */
function formatNumber(value: number): string {
    return String(value);
}
