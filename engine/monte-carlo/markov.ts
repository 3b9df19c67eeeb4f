/**
 * Monte Carlo of a Markov chain over the horizon (`simulate { markov M }`), jump by jump:
 * continuous time: exponential holding times with the state's exit rate; discrete time: a geometric
 * number of steps in a state, then a jump to another state in proportion to its row.
 * The tallies are those of the discrete-event kernel: P(no down state by the horizon), availability
 * over the horizon, outages and downtime.
 */
import type { MarkovModel } from '../model.js';
import { newRepairTally, recordMission, type KernelSettings, type Tally } from './kernel.js';
import type { BlockRandom } from './rng.js';

export interface MarkovPlan {
    up: boolean[];
    start: number;
    continuous: boolean;
    /** Hours per step (discrete time; 1 when the chain has no `step`). */
    stepHours: number;
    /** Continuous: total exit rate per state. Discrete: probability of staying per step. */
    holding: number[];
    /** Per state: the other states and the cumulative probability of jumping to each. */
    targets: number[][];
    cumulative: number[][];
}

/** The jump plan of a chain that engine/markov.ts's markovStructuralProblems accepts without errors. */
export function markovPlan(m: MarkovModel): MarkovPlan {
    const index = new Map(m.states.map((s, i) => [s, i]));
    const n = m.states.length;
    const up = m.states.map(s => m.up.includes(s));
    const weights: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    if (m.kind === 'continuous') {
        for (const t of m.transitions) {
            const from = index.get(t.from)!, to = index.get(t.to)!;
            if (from !== to) weights[from][to] += t.rate;
        }
    } else {
        m.matrix.forEach((row, i) => row.forEach((p, j) => { if (i !== j) weights[i][j] = p; }));
    }
    const holding: number[] = [];
    const targets: number[][] = [];
    const cumulative: number[][] = [];
    weights.forEach(row => {
        const total = row.reduce((a, b) => a + b, 0);
        // Discrete time: the staying probability is what the row leaves to the diagonal (rows sum to 1).
        holding.push(m.kind === 'continuous' ? total : Math.max(0, 1 - total));
        const to: number[] = [], acc: number[] = [];
        let sum = 0;
        row.forEach((w, j) => {
            if (w > 0) {
                sum += w;
                to.push(j);
                acc.push(sum / total);
            }
        });
        if (acc.length) acc[acc.length - 1] = 1;
        targets.push(to);
        cumulative.push(acc);
    });
    return {
        up, start: index.get(m.start)!, continuous: m.kind === 'continuous', stepHours: m.kind === 'discrete' ? m.stepHours ?? 1 : 1,
        holding, targets, cumulative
    };
}

export function runMarkovBlock(plan: MarkovPlan, rng: BlockRandom, missions: number, s: KernelSettings): Tally {
    const h = s.horizon;
    const tally = newRepairTally(s.bins);
    const { up, holding, targets, cumulative, continuous, stepHours } = plan;
    for (let mission = 0; mission < missions; mission++) {
        let state = plan.start;
        let t = 0;
        let down = !up[state];
        let firstOutage = down ? 0 : Infinity;
        let outages = down ? 1 : 0;
        let downtime = 0;
        for (;;) {
            const stay = holding[state];
            let leave: number;
            if (continuous) leave = stay > 0 ? t + rng.standardExponential() / stay : Infinity;
            // Steps spent in the state before leaving: geometric, P(K > k) = stay^k.
            else leave = stay >= 1 ? Infinity : t + stepHours * (stay <= 0 ? 1 : Math.max(1, Math.ceil(-rng.standardExponential() / Math.log(stay))));
            // A discrete step that lands exactly on the horizon still happens "by the horizon".
            if (leave > h) {
                if (down) downtime += h - t;
                break;
            }
            if (down) downtime += leave - t;
            const u = rng.uniform();
            const acc = cumulative[state];
            let j = 0;
            while (j < acc.length - 1 && acc[j] <= u) j++;
            state = targets[state][j];
            t = leave;
            const nowDown = !up[state];
            if (nowDown && !down) {
                outages++;
                if (firstOutage === Infinity) firstOutage = t;
            }
            down = nowDown;
        }
        recordMission(tally, firstOutage, downtime, outages, h);
    }
    return tally;
}
