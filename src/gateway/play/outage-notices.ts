import type { TelnetConnection } from "#gateway/telnet/connection-types.ts";

/** The restart notices of one connection: each outage is announced once and its end once. */
export interface OutageNotices {
  /** Shows "[The game is restarting…]" unless this outage was already announced. */
  restarting(): void;
  /** Shows "[Reconnected.]" if an outage was announced, and ends it. */
  reconnected(): void;
  readonly announced: boolean;
}

/** The restart notice text. */
export const restartingNotice = "[The game is restarting…]";
/** The notice once the core is back. */
export const reconnectedNotice = "[Reconnected.]";

/** Creates the notices for `conn`. */
export function createOutageNotices(conn: Pick<TelnetConnection, "send" | "closed">): OutageNotices {
  return new Notices(conn);
}

// A class, not closures: every connection holds its notices for its life, so their methods are shared.
class Notices implements OutageNotices {
  readonly #conn: Pick<TelnetConnection, "send" | "closed">;
  #announced = false;

  constructor(conn: Pick<TelnetConnection, "send" | "closed">) {
    this.#conn = conn;
  }

  get announced(): boolean {
    return this.#announced;
  }

  restarting(): void {
    if (this.#announced || this.#conn.closed) return;
    this.#announced = true;
    this.#conn.send(restartingNotice);
  }

  reconnected(): void {
    if (!this.#announced) return;
    this.#announced = false;
    if (!this.#conn.closed) this.#conn.send(reconnectedNotice);
  }
}
