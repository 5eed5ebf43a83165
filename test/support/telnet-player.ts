import type { Socket } from "bun";

// A small scripted telnet client for e2e tests and the bench: loopback only, every negotiation recorded,
// waits on conditions (each wait has a guard deadline that fails the test; it never paces the script).

const IAC = 255;
const SB = 250;
const SE = 240;
const WILL = 251;
const WONT = 252;
const DO = 253;
const DONT = 254;
const NAWS = 31;
const TTYPE = 24;

/** One negotiation the server sent: `IAC <verb> <option>`. */
export interface Negotiation {
  readonly verb: "WILL" | "WONT" | "DO" | "DONT";
  readonly option: number;
}

/** One subnegotiation the server sent: `IAC SB <option> <data> IAC SE`, IAC IAC undone. */
export interface Subnegotiation {
  readonly option: number;
  readonly data: Uint8Array;
}

/** How the scripted client answers the server. */
export interface TelnetPlayerOptions {
  /** Offer NAWS with this size when the server asks (`DO NAWS`); otherwise NAWS is refused. */
  readonly naws?: { readonly width: number; readonly height: number };
  /** Answer `DO TTYPE` and `SB TTYPE SEND` with these names in turn (MTTS, e.g. "MTTS 2825" last). */
  readonly ttype?: readonly string[];
  /** Options agreed to when the server offers them (`WILL x` → `DO x`); all others are refused. */
  readonly accept?: readonly number[];
  /** Never answer negotiation (for hostile-input tests). */
  readonly passive?: boolean;
  /** Guard deadline of every wait, in ms (default 45 s). */
  readonly guardMs?: number;
}

/** A connected scripted player. */
export interface TelnetPlayer extends AsyncDisposable {
  /** Complete lines so far, ANSI stripped, without line ends. */
  readonly lines: readonly string[];
  /** The unterminated text after the last line end (a prompt), ANSI stripped. */
  readonly partial: string;
  /** Every byte received, raw. */
  readonly raw: () => Uint8Array;
  readonly negotiations: readonly Negotiation[];
  readonly subnegotiations: readonly Subnegotiation[];
  /** Bytes received so far. */
  readonly received: number;
  readonly closed: boolean;
  /** Bytes given to write() or send() that the socket has not taken yet (backpressure). */
  readonly unsent: number;
  /** Sends `line` and CR LF. */
  send(line: string): void;
  /** Writes raw bytes, queueing what the socket does not take; resolves once all were handed on. */
  write(data: Uint8Array | string | readonly number[]): Promise<void>;
  /** Resolves with the first line at index ≥ `from` (or the partial) matching `match`. */
  waitForLine(match: string | RegExp, from?: number): Promise<string>;
  /** Resolves once `check` holds; re-checked on every received chunk and on close. */
  until(check: () => boolean, what: string): Promise<void>;
  /** Resolves when the server closes the connection. */
  waitClosed(): Promise<void>;
  pause(): void;
  resume(): void;
  /** Closes the socket. */
  close(): void;
}

const verbs = { [WILL]: "WILL", [WONT]: "WONT", [DO]: "DO", [DONT]: "DONT" } as const;
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, "g");

const matches = (text: string, match: string | RegExp): boolean =>
  typeof match === "string" ? text === match : match.test(text);

