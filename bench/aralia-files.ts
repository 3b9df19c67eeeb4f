/**
 * What the benches that read the Aralia trees share: where the trees are, and the operand reversal their
 * cross-checks use (another clause and variable order for the same function).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaultExpr } from '../engine/model.js';

/** ARALIA_DIR, or ../shared/benchmarks/aralia beside the project (benches run bundled from out/bench). */
export function araliaDirectory(): string {
    const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
    return process.env.ARALIA_DIR ?? resolve(projectRoot, '..', 'shared', 'benchmarks', 'aralia');
}

/** The same expression with every gate's operands in reverse order. */
export function reverseOperands(expr: FaultExpr): FaultExpr {
    switch (expr.kind) {
        case 'and':
        case 'or':
        case 'xor':
            return { kind: expr.kind, operands: expr.operands.map(reverseOperands).reverse() };
        case 'atLeast':
            return { kind: 'atLeast', k: expr.k, operands: expr.operands.map(reverseOperands).reverse() };
        case 'not':
            return { kind: 'not', operand: reverseOperands(expr.operand) };
        default:
            return expr;
    }
}
