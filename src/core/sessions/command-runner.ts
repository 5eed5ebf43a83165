import type { Character } from "#core/accounts/account-store.ts";
import { commandSeed } from "#core/events/command-ids.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { Clock } from "#shared/util/clock.ts";
import { createKeyedQueue } from "./keyed-queue.ts";
import { createLineCheck, type LineCheck } from "./line-check.ts";
import { type SessionLookup, sessionGone } from "./session-lookup.ts";
import type { CommandKey, CommandResult, SessionRecord, SessionStore } from "./session-store.ts";

/** What a command runs with. */
export interface CommandContext {
  readonly session: SessionRecord;
  readonly character: Character;
  /** The seed of the command's event ids (see derivedIds). */
  readonly idSeed: string;
}

/**
 * Runs a command at most once per key; a retry gets the first result with duplicate = true, even after
 * the connection detached. A session's commands run in arrival order. A re-run of a command whose
 * outcome was not recorded (a crash) gets the same `idSeed`. Given the `line`, a key already used for
 * another line is a protocol error (failed_precondition, logged), never answered with the old result.
 */
export type CommandRunner = (
  key: CommandKey,
  run: (context: CommandContext) => Promise<CommandResult>,
  line?: string,
) => Promise<CommandResult & { duplicate: boolean }>;

/** What the command runner needs. */
export interface CommandRunnerDeps {
  readonly store: SessionStore;
  readonly lookup: SessionLookup;
  readonly clock: Clock;
  readonly log: Logger;
  /** Checks that a retried key carries the line it first ran; a fresh random key per process by default. */
  readonly lineCheck?: LineCheck;
}

/** A stored result as the caller sees it: the line check stays in the store. */
const answered = (result: CommandResult, duplicate: boolean) => ({
  output: result.output,
  lastPosition: result.lastPosition,
  detach: result.detach,
  duplicate,
});

/** Creates the at-most-once command runner of the session manager. */
export function createCommandRunner(deps: CommandRunnerDeps): CommandRunner {
  const { store, lookup } = deps;
  const queue = createKeyedQueue();
  const lineCheck = deps.lineCheck ?? createLineCheck();
  // Invariant: a session's commands run one at a time in arrival order, so a retry that arrives while
  // its first attempt runs waits for it and gets its result. No record is written before a command
  // runs: its seed comes from its key, so a re-run after a crash re-appends the same event ids and the
  // store's idempotent append keeps it from taking effect twice. The record of its result is
  // group-committed with other sessions' (group-commit.ts) and durable before the reply.
  return (key, run, line) =>
    queue.run(key.sessionId, async () => {
      const session = await store.get(key.sessionId);
      if (!session || lookup.expired(session)) throw sessionGone();
      const record = await store.findCommand(key);
      if (record?.result) {
        if (line !== undefined && !lineCheck.matches(record.result.lineCheck, line)) {
          deps.log.warn(
            `command ${key.sequence} of connection ${key.connectionId} on session ${key.sessionId} reuses its key for another line; refused`,
          );
          throw new HoloError(
            "failed_precondition",
            "That command number was already used for another line.",
          );
        }
        return answered(record.result, true);
      }
      if (!session.connections.includes(key.connectionId)) throw sessionGone();
      const idSeed = record?.idSeed ?? commandSeed(key.sessionId, key.connectionId, key.sequence);
      const result = await run({ session, character: await lookup.characterOf(session), idSeed });
      const stored = line === undefined ? result : { ...result, lineCheck: lineCheck.of(line) };
      await store.completeCommand(key, idSeed, stored, deps.clock.now());
      return answered(result, false);
    });
}
