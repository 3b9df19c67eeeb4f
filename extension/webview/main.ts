/// <reference lib="dom" />
/**
 * The results panel's script (bundled for the browser with Chart.js): draws what the extension posts,
 * in the theme's chart colours. It computes no figure; it only lays them out.
 */
import {
    BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement,
    ScatterController, Title, Tooltip, type ChartConfiguration
} from 'chart.js';
import { formatHours, formatPercent, formatProbability } from '../../engine/format.js';
import type { FaultTreeNode, MarkovFigures, SimulationResult } from '../protocol.js';
import type { FromPanelMessage, PanelView, SensitivityBar, ToPanelMessage } from './messages.js';

Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, ScatterController, Title, Tooltip);

interface VsCodeApi {
    postMessage(message: FromPanelMessage): void;
    setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;
let charts: Chart[] = [];
let lastMessage: ToPanelMessage | undefined;

/** A theme colour by its VS Code CSS variable, with a fallback for themes that lack it. */
function themeColour(variable: string, fallback: string): string {
    return getComputedStyle(document.body).getPropertyValue(variable).trim() || fallback;
}

function palette(): string[] {
    return [
        themeColour('--vscode-charts-blue', '#3794ff'), themeColour('--vscode-charts-orange', '#d18616'),
        themeColour('--vscode-charts-green', '#89d185'), themeColour('--vscode-charts-purple', '#b180d7'),
        themeColour('--vscode-charts-red', '#f14c4c'), themeColour('--vscode-charts-yellow', '#cca700')
    ];
}

function applyThemeDefaults(): void {
    Chart.defaults.color = themeColour('--vscode-foreground', '#cccccc');
    Chart.defaults.borderColor = themeColour('--vscode-charts-lines', 'rgba(128, 128, 128, 0.3)');
    Chart.defaults.font.family = themeColour('--vscode-font-family', 'sans-serif');
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
}

function addChart(config: ChartConfiguration, label: string): void {
    const box = element('div', 'chart');
    const canvas = element('canvas');
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', label);
    box.appendChild(canvas);
    root.appendChild(box);
    charts.push(new Chart(canvas, config));
}

function figureTable(rows: Array<[string, string]>): void {
    const table = element('table', 'figures');
    for (const [label, value] of rows) {
        const row = element('tr');
        row.appendChild(element('th', undefined, label));
        row.appendChild(element('td', undefined, value));
        table.appendChild(row);
    }
    root.appendChild(table);
}

function drawMonteCarlo(result: SimulationResult): void {
    const [low, high] = result.interval;
    const rows: Array<[string, string]> = [
        ['Estimate', formatProbability(result.estimate, 6)],
        [`${formatPercent(result.confidence)} interval`, `[${formatProbability(low, 6)}, ${formatProbability(high, 6)}]`]
    ];
    if (result.exact !== undefined) {
        rows.push(['Exact value', `${formatProbability(result.exact, 9)} (${result.exactInInterval ? 'inside' : 'outside'} the interval)`]);
    }
    rows.push(['Missions', String(result.missions)], ['Seed', String(result.seed)], ['Horizon', formatHours(result.horizonHours)]);
    if (result.mttfHours !== undefined) rows.push(['MTTF (estimated)', formatHours(result.mttfHours)]);
    if (result.repair) rows.push(['Availability over the horizon', formatPercent(result.repair.availability)], ['Mean outages per mission', formatProbability(result.repair.meanOutages, 4)]);
    figureTable(rows);
    for (const note of result.notes) root.appendChild(element('p', 'status', note));
    const [blue, orange, green] = palette();
    const points = [
        { label: `${formatPercent(result.confidence)} interval`, data: [{ x: low, y: 0 }, { x: high, y: 0 }], showLine: true, borderColor: blue, backgroundColor: blue, borderWidth: 6, pointRadius: 4 },
        { label: 'Estimate', data: [{ x: result.estimate, y: 0 }], borderColor: orange, backgroundColor: orange, pointRadius: 7, pointStyle: 'rectRot' as const },
        ...(result.exact !== undefined
            ? [{ label: 'Exact', data: [{ x: result.exact, y: 0 }], borderColor: green, backgroundColor: green, pointRadius: 7, pointStyle: 'triangle' as const }]
            : [])
    ];
    addChart({
        type: 'scatter',
        data: { datasets: points },
        options: {
            plugins: { title: { display: true, text: `Estimate of ${result.target} with its interval and the exact value` } },
            scales: { y: { display: false, min: -1, max: 1 }, x: { title: { display: true, text: 'probability' } } }
        }
    }, 'Interval chart');
    if (!result.failureTimes) return;
    const { binEdgesHours: edges, counts } = result.failureTimes;
    const labels = counts.map((_, i) => `${formatHours(edges[i])}–${formatHours(edges[i + 1] ?? edges[i])}`);
    addChart({
        type: 'bar',
        data: { labels, datasets: [{ label: 'Failures', data: counts, backgroundColor: blue, barPercentage: 1, categoryPercentage: 1 }] },
        options: {
            plugins: { title: { display: true, text: `System failure times (${result.failureTimes.censored} missions censored at the horizon)` }, legend: { display: false } },
            scales: { x: { ticks: { maxRotation: 0, autoSkip: true, maxTicksLimit: 8 }, title: { display: true, text: 'failure time' } }, y: { title: { display: true, text: 'missions' }, beginAtZero: true } }
        }
    }, 'Failure time histogram');
}

function drawMarkov(figures: MarkovFigures): void {
    const unit = figures.unit;
    figureTable([
        ['Availability', formatPercent(figures.availability)],
        ['MTBF', figures.mtbf === null ? '—' : unit === 'hours' ? formatHours(figures.mtbf) : `${formatProbability(figures.mtbf, 6)} steps`],
        ['Converged after', figures.timeToConverge === null ? 'never' : unit === 'hours' ? formatHours(figures.timeToConverge) : `${figures.timeToConverge} steps`]
    ]);
    const colours = palette();
    const states = Object.keys(figures.transient.distribution);
    const series = (values: number[]) => values.map((y, i) => ({ x: figures.transient.times[i], y }));
    addChart({
        type: 'line',
        data: {
            datasets: [
                ...states.map((state, i) => ({
                    label: state, data: series(figures.transient.distribution[state]),
                    borderColor: colours[i % colours.length], backgroundColor: colours[i % colours.length], pointRadius: 0, borderWidth: 2
                })),
                { label: 'Availability', data: series(figures.transient.availability), borderColor: themeColour('--vscode-foreground', '#ccc'), borderDash: [6, 4], pointRadius: 0, borderWidth: 2 }
            ]
        },
        options: {
            parsing: false,
            plugins: { title: { display: true, text: 'Transient state probabilities' } },
            scales: { x: { type: 'linear', title: { display: true, text: unit } }, y: { min: 0, max: 1, title: { display: true, text: 'probability' } } }
        }
    }, 'Markov transient chart');
}

function drawSensitivity(figure: string, base: number | undefined, bars: SensitivityBar[]): void {
    const sorted = [...bars].sort((a, b) => (b.high - b.low) - (a.high - a.low));
    const [blue] = palette();
    if (base !== undefined) figureTable([['Base value', formatProbability(base, 6)]]);
    addChart({
        type: 'bar',
        data: {
            labels: sorted.map(b => b.label),
            datasets: [{ label: figure, data: sorted.map(b => [b.low, b.high] as [number, number]), backgroundColor: blue }]
        },
        options: {
            indexAxis: 'y',
            plugins: { title: { display: true, text: `Sensitivity of ${figure}` }, legend: { display: false } },
            scales: { x: { beginAtZero: false, title: { display: true, text: figure } } }
        }
    }, 'Tornado chart');
}

const SVG = 'http://www.w3.org/2000/svg';
const BOX_WIDTH = 150;
const BOX_HEIGHT = 48;
const LEVEL_HEIGHT = 90;
const GAP = 16;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
    if (text !== undefined) node.textContent = text;
    return node;
}

