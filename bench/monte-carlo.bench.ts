/**
 * Monte Carlo throughput (issue 4): missions per second for
 *  - the web cluster (load balancer, database, 2 of 3 servers, exponential; reliability at 1 year, MTTF,
 *    failure-time histogram), 10^7 missions, in-process and with 2 worker threads, and end to end as a process;
 *  - a 50-component model with repair (discrete-event), 2·10^5 missions;
 *  - a large static fault tree with probabilities only (Aralia's nus9601: 1,567 events, 1,622 gates; the state
 *    kernel, 32 missions per word), 10^7 missions in-process and with 2 worker threads;
 * and, when python3 with numpy is available, the vectorised numpy peers on the web-cluster job and on nus9601
 * (10^6 missions: boolean arrays per event and gate), with the ratios.
 * Run with `npm run bench -- monte-carlo`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emptyModel, HOURS_PER_YEAR, type FaultExpr, type ReliabilityModel } from '../engine/model.js';
import { simulate, type SimulationResult } from '../engine/monte-carlo/simulate.js';
import { readOpenPsa } from '../openpsa/reader.js';
import { araliaDirectory } from './aralia-files.js';

const WEB_MISSIONS = 10_000_000;
const TREE_MISSIONS = 10_000_000;
const TREE_PEER_MISSIONS = 1_000_000;
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const NUS9601 = join(araliaDirectory(), 'nus9601.xml');

/** nus9601's top r1 at its mission time, from the Open-PSA file. */
function nus9601(missions: number): ReliabilityModel {
    const { model } = readOpenPsa(readFileSync(NUS9601, 'utf8'), 'nus9601.xml');
    model.simulations.push({ name: 'TreeYear', target: { kind: 'top', name: 'r1' }, missions, horizonHours: model.missionHours, seed: 1, confidence: 0.95 });
    return model;
}

function webCluster(): ReliabilityModel {
    const model = emptyModel();
    const exp = (name: string, perYear: number) => ({ name, failure: { kind: 'lifetime' as const, distribution: { kind: 'exponential' as const, rate: perYear / HOURS_PER_YEAR } } });
    model.components.push(exp('LoadBalancer', 0.02), exp('Database', 0.05), exp('WebServer', 0.1));
    model.structures.push({ name: 'WebCluster', kind: 'system', failure: { kind: 'or', operands: [
        { kind: 'event', name: 'LoadBalancer' }, { kind: 'event', name: 'Database' },
        { kind: 'copies', k: 2, n: 3, of: { kind: 'event', name: 'WebServer' } }] } });
    model.simulations.push({ name: 'WebClusterYear', target: { kind: 'system', name: 'WebCluster' }, missions: WEB_MISSIONS,
        horizonHours: HOURS_PER_YEAR, seed: 42, confidence: 0.95 });
    return model;
}

/** 10 racks in series, each: 2 of 3 servers (Weibull wear-out), a switch, a PSU pair in parallel; all repairable. */
function fiftyComponentsWithRepair(): ReliabilityModel {
    const model = emptyModel();
    const racks: FaultExpr[] = [];
    for (let r = 0; r < 10; r++) {
        const names = ['S1', 'S2', 'S3', 'Switch', 'PsuA'].map(n => `R${r}${n}`);
        names.push(`R${r}PsuB`);
        for (const n of names.slice(0, 3)) model.components.push({ name: n, failure: { kind: 'lifetime', distribution: { kind: 'weibull', shape: 1.4, scale: 3 * HOURS_PER_YEAR } }, repair: { kind: 'lognormal', median: 24, sigma: 0.6 } });
        model.components.push({ name: names[3], failure: { kind: 'lifetime', distribution: { kind: 'exponential', rate: 0.2 / HOURS_PER_YEAR } }, repair: { kind: 'exponential', rate: 1 / 4 } });
        for (const n of names.slice(4)) model.components.push({ name: n, failure: { kind: 'lifetime', distribution: { kind: 'exponential', rate: 0.5 / HOURS_PER_YEAR } }, repair: { kind: 'exponential', rate: 1 / 8 } });
        racks.push({ kind: 'or', operands: [
            { kind: 'atLeast', k: 2, operands: names.slice(0, 3).map(name => ({ kind: 'event' as const, name })) },
            { kind: 'event', name: names[3] },
            { kind: 'and', operands: names.slice(4).map(name => ({ kind: 'event' as const, name })) }] });
    }
    model.structures.push({ name: 'Datacenter', kind: 'system', failure: { kind: 'or', operands: racks } });
    model.simulations.push({ name: 'DatacenterYear', target: { kind: 'system', name: 'Datacenter' }, missions: 200_000,
        horizonHours: HOURS_PER_YEAR, seed: 7, confidence: 0.95 });
    return model;
}