/** Connects to 127.0.0.1:`port` and starts answering negotiation as `options` says. */
export async function connectTelnetPlayer(
  port: number,
  options: TelnetPlayerOptions = {},
): Promise<TelnetPlayer> {
  // A deadline only turns a hang into a failure; it is generous because CI machines can be loaded.
  const guardMs = options.guardMs ?? 45_000;
  const accept = new Set(options.accept ?? []);
  const lines: string[] = [];
  const negotiations: Negotiation[] = [];
  const subnegotiations: Subnegotiation[] = [];
  const chunks: Uint8Array[] = [];
  const waiters = new Set<() => void>();
  const pending: Uint8Array[] = [];
  const flushed: (() => void)[] = [];
  const decoder = new TextDecoder();
  let text: number[] = [];
  let partialBytes: number[] = [];
  let received = 0;
  let closed = false;
  let ttypeIndex = 0;
  // Parser state: "data", after IAC, after a verb, in SB, in SB after IAC.
  let state: "data" | "iac" | "verb" | "sb" | "sb-iac" = "data";
  let verb = 0;
  let sb: number[] = [];

  const poke = (): void => {
    for (const w of [...waiters]) w();
  };
  const pump = (): void => {
    while (pending.length > 0) {
      const head = pending[0] as Uint8Array;
      const n = socket.write(head);
      if (n < head.length) {
        pending[0] = head.subarray(Math.max(0, n));
        return;
      }
      pending.shift();
    }
    for (const done of flushed.splice(0)) done();
  };
  const reply = (bytes: number[]): void => {
    pending.push(Uint8Array.from(bytes));
    if (pending.length === 1) pump();
  };

  const endLine = (): void => {
    lines.push(decoder.decode(Uint8Array.from(partialBytes)).replace(ansi, ""));
    partialBytes = [];
  };
  const flushText = (): void => {
    for (const b of text) {
      if (b === 10) endLine();
      else if (b !== 13 && b !== 0) partialBytes.push(b);
    }
    text = [];
  };

  const negotiate = (v: number, option: number): void => {
    negotiations.push({ verb: verbs[v as keyof typeof verbs], option });
    if (options.passive) return;
    if (v === DO) {
      const yes =
        (option === NAWS && options.naws) || (option === TTYPE && options.ttype) || accept.has(option);
      reply([IAC, yes ? WILL : WONT, option]);
      if (option === NAWS && options.naws) {
        const { width, height } = options.naws;
        reply([IAC, SB, NAWS, width >> 8, width & 255, height >> 8, height & 255, IAC, SE]);
      }
    } else if (v === WILL) {
      reply([IAC, accept.has(option) ? DO : DONT, option]);
    }
  };
  const subnegotiate = (bytes: number[]): void => {
    const option = bytes[0] ?? 0;
    subnegotiations.push({ option, data: Uint8Array.from(bytes.slice(1)) });
    if (option === TTYPE && bytes[1] === 1 && options.ttype && !options.passive) {
      const names = options.ttype;
      const name = names[Math.min(ttypeIndex++, names.length - 1)] ?? "";
      reply([IAC, SB, TTYPE, 0, ...new TextEncoder().encode(name), IAC, SE]);
    }
  };

  const parse = (chunk: Uint8Array): void => {
    for (const b of chunk) {
      switch (state) {
        case "data":
          if (b === IAC) state = "iac";
          else text.push(b);
          break;
        case "iac":
          if (b === IAC) {
            text.push(IAC);
            state = "data";
          } else if (b >= WILL && b <= DONT) {
            verb = b;
            state = "verb";
          } else if (b === SB) {
            sb = [];
            state = "sb";
          } else state = "data";
          break;
        case "verb":
          negotiate(verb, b);
          state = "data";
          break;
        case "sb":
          if (b === IAC) state = "sb-iac";
          else sb.push(b);
          break;
        case "sb-iac":
          if (b === SE) {
            subnegotiate(sb);
            state = "data";
          } else {
            sb.push(b);
            state = "sb";
          }
          break;
      }
    }
    flushText();
  };

  const socket: Socket<undefined> = await Bun.connect({
    hostname: "127.0.0.1",
    port,
    socket: {
      binaryType: "uint8array",
      open: (s) => void s.setNoDelay(true),
      data: (_s, chunk: Uint8Array) => {
        received += chunk.length;
        chunks.push(chunk);
        parse(chunk);
        poke();
      },
      close: () => {
        closed = true;
        poke();
      },
      drain: () => pump(),
    },
  });

  const until = (check: () => boolean, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const guard = setTimeout(() => {
        waiters.delete(attempt);
        reject(
          new Error(
            `gave up waiting for ${what}; last lines:\n${lines.slice(-15).join("\n")}\n${player.partial}`,
          ),
        );
      }, guardMs);
      const attempt = (): void => {
        if (check()) {
          waiters.delete(attempt);
          clearTimeout(guard);
          resolve();
        } else if (closed) {
          waiters.delete(attempt);
          clearTimeout(guard);
          reject(new Error(`connection closed before ${what}; last lines:\n${lines.slice(-15).join("\n")}`));
        }
      };
      waiters.add(attempt);
      attempt();
    });

  const player: TelnetPlayer = {
    lines,
    get partial() {
      return decoder.decode(Uint8Array.from(partialBytes)).replace(ansi, "");
    },
    raw: () => Buffer.concat(chunks),
    negotiations,
    subnegotiations,
    get received() {
      return received;
    },
    get closed() {
      return closed;
    },
    get unsent() {
      return pending.reduce((n, p) => n + p.length, 0);
    },
    send(line) {
      reply([...new TextEncoder().encode(`${line}\r\n`)]);
    },
    write(data) {
      const bytes =
        typeof data === "string"
          ? new TextEncoder().encode(data)
          : data instanceof Uint8Array
            ? data
            : Uint8Array.from(data);
      return new Promise((resolve) => {
        pending.push(bytes);
        flushed.push(resolve);
        if (pending.length === 1) pump();
      });
    },
    async waitForLine(match, from = 0) {
      let found: string | undefined;
      await until(
        () => {
          found =
            lines.slice(from).find((l) => matches(l, match)) ??
            (matches(player.partial, match) ? player.partial : undefined);
          return found !== undefined;
        },
        `a line matching ${String(match)}`,
      );
      return found as string;
    },
    until,
    waitClosed: () =>
      new Promise((resolve, reject) => {
        const guard = setTimeout(() => reject(new Error("the server did not close the connection")), guardMs);
        const attempt = (): void => {
          if (!closed) return;
          waiters.delete(attempt);
          clearTimeout(guard);
          resolve();
        };
        waiters.add(attempt);
        attempt();
      }),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    close: () => socket.end(),
    async [Symbol.asyncDispose]() {
      if (!closed) socket.terminate();
    },
  };
  return player;
}

/** Registers (or connects) `name` and resolves once the player is in the game ("Welcome, <name>."). */
export async function loginPlayer(
  player: TelnetPlayer,
  name: string,
  password: string,
  how: "register" | "connect" = "register",
): Promise<void> {
  const from = player.lines.length;
  player.send(`${how} ${name} ${password}`);
  await player.waitForLine(new RegExp(`^Welcome( back)?, ${name}\\.$`), from);
}
