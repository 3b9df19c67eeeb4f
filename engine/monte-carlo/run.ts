/**
 * A run split into work items: fixed blocks of missions (each with its own generator seeded from the run's
 * seed and the block index) times sensitivity variants (the same block seed for every variant, so every
 * factor sees the same random numbers). Items can be computed anywhere, in any order: the tallies are
 * merged in item order, so the numbers do not depend on the number of threads.
 * Used in-process and by the worker thread entry (worker.ts).
 */
import type { ReliabilityModel } from '../model.js';
import { compileTarget, hasFailureTimes, type Program } from './compile.js';
import { markovPlan, runMarkovBlock, type MarkovPlan } from './markov.js';
import {
    conditionalPlan, runConditionalBlock, runPlainBlock, runRepairBlock, runStateBlock, statePlan,
    type ConditionalPlan, type Estimator, type StatePlan, type Tally
} from './kernel.js';
import type { Variant } from './samplers.js';
import { BlockRandom } from './rng.js';

/** Missions per block: fixed, so the split of the random stream never depends on the thread count. */
export const BLOCK_MISSIONS = 65536;

export interface RunConfig {
    targetKind: 'system' | 'top' | 'markov';
    targetName: string;
    horizonHours: number;
    seed: number;
    missions: number;
    estimator: Estimator;
    bins: number;
    /** Sensitivity variants after the base run: a hazard (or probability) factor for one component. */
    variants: { component: string; factor: number }[];
}

export interface PreparedRun {
    /** The compiled structure (systems and tops). */
    program?: Program;
    /** The chain (markov targets). */
    markov?: MarkovPlan;
    config: RunConfig;
    /** Index 0: the base run (undefined: no factor); then one per sensitivity variant. */
    variants: (Variant | undefined)[];
    plans?: ConditionalPlan[];
    /** Plain runs without failure times (the state kernel). */
    states?: StatePlan;
}

export interface WorkItem {
    block: number;
    variant: number;
}

/** Compiles the target for the run's estimator (plain sampling uses the optimised program) and prepares the variants. */
export function prepareRun(model: ReliabilityModel, config: RunConfig): PreparedRun {
    if (config.targetKind === 'markov') {
        const chain = model.markov.find(m => m.name === config.targetName);
        if (!chain) throw new Error(`unknown markov chain '${config.targetName}'`);
        return { markov: markovPlan(chain), config, variants: [undefined] };
    }
    const program = compileTarget(model, config.targetName, config.estimator === 'plain');
    const variants = [undefined, ...config.variants];
    const plans = config.estimator === 'conditional' ? variants.map(v => conditionalPlan(program, v, config.horizonHours)) : undefined;
    const states = config.estimator === 'plain' && !hasFailureTimes(program) ? statePlan(program, variants, config.horizonHours) : undefined;
    return { program, config, variants, plans, states };
}

export function blockCount(missions: number): number {
    return Math.ceil(missions / BLOCK_MISSIONS);
}

export function workItems(config: RunConfig): WorkItem[] {
    const items: WorkItem[] = [];
    const variants = config.variants.length + 1;
    for (let block = 0; block < blockCount(config.missions); block++) {
        for (let variant = 0; variant < variants; variant++) items.push({ block, variant });
    }
    return items;
}

export function runWorkItem(run: PreparedRun, item: WorkItem): Tally {
    const { config } = run;
    const missions = Math.min(BLOCK_MISSIONS, config.missions - item.block * BLOCK_MISSIONS);
    // Stream 0 of the block drives the whole block, except where slot j has stream j + 1 (discrete-event and state runs).
    const stream = (index: number) => new BlockRandom(config.seed, item.block, index);
    const settings = { horizon: config.horizonHours, bins: config.bins };
    if (run.markov) return runMarkovBlock(run.markov, stream(0), missions, settings);
    const program = run.program!;
    switch (config.estimator) {
        case 'plain':
            // Without failure times to report, only the state at the horizon counts: 32 missions per word.
            return run.states
                ? runStateBlock(program, run.states, item.variant, slot => stream(slot + 1), missions, settings)
                : runPlainBlock(program, run.variants[item.variant], stream(0), missions, settings);
        case 'conditional': return runConditionalBlock(program, run.plans![item.variant], stream(0), missions, settings);
        case 'discrete-event': return runRepairBlock(program, run.variants[item.variant], slot => stream(slot + 1), missions, settings);
    }
}
