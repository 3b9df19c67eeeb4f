/**
 * What the extension posts to a results panel and what the panel posts back. Data only: the panel
 * draws, it never computes figures.
 */
import type { FaultTreeNode, MarkovFigures, SimulationResult } from '../protocol.js';

/** The kinds of panel, and what a panel must remember to be rebuilt after a reload. */
export type PanelKind = 'monteCarlo' | 'markov' | 'sensitivity' | 'faultTree';

export interface PanelIdentity {
    kind: PanelKind;
    uri: string;
    name: string;
}

export interface SensitivityBar {
    label: string;
    /** The figure with the factor at its most favourable and least favourable setting. */
    low: number;
    high: number;
}

export type PanelView =
    | { kind: 'monteCarlo'; result: SimulationResult }
    | { kind: 'markov'; figures: MarkovFigures }
    | { kind: 'sensitivity'; figure: string; base?: number; bars: SensitivityBar[] }
    | { kind: 'faultTree'; tree: FaultTreeNode };

/** Extension → panel. */
export type ToPanelMessage =
    | { type: 'show'; identity: PanelIdentity; title: string; view: PanelView }
    | { type: 'error'; identity: PanelIdentity; title: string; message: string }
    | { type: 'busy'; identity: PanelIdentity; title: string; message: string };

/** Panel → extension. */
export type FromPanelMessage =
    | { type: 'ready' }
    | { type: 'rendered'; kind: PanelKind; charts: number };
