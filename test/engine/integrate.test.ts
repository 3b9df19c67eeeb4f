import { describe, expect, it } from 'vitest';
import { integrate, integrateToInfinity } from '../../engine/integrate.js';
import { gammaFunction, mean, survival } from '../../engine/distributions.js';
import type { Distribution } from '../../engine/model.js';

function relErr(a: number, b: number): number { return Math.abs(a - b) / Math.abs(b); }

describe('integrate', () => {
    it('Gauss–Kronrod is exact for polynomials of degree 29 on one panel', () => {
        expect(relErr(integrate(x => x ** 29, 0, 1), 1 / 30)).toBeLessThan(1e-14);
        expect(relErr(integrate(x => Math.cos(x), 0, Math.PI / 2), 1)).toBeLessThan(1e-14);
    });

    it('web cluster MTTF: R(t) = e^{-0.07t}(3e^{-0.2t} − 2e^{-0.3t}) gives 3/0.27 − 2/0.37 years', () => {
        const perHour = (perYear: number) => perYear / 8760;
        const R = (t: number) => Math.exp(-perHour(0.07) * t) * (3 * Math.exp(-perHour(0.2) * t) - 2 * Math.exp(-perHour(0.3) * t));
        const mttfYears = integrateToInfinity(R, 8760 / 0.37) / 8760;
        expect(relErr(mttfYears, 3 / 0.27 - 2 / 0.37)).toBeLessThan(1e-11);
        expect(relErr(mttfYears, 5.70570570570571)).toBeLessThan(1e-9);
        // A poor scale hint still converges.
        expect(relErr(integrateToInfinity(R, 1) / 8760, 3 / 0.27 - 2 / 0.37)).toBeLessThan(1e-11);
        expect(relErr(integrateToInfinity(R, 1e9) / 8760, 3 / 0.27 - 2 / 0.37)).toBeLessThan(1e-11);
    });

    it('Weibull, gamma, lognormal and truncated normal means', () => {
        const cases: Distribution[] = [
            { kind: 'weibull', shape: 1.5, scale: 52560 },
            { kind: 'weibull', shape: 0.6, scale: 1000 },
            { kind: 'weibull', shape: 5, scale: 1000 },
            { kind: 'gamma', shape: 4, scale: 250 },
            { kind: 'gamma', shape: 0.5, scale: 250 },
            { kind: 'lognormal', median: 1000, sigma: 1 },
            { kind: 'normal', mean: 1000, sd: 800 }
        ];
        for (const d of cases) {
            const exact = d.kind === 'weibull' ? d.scale * gammaFunction(1 + 1 / d.shape)
                : d.kind === 'gamma' ? d.shape * d.scale : mean(d);
            expect(relErr(integrateToInfinity(t => survival(d, t), mean(d)), exact), JSON.stringify(d)).toBeLessThan(1e-10);
        }
    });

    it('a non-integrable tail gives Infinity', () => {
        expect(integrateToInfinity(t => 1 / (1 + t), 1)).toBe(Infinity);
    });
});
