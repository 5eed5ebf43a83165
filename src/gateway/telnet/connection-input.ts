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
  return new Input(deps);
}

// A class, not a closure per method: every connection holds one input for its life, so its methods are shared.
class Input implements ConnectionInput {
  readonly #deps: ConnectionInputDeps;
  readonly #raw: Uint8Array[] = [];
  readonly #items: InputItem[] = [];
  #rawBytes = 0;
  #held = false;
  #running = false;
  #closed = false;
  #budget: number;
  #nextTurn: CancelTimer | undefined;
  #wasWaiting = false;

  constructor(deps: ConnectionInputDeps) {
    this.#deps = deps;
    this.#budget = deps.bytesPerTurn;
  }

  get waiting(): boolean {
    return this.#isWaiting();
  }

  get bufferedBytes(): number {
    return this.#rawBytes;
  }

  receive(bytes: Uint8Array): void {
    if (this.#closed || bytes.length === 0) return;
    const raw = this.#raw;
    // A socket read starts a new event-loop turn.
    if (this.#nextTurn === undefined) this.#budget = this.#deps.bytesPerTurn;
    raw.push(bytes);
    this.#rawBytes += bytes.length;
    this.#pump();
    // Invariant: a buffer kept past this call is our own copy; the socket may reuse the one it lent.
    const last = raw.length - 1;
    const kept = raw[last];
    if (kept !== undefined && kept.buffer === bytes.buffer) raw[last] = kept.slice();
  }

  push(item: InputItem): void {
    if (this.#closed) return;
    this.#items.push(item);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#nextTurn?.();
    this.#nextTurn = undefined;
    this.#raw.length = 0;
    this.#items.length = 0;
    this.#rawBytes = 0;
    this.#report();
  }

  #isWaiting(): boolean {
    return !this.#closed && (this.#held || this.#items.length > 0 || this.#raw.length > 0);
  }

  #report(): void {
    const now = this.#isWaiting();
    if (now === this.#wasWaiting) return;
    this.#wasWaiting = now;
    this.#deps.waiting(now);
  }

  #deliverOne(item: InputItem): void {
    try {
      const result = this.#deps.deliver(item);
      if (!isPromiseLike(result)) return;
      this.#held = true;
      // Made per item that holds input (a login step, a full outbox), not kept by every connection for its life.
      result.then(
        () => this.#release(),
        (error: unknown) => {
          this.#deps.failed(error);
          this.#release();
        },
      );
    } catch (error) {
      this.#deps.failed(error);
    }
  }

  #release(): void {
    this.#held = false;
    this.#pump();
  }

  #parseSlice(): void {
    const raw = this.#raw;
    const head = raw[0] as Uint8Array;
    const n = Math.min(this.#budget, head.length);
    const slice = head.subarray(0, n);
    if (n === head.length) raw.shift();
    else raw[0] = head.subarray(n);
    this.#rawBytes -= n;
    this.#budget -= n;
    this.#deps.parse(slice);
  }

  #pump(): void {
    // Re-entry (an item's handler closing the connection, say) lands in the loop already running.
    if (this.#running) return;
    this.#running = true;
    try {
      while (!this.#closed && !this.#held) {
        const item = this.#items.shift();
        if (item) this.#deliverOne(item);
        else if (this.#raw.length === 0) break;
        else if (this.#budget > 0) this.#parseSlice();
        else {
          this.#nextTurn ??= this.#deps.timers.after(0, () => {
            this.#nextTurn = undefined;
            this.#budget = this.#deps.bytesPerTurn;
            this.#pump();
          });
          break;
        }
      }
    } finally {
      this.#running = false;
    }
    this.#report();
  }
}
