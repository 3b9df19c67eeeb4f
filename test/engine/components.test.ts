import { describe, expect, it } from 'vitest';
import { componentFigures, componentUnreliability } from '../../engine/components.js';
import { nines, downtimeHoursPerYear } from '../../engine/figures.js';

describe('component figures', () => {
    it('probability components fail with q whatever the time', () => {
        const c = { name: 'CDN', failure: { kind: 'probability' as const, q: 0.005 } };
        expect(componentUnreliability(c, 1)).toBe(0.005);
        expect(componentUnreliability(c, 1e6)).toBe(0.005);
        expect(componentFigures(c, 8760)).toEqual({ reliability: 0.995, unreliability: 0.005 });
    });

    it('an exponential lifetime with mttr: R, MTTF, rate, availability, downtime, nines', () => {
        const rate = 0.02 / 8760;
        const c = { name: 'LB', failure: { kind: 'lifetime' as const, distribution: { kind: 'exponential' as const, rate } },
            repair: { kind: 'exponential' as const, rate: 1 / 2 } };
        const f = componentFigures(c, 8760);
        expect(f.reliability).toBeCloseTo(Math.exp(-0.02), 15);
        expect(f.unreliability! / (1 - Math.exp(-0.02))).toBeCloseTo(1, 14);
        expect(f.mttfHours).toBeCloseTo(438000, 8);
        expect(f.failureRate).toBe(rate);
        // A = 438000 / 438002
        expect(f.availability! / (438000 / 438002)).toBeCloseTo(1, 14);
        expect(f.downtimeHoursPerYear! / (8760 * 2 / 438002)).toBeCloseTo(1, 12);
        expect(f.nines!).toBeCloseTo(Math.log10(219001), 10);
    });

    it('a Weibull lifetime has no constant failure rate; lognormal repair uses its mean', () => {
        const c = { name: 'Disk', failure: { kind: 'lifetime' as const, distribution: { kind: 'weibull' as const, shape: 1.5, scale: 52560 } },
            repair: { kind: 'lognormal' as const, median: 8, sigma: 0.5 } };
        const f = componentFigures(c, 8760);
        expect(f.failureRate).toBeUndefined();
        expect(f.reliability!).toBeCloseTo(Math.exp(-Math.pow(1 / 6, 1.5)), 15);
        const mttr = 8 * Math.exp(0.125);
        expect(f.availability! / (47448.29259750107061 / (47448.29259750107061 + mttr))).toBeCloseTo(1, 13);
    });

    it('availability-only components have no mission reliability', () => {
        const c = { name: 'Edge', failure: { kind: 'availability' as const, availability: 0.9995 } };
        expect(componentUnreliability(c, 8760)).toBeUndefined();
        const f = componentFigures(c, 8760);
        expect(f.reliability).toBeUndefined();
        expect(f.availability).toBe(0.9995);
        expect(f.downtimeHoursPerYear!).toBeCloseTo(4.38, 10);
        expect(f.nines!).toBeCloseTo(3.30103, 5);
    });

    it('A = 1 has no finite number of nines', () => {
        expect(nines(1)).toBeUndefined();
        expect(downtimeHoursPerYear(1)).toBe(0);
        const c = { name: 'Perfect', failure: { kind: 'availability' as const, availability: 1 } };
        expect(componentFigures(c, 8760).nines).toBeUndefined();
    });
});
