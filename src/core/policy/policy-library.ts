import type { NewEvent, StoredEvent } from "#core/events/event.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { describeError, HoloError } from "#shared/errors/holo-error.ts";
import type { EventPayloads } from "#shared/events/event-schema.ts";
import type { Logger } from "#shared/log/logger.ts";
import { createSemaphore } from "#shared/util/semaphore.ts";
import type { PolicyEngine, PolicyTexts } from "./policy-engine.ts";

/** The stream of the policy events. */
export const POLICY_STREAM = "policy";

/** A policy as `policy list` shows it. */
export interface PolicyEntry {
  readonly id: string;
  /** `default` when shipped and unchanged, `stored` when added or replaced with `policy add`. */
  readonly origin: "default" | "stored";
}

/** A policy change, as the library asks the caller to write it (with the command's id and actor). */
export type PolicyEventOf = <T extends "policy_set" | "policy_removed">(
  type: T,
  payload: EventPayloads[T],
) => NewEvent;

/** Refuses a candidate policy set before it is stored (the last-admin check); throws a HoloError to refuse. */
export type PolicyGuard = (engine: PolicyEngine) => void;

/** What the library needs. */
export interface PolicyLibraryDeps {
  readonly events: EventStore;
  readonly append: AppendEvents;
  readonly engine: PolicyEngine;
  /** The shipped policies by id; the `policy` stream is folded over them. */
  readonly defaults: PolicyTexts;
  readonly log: Logger;
}

/**
 * The policies in force: the defaults with the `policy` stream folded over them. A change is checked by the
 * engine (Cedar's messages on failure, nothing stored), then appended, then loaded, so it applies at once
 * in this core; other cores apply it when they see the event (`observe`, fed by the broadcaster).
 */
export interface PolicyLibrary {
  list(): readonly PolicyEntry[];
  /** The text of policy `id`, or undefined. */
  show(id: string): string | undefined;
  /** Stores and applies policy `id`; `guard` sees the engine loaded with the candidate set. */
  set(id: string, text: string, write: PolicyEventOf, guard: PolicyGuard): Promise<StoredEvent[]>;
  /** Removes policy `id` (a default one too). */
  remove(id: string, write: PolicyEventOf, guard: PolicyGuard): Promise<StoredEvent[]>;
  /** Applies policy events committed since the last one applied, by any core. */
  sync(): Promise<void>;
  /** A committed event, from the broadcaster: a policy event starts a sync. */
  observe(event: StoredEvent): void;
}

const ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** A policy whose scope leaves the principal open: `permit (principal, …` after any annotations. */
const OPEN_PRINCIPAL = /^((?:\s*@[^\n]*\n)*\s*(?:permit|forbid)\s*\(\s*principal)(\s*,)/;

/**
 * The policy as characters' policies are written now. Before plugins were principals, a policy with an open
 * principal that reads a character's attributes (`principal.flags`) validated; now the schema refuses it for
 * `Plugin`. Only characters could be its principal then, so scoping it to `principal is Character` keeps its
 * meaning: a stored one keeps working after an upgrade, and one typed the old way is stored scoped. When both
 * fail, the scoped text's errors are the ones worth reading.
 */
function forCharacters(engine: PolicyEngine, id: string, text: string): string {
  if (!OPEN_PRINCIPAL.test(text) || engine.check(new Map([[id, text]])).length === 0) return text;
  return text.replace(OPEN_PRINCIPAL, "$1 is Character$2");
}

/** Opens the library: folds the stored policy events over the defaults and loads the engine. */
export async function openPolicyLibrary(deps: PolicyLibraryDeps): Promise<PolicyLibrary> {
  const stored = new Map<string, string | undefined>();
  let position = 0;
  const lock = createSemaphore(1);
  const upgraded = new Map<string, string>();
  const current = (id: string, text: string): string => {
    const key = `${id}\n${text}`;
    let found = upgraded.get(key);
    if (found === undefined) {
      found = forCharacters(deps.engine, id, text);
      upgraded.set(key, found);
    }
    return found;
  };
  const effective = (): Map<string, string> => {
    const all = new Map(deps.defaults);
    for (const [id, text] of stored) {
      if (text === undefined) all.delete(id);
      else all.set(id, current(id, text));
    }
    return all;
  };
  const apply = (event: StoredEvent) => {
    position = event.position;
    if (event.type === "policy_set") {
      const p = event.payload as EventPayloads["policy_set"];
      stored.set(p.id, p.text);
    } else if (event.type === "policy_removed")
      stored.set((event.payload as EventPayloads["policy_removed"]).id, undefined);
  };
  const sync = async () => {
    let changed = false;
    for (;;) {
      const batch = await deps.events.replay(POLICY_STREAM, position, 512);
      for (const event of batch) apply(event);
      changed ||= batch.length > 0;
      if (batch.length < 512) break;
    }
    if (changed) deps.engine.load(effective());
  };
  await sync();
  deps.engine.load(effective());

  const change = (candidate: Map<string, string>, event: NewEvent, guard: PolicyGuard) =>
    lock.run(async () => {
      await sync();
      const problems = deps.engine.check(candidate);
      if (problems.length > 0) throw new HoloError("invalid_argument", problems.join("\n"));
      // Invariant: load, guard and restore run with no await between them, so no decision sees the candidate.
      const before = effective();
      deps.engine.load(candidate);
      try {
        guard(deps.engine);
      } finally {
        deps.engine.load(before);
      }
      const appended = await deps.append([event]);
      await sync();
      return appended;
    });

  return {
    list() {
      const all = effective();
      return [...all.keys()].sort().map((id) => ({
        id,
        origin: stored.get(id) === undefined ? "default" : "stored",
      }));
    },
    show: (id) => effective().get(id),
    async set(id, text, write, guard) {
      if (!ID.test(id))
        throw new HoloError("invalid_argument", "A policy id is 1 to 64 lower-case letters, digits, - or _.");
      const candidate = effective();
      const chosen = forCharacters(deps.engine, id, text.trim());
      candidate.set(id, chosen);
      return change(candidate, write("policy_set", { id, text: chosen }), guard);
    },
    async remove(id, write, guard) {
      const candidate = effective();
      if (!candidate.delete(id)) throw new HoloError("not_found", `There is no policy called "${id}".`);
      return change(candidate, write("policy_removed", { id }), guard);
    },
    sync: () => lock.run(sync),
    observe(event) {
      if (event.stream !== POLICY_STREAM || event.position <= position) return;
      lock
        .run(sync)
        .catch((error: unknown) => deps.log.error("policy sync failed", { error: describeError(error) }));
    },
  };
}