function buildWorker(): string | undefined {
    const outfile = join(root, 'out', 'bench', 'monte-carlo-worker.mjs');
    const esbuild = join(root, 'node_modules', '.bin', 'esbuild');
    const run = spawnSync(esbuild, [join(root, 'engine', 'monte-carlo', 'worker.ts'), '--bundle', '--platform=node', '--format=esm',
        '--target=node22', `--outfile=${outfile}`, '--log-level=warning',
        "--banner:js=import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"], { stdio: 'inherit' });
    return run.status === 0 && existsSync(outfile) ? outfile : undefined;
}

/** Rare estimates keep their digits. */
const estimateText = (x: number) => (x < 1e-3 ? x.toExponential(4) : x.toFixed(6));

function line(label: string, r: SimulationResult): void {
    console.log(`${label.padEnd(44)} ${(r.missionsPerSecond / 1e6).toFixed(2).padStart(7)} M missions/s  ` +
        `(${r.missions.toExponential(0)} missions, ${r.elapsedMs.toFixed(0)} ms, estimate ${estimateText(r.estimate)}, ` +
        `${r.mttfHours !== undefined ? `MTTF ${(r.mttfHours / HOURS_PER_YEAR).toFixed(4)} y, ` : ''}${r.threads} thread${r.threads > 1 ? 's' : ''})`);
}

/** The numpy peer of the static tree: every event a boolean array (uniform < q), every gate a reduction over its inputs. */
const NUMPY_TREE_PEER = `
import sys, time
import xml.etree.ElementTree as ET
import numpy as np
root = ET.parse(sys.argv[1]).getroot()
q = {e.get('name'): float(e.find('float').get('value')) for e in root.iter('define-basic-event')}
gates = {g.get('name'): g[0] for g in root.iter('define-gate')}
def inputs(formula):
    return [formula] if formula.tag in ('gate', 'basic-event') else list(formula)
order, seen = [], set()
def visit(name):
    stack = [(name, False)]
    while stack:
        n, done = stack.pop()
        if done: order.append(n); continue
        if n in seen: continue
        seen.add(n); stack.append((n, True))
        stack.extend((c.get('name'), False) for c in inputs(gates[n]) if c.tag == 'gate')
visit('r1')
t0 = time.perf_counter()
n, chunk = int(sys.argv[2]), 65536
rng = np.random.default_rng(1)
failures = 0
for start in range(0, n, chunk):
    m = min(chunk, n - start)
    value = {name: rng.random(m) < p for name, p in q.items()}
    for g in order:
        f = gates[g]
        ins = [value[c.get('name')] for c in inputs(f)]
        if f.tag == 'or': value[g] = np.logical_or.reduce(ins)
        elif f.tag == 'and': value[g] = np.logical_and.reduce(ins)
        elif f.tag == 'atleast': value[g] = np.sum(ins, axis=0) >= int(f.get('min'))
        elif f.tag in ('gate', 'basic-event'): value[g] = ins[0]
        else: raise ValueError(f'gate {g}: {f.tag} is not evaluated by this peer')
    failures += int(np.count_nonzero(value['r1']))
elapsed = time.perf_counter() - t0
print(f"{failures / n:.6e} {elapsed:.3f}")
`;

const NUMPY_PEER = `
import sys, time
import numpy as np
t0 = time.perf_counter()
n, h, chunk = ${WEB_MISSIONS}, 8760.0, 1_000_000
rng = np.random.default_rng(42)
survived, total, hist = 0, 0.0, np.zeros(50, dtype=np.int64)
for start in range(0, n, chunk):
    m = min(chunk, n - start)
    lb = rng.exponential(8760 / 0.02, m); db = rng.exponential(8760 / 0.05, m)
    a, b, c = (rng.exponential(8760 / 0.1, m) for _ in range(3))
    second = np.maximum(np.minimum(a, b), np.minimum(np.maximum(a, b), c))  # 2 of 3 fail: second failure
    t = np.minimum(np.minimum(lb, db), second)
    survived += int(np.count_nonzero(t > h)); total += float(t.sum())
    hist += np.histogram(t[t <= h], bins=50, range=(0, h))[0]
elapsed = time.perf_counter() - t0
print(f"{survived / n:.6f} {total / n / 8760:.4f} {elapsed:.3f}")
`;

