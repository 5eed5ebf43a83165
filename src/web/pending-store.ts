/** A command kept until the gateway says it is done: the key `(client, seq)` runs once (docs/web-protocol.md). */
export interface StoredCommand {
  readonly client: string;
  readonly seq: number;
  readonly text: string;
  /** True once it may have reached the gateway: from then on it can no longer be cancelled. */
  readonly sent: boolean;
}

/** Where pending commands and the per-client seq counters live (IndexedDB in the browser, memory in tests). */
export interface PendingStore {
  /** Every stored command, by client then seq. */
  all(): Promise<StoredCommand[]>;
  /** Adds or overwrites the command `(client, seq)`. */
  put(command: StoredCommand): Promise<void>;
  /** Forgets the command `(client, seq)`; nothing when absent. */
  remove(client: string, seq: number): Promise<void>;
  /** Moves a command to another key in one step, so a crash never leaves it under both or neither. */
  replace(old: StoredCommand, next: StoredCommand): Promise<void>;
  /** The next seq for `client` (1, 2, …), never handed out twice. */
  nextSeq(client: string): Promise<number>;
}

const keyOf = (client: string, seq: number) => `${client}\u0000${seq}`;

/** A real PendingStore in memory. */
export function memoryPendingStore(): PendingStore {
  const commands = new Map<string, StoredCommand>();
  const counters = new Map<string, number>();
  return {
    all: async () =>
      [...commands.values()].sort((a, b) =>
        a.client < b.client ? -1 : a.client > b.client ? 1 : a.seq - b.seq,
      ),
    put: async (command) => void commands.set(keyOf(command.client, command.seq), command),
    remove: async (client, seq) => void commands.delete(keyOf(client, seq)),
    replace: async (old, next) => {
      commands.delete(keyOf(old.client, old.seq));
      commands.set(keyOf(next.client, next.seq), next);
    },
    nextSeq: async (client) => {
      const seq = (counters.get(client) ?? 0) + 1;
      counters.set(client, seq);
      return seq;
    },
  };
}

/** A PendingStore usable at once whose calls wait for `opening` (so the page connects while IndexedDB opens). */
export function deferredPendingStore(opening: Promise<PendingStore>): PendingStore {
  return {
    all: async () => (await opening).all(),
    put: async (command) => (await opening).put(command),
    remove: async (client, seq) => (await opening).remove(client, seq),
    replace: async (old, next) => (await opening).replace(old, next),
    nextSeq: async (client) => (await opening).nextSeq(client),
  };
}
