import { create } from "@bufbuild/protobuf";
import { durationFromMs, timestampFromMs } from "@bufbuild/protobuf/wkt";
import { type PingResponse, PingResponseSchema } from "#gen/holomush/core/v1/core_pb.ts";
import { CORE_WIRE } from "#shared/rpc/core-wire.ts";
import type { Clock } from "#shared/util/clock.ts";
import type { BuildInfo } from "#shared/version.ts";

/** Collaborators of the Ping handler. */
export interface PingHandlerDeps {
  readonly gameId: string;
  readonly build: BuildInfo;
  readonly clock: Clock;
  /** When the core process started, in ms since the epoch. */
  readonly startedAt: number;
}

/** Creates the Ping implementation: game id, version, commit, start time, uptime and wire revision. */
export function createPingHandler(deps: PingHandlerDeps): () => PingResponse {
  return () =>
    create(PingResponseSchema, {
      gameId: deps.gameId,
      version: deps.build.version,
      commit: deps.build.commit,
      startedAt: timestampFromMs(deps.startedAt),
      uptime: durationFromMs(Math.max(0, deps.clock.now() - deps.startedAt)),
      wire: CORE_WIRE,
    });
}
