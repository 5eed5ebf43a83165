import type { ConnectionStart, PlayService } from "#gateway/play/play-service.ts";
import type { CloseReason, ConnectionHandler } from "#gateway/telnet/connection-types.ts";
import type { SceneRequest } from "#shared/scenes/scene-view.ts";
import type { NewId } from "#shared/util/ids.ts";
import type { BeginPlay } from "./web-connection.ts";

/** The client ids of open web sockets: a resumed id is taken by one socket at a time. */
export interface ClientIds {
  /**
   * Takes `id` once no socket holds it; false when an open socket does. A socket still leaving its session
   * (its Disconnect in flight) is waited for: the core must see the old connection go before the same id
   * comes back, or the old one's end would detach the new one and its last events be routed to it.
   */
  claim(id: string): Promise<boolean>;
  /** Gives `id` back, free once `left` settles (the socket has left its session). */
  release(id: string, left?: PromiseLike<unknown>): void;
}

/** Creates an empty set of client ids. */
export function createClientIds(): ClientIds {
  const open = new Set<string>();
  const leaving = new Map<string, Promise<unknown>>();
  return {
    async claim(id) {
      for (;;) {
        if (open.has(id)) return false;
        const wait = leaving.get(id);
        if (wait === undefined) break;
        await wait;
      }
      open.add(id);
      return true;
    },
    release(id, left) {
      open.delete(id);
      if (left === undefined) return;
      const settled = Promise.resolve(left).then(
        () => undefined,
        () => undefined,
      );
      leaving.set(id, settled);
      void settled.then(() => {
        if (leaving.get(id) === settled) leaving.delete(id);
      });
    },
  };
}

/** What the start of a web connection's play needs. */
export interface WebSessionStartDeps {
  readonly play: Pick<PlayService, "onConnection" | "resume">;
  readonly ids: ClientIds;
  readonly newId: NewId;
}

/** The text when a resumed client id is held by another open socket. */
export const clientInUse =
  "[That session is open in another window or tab, so this one starts at the login screen.]";

/**
 * Creates the hello step: with `resume`, the session is resumed on the client's own id (so its numbered
 * commands keep their keys across the reconnect); otherwise, or when that fails, a new id and the login
 * screen, with a line saying why. Invariant: an id is used by one socket at a time, and only with a token the
 * core accepted, so a client cannot take over another's command keys by naming its id.
 */
export function createWebSessionStart(deps: WebSessionStartDeps): BeginPlay {
  return async (hello, conn, welcomed) => {
    let start: ConnectionStart | undefined;
    let refused: string | undefined;
    const resume = hello.resume;
    if (resume) {
      if (!(await deps.ids.claim(resume.client))) refused = clientInUse;
      else {
        const result = await deps.play.resume(resume.token, resume.client, conn.remoteAddress);
        if ("session" in result) start = { connectionId: resume.client, resumed: result.session };
        else {
          deps.ids.release(resume.client);
          refused = result.refused;
        }
      }
    }
    let client = start?.connectionId;
    if (client === undefined) {
      client = deps.newId();
      await deps.ids.claim(client);
    }
    const id = client;
    welcomed(id);
    if (refused !== undefined) conn.send(refused);
    const handler = deps.play.onConnection(conn, start ?? { connectionId: id });
    return { client: id, handler: new ReleasingHandler(handler, deps.ids, id) };
  };
}

// A class forwarding to the play layer's handler, not a copy of it: the flow's methods live on its prototype,
// where a spread would not find them, and a web connection holds this for its life.
class ReleasingHandler implements ConnectionHandler {
  readonly #handler: ConnectionHandler;
  readonly #ids: ClientIds;
  readonly #id: string;

  constructor(handler: ConnectionHandler, ids: ClientIds, id: string) {
    this.#handler = handler;
    this.#ids = ids;
    this.#id = id;
  }

  onLine(line: string): void | PromiseLike<void> {
    return this.#handler.onLine(line);
  }

  onCommand(seq: number, line: string): void {
    this.#handler.onCommand?.(seq, line);
  }

  onShown(position: number): void {
    this.#handler.onShown?.(position);
  }

  onScenes(request: SceneRequest): void {
    this.#handler.onScenes?.(request);
  }

  /** Gives the client id back once the connection has left its session. */
  onClose(reason: CloseReason): void | Promise<void> {
    const left = this.#handler.onClose(reason);
    this.#ids.release(this.#id, left ?? undefined);
    return left;
  }
}
