import type { CancelTimer, Timers } from "#shared/util/timers.ts";

/** One thing a connection's input produced for the layer above, in the order it was typed. */
export type InputItem =
  | { readonly kind: "line"; readonly text: string }
  | { readonly kind: "tooLong"; readonly limit: number };

/** What the input buffer of one connection needs. */
export interface ConnectionInputDeps {
  /** Parses raw bytes (telnet protocol, line assembly); the items it finds come back through `push`. */
  readonly parse: (bytes: Uint8Array) => void;
  /** Hands one item on. A returned promise holds all later input until it settles. */
  readonly deliver: (item: InputItem) => void | PromiseLike<void>;
  /** Called when input starts or stops waiting here: the connection stops or starts reading the socket. */
  readonly waiting: (waiting: boolean) => void;
  /** Continues a long read on a later event-loop turn. */
  readonly timers: Timers;
  /** Most bytes parsed in one event-loop turn; the rest waits for the next turn. */
  readonly bytesPerTurn: number;
  /** A deliver call threw or its promise rejected; input goes on with the next item. */
  readonly failed: (error: unknown) => void;
}

/** The input side of one connection: bytes in, items handed on one at a time, never dropped. */
export interface ConnectionInput {
  /** Bytes read from the socket. */
  receive(bytes: Uint8Array): void;
  /** An item found by `parse`; it waits its turn behind earlier ones. */
  push(item: InputItem): void;
  /** Drops whatever is buffered and stops: the connection is gone. */
  close(): void;
  /** True while anything is buffered or the layer above holds input. */
  readonly waiting: boolean;
  /** Raw bytes not parsed yet. */
  readonly bufferedBytes: number;
}

/** The default parse budget per event-loop turn. */
export const defaultInputBytesPerTurn = 32 * 1024;

const isPromiseLike = (value: unknown): value is PromiseLike<void> =>
  typeof (value as PromiseLike<void> | undefined)?.then === "function";

/**
 * Creates the input buffer. Invariant: every item is handed on once, in order, and never while an earlier
 * one holds input. While anything waits here the connection stops reading its socket, so what is buffered
 * is at most one socket read of raw bytes plus the items of one parsed slice (`bytesPerTurn`): the
 * kernel's buffers, then the client, hold the rest. A huge read is parsed `bytesPerTurn` at a time, one
 * slice per event-loop turn, so one connection cannot starve the others.
 */
export function createConnectionInput(deps: ConnectionInputDeps): ConnectionInput {
  const raw: Uint8Array[] = [];
  const items: InputItem[] = [];
  let rawBytes = 0;
  let held = false;
  let running = false;
  let closed = false;
  let budget = deps.bytesPerTurn;
  let nextTurn: CancelTimer | undefined;
  let wasWaiting = false;

  const isWaiting = (): boolean => !closed && (held || items.length > 0 || raw.length > 0);
  const report = (): void => {
    const now = isWaiting();
    if (now === wasWaiting) return;
    wasWaiting = now;
    deps.waiting(now);
  };

  const release = (): void => {
    held = false;
    pump();
  };

  const deliverOne = (item: InputItem): void => {
    try {
      const result = deps.deliver(item);
      if (!isPromiseLike(result)) return;
      held = true;
      result.then(release, (error: unknown) => {
        deps.failed(error);
        release();
      });
    } catch (error) {
      deps.failed(error);
    }
  };

  const parseSlice = (): void => {
    const head = raw[0] as Uint8Array;
    const n = Math.min(budget, head.length);
    const slice = head.subarray(0, n);
    if (n === head.length) raw.shift();
    else raw[0] = head.subarray(n);
    rawBytes -= n;
    budget -= n;
    deps.parse(slice);
  };

  const pump = (): void => {
    // Re-entry (an item's handler closing the connection, say) lands in the loop already running.
    if (running) return;
    running = true;
    try {
      while (!closed && !held) {
        const item = items.shift();
        if (item) deliverOne(item);
        else if (raw.length === 0) break;
        else if (budget > 0) parseSlice();
        else {
          nextTurn ??= deps.timers.after(0, () => {
            nextTurn = undefined;
            budget = deps.bytesPerTurn;
            pump();
          });
          break;
        }
      }
    } finally {
      running = false;
    }
    report();
  };

  return {
    receive(bytes) {
      if (closed || bytes.length === 0) return;
      // A socket read starts a new event-loop turn.
      if (nextTurn === undefined) budget = deps.bytesPerTurn;
      raw.push(bytes);
      rawBytes += bytes.length;
      pump();
      // Invariant: a buffer kept past this call is our own copy; the socket may reuse the one it lent.
      const last = raw.length - 1;
      const kept = raw[last];
      if (kept !== undefined && kept.buffer === bytes.buffer) raw[last] = kept.slice();
    },
    push(item) {
      if (closed) return;
      items.push(item);
    },
    close() {
      if (closed) return;
      closed = true;
      nextTurn?.();
      nextTurn = undefined;
      raw.length = 0;
      items.length = 0;
      rawBytes = 0;
      report();
    },
    get waiting() {
      return isWaiting();
    },
    get bufferedBytes() {
      return rawBytes;
    },
  };
}
