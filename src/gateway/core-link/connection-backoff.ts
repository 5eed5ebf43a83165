/** gRPC connection-backoff parameters (grpc/doc/connection-backoff.md). */
export interface BackoffConfig {
  readonly baseMs: number;
  readonly multiplier: number;
  /** Each delay is randomised by ± this fraction. */
  readonly jitter: number;
  readonly maxMs: number;
}

/** gRPC's defaults: 1 s, ×1.6, ±20 %, at most 120 s. */
export const grpcBackoff: BackoffConfig = { baseMs: 1000, multiplier: 1.6, jitter: 0.2, maxMs: 120_000 };

/** The delay before retry number `attempt` (0-based); `random` returns a number in [0, 1). */
export function backoffDelay(attempt: number, config: BackoffConfig, random: () => number): number {
  const current = Math.min(config.baseMs * config.multiplier ** attempt, config.maxMs);
  return Math.round(current * (1 + config.jitter * (random() * 2 - 1)));
}
