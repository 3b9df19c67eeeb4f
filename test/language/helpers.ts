import { EmptyFileSystem, type LangiumDocument } from 'langium';
import { clearDocuments, parseHelper } from 'langium/test';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { Model } from '../../language/generated/ast.js';
import { createRelServices } from '../../language/rel-module.js';

const services = createRelServices(EmptyFileSystem);
const parse = parseHelper<Model>(services.Rel);

export interface Validated {
    document: LangiumDocument<Model>;
    model: Model;
    diagnostics: Diagnostic[];
    errors: Diagnostic[];
    warnings: Diagnostic[];
    /** The source text a diagnostic points at. */
    textAt(d: Diagnostic): string;
}

/**
 * Parses and validates `text` as a document of its own (earlier documents are removed first);
 * `others` are added to the workspace before it.
 */
export async function validate(text: string, ...others: string[]): Promise<Validated> {
    await clearDocuments(services.shared);
    for (const other of others) {
        await parse(other);
    }
    const document = await parse(text, { validation: true });
    const diagnostics = document.diagnostics ?? [];
    const lines = text.split('\n');
    const offset = (line: number, character: number) => lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + character;
    return {
        document,
        model: document.parseResult.value,
        diagnostics,
        errors: diagnostics.filter(d => d.severity === 1),
        warnings: diagnostics.filter(d => d.severity === 2),
        textAt: d => text.slice(offset(d.range.start.line, d.range.start.character), offset(d.range.end.line, d.range.end.character))
    };
}

/** Every ```rel block of the language reference, in order. */
export function specExamples(spec: string): string[] {
    return [...spec.matchAll(/```rel\n([\s\S]*?)```/g)].map(m => m[1]);
}

/**
 * A realistic model using every kind of declaration, consistent with language.md's examples
 * (the §12 figures hold for it), and free of errors and warnings.
 */
export const REALISTIC_MODEL = `
// A small web platform.
mission 1 year

component LoadBalancer { failure rate 0.02 per year  mttr 2 h }
component Database     { failure rate 0.05 per year  mttr 4 h }
component WebServer    { failure rate 0.1 per year  mttr 30 min }
component Disk         { lifetime weibull(shape 1.5, scale 6 years)  mttr 8 h }
component DiskA        { lifetime exponential(mean 5 y)  repair lognormal(median 6 h, sigma 0.8) }
component DiskB        { lifetime gamma(shape 2, scale 3 y) }
component DiskC        { lifetime normal(mean 8 y, sd 1 y) }
component Cable        { failure rate 250 FIT }
component PowerA       { reliability 0.999 }
component PowerB       { reliability 0.999 }
component CoreSwitch   { reliability 0.9995 }
component AccessSwitch { reliability 0.999 }
component Server       { reliability 0.995 }
component Edge         { availability 99.95% }
component CDN          { probability 0.005 }

system Datacenter = series(parallel(PowerA, PowerB), CoreSwitch, AccessSwitch, 3 of 5 Server)
system Storage    = 2 of (DiskA, DiskB, DiskC)
system WebCluster = series(LoadBalancer, 2 of 3 WebServer, Database)

event ServerHW      probability 0.05
event NetworkDown   probability 0.02
event DNSFailure    probability 0.01
event AppBug        probability 0.1
event DBUnavailable probability 0.03
event CDNDown       probability 0.005
gate Infrastructure  = or(ServerHW, NetworkDown, DNSFailure)
gate Application     = or(AppBug, DBUnavailable)
gate ContentDelivery = and(CDNDown, ServerHW)
top  WebsiteUnavailable = or(Infrastructure, Application, ContentDelivery)
top  Odd = or(xor(ServerHW, NetworkDown), nand(AppBug, CDN), nor(DNSFailure, AppBug), iff(CDN, CDNDown), imply(AppBug, Datacenter), 2 of 3 ServerHW)

event Server1 probability 0.01
event Server2 probability 0.01
event Server3 probability 0.01
common cause Rack beta 5% among Server1, Server2, Server3

markov WebService {
  states Healthy, Degraded, Failed, Recovering
  up Healthy, Degraded
  start Healthy
  step 1 h
  matrix {
    Healthy:    0.95, 0.04, 0.005, 0.005
    Degraded:   0.10, 0.80, 0.05,  0.05
    Failed:     0.00, 0.00, 0.70,  0.30
    Recovering: 0.30, 0.20, 0.10,  0.40
  }
}
markov Pair {
  states Both, One, None
  up Both, One
  Both -> One  rate 0.2 per year
  One  -> None rate 0.1 per year
  One  -> Both rate 1 per 8 h
  None -> One  after 12 h
}

component AppServer1 { probability 0.01 }
component Cache { probability 0.02 }
component WebServer1 { probability 0.01 }
component WebServer2 { probability 0.01 }
component WebServer3 { probability 0.01 }
component DatabasePrimary { probability 0.01 }
component DatabaseReplica { probability 0.01 }
depends AppServer1 on WebServer1, WebServer2, WebServer3
depends Cache      on DatabasePrimary, DatabaseReplica
cascade exponent 2 rounds 10

simulate WebClusterYear {
  system WebCluster
  missions 100000
  horizon 1 year
  seed 42
  confidence 95%
  sensitivity Database, WebServer by 0.5, 1, 1.5, 2
}
simulate PairRun {
  markov Pair
}

diagnosis HighCPU {
  MemoryLeak      prior 0.1 likelihood 0.8
  TrafficSurge    prior 0.3 likelihood 0.7
  BackgroundJob   prior 0.4 likelihood 0.5
  HardwareFailure prior 0.2 likelihood 0.9
  observations 1
}

incidents Production from "incidents.csv" { window 30 days }

require WebCluster availability >= 99.9%
require WebClusterYear reliability >= 0.9
require WebsiteUnavailable probability <= 0.2
require WebService mtbf >= 30 h
require WebCluster downtime <= 10 h per year
require Datacenter reliability >= 0.998
require Pair mttf >= 5 y
require Production mtbf >= 1 d
`;