/** Tidy layout: leaves side by side in order, each parent centred over its children. Returns the subtree's width. */
function layout(node: FaultTreeNode, left: number, depth: number, positions: Map<FaultTreeNode, { x: number; y: number }>): number {
    const y = depth * LEVEL_HEIGHT + 10;
    if (node.children.length === 0) {
        positions.set(node, { x: left, y });
        return BOX_WIDTH;
    }
    let width = 0;
    for (const child of node.children) width += layout(child, left + width + (width > 0 ? GAP : 0), depth + 1, positions) + (width > 0 ? GAP : 0);
    const first = positions.get(node.children[0])!;
    const last = positions.get(node.children[node.children.length - 1])!;
    positions.set(node, { x: (first.x + last.x) / 2, y });
    return Math.max(width, BOX_WIDTH);
}

function drawFaultTree(tree: FaultTreeNode): void {
    const positions = new Map<FaultTreeNode, { x: number; y: number }>();
    const width = layout(tree, 10, 0, positions) + 20;
    const height = Math.max(...[...positions.values()].map(p => p.y)) + BOX_HEIGHT + 20;
    const picture = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Fault tree', class: 'fault-tree' });
    for (const [node, at] of positions) {
        for (const child of node.children) {
            const to = positions.get(child)!;
            picture.appendChild(svg('line', { x1: at.x + BOX_WIDTH / 2, y1: at.y + BOX_HEIGHT, x2: to.x + BOX_WIDTH / 2, y2: to.y, class: 'edge' }));
        }
    }
    for (const [node, at] of positions) {
        const group = svg('g', { class: `node ${node.kind}` });
        group.appendChild(svg(node.kind === 'event' ? 'ellipse' : 'rect', node.kind === 'event'
            ? { cx: at.x + BOX_WIDTH / 2, cy: at.y + BOX_HEIGHT / 2, rx: BOX_WIDTH / 2, ry: BOX_HEIGHT / 2 }
            : { x: at.x, y: at.y, width: BOX_WIDTH, height: BOX_HEIGHT, rx: 4 }));
        const title = node.operator && node.kind !== 'operator' ? `${node.label} (${node.operator})` : node.label;
        group.appendChild(svg('text', { x: at.x + BOX_WIDTH / 2, y: at.y + 20, class: 'label' }, title));
        if (node.probability !== undefined) {
            group.appendChild(svg('text', { x: at.x + BOX_WIDTH / 2, y: at.y + 38, class: 'probability' }, `P = ${formatProbability(node.probability, 4)}`));
        }
        picture.appendChild(group);
    }
    const box = element('div', 'tree');
    box.appendChild(picture);
    root.appendChild(box);
}

