/** Human-readable figures, shared by the CLI report and the editor's hovers and code lenses. */
import { downtimeHoursPerYear, nines } from './figures.js';

const MINUTE = 1 / 60;
const DAY = 24;
const YEAR = 8760;

/** A probability with enough digits to be useful: 0.998498262717, 1.23e-7. */
export function formatProbability(p: number, digits = 12): string {
    if (!Number.isFinite(p)) return String(p);
    if (p === 0 || p === 1) return String(p);
    if (p < 1e-4) return p.toExponential(Math.max(1, Math.min(digits, 6) - 1));
    return String(Number(p.toPrecision(digits)));
}

/** A probability as a percentage that keeps the significant nines: 99.9985%. */
export function formatPercent(p: number): string {
    if (!Number.isFinite(p)) return String(p);
    const complement = 1 - p;
    if (complement > 0 && complement < 0.01) {
        // Show two significant digits of the complement: 99.9985% rather than 100.00%.
        const decimals = Math.min(12, Math.max(2, Math.ceil(-Math.log10(complement * 100)) + 1));
        return `${(p * 100).toFixed(decimals)}%`;
    }
    return `${Number((p * 100).toPrecision(4))}%`;
}

/** A duration in the unit that reads best: 42 s, 7.9 min, 3.2 h, 5.7 y. */
export function formatHours(hours: number): string {
    if (!Number.isFinite(hours)) return hours > 0 ? '∞' : String(hours);
    const abs = Math.abs(hours);
    const round = (x: number) => Number(x.toPrecision(3)).toString();
    if (abs === 0) return '0 h';
    if (abs < MINUTE) return `${round(hours * 3600)} s`;
    if (abs < 1) return `${round(hours * 60)} min`;
    if (abs < 2 * DAY) return `${round(hours)} h`;
    if (abs < 60 * DAY) return `${round(hours / DAY)} d`;
    return `${round(hours / YEAR)} y`;
}

/** `A = 99.9985% · 7.9 min/yr · 4.8 nines`, the one-line summary of an availability. */
export function availabilitySummary(availability: number): string {
    const n = nines(availability);
    const ninesText = n === undefined ? '' : ` · ${n.toFixed(1)} nines`;
    return `A = ${formatPercent(availability)} · ${formatHours(downtimeHoursPerYear(availability))}/yr${ninesText}`;
}