async function main(): Promise<void> {
    if (process.argv[2] === '--web-process') {
        const threads = Number(process.argv[3]);
        const r = await simulate(webCluster(), 'WebClusterYear', { threads, workerScript: process.argv[4] });
        console.log(JSON.stringify({ estimate: r.estimate, mttfHours: r.mttfHours }));
        return;
    }
    const worker = buildWorker();
    line('web cluster, in-process', await simulate(webCluster(), 'WebClusterYear', {}));
    if (worker) line('web cluster, 2 worker threads', await simulate(webCluster(), 'WebClusterYear', { threads: 2, workerScript: worker }));
    line('50 components with repair, discrete-event', await simulate(fiftyComponentsWithRepair(), 'DatacenterYear', {}));
    const hasTree = existsSync(NUS9601);
    if (hasTree) {
        line('nus9601 r1 (probabilities only), in-process', await simulate(nus9601(TREE_MISSIONS), 'TreeYear', {}));
        if (worker) line('nus9601 r1, 2 worker threads', await simulate(nus9601(TREE_MISSIONS), 'TreeYear', { threads: 2, workerScript: worker }));
    } else {
        console.log(`nus9601: ${NUS9601} not found, skipped`);
    }

    const processTimes: Record<string, number> = {};
    for (const threads of worker ? [1, 2] : [1]) {
        const t0 = performance.now();
        const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--web-process', String(threads), worker ?? ''], { encoding: 'utf8' });
        processTimes[threads] = performance.now() - t0;
        if (run.status !== 0) console.log(run.stderr);
        console.log(`web cluster as a process, ${threads} thread(s): ${processTimes[threads].toFixed(0)} ms wall ` +
            `(${(WEB_MISSIONS / processTimes[threads] / 1e3).toFixed(2)} M missions/s) ${run.stdout.trim()}`);
    }

    const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;
    if (!hasNumpy) {
        console.log('numpy peer: python3 with numpy not available, skipped');
        return;
    }
    const script = join(mkdtempSync(join(tmpdir(), 'rel-bench-')), 'numpy_peer.py');
    writeFileSync(script, NUMPY_PEER);
    const t0 = performance.now();
    const peer = spawnSync('python3', [script], { encoding: 'utf8' });
    const peerWall = performance.now() - t0;
    if (peer.status !== 0) { console.log(`numpy peer failed: ${peer.stderr}`); return; }
    const [reliability, mttfYears, seconds] = peer.stdout.trim().split(' ').map(Number);
    console.log(`numpy peer: reliability ${reliability}, MTTF ${mttfYears} y; compute ${(seconds * 1000).toFixed(0)} ms ` +
        `(${(WEB_MISSIONS / seconds / 1e6).toFixed(2)} M missions/s), ${peerWall.toFixed(0)} ms wall as a process`);
    const best = Math.min(...Object.values(processTimes));
    console.log(`ratio (process wall time, numpy / rel): ${(peerWall / best).toFixed(2)}x`);
    if (!hasTree) return;
    const ours = await simulate(nus9601(TREE_PEER_MISSIONS), 'TreeYear', {});
    line('nus9601 r1, in-process (the peer\'s missions)', ours);
    const treeScript = join(dirname(script), 'numpy_tree_peer.py');
    writeFileSync(treeScript, NUMPY_TREE_PEER);
    const tree = spawnSync('python3', [treeScript, NUS9601, String(TREE_PEER_MISSIONS)], { encoding: 'utf8' });
    if (tree.status !== 0) { console.log(`numpy tree peer failed: ${tree.stderr}`); return; }
    const [treeEstimate, treeSeconds] = tree.stdout.trim().split(' ').map(Number);
    console.log(`numpy tree peer: estimate ${estimateText(treeEstimate)}, ${(treeSeconds * 1000).toFixed(0)} ms (${(TREE_PEER_MISSIONS / treeSeconds / 1e6).toFixed(3)} M missions/s); ` +
        `ratio (numpy / rel, one thread each): ${(treeSeconds * 1000 / ours.elapsedMs).toFixed(1)}x`);
}

await main();
