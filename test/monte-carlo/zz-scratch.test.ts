import { it } from 'vitest';
import { simulate } from '../../engine/monte-carlo/simulate.js';
import { webCluster, withSimulation, webClusterReliability, WEB_CLUSTER_MTTF_HOURS } from './models.js';
it('scratch', async () => {
    const m = withSimulation(webCluster(), { target: { kind: 'system', name: 'WebCluster' }, missions: 1000000, sensitivity: { components: ['Database'], factors: [0.5, 2] } });
    const r = await simulate(m, 'Run', { exact: webClusterReliability(1) });
    console.log(JSON.stringify({ ...r, failureTimes: undefined }), WEB_CLUSTER_MTTF_HOURS);
});
