import { HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { AppendOutcome, AppendRequest } from "./append-plan.ts";
import type { StoredEvent } from "./event.ts";

/** What a group-commit queue is built from. */
export interface AppendGroupCommitDeps {
  /** Commits the requests in one transaction; throws when the transaction failed as a whole. */
  readonly commit: (requests: readonly AppendRequest[]) => Promise<AppendOutcome[]>;
  /** Turns a thrown database error into a HoloError. */
  readonly mapError: (error: unknown) => HoloError;
  /** The most events gathered into one transaction (a single larger request still goes alone). */
  readonly maxEvents: number;
  readonly log: Logger;
}

/** A queue that gathers appends arriving together into one transaction each. */
export interface AppendGroupCommit {
  /** Queues a request; resolves with its stored events once its group is durable. */
  submit(request: AppendRequest): Promise<StoredEvent[]>;
  /** Refuses new requests and resolves when every queued one is settled. */
  close(): Promise<void>;
}

interface Pending {
  readonly request: AppendRequest;
  readonly resolve: (events: StoredEvent[]) => void;
  readonly reject: (error: HoloError) => void;
}

/**
 * Creates a group-commit queue: requests made in the same tick, or while a commit is in flight, are
 * committed together. When a group's transaction fails as a whole, each request is retried alone, so one
 * bad request cannot fail the others; a request's own conflict never fails the group (see planAppends).
 */
export function createAppendGroupCommit(deps: AppendGroupCommitDeps): AppendGroupCommit {
  const queue: Pending[] = [];
  let running = false;
  let scheduled = false;
  let closed = false;
  const idle: (() => void)[] = [];

  const settle = (item: Pending, outcome: AppendOutcome) => {
    if (outcome.ok) item.resolve(outcome.events);
    else item.reject(outcome.error);
  };

  const takeGroup = (): Pending[] => {
    const group: Pending[] = [];
    let size = 0;
    while (queue.length > 0) {
      const next = queue[0] as Pending;
      if (group.length > 0 && size + next.request.events.length > deps.maxEvents) break;
      group.push(queue.shift() as Pending);
      size += next.request.events.length;
    }
    return group;
  };

  const commitAlone = async (item: Pending) => {
    try {
      const [outcome] = await deps.commit([item.request]);
      if (outcome) settle(item, outcome);
      else item.reject(new HoloError("internal", "The store returned no outcome."));
    } catch (error) {
      item.reject(deps.mapError(error));
    }
  };

  const commitGroup = async (group: Pending[]) => {
    if (group.length === 1) return commitAlone(group[0] as Pending);
    try {
      const outcomes = await deps.commit(group.map((p) => p.request));
      group.forEach((item, i) => {
        settle(item, outcomes[i] ?? { ok: false, error: new HoloError("internal", "Missing outcome.") });
      });
    } catch (error) {
      deps.log.warn("group commit failed; retrying its appends one by one", deps.mapError(error));
      for (const item of group) await commitAlone(item);
    }
  };

  const run = async () => {
    scheduled = false;
    running = true;
    try {
      while (queue.length > 0) await commitGroup(takeGroup());
    } finally {
      running = false;
      if (queue.length === 0) for (const wake of idle.splice(0)) wake();
    }
  };

  const schedule = () => {
    if (running || scheduled) return;
    scheduled = true;
    // Invariant: setImmediate gathers every append made in the current macrotask into one group.
    setImmediate(() => void run());
  };

  return {
    submit(request) {
      if (closed) return Promise.reject(new HoloError("unavailable", "The event store is closed."));
      return new Promise<StoredEvent[]>((resolve, reject) => {
        queue.push({ request, resolve, reject });
        schedule();
      });
    },
    async close() {
      closed = true;
      if (!running && !scheduled && queue.length === 0) return;
      await new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
