/** Every phase of the comparison, in the order they run. Connections runs last: it leaves the most state behind. */
export const phaseNames = ["logins", "throughput", "fanout", "memory", "resume", "connections"] as const;

/** One phase's name. */
export type PhaseName = (typeof phaseNames)[number];

/** How big each phase is, and how long any one loadgen run may take (seconds). */
export interface PhaseSizes {
  readonly logins: number;
  readonly loginConcurrency: number;
  readonly throughputClients: number;
  readonly throughputSeconds: number;
  readonly fanoutClients: number;
  readonly fanoutRounds: number;
  readonly fanoutGapMs: number;
  readonly memoryConnections: number;
  readonly connections: number;
  readonly resumeLines: number;
  readonly maxSeconds: number;
}

/** The sizes the comparison is defined with. */
export const fullSizes: PhaseSizes = {
  logins: 1000,
  loginConcurrency: 20,
  throughputClients: 50,
  throughputSeconds: 15,
  fanoutClients: 100,
  fanoutRounds: 200,
  fanoutGapMs: 50,
  memoryConnections: 1000,
  connections: 10_000,
  resumeLines: 1000,
  maxSeconds: 900,
};

/** Small sizes that prove every phase works end to end in a few minutes. */
export const quickSizes: PhaseSizes = {
  logins: 40,
  loginConcurrency: 20,
  throughputClients: 10,
  throughputSeconds: 5,
  fanoutClients: 20,
  fanoutRounds: 40,
  fanoutGapMs: 50,
  memoryConnections: 40,
  connections: 60,
  resumeLines: 100,
  maxSeconds: 240,
};
