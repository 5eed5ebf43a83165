// A scripted WebSocket client speaking docs/web-protocol.md, for the web benchmark: not a browser, and no
// rendering; it keeps the text of every line it is shown and the time each frame arrived.

/** One frame from the gateway, as the protocol defines it (only the fields the bench reads). */
export interface ServerFrame {
  readonly type: string;
  readonly text?: string;
  readonly markup?: string;
  readonly state?: string;
  readonly seq?: number;
  readonly code?: string;
  readonly message?: string;
}

/** A connected scripted web player. */
export interface WsPlayer extends AsyncDisposable {
  /** Every shown line so far (`text`, `markup`, and `event` markup), markup codes left in. */
  readonly lines: readonly string[];
  readonly closed: boolean;
  /** Sends a `line` frame (login screen). */
  line(text: string): void;
  /** Sends a `command` frame with the next seq. */
  command(text: string): void;
  /** Resolves with the performance.now() of the first line at index ≥ `from` containing `needle`. */
  waitFor(needle: string, from?: number): Promise<number>;
  /** Resolves once the gateway says the connection is playing. */
  playing(): Promise<void>;
  close(): void;
}

/** How a scripted player reaches the gateway. */
export interface WsPlayerOptions {
  /** Guard deadline of every wait, in ms. */
  readonly guardMs?: number;
  /** Called with each frame and the time it arrived (for first-output timing). */
  readonly onFrame?: (frame: ServerFrame, at: number) => void;
}

/** Opens `ws://127.0.0.1:<port>/ws`, sends `hello` and resolves once `welcome` arrives. */
export async function connectWsPlayer(port: number, options: WsPlayerOptions = {}): Promise<WsPlayer> {
  const guardMs = options.guardMs ?? 120_000;
  const origin = `http://127.0.0.1:${port}`;
  const socket = new WebSocket(`ws://127.0.0.1:${port}/ws`, { headers: { Origin: origin } });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const lineTimes: number[] = [];
  let playing = false;
  let closed = false;
  let seq = 0;
  const welcome = Promise.withResolvers<void>();
  const poke = () => {
    for (const w of [...waiters]) w();
  };
  socket.addEventListener("message", (message) => {
    const at = performance.now();
    const frame = JSON.parse(String(message.data)) as ServerFrame & { markup?: string };
    options.onFrame?.(frame, at);
    if (frame.type === "welcome") welcome.resolve();
    if (frame.type === "state") playing = frame.state === "playing";
    const shown = frame.type === "text" ? frame.text : frame.markup;
    if (shown !== undefined && ["text", "markup", "event"].includes(frame.type))
      for (const line of shown.split("\n")) {
        lines.push(line);
        lineTimes.push(at);
      }
    if (frame.type === "error") lines.push(`[error ${frame.code}] ${frame.message}`);
    poke();
  });
  socket.addEventListener("close", (event) => {
    closed = true;
    welcome.reject(new Error(`the gateway closed the WebSocket (${event.code} ${event.reason})`));
    poke();
  });
  socket.addEventListener("open", () => socket.send(JSON.stringify({ type: "hello", width: 100 })));
  await welcome.promise;

  const until = (check: () => number | undefined, what: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const guard = setTimeout(() => fail(new Error(`gave up waiting for ${what}`)), guardMs);
      const fail = (error: Error) => {
        waiters.delete(attempt);
        clearTimeout(guard);
        reject(error);
      };
      const attempt = () => {
        const found = check();
        if (found !== undefined) {
          waiters.delete(attempt);
          clearTimeout(guard);
          resolve(found);
        } else if (closed) fail(new Error(`the WebSocket closed before ${what}; last: ${lines.slice(-5)}`));
      };
      waiters.add(attempt);
      attempt();
    });

  return {
    lines,
    get closed() {
      return closed;
    },
    line: (text) => socket.send(JSON.stringify({ type: "line", text })),
    command: (text) => socket.send(JSON.stringify({ type: "command", seq: ++seq, text })),
    waitFor: (needle, from = 0) =>
      until(
        () => {
          for (let i = from; i < lines.length; i++) if (lines[i]?.includes(needle)) return lineTimes[i];
          return undefined;
        },
        `a line with ${JSON.stringify(needle)}`,
      ),
    playing: () => until(() => (playing ? 0 : undefined), "the playing state").then(() => {}),
    close: () => socket.close(1000),
    async [Symbol.asyncDispose]() {
      if (!closed) socket.close(1000);
    },
  };
}
