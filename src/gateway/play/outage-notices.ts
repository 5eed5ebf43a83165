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
  let announced = false;
  return {
    restarting() {
      if (announced || conn.closed) return;
      announced = true;
      conn.send(restartingNotice);
    },
    reconnected() {
      if (!announced) return;
      announced = false;
      if (!conn.closed) conn.send(reconnectedNotice);
    },
    get announced() {
      return announced;
    },
  };
}
