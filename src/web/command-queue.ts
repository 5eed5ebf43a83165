import type { PendingStore, StoredCommand } from "./pending-store.ts";

/** Where a pending command stands on the current link. */
export type PendingState = "queued" | "sent" | "busy";

/** A pending command as the player sees it. */
export interface PendingItem {
  readonly seq: number;
  readonly text: string;
  readonly state: PendingState;
  /** False once it may have reached the gateway. */
  readonly cancellable: boolean;
}

/** The commands typed and not yet answered, sent exactly once per `(client, seq)` across reconnects. */
export interface CommandQueue {
  /** Loads what an earlier page left pending. */
  restore(): Promise<void>;
  /** Stores `text` under the next seq, then sends it if the link is up. */
  enqueue(text: string): Promise<void>;
  /** A welcome: the link's client id. Commands kept under another id are renumbered under it; returns how many. */
  connected(client: string): Promise<number>;
  /** Whether the player is in play (commands are sent only then). */
  playing(on: boolean): Promise<void>;
  /** The socket closed: what was sent and not done is sent again, with its seq, on the next link. */
  disconnected(): void;
  /** The gateway answered `seq`. */
  done(seq: number): Promise<void>;
  /** The gateway refused `seq` for now: it is sent again after the next done. */
  busy(seq: number): void;
  /** Drops a command that was never sent; false when it may have been sent already. */
  cancel(seq: number): Promise<boolean>;
  /** Forgets everything (logging out). */
  clear(): Promise<void>;
  /** The pending commands in order. */
  items(): PendingItem[];
}

/** What the queue needs. */
export interface CommandQueueDeps {
  readonly store: PendingStore;
  /** Writes a command frame; false when the socket is not open (it stays queued). */
  readonly send: (seq: number, text: string) => boolean;
  /** Told after every change, for the pending list. */
  readonly changed: () => void;
}

interface Entry {
  command: StoredCommand;
  state: PendingState;
}

/** Creates the queue. Every operation runs after the previous one, so seqs follow the typing order. */
export function createCommandQueue(deps: CommandQueueDeps): CommandQueue {
  let entries: Entry[] = [];
  let client: string | undefined;
  let inPlay = false;
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(op: () => Promise<T>): Promise<T> => {
    const run = chain.then(op);
    chain = run.catch(() => undefined);
    return run;
  };

  // Invariant: a command is marked sent in the store before its frame is written, so after a crash it is
  // never offered for cancelling while the core may be running it.
  const pump = async (): Promise<void> => {
    if (!inPlay || client === undefined) return;
    for (const entry of entries) {
      // Invariant: nothing overtakes a refused command, so commands run in the order they were typed.
      if (entry.state === "busy") return;
      if (entry.state !== "queued" || entry.command.client !== client) continue;
      if (!entry.command.sent) {
        entry.command = { ...entry.command, sent: true };
        await deps.store.put(entry.command);
      }
      if (!deps.send(entry.command.seq, entry.command.text)) return;
      entry.state = "sent";
    }
  };
  const after = async (op: () => Promise<void> | void): Promise<void> => {
    await op();
    await pump();
    deps.changed();
  };
  const find = (seq: number) => entries.find((e) => e.command.seq === seq && e.command.client === client);

  return {
    restore: () =>
      serial(() =>
        after(async () => {
          entries = (await deps.store.all()).map((command) => ({ command, state: "queued" }));
        }),
      ),
    enqueue: (text) =>
      serial(() =>
        after(async () => {
          const owner = client ?? "";
          const command = { client: owner, seq: await deps.store.nextSeq(owner), text, sent: false };
          await deps.store.put(command);
          entries.push({ command, state: "queued" });
        }),
      ),
    connected: (next) =>
      serial(async () => {
        client = next;
        let renumbered = 0;
        for (const entry of entries) {
          entry.state = "queued";
          if (entry.command.client === next) continue;
          // A command under another client id was never answered on it; under a new id it is a new command.
          const moved = {
            client: next,
            seq: await deps.store.nextSeq(next),
            text: entry.command.text,
            sent: false,
          };
          await deps.store.replace(entry.command, moved);
          entry.command = moved;
          renumbered++;
        }
        await after(() => undefined);
        return renumbered;
      }),
    playing: (on) =>
      serial(() =>
        after(() => {
          inPlay = on;
        }),
      ),
    disconnected() {
      for (const entry of entries) entry.state = "queued";
      deps.changed();
    },
    done: (seq) =>
      serial(() =>
        after(async () => {
          const entry = find(seq);
          if (entry) {
            entries = entries.filter((e) => e !== entry);
            await deps.store.remove(entry.command.client, seq);
          }
          for (const e of entries) if (e.state === "busy") e.state = "queued";
        }),
      ),
    busy(seq) {
      const entry = find(seq);
      if (entry) entry.state = "busy";
      deps.changed();
    },
    cancel: (seq) =>
      serial(async () => {
        const entry = entries.find((e) => e.command.seq === seq && !e.command.sent);
        if (!entry) return false;
        entries = entries.filter((e) => e !== entry);
        await deps.store.remove(entry.command.client, seq);
        deps.changed();
        return true;
      }),
    clear: () =>
      serial(async () => {
        for (const entry of entries) await deps.store.remove(entry.command.client, entry.command.seq);
        entries = [];
        deps.changed();
      }),
    items: () =>
      entries.map((e) => ({
        seq: e.command.seq,
        text: e.command.text,
        state: e.state,
        cancellable: !e.command.sent,
      })),
  };
}
