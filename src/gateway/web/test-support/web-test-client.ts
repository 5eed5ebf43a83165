/** A frame from the gateway, as JSON. */
export type ServerFrame = { readonly type: string } & Record<string, unknown>;

/** A real WebSocket client for tests: records every frame and waits for conditions, never for time. */
export interface WebTestClient {
  readonly frames: ServerFrame[];
  send(frame: Record<string, unknown>): void;
  sendRaw(data: string | Uint8Array): void;
  /** Resolves with the first frame (from index `from`) that `match` accepts, as soon as it arrives; each frame is offered once. */
  waitFor(match: (frame: ServerFrame) => boolean, from?: number): Promise<ServerFrame>;
  /** Frames of one type, in order. */
  ofType(type: string): ServerFrame[];
  /** Resolves when the socket closes, with its code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

/** Opens `url` (ws://…/ws), with an Origin header unless `origin` is null; resolves once it is open. */
export async function openWebClient(
  url: string,
  options: { origin?: string | null; headers?: Record<string, string> } = {},
): Promise<WebTestClient> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.origin !== null)
    headers.origin = options.origin ?? url.replace(/^ws/, "http").replace(/\/ws$/, "");
  const socket = new WebSocket(url, { headers } as unknown as string[]);
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  const closed = Promise.withResolvers<{ code: number; reason: string }>();
  socket.addEventListener("message", (event) => {
    frames.push(JSON.parse(String(event.data)) as ServerFrame);
    for (const wake of [...waiters]) wake();
  });
  socket.addEventListener("close", (event) => {
    closed.resolve({ code: event.code, reason: event.reason });
    for (const wake of [...waiters]) wake();
  });
  const opened = Promise.withResolvers<void>();
  socket.addEventListener("open", () => opened.resolve());
  socket.addEventListener("error", () => opened.resolve());
  await Promise.race([opened.promise, closed.promise]);
  let isClosed = false;
  void closed.promise.then(() => {
    isClosed = true;
  });
  return {
    frames,
    send: (frame) => socket.send(JSON.stringify(frame)),
    sendRaw: (data) => socket.send(data),
    waitFor(match, from = 0) {
      return new Promise((resolve, reject) => {
        // Each frame is offered to `match` once, in order, so a counting predicate sees every frame.
        let next = from;
        const check = () => {
          let found: ServerFrame | undefined;
          while (found === undefined && next < frames.length) {
            const frame = frames[next++] as ServerFrame;
            if (match(frame)) found = frame;
          }
          if (found) {
            waiters.delete(check);
            resolve(found);
          } else if (isClosed) {
            waiters.delete(check);
            reject(new Error(`the socket closed before the frame came; frames: ${JSON.stringify(frames)}`));
          }
        };
        waiters.add(check);
        check();
      });
    },
    ofType: (type) => frames.filter((f) => f.type === type),
    closed: closed.promise,
    close: () => socket.close(),
  };
}
