import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { IssueCodes } from '../../language/issue-codes.js';
import { REALISTIC_MODEL, specExamples, validate } from './helpers.js';
import { SHARED } from '../shared-folder.js';
import { join } from 'node:path';

interface Expected {
    severity: 'error' | 'warning';
    code: string;
    message: RegExp;
    /** The source text the diagnostic must point at. */
    at: string;
}

const SEVERITY = { error: 1, warning: 2 } as const;

/** `source` gives exactly one diagnostic of ours (besides none from the parser or linker), as expected. */
async function expectOne(source: string, expected: Expected): Promise<void> {
    const result = await validate(source);
    expect(result.document.parseResult.parserErrors).toEqual([]);
    const ours = result.diagnostics.filter(d => d.code !== 'linking-error');
    expect(ours.map(d => `${d.message} @${result.textAt(d)}`)).toHaveLength(1);
    const [d] = ours;
    expect(d.severity).toBe(SEVERITY[expected.severity]);
    expect(d.code).toBe(expected.code);
    expect(d.message).toMatch(expected.message);
    expect(result.textAt(d)).toBe(expected.at);
}

const cases: [string, string, Expected][] = [
    // Names
    ['duplicate declaration name', 'component A { probability 0.1 }\nsystem A = series(A)',
        { severity: 'error', code: IssueCodes.DuplicateName, message: /'A' is already declared as a component on line 1/, at: 'A' }],
    ['duplicate state', 'markov M { states S, T, S\n up S\n S -> T rate 1 per h\n T -> S rate 1 per h }',
        { severity: 'error', code: IssueCodes.DuplicateName, message: /State 'S' is declared twice/, at: 'S' }],
    ['duplicate hypothesis', 'diagnosis D { H prior 0.5 likelihood 0.1\n H prior 0.5 likelihood 0.2 }',
        { severity: 'error', code: IssueCodes.DuplicateName, message: /Hypothesis 'H' is listed twice/, at: 'H' }],
    // Units and numbers
    ['unknown unit', 'component A { mttf 5 yaers }',
        { severity: 'error', code: IssueCodes.UnknownUnit, message: /Unknown unit 'yaers' \(did you mean 'years'\?\); valid units are s sec/, at: 'yaers' }],
    ['unknown unit in a rate period', 'component A { failure rate 0.02 per yaer }',
        { severity: 'error', code: IssueCodes.UnknownUnit, message: /did you mean 'year'/, at: 'yaer' }],
    ['a duration where a rate is expected', 'component A { failure rate 5 h }',
        { severity: 'error', code: IssueCodes.WrongQuantity, message: /is a duration, not a rate/, at: 'h' }],
    ['probability above 1', 'component A { probability 1.2 }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /failure probability must be within \[0, 1\], not 1.2/, at: '1.2' }],
    ['reliability above 100%', 'component A { reliability 120% }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /reliability must be within \[0, 1\], not 120%/, at: '120%' }],
    ['negative probability', 'event A probability -0.1',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /within \[0, 1\], not -0.1/, at: '-0.1' }],
    ['zero failure rate', 'component A { failure rate 0 per year }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /failure rate must be positive, not 0 per year/, at: '0 per year' }],
    ['negative mttf', 'component A { mttf -5 y }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /mean time to failure must be positive/, at: '-5 y' }],
    ['zero mission', 'mission 0 h',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /mission time must be positive/, at: '0 h' }],
    ['mission without unit', 'mission 1',
        { severity: 'error', code: IssueCodes.WrongQuantity, message: /mission time: A duration needs a unit/, at: '1' }],
    ['second mission', 'mission 1 y\nmission 2 y',
        { severity: 'error', code: IssueCodes.DuplicateSetting, message: /mission time is already set on line 1/, at: 'mission 2 y' }],
    // Components
    ['second failure behaviour', 'component A { probability 0.1  failure rate 1 per y }',
        { severity: 'error', code: IssueCodes.SecondFailureBehaviour, message: /already has a failure behaviour \('probability'\)/, at: 'rate' }],
    ['mttr without a lifetime', 'component A { probability 0.1  mttr 2 h }',
        { severity: 'error', code: IssueCodes.RepairWithoutLifetime, message: /'mttr' needs a lifetime/, at: 'mttr' }],
    ['repair without any failure behaviour', 'component A { repair exponential(mean 2 h) }',
        { severity: 'error', code: IssueCodes.RepairWithoutLifetime, message: /'repair' needs a lifetime/, at: 'repair' }],
    ['second repair', 'component A { mttf 1 y  mttr 2 h  mttr 3 h }',
        { severity: 'error', code: IssueCodes.DuplicateSetting, message: /already has a repair time/, at: 'mttr' }],
    ['unknown distribution', 'component A { lifetime weibul(shape 1.5, scale 6 y) }',
        { severity: 'error', code: IssueCodes.UnknownDistribution, message: /Unknown distribution 'weibul' \(did you mean 'weibull'\?\); valid distributions are exponential\(rate R\), exponential\(mean D\), weibull\(shape K, scale D\)/, at: 'weibul' }],
    ['unknown parameter', 'component A { lifetime lognormal(median 5 y, sigmaa 0.5) }',
        { severity: 'error', code: IssueCodes.UnknownParameter, message: /Unknown parameter 'sigmaa' of lognormal \(did you mean 'sigma'\?\); write lognormal\(median D, sigma S\)/, at: 'sigmaa' }],
    ['missing parameter', 'component A { lifetime gamma(shape 2) }',
        { severity: 'error', code: IssueCodes.MissingParameter, message: /Gamma needs 'scale': write gamma\(shape K, scale D\)/, at: 'gamma' }],
    ['both forms of exponential', 'component A { lifetime exponential(rate 1 per y, mean 1 y) }',
        { severity: 'error', code: IssueCodes.MissingParameter, message: /exactly one of its forms: exponential\(rate R\) or exponential\(mean D\)/, at: 'exponential' }],
    ['duplicate parameter', 'component A { lifetime normal(mean 5 y, sd 1 y, sd 2 y) }',
        { severity: 'error', code: IssueCodes.DuplicateSetting, message: /Parameter 'sd' of normal is given twice/, at: 'sd' }],
    ['non-positive shape', 'component A { lifetime weibull(shape 0, scale 6 y) }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /shape of weibull must be positive, not 0/, at: '0' }],
    ['shape with a unit', 'component A { lifetime weibull(shape 2 h, scale 6 y) }',
        { severity: 'error', code: IssueCodes.WrongQuantity, message: /is a plain number, without a unit/, at: 'h' }],
    // Systems and gates
    ['NOT with two operands', 'event A probability 0.1\nevent B probability 0.1\ngate G = not(A, B)',
        { severity: 'error', code: IssueCodes.OperatorArity, message: /'not' takes exactly one operand, not 2/, at: 'not' }],
    ['XOR with one operand', 'event A probability 0.1\ngate G = xor(A)',
        { severity: 'error', code: IssueCodes.OperatorArity, message: /'xor' takes at least two operands, not 1/, at: 'xor' }],
    ['IMPLY with three operands', 'event A probability 0.1\ntop T = imply(A, A, A)',
        { severity: 'error', code: IssueCodes.OperatorArity, message: /'imply' takes exactly two operands/, at: 'imply' }],
    ['empty operation', 'system S = series()',
        { severity: 'error', code: IssueCodes.OperatorArity, message: /'series' takes at least one operand, not 0/, at: 'series' }],
    ['gate operator in a system', 'event A probability 0.1\nsystem S = and(A, A)',
        { severity: 'error', code: IssueCodes.WrongOperator, message: /'and' is a fault-tree operator; a system takes series, parallel and K of/, at: 'and' }],
    ['system operator in a gate', 'event A probability 0.1\ngate G = parallel(A, A)',
        { severity: 'error', code: IssueCodes.WrongOperator, message: /'parallel' is a block-diagram operator; in a gate use 'and'/, at: 'parallel' }],
    ['gate in a system', 'event A probability 0.1\ngate G = or(A)\nsystem S = series(A, G)',
        { severity: 'error', code: IssueCodes.WrongReferenceKind, message: /'G' is a gate; a system may contain only components and systems/, at: 'G' }],
    ['K greater than the list', 'event A probability 0.1\nsystem S = 3 of (A, A)',
        { severity: 'error', code: IssueCodes.AtLeastBounds, message: /K = 3 is more than the 2 listed blocks/, at: '3' }],
    ['K greater than the copies', 'event A probability 0.1\nsystem S = 6 of 5 A',
        { severity: 'error', code: IssueCodes.AtLeastBounds, message: /K = 6 is more than the 5 copies/, at: '6' }],
    ['K below 1', 'event A probability 0.1\nsystem S = 0 of (A, A)',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /K in "K of" must be a positive integer, not 0/, at: '0' }],
    ['non-integer K', 'event A probability 0.1\ngate G = 1.5 of (A, A)',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /must be a positive integer, not 1.5/, at: '1.5' }],
    ['non-integer copies', 'event A probability 0.1\nsystem S = 1 of 2.5 A',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /number of copies N .* must be a positive integer, not 2.5/, at: '2.5' }],
    ['empty K of list', 'system S = 1 of ()',
        { severity: 'error', code: IssueCodes.OperatorArity, message: /has an empty list/, at: '1' }],
    ['direct cycle', 'event A probability 0.1\nsystem S = series(A, S)',
        { severity: 'error', code: IssueCodes.Cycle, message: /'S' contains itself \(S → S\)/, at: 'S' }],
    ['cycle through another gate, reported once', 'event A probability 0.1\ngate G = or(A, H)\ngate H = and(A, 2 of 3 G)',
        { severity: 'error', code: IssueCodes.Cycle, message: /'G' contains itself \(G → H → G\)/, at: 'G' }],
    // Common cause
    ['beta above 1', 'event A probability 0.1\nevent B probability 0.1\ncommon cause C beta 1.5 among A, B',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /beta factor must be within \[0, 1\], not 1.5/, at: '1.5' }],
    ['unequal common-cause members', 'event A probability 0.1\nevent B probability 0.2\ncommon cause C beta 5% among A, B',
        { severity: 'error', code: IssueCodes.CommonCauseUnequal, message: /'B' has Q = 0.200000, 'A' has Q = 0.100000/, at: 'B' }],
    ['unequal at the mission time', 'mission 2 y\nevent A probability 0.1\ncomponent B { failure rate 0.1 per y }\ncommon cause C beta 5% among A, B',
        { severity: 'error', code: IssueCodes.CommonCauseUnequal, message: /'B' has Q = 0.181269/, at: 'B' }],
    ['member without a failure probability', 'component A { availability 0.9 }\nevent B probability 0.2\ncommon cause C beta 5% among A, B',
        { severity: 'error', code: IssueCodes.CommonCauseMember, message: /'A' has no failure probability/, at: 'A' }],
    ['member listed twice', 'event A probability 0.1\ncommon cause C beta 5% among A, A',
        { severity: 'error', code: IssueCodes.CommonCauseMember, message: /'A' is listed twice/, at: 'A' }],
    ['member of two groups', 'event A probability 0.1\nevent B probability 0.1\nevent E probability 0.1\ncommon cause C beta 5% among A, B\ncommon cause D beta 5% among E, A',
        { severity: 'error', code: IssueCodes.CommonCauseMember, message: /'A' is already in common cause 'C'/, at: 'A' }],
    ['single-member group', 'event A probability 0.1\ncommon cause C beta 5% among A',
        { severity: 'warning', code: IssueCodes.CommonCauseMember, message: /has one member/, at: 'A' }],
    ['component without a failure behaviour in a system', 'component A { }\nsystem S = series(A)',
        { severity: 'warning', code: IssueCodes.NoFailureBehaviour, message: /'A' has no failure behaviour .* so 'S' has no figures/, at: 'A' }],
    // Markov
    ['matrix and transitions', 'markov M { states A, B\n up A\n matrix { A: 0, 1\n B: 1, 0 }\n A -> B rate 1 per h }',
        { severity: 'error', code: IssueCodes.MarkovKind, message: /both a matrix and transitions/, at: 'matrix { A: 0, 1\n B: 1, 0 }' }],
    ['neither matrix nor transitions', 'markov M { states A, B\n up A }',
        { severity: 'error', code: IssueCodes.MarkovKind, message: /neither a matrix nor transitions/, at: 'M' }],
    ['no up states', 'markov M { states A, B\n A -> B rate 1 per h\n B -> A rate 1 per h }',
        { severity: 'error', code: IssueCodes.MarkovMissingPart, message: /needs its working states: add 'up A, …'/, at: 'M' }],
    ['row entry outside [0, 1]', 'markov M { states A, B\n up A\n matrix { A: -0.5, 1.0\n B: 1, 0 } }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /from 'A' to 'A' must be within \[0, 1\], not -0.5/, at: '-0.5' }],
    ['row count differs from the states', 'markov M { states A, B\n up A\n matrix { A: 0, 1 } }',
        { severity: 'error', code: IssueCodes.MarkovShape, message: /1 rows but 'M' has 2 states; add a row for 'B'/, at: 'matrix { A: 0, 1 }' }],
    ['column count differs from the states', 'markov M { states A, B\n up A\n matrix { A: 0, 0.5, 0.5\n B: 1, 0 } }',
        { severity: 'error', code: IssueCodes.MarkovShape, message: /row of 'A' has 3 entries but 'M' has 2 states/, at: '0' }],
    ['duplicate row', 'markov M { states A, B\n up A\n matrix { A: 0, 1\n A: 0, 1\n B: 1, 0 } }',
        { severity: 'error', code: IssueCodes.MarkovDuplicate, message: /'A' already has a row/, at: 'A' }],
    ['negative rate', 'markov M { states A, B\n up A\n A -> B rate -1 per h\n B -> A rate 1 per h }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /transition rate must be positive, not -1 per h/, at: '-1 per h' }],
    ['duplicate transition', 'markov M { states A, B\n up A\n A -> B rate 1 per h\n A -> B rate 2 per h\n B -> A rate 1 per h }',
        { severity: 'error', code: IssueCodes.MarkovDuplicate, message: /already a transition from 'A' to 'B'/, at: 'B' }],
    ['step on a continuous chain', 'markov M { states A, B\n up A\n step 1 h\n A -> B rate 1 per h\n B -> A rate 1 per h }',
        { severity: 'error', code: IssueCodes.MarkovStepWithRates, message: /'step' is the length of one step of a transition matrix/, at: 'step 1 h' }],
    ['absorbing state in a matrix', 'markov M { states A, B\n up A\n matrix { A: 0.5, 0.5\n B: 0, 1 } }',
        { severity: 'warning', code: IssueCodes.MarkovAbsorbing, message: /State 'B' is absorbing/, at: 'B' }],
    ['absorbing state in a continuous chain', 'markov M { states A, B\n up A\n A -> B rate 1 per h }',
        { severity: 'warning', code: IssueCodes.MarkovAbsorbing, message: /State 'B' is absorbing: no transition leaves it/, at: 'B' }],
    ['self loop', 'markov M { states A, B\n up A\n A -> A rate 1 per h\n A -> B rate 1 per h\n B -> A rate 1 per h }',
        { severity: 'warning', code: IssueCodes.MarkovSelfLoop, message: /from 'A' to itself has no effect/, at: 'A' }],
    ['second start', 'markov M { states A, B\n up A\n start A\n start B\n A -> B rate 1 per h\n B -> A rate 1 per h }',
        { severity: 'error', code: IssueCodes.DuplicateSetting, message: /already has a start state/, at: 'start B' }],
    ['every state up', 'markov M { states A, B\n up A, B\n A -> B rate 1 per h\n B -> A rate 1 per h }',
        { severity: 'warning', code: IssueCodes.MarkovMissingPart, message: /Every state of 'M' is up/, at: 'up A, B' }],
    ['chain without states', 'markov M { }',
        { severity: 'error', code: IssueCodes.MarkovMissingPart, message: /has no states/, at: 'M' }],
    ['second matrix', 'markov M { states A, B\n up A\n matrix { A: 0.5, 0.5\n B: 0.5, 0.5 }\n matrix { B: 1, 0 } }',
        { severity: 'error', code: IssueCodes.DuplicateSetting, message: /already has a matrix/, at: 'matrix { B: 1, 0 }' }],
    // Dependencies and cascades
    ['dependency listed twice', 'event A probability 0.1\nevent B probability 0.1\ndepends A on B, B',
        { severity: 'warning', code: IssueCodes.DuplicateSetting, message: /'B' is listed twice/, at: 'B' }],
    ['cascade parameter set twice', 'cascade exponent 2 exponent 3',
        { severity: 'error', code: IssueCodes.DuplicateSetting, message: /cascade exponent is set twice/, at: 'exponent' }],
    ['second cascade setting', 'cascade exponent 2\ncascade rounds 3',
        { severity: 'error', code: IssueCodes.DuplicateSetting, message: /cascade is already set on line 1/, at: 'cascade rounds 3' }],
    ['self-dependency', 'event A probability 0.1\nevent B probability 0.1\ndepends A on B, A',
        { severity: 'error', code: IssueCodes.SelfDependency, message: /'A' cannot depend on itself/, at: 'A' }],
    ['non-positive cascade exponent', 'cascade exponent 0',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /cascade exponent must be positive, not 0/, at: '0' }],
    ['fractional cascade rounds', 'cascade exponent 2 rounds 2.5',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /number of cascade rounds must be a positive integer, not 2.5/, at: '2.5' }],
    ['zero cascade rounds', 'cascade rounds 0',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /must be a positive integer, not 0/, at: '0' }],
    // Simulation
    ['no simulation target', 'simulate S { missions 10 }',
        { severity: 'error', code: IssueCodes.SimulationTarget, message: /has nothing to simulate/, at: 'S' }],
    ['two simulation targets', 'event A probability 0.1\nsystem X = series(A)\nsimulate S { system X\n system X }',
        { severity: 'error', code: IssueCodes.SimulationTarget, message: /exactly one target/, at: 'system' }],
    ['simulation target of the wrong kind', 'event A probability 0.1\nsimulate S { system A }',
        { severity: 'error', code: IssueCodes.WrongReferenceKind, message: /'A' is a component, but 'system' needs a system/, at: 'A' }],
    ['fractional missions', 'event A probability 0.1\nsimulate S { cascade from A\n missions 10.5 }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /number of missions must be a positive integer, not 10.5/, at: '10.5' }],
    ['confidence of 1', 'event A probability 0.1\nsimulate S { cascade from A\n confidence 100% }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /confidence level must be strictly between 0 and 1, not 100%/, at: '100%' }],
    ['zero horizon', 'event A probability 0.1\nsimulate S { cascade from A\n horizon 0 h }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /horizon must be positive/, at: '0 h' }],
    ['negative seed', 'event A probability 0.1\nsimulate S { cascade from A\n seed -1 }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /seed must be a non-negative integer, not -1/, at: '-1' }],
    ['non-positive sensitivity factor', 'event A probability 0.1\nsimulate S { cascade from A\n sensitivity A by 1, 0 }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /sensitivity factor must be positive, not 0/, at: '0' }],
    ['setting given twice', 'event A probability 0.1\nsimulate S { cascade from A\n missions 10\n missions 20 }',
        { severity: 'error', code: IssueCodes.DuplicateSetting, message: /'missions' is set twice/, at: 'missions' }],
    // Diagnosis
    ['prior above 1', 'diagnosis D { H prior 1.5 likelihood 0.5 }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /prior of 'H' must be within \[0, 1\], not 1.5/, at: '1.5' }],
    ['likelihood below 0', 'diagnosis D { H prior 1 likelihood -0.5 }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /likelihood of 'H' must be within \[0, 1\]/, at: '-0.5' }],
    ['priors not summing to 1', 'diagnosis D { H prior 0.2 likelihood 0.5\n K prior 0.2 likelihood 0.1 }',
        { severity: 'warning', code: IssueCodes.PriorsNotNormalised, message: /priors of 'D' sum to 0.4, not 1/, at: 'D' }],
    ['impossible symptom', 'diagnosis D { H prior 1 likelihood 0\n K prior 0 likelihood 1 }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /symptom of 'D' is impossible/, at: 'D' }],
    ['no hypotheses', 'diagnosis D { observations 2 }',
        { severity: 'error', code: IssueCodes.DiagnosisEmpty, message: /has no hypotheses/, at: 'D' }],
    ['fractional observations', 'diagnosis D { H prior 1 likelihood 0.5\n observations 1.5 }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /number of observations must be a non-negative integer, not 1.5/, at: '1.5' }],
    // Incidents
    ['zero window', 'incidents L from "log.csv" { window 0 days }',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /window must be positive/, at: '0 days' }],
    ['second window', 'incidents L from "log.csv" { window 1 d window 2 d }',
        { severity: 'error', code: IssueCodes.DuplicateSetting, message: /already has a window/, at: 'window' }],
    ['second observations', 'diagnosis D { H prior 1 likelihood 0.5\n observations 1\n observations 2 }',
        { severity: 'error', code: IssueCodes.DuplicateSetting, message: /already sets its observations/, at: 'observations 2' }],
    ['second sensitivity line', 'event A probability 0.1\nsimulate S { cascade from A\n sensitivity A by 2\n sensitivity A by 3 }',
        { severity: 'error', code: IssueCodes.DuplicateSetting, message: /already has a sensitivity line/, at: 'sensitivity A by 3' }],
    // Requirements
    ['metric not applicable to a top', 'event A probability 0.1\ntop T = or(A)\nrequire T mtbf >= 5 h',
        { severity: 'error', code: IssueCodes.RequirementMetric, message: /'mtbf' does not apply to 'T', which is a top; a top has probability, reliability/, at: 'mtbf' }],
    ['metric not applicable to a Markov chain', 'markov M { states A, B\n up A\n A -> B rate 1 per h\n B -> A rate 1 per h }\nrequire M probability <= 0.1',
        { severity: 'error', code: IssueCodes.RequirementMetric, message: /'probability' does not apply to 'M', which is a Markov chain/, at: 'probability' }],
    ['metric the data do not allow', 'component A { reliability 0.9 }\nsystem S = series(A)\nrequire S availability >= 0.9',
        { severity: 'warning', code: IssueCodes.RequirementMetric, message: /'availability' of 'S' cannot be computed: 'A' has no availability/, at: 'availability' }],
    ['requirement value out of range', 'event A probability 0.1\nrequire A probability <= 1.5',
        { severity: 'error', code: IssueCodes.OutOfRange, message: /required probability must be within \[0, 1\]/, at: '1.5' }],
    ['requirement value in the wrong units', 'component A { mttf 1 y }\nrequire A mttf >= 0.5',
        { severity: 'error', code: IssueCodes.WrongQuantity, message: /required MTTF: A duration needs a unit/, at: '0.5' }]
];

describe('each diagnostic, on its node, with its message and severity', () => {
    test.each(cases)('%s', async (_name, source, expected) => {
        await expectOne(source, expected);
    });
});

describe('names and scopes', () => {
    test('an unknown name says what was expected and suggests the closest declared name', async () => {
        const result = await validate('component Server1 { probability 0.1 }\nsystem S = series(Sever1)');
        expect(result.errors.map(d => d.message)).toEqual(["Unknown name 'Sever1': no component, system, gate or top is called so (did you mean 'Server1'?)."]);
        expect(result.textAt(result.errors[0])).toBe('Sever1');
    });

    test('states are visible in their own chain only', async () => {
        const result = await validate('markov M { states A, B\n up A\n A -> B rate 1 per h\n B -> A rate 1 per h }\n'
            + 'markov N { states C, D\n up A\n C -> D rate 1 per h\n D -> C rate 1 per h }');
        expect(result.errors.map(d => `${d.message} @${d.range.start.line}`)).toEqual(["Unknown name 'A': no state of this chain is called so. @5"]);
    });

    test('a file sees only its own declarations, not those of other files in the workspace', async () => {
        const result = await validate('system S = series(Elsewhere)', 'component Elsewhere { probability 0.1 }');
        expect(result.errors.map(d => d.message)).toEqual(["Unknown name 'Elsewhere': no component, system, gate or top is called so."]);
    });

    test('a duplicated name resolves to its first declaration', async () => {
        const result = await validate('event A probability 0.1\nevent A probability 0.2\nsystem S = A');
        const system = result.model.declarations[2];
        expect(system.$type === 'System' && system.body.$type === 'NameReference' && system.body.target.ref?.$cstNode?.range.start.line).toBe(0);
    });
});

describe('large inputs', () => {
    test('a cycle through a long chain of systems is reported once, with an elided path', async () => {
        const length = 3000;
        const systems = Array.from({ length }, (_, i) => `system S${i} = series(A, S${(i + 1) % length})`);
        const result = await validate(['event A probability 0.1', ...systems].join('\n'));
        expect(result.errors.map(d => d.message)).toEqual([`Cycle: 'S0' contains itself (S0 → S1 → S2 → S3 → … → S2998 → S2999 → S0).`]);
        expect(result.textAt(result.errors[0])).toBe('S0');
        expect(result.errors[0].range.start.line).toBe(length);
    });
});

describe('diagnostic data for quick fixes', () => {
    test('a matrix row that does not sum to 1 carries the row and its normalisation', async () => {
        const result = await validate('markov M { states A, B\n up A\n matrix { A: 0.5, 0.3\n B: 1, 0 } }');
        const [d] = result.errors;
        expect(result.errors).toHaveLength(1);
        expect(d.code).toBe(IssueCodes.MarkovRowSum);
        expect(d.message).toMatch(/row of 'A' sums to 0.8, not 1/);
        expect(result.textAt(d)).toBe('0.5');
        const data = d.data as { state: string; values: number[]; normalised: number[] };
        expect(data.state).toBe('A');
        expect(data.values).toEqual([0.5, 0.3]);
        expect(data.normalised[0]).toBeCloseTo(0.625, 15);
        expect(data.normalised[1]).toBeCloseTo(0.375, 15);
    });

    test('priors that do not sum to 1 carry the normalised priors', async () => {
        const result = await validate('diagnosis D { H prior 0.2 likelihood 0.5\n K prior 0.6 likelihood 0.1 }');
        const data = result.warnings[0].data as { hypotheses: string[]; priors: number[]; normalised: number[] };
        expect(data.hypotheses).toEqual(['H', 'K']);
        expect(data.priors).toEqual([0.2, 0.6]);
        expect(data.normalised[0]).toBeCloseTo(0.25, 15);
        expect(data.normalised[1]).toBeCloseTo(0.75, 15);
    });

    test('an unknown unit carries its suggestion', async () => {
        const result = await validate('component A { mttr 2 hrs  mttf 5 y }');
        expect(result.errors.map(d => d.data)).toEqual([{ suggestion: 'hr' }]);
    });
});

describe('clean models', () => {
    test('the realistic model has no diagnostics', async () => {
        const result = await validate(REALISTIC_MODEL);
        expect(result.document.parseResult.parserErrors).toEqual([]);
        expect(result.diagnostics.map(d => `${d.message} @${d.range.start.line + 1}`)).toEqual([]);
    });

    test("language.md's examples, with the components they name, have no errors", async () => {
        const spec = readFileSync(join(SHARED, 'spec/language.md'), 'utf8');
        const examples = specExamples(spec).join('\n');
        // §8 simulates the §12 web cluster as a system; every other undeclared name is a component.
        const webCluster = 'system WebCluster = series(LoadBalancer, 2 of 3 WebServer, Database)';
        const declared = new Set([...`${examples}\n${webCluster}`.matchAll(/^(?:component|event|system|gate|top|markov|simulate|diagnosis|incidents|common cause)\s+(\w+)/gm)]
            .map(m => m[1]));
        const local = new Set([...examples.matchAll(/^\s*(?:states\s+([\w\s,]+)|(\w+)\s+prior)/gm)]
            .flatMap(m => (m[1] ?? m[2]).split(/[\s,]+/)));
        const used = new Set([...examples.matchAll(/\b([A-Z]\w*)\b/g)].map(m => m[1]));
        const missing = [...used].filter(name => !declared.has(name) && !local.has(name) && name !== 'FIT');
        const completed = [examples, webCluster, ...missing.map(name => `component ${name} { failure rate 0.1 per year  mttr 4 h }`)].join('\n');
        const result = await validate(completed);
        expect(result.document.parseResult.parserErrors).toEqual([]);
        expect(result.errors.map(d => `${d.message} @${result.textAt(d)}`)).toEqual([]);
    });

    test('every example in examples/ has no errors', async () => {
        for (const file of readdirSync('examples').filter(name => name.endsWith('.rel'))) {
            const result = await validate(readFileSync(`examples/${file}`, 'utf8'));
            expect(result.errors.map(d => `${file}:${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
        }
    });

    test('numbers such as 0.0 and 100% are fine where they are in range', async () => {
        const result = await validate('component A { probability 0.0 }\ncomponent B { reliability 100% }\nevent C probability 1');
        expect(result.diagnostics).toEqual([]);
    });
});