function draw(view: PanelView): number {
    switch (view.kind) {
        case 'monteCarlo': drawMonteCarlo(view.result); break;
        case 'markov': drawMarkov(view.figures); break;
        case 'sensitivity': drawSensitivity(view.figure, view.base, view.bars); break;
        case 'faultTree': drawFaultTree(view.tree); break;
    }
    return view.kind === 'faultTree' ? 1 : charts.length;
}

function render(message: ToPanelMessage): void {
    for (const chart of charts) chart.destroy();
    charts = [];
    root.replaceChildren(element('h1', undefined, message.title));
    applyThemeDefaults();
    if (message.type === 'busy') {
        root.appendChild(element('p', 'status', message.message));
    } else if (message.type === 'error') {
        root.appendChild(element('p', 'error', message.message));
    } else {
        const drawn = draw(message.view);
        vscode.postMessage({ type: 'rendered', kind: message.view.kind, charts: drawn });
    }
}

window.addEventListener('message', (event: MessageEvent<ToPanelMessage>) => {
    lastMessage = event.data;
    vscode.setState({ identity: event.data.identity });
    render(event.data);
});

// Redraw in the new colours when the theme changes (VS Code swaps the body's classes).
new MutationObserver(() => { if (lastMessage) render(lastMessage); }).observe(document.body, { attributes: true, attributeFilter: ['class'] });

vscode.postMessage({ type: 'ready' });
