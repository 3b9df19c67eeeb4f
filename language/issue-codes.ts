/**
 * Codes of the diagnostics the Rel validator reports (the LSP diagnostic `code`). Quick fixes key on
 * them; the `data` each one carries is described here.
 */
export const IssueCodes = {
    /** Two declarations (or two states of one chain, two hypotheses of one diagnosis) share a name. */
    DuplicateName: 'duplicate-name',
    /** A unit that is not a time unit. data: `{ suggestion?: string }`, the closest valid unit. */
    UnknownUnit: 'unknown-unit',
    /** A quantity of the wrong kind (a duration where a rate is expected, a unit on a probability, …). */
    WrongQuantity: 'wrong-quantity',
    /** A number outside the range its meaning allows (probability outside [0, 1], non-positive rate, non-integer count, …). */
    OutOfRange: 'out-of-range',
    /** A setting, parameter or property given twice where only one is allowed. */
    DuplicateSetting: 'duplicate-setting',
    /** A component with a second failure behaviour. */
    SecondFailureBehaviour: 'second-failure-behaviour',
    /** `mttr` or `repair` on a component without a lifetime. */
    RepairWithoutLifetime: 'repair-without-lifetime',
    /** An unknown distribution. data: `{ suggestion?: string }`. */
    UnknownDistribution: 'unknown-distribution',
    /** An unknown distribution parameter. data: `{ suggestion?: string }`. */
    UnknownParameter: 'unknown-parameter',
    /** A distribution parameter that is required and missing. */
    MissingParameter: 'missing-parameter',
    /** An operator with the wrong number of operands (NOT ≠ 1, XOR < 2, IMPLY/IFF ≠ 2, an empty list). */
    OperatorArity: 'operator-arity',
    /** A gate operator in a system or a block-diagram operator in a gate. */
    WrongOperator: 'wrong-operator',
    /** A reference to a declaration of a kind that is not allowed there. */
    WrongReferenceKind: 'wrong-reference-kind',
    /** `K of …` with K < 1, K > N, a non-integer K or N. */
    AtLeastBounds: 'at-least-bounds',
    /** A system or gate that contains itself; reported on the reference that closes the cycle. */
    Cycle: 'cycle',
    /** Common-cause members whose failure probabilities differ at the mission time. */
    CommonCauseUnequal: 'common-cause-unequal',
    /**
     * A common-cause member that cannot take part (listed twice, in another group, or without a failure
     * probability); a warning for a group of fewer than two members.
     */
    CommonCauseMember: 'common-cause-member',
    /** A Markov chain with both a matrix and transitions, or with neither. */
    MarkovKind: 'markov-kind',
    /** A Markov chain without states or without `up` states (error), or with no down state (warning). */
    MarkovMissingPart: 'markov-missing-part',
    /**
     * A matrix row that does not sum to 1. data: `{ state: string; values: number[]; normalised: number[] }`,
     * the row as written and divided by its sum, for a quick fix that rewrites the row.
     */
    MarkovRowSum: 'markov-row-sum',
    /** A matrix whose row or column count differs from the number of states, or a state without its row. */
    MarkovShape: 'markov-shape',
    /** A second row for the same state, or a second transition between the same states. */
    MarkovDuplicate: 'markov-duplicate',
    /** Warning: a state the chain never leaves. */
    MarkovAbsorbing: 'markov-absorbing',
    /** Warning: a transition from a state to itself (no effect in continuous time). */
    MarkovSelfLoop: 'markov-self-loop',
    /** `step` on a continuous-time chain. */
    MarkovStepWithRates: 'markov-step-with-rates',
    /** A component that depends on itself. */
    SelfDependency: 'self-dependency',
    /** A `simulate` block without a target or with more than one. */
    SimulationTarget: 'simulation-target',
    /** A `diagnosis` without hypotheses. */
    DiagnosisEmpty: 'diagnosis-empty',
    /**
     * Warning: priors that do not sum to 1. data: `{ hypotheses: string[]; priors: number[]; normalised: number[] }`,
     * for a quick fix that rewrites each prior as its normalised value.
     */
    PriorsNotNormalised: 'priors-not-normalised',
    /** Warning: a component without a failure behaviour used in a system or gate. */
    NoFailureBehaviour: 'no-failure-behaviour',
    /** A requirement whose metric does not apply to its subject. */
    RequirementMetric: 'requirement-metric'
} as const;

export type IssueCode = typeof IssueCodes[keyof typeof IssueCodes];
