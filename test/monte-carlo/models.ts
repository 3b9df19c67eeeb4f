/** Hand-built models for the Monte Carlo tests, with their exact figures from closed forms. */
import { emptyModel, HOURS_PER_YEAR, type ComponentModel, type Distribution, type FaultExpr, type ReliabilityModel, type SimulationModel } from '../../engine/model.js';

export const perYear = (r: number) => r / HOURS_PER_YEAR;

export function exponential(ratePerYear: number): Distribution {
    return { kind: 'exponential', rate: perYear(ratePerYear) };
}

export function lifetime(name: string, distribution: Distribution, repair?: Distribution): ComponentModel {
    return { name, failure: { kind: 'lifetime', distribution }, ...(repair ? { repair } : {}) };
}

/** A simulation block; 99.9 % intervals so that fixed-seed checks of "exact value inside" fail by chance only rarely. */
export function withSimulation(model: ReliabilityModel, sim: Partial<SimulationModel> & Pick<SimulationModel, 'target'>): ReliabilityModel {
    model.simulations.push({ name: 'Run', missions: 100000, horizonHours: HOURS_PER_YEAR, seed: 42, confidence: 0.999, ...sim });
    return model;
}

/** LB 0.02/y, DB 0.05/y in series with 2 of 3 servers at 0.1/y (language.md §12). */
export function webCluster(): ReliabilityModel {
    const model = emptyModel();
    model.components.push(lifetime('LoadBalancer', exponential(0.02)), lifetime('Database', exponential(0.05)), lifetime('WebServer', exponential(0.1)));
    const failure: FaultExpr = { kind: 'or', operands: [
        { kind: 'event', name: 'LoadBalancer' }, { kind: 'event', name: 'Database' },
        { kind: 'copies', k: 2, n: 3, of: { kind: 'event', name: 'WebServer' } }
    ] };
    model.structures.push({ name: 'WebCluster', kind: 'system', failure });
    return model;
}

/** R(t) = e^{-0.07t}(3e^{-0.2t} − 2e^{-0.3t}), t in years. */
export function webClusterReliability(years: number): number {
    return Math.exp(-0.07 * years) * (3 * Math.exp(-0.2 * years) - 2 * Math.exp(-0.3 * years));
}
export const WEB_CLUSTER_MTTF_HOURS = (3 / 0.27 - 2 / 0.37) * HOURS_PER_YEAR;
