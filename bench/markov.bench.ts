// Steady state and MTTF of a 10,000-state birth–death chain (sparse ILU-GMRES path), against the closed forms.
import { analyzeMarkov } from '../engine/markov.js';
import type { MarkovModel } from '../engine/model.js';

const N = 10_000, birth = 0.5, death = 0.49;
const states = Array.from({ length: N }, (_, k) => `S${k}`);
const chain: MarkovModel = {
    name: 'BirthDeath', kind: 'continuous', states, up: states.slice(0, N - 1), start: 'S0',
    transitions: states.slice(0, N - 1).flatMap((s, k) => [
        { from: s, to: states[k + 1], rate: birth }, { from: states[k + 1], to: s, rate: death }
    ])
};

const logRho = Math.log(birth / death);
const logNorm = (N - 1) * logRho + Math.log((1 - Math.exp(-N * logRho)) / (1 - Math.exp(-logRho)));
let passage = 1 / birth, exactMttf = passage;
for (let k = 1; k < N - 1; k++) { passage = (1 + death * passage) / birth; exactMttf += passage; }

for (const withTransient of [false, true]) {
    const started = performance.now();
    const result = analyzeMarkov(chain, { transient: withTransient });
    const elapsed = performance.now() - started;
    if (!result.ok) { console.error(result.message); process.exit(1); }
    const top = result.steadyState[states[N - 1]];
    console.log(`${N} states, ${withTransient ? 'with' : 'without'} transient: ${elapsed.toFixed(0)} ms (solver ${result.solver})`);
    console.log(`  π(S${N - 1}) = ${top} (closed form ${Math.exp((N - 1) * logRho - logNorm)})`);
    console.log(`  MTTF = ${result.mttf} h (closed form ${exactMttf})`);
    if (withTransient) console.log(`  time to converge: ${result.timeToConverge ?? 'not within the work budget'}; ${result.warnings.join('; ')}`);
}
