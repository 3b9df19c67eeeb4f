/**
 * Model counting against the BDD on the gates of nus9601 that no BDD fits: for each, the BDD's attempt
 * (node limit 2^25, 10 s) and the count (engine/model-counting.ts, 60 s): probability, time, decisions and
 * cache hits. The trains g19, g18 and g910 are among them; g17, the fourth train, shows where counting stops.
 * Cross-check: the count again on the tree with every gate's operands reversed, which changes the clauses and
 * the elimination order's ties, hence the decisions; the two must agree to rounding.
 * Settings (environment): ARALIA_DIR, the benchmark folder (default: ../shared/benchmarks/aralia).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOpenPsa } from '../openpsa/reader.js';
import { araliaDirectory, reverseOperands } from './aralia-files.js';
import { FaultTreeError, compileStructures, countedFailureProbability, failureProbability, type CompiledStructures } from '../engine/fault-tree.js';
import { componentsOf, type StructureModel } from '../engine/model.js';

const NUS9601 = join(araliaDirectory(), 'nus9601.xml');
const GATES = ['g690', 'g1535', 'g659', 'g19', 'g18', 'g910', 'g17'];
const BDD_TIME_LIMIT_MS = 10_000;
const COUNT_TIME_LIMIT_MS = 60_000;

/** The count of `gate`, or why there is none, with its time and search statistics. */
function count(compiled: CompiledStructures, gate: string) {
    const statistics = { decisions: 0, cacheHits: 0 };
    const start = performance.now();
    try {
        const probability = countedFailureProbability(compiled, gate, () => 0.01, { timeLimitMs: COUNT_TIME_LIMIT_MS, statistics });
        return { probability, seconds: (performance.now() - start) / 1000, ...statistics };
    } catch (error) {
        if (!(error instanceof FaultTreeError)) throw error;
        return { failed: error.message, seconds: (performance.now() - start) / 1000, ...statistics };
    }
}

function run(): void {
    if (!existsSync(NUS9601)) {
        console.log(`nus9601: ${NUS9601} not found (set ARALIA_DIR), skipped`);
        return;
    }
    const { model } = readOpenPsa(readFileSync(NUS9601, 'utf8'), 'nus9601.xml');
    const names = model.components.map(c => c.name);
    const byName = new Map<string, StructureModel>(model.structures.map(s => [s.name, s]));
    const compiled = compileStructures(model.structures, model.commonCauses, names);
    const flipped = compileStructures(model.structures.map(s => ({ ...s, failure: reverseOperands(s.failure) })), model.commonCauses, names);
    console.log(`${'gate'.padEnd(6)} ${'events'.padStart(6)}  ${'BDD'.padEnd(24)} ${'counted P'.padEnd(20)} ${'time'.padStart(7)} ${'decisions'.padStart(10)} ${'hits'.padStart(10)}  reversed operands`);
    for (const gate of GATES) {
        const events = componentsOf(gate, byName).size;
        const start = performance.now();
        let bdd: string;
        try {
            bdd = `P = ${compiled.withTimeLimit(BDD_TIME_LIMIT_MS, () => failureProbability(compiled, gate, () => 0.01)).toPrecision(10)}`;
        } catch (error) {
            if (!(error instanceof FaultTreeError)) throw error;
            bdd = /exceeds/.test(error.message) ? 'over 2^25 nodes' : 'out of time';
        }
        bdd += ` (${((performance.now() - start) / 1000).toFixed(1)} s)`;
        const first = count(compiled, gate);
        const second = count(flipped, gate);
        const agree = 'probability' in first && 'probability' in second
            ? `${second.probability.toPrecision(14)}, ${Math.abs(second.probability - first.probability) <= 1e-12 * first.probability ? 'agrees' : 'DIFFERS'} (${second.seconds.toFixed(1)} s)`
            : `${'failed' in second ? second.failed : ''} (${second.seconds.toFixed(1)} s)`;
        const result = 'probability' in first ? first.probability.toPrecision(14) : first.failed;
        console.log(`${gate.padEnd(6)} ${String(events).padStart(6)}  ${bdd.padEnd(24)} ${result.padEnd(20)} ${first.seconds.toFixed(1).padStart(5)} s `
            + `${String(first.decisions).padStart(10)} ${String(first.cacheHits).padStart(10)}  ${agree}`);
    }
}

run();
