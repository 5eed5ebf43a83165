import type { CloseReason, ConnectionHandler, TelnetConnection } from "#gateway/telnet/connection-types.ts";
import { type CharacterSummary, DisconnectReason, type Session } from "#gen/holomush/core/v1/core_pb.ts";
import type { Logger } from "#shared/log/logger.ts";
import { assertNever } from "#shared/util/assert-never.ts";
import type { Timers } from "#shared/util/timers.ts";
import type { AckBatcher } from "./ack-batcher.ts";
import { busyNotice, withBusyNotice } from "./busy-notice.ts";
import type { OutboxLimits } from "./command-outbox.ts";
import { createCommandSender } from "./command-sender.ts";
import type { CoreFeed } from "./core-feed.ts";
import type { DisconnectSender } from "./disconnect-sender.ts";
import { createGameSession, type GameSession } from "./game-session.ts";
import { type LoginVerb, parseLoginLine } from "./login-line.ts";
import {
  characterMenu,
  goodbye,
  loginHint,
  menuPrompt,
  passwordAgainPrompt,
  passwordMismatch,
  pickCharacter,
  registerUsage,
  welcomeBanner,
} from "./login-text.ts";
import type { OutageNotices } from "./outage-notices.ts";
import type { PlayLink } from "./play-link.ts";
import { playerErrorText } from "./player-error-text.ts";
import { createSceneQueries, notPlayingText } from "./scene-queries.ts";

/** Where one connection is: banner → login → (name → password) → menu → playing → closing, each switch closed by assertNever. */
export type FlowState =
  | { readonly kind: "banner" }
  | { readonly kind: "login" }
  | { readonly kind: "name"; readonly verb: LoginVerb }
  | { readonly kind: "password"; readonly verb: LoginVerb; readonly name: string }
  /** A new player's password, asked a second time; a mismatch never reaches the core. */
  | { readonly kind: "confirm"; readonly name: string; readonly password: string }
  | { readonly kind: "menu"; readonly ticket: string; readonly characters: readonly CharacterSummary[] }
  | { readonly kind: "playing"; readonly game: GameSession }
  | { readonly kind: "closing" };

/** Collaborators of one connection's flow. */
export interface ConnectionFlowDeps {
  readonly conn: TelnetConnection;
  readonly link: PlayLink;
  readonly feed: CoreFeed;
  readonly acks: AckBatcher;
  /** Detaches this connection at the core once it closes. */
  readonly disconnects: DisconnectSender;
  readonly connectionId: string;
  readonly notices: OutageNotices;
  /** Called once the connection closes, before its session is detached. */
  readonly closed?: () => void;
  readonly log: Logger;
  readonly timers: Timers;
  readonly random: () => number;
  /** How many typed commands wait for the core before the connection's input is held. */
  readonly outboxLimits: OutboxLimits;
  readonly gameName: string;
  /** Replaces the default welcome banner (server markup). */
  readonly banner?: string;
  /** A session the connection already resumed (the web client's hello): the flow starts in play, no banner. */
  readonly resumed?: Session;
}

/** The handler of one connection, with its state for the service. */
export interface ConnectionFlow extends ConnectionHandler {
  readonly state: FlowState;
  /** Detaches from the session because the gateway stops. */
  shutdown(): Promise<void>;
}

const closeReasons: Readonly<Record<CloseReason, DisconnectReason>> = {
  client: DisconnectReason.CLIENT_CLOSED,
  server: DisconnectReason.CLIENT_CLOSED,
  idle: DisconnectReason.DROPPED,
  limit: DisconnectReason.DROPPED,
  http: DisconnectReason.DROPPED,
  overflow: DisconnectReason.DROPPED,
  error: DisconnectReason.CLIENT_CLOSED,
  shutdown: DisconnectReason.GATEWAY_SHUTDOWN,
};

/** `connect guest` asks for no password: the core gives a guest character, or says guests are off. */
const isGuest = (verb: LoginVerb, name: string) =>
  verb === "connect" && name.trim().toLowerCase() === "guest";

/** Says how many typed commands a lost session took with it. */
const notSent = (n: number): string =>
  `[${n === 1 ? "1 command" : `${n} commands`} you typed before that ${n === 1 ? "was" : "were"} not sent.]`;

/** Why a numbered command was not taken: the connection's outbox is full. */
export const commandsWaitingNotice = "Too many commands are waiting; this one will be sent again shortly.";

/**
 * Creates the flow and shows the banner. Invariant: no line typed here is ever logged (it may hold a
 * password). Every line is handled once, in order: a line whose step calls the core holds the later ones
 * (the connection stops reading) until it is done, so lines typed before a login completes run after it.
 */
export function createConnectionFlow(deps: ConnectionFlowDeps): ConnectionFlow {
  const { conn, link } = deps;
  const log = deps.log.withTag("login");
  let state: FlowState = { kind: "banner" };

  const toLogin = (message?: string): void => {
    if (message !== undefined) conn.send(message);
    state = { kind: "login" };
  };

  // Quit before a character is played; once playing, `quit` in any form is the core's command (see handle).
  const quit = (): void => {
    state = { kind: "closing" };
    conn.close(goodbye);
  };

  const scenes =
    conn.structured &&
    createSceneQueries({
      client: link.client,
      structured: conn.structured,
      connectionId: deps.connectionId,
      log: deps.log,
    });

  const sender = createCommandSender({
    conn,
    link,
    connectionId: deps.connectionId,
    limits: deps.outboxLimits,
    log,
    // The core's reply to quit held the goodbye line; the gateway only closes.
    detached: () => {
      const was = state;
      state = { kind: "closing" };
      if (was.kind === "playing") was.game.stop();
      conn.structured?.state({ state: "login" });
      conn.close();
    },
  });

  // Back to the login screen from play: commands still queued for the game are dropped, and the player told.
  const leavePlay = (message: string): void => {
    sender.setTarget(undefined);
    const dropped = sender.discard();
    if (dropped > 0) conn.send(notSent(dropped));
    conn.setAuthenticated(false);
    conn.structured?.state({ state: "login" });
    toLogin(message);
  };

  const enter = (session: Session | undefined): void => {
    if (!session?.character) {
      leavePlay(playerErrorText(new Error("no session")));
      return;
    }
    const character = session.character;
    conn.setAuthenticated(true);
    conn.sendGmcp("Char.Name", { name: character.name, fullname: character.name });
    conn.sendMarkup(`${session.resumed ? "Welcome back" : "Welcome"}, ${character.name}.`, {
      trusted: false,
    });
    log.info(`connection ${deps.connectionId} plays ${character.name} (session ${session.sessionId})`);
    conn.structured?.state({ state: "playing", character: { id: character.id, name: character.name } });
    conn.structured?.session({
      session: session.sessionId,
      token: session.resumeToken,
      client: deps.connectionId,
    });
    const game = createGameSession({
      ...deps,
      session: {
        sessionId: session.sessionId,
        resumeToken: session.resumeToken,
        characterId: character.id,
        characterName: character.name,
        resumed: session.resumed,
      },
      live: () => sender.wake(),
      // The watch loop resumed the session (the core forgot the connection): the old token is spent.
      resumed: (ref) =>
        conn.structured?.session({
          session: ref.sessionId,
          token: ref.resumeToken,
          client: deps.connectionId,
        }),
      commandsSettled: () => sender.idle(),
      ended: (end) => {
        if (state.kind !== "playing" || state.game !== game) return;
        switch (end.kind) {
          case "lost":
            return leavePlay(loginHint);
          case "closed":
            state = { kind: "closing" };
            sender.close();
            log.info(`connection ${deps.connectionId} was closed by the core`);
            return conn.close(end.text);
          case "switched":
            return enter(end.session);
          default:
            return assertNever(end);
        }
      },
    });
    state = { kind: "playing", game };
    // Commands typed while a `play` switch was under way wait in the sender and go to this session.
    sender.setTarget(game);
  };

  const select = async (ticket: string, characterName: string): Promise<void> => {
    try {
      const res = await link.client.selectCharacter({
        loginTicket: ticket,
        characterName,
        connectionId: deps.connectionId,
        clientAddress: conn.remoteAddress,
      });
      if (state.kind !== "closing") enter(res.session);
    } catch (error) {
      toLogin(playerErrorText(error));
    }
  };

  // Invariant: a login call has no deadline; one waiting its turn at a busy core is told so, once.
  const busy = <T>(call: Promise<T>): Promise<T> =>
    withBusyNotice(call, deps.timers, () => {
      if (state.kind !== "closing") conn.send(busyNotice);
    });

  const login = (verb: LoginVerb, name: string, password: string): Promise<void> =>
    busy(loginSteps(verb, name, password));

  const loginSteps = async (verb: LoginVerb, name: string, password: string): Promise<void> => {
    log.info(`${verb} attempt for "${name}" on connection ${deps.connectionId}`);
    try {
      const request = { name, password, clientAddress: conn.remoteAddress };
      const res =
        verb === "connect" ? await link.client.authenticate(request) : await link.client.register(request);
      if (state.kind === "closing") return;
      const [only, ...others] = res.characters;
      if (!only) return toLogin("This player has no characters yet.");
      if (others.length === 0) return await select(res.loginTicket, only.name);
      state = { kind: "menu", ticket: res.loginTicket, characters: res.characters };
      conn.sendMarkup(characterMenu(res.characters), { trusted: true });
      conn.structured?.characters(res.characters.map((c) => c.name));
      conn.prompt(menuPrompt);
    } catch (error) {
      log.info(`${verb} for "${name}" on connection ${deps.connectionId} failed`);
      toLogin(playerErrorText(error));
    }
  };

  const askPassword = (verb: LoginVerb, name: string): void => {
    state = { kind: "password", verb, name };
    conn.prompt("Password: ");
    conn.setPasswordMode(true);
  };

  const atLogin = async (line: string): Promise<void> => {
    const parsed = parseLoginLine(line);
    switch (parsed.kind) {
      case "empty":
        return;
      case "quit":
        return quit();
      case "help":
      case "unknown":
        return void conn.send(loginHint);
      case "registerUsage":
        return void conn.send(registerUsage);
      case "login":
        if (parsed.name === undefined) {
          state = { kind: "name", verb: parsed.verb };
          return void conn.prompt("Name: ");
        }
        if (isGuest(parsed.verb, parsed.name)) return login("connect", parsed.name, "");
        if (parsed.password === undefined) return askPassword(parsed.verb, parsed.name);
        return login(parsed.verb, parsed.name, parsed.password);
      default:
        return assertNever(parsed);
    }
  };

  const handle = async (line: string): Promise<void> => {
    switch (state.kind) {
      case "banner":
      case "login":
        return atLogin(line);
      case "name": {
        const name = line.trim();
        if (name === "" || name.toLowerCase() === "quit") return toLogin(loginHint);
        if (state.verb === "register" && /\s/.test(name)) return toLogin(registerUsage);
        if (isGuest(state.verb, name)) return login("connect", name, "");
        return askPassword(state.verb, name);
      }
      case "password": {
        const { verb, name } = state;
        if (verb === "register") {
          state = { kind: "confirm", name, password: line };
          conn.send("");
          return void conn.prompt(passwordAgainPrompt);
        }
        conn.setPasswordMode(false);
        // The client did not echo the line break either; end the prompt's line.
        conn.send("");
        return login(verb, name, line);
      }
      case "confirm": {
        const { name, password } = state;
        conn.setPasswordMode(false);
        conn.send("");
        if (line !== password) return toLogin(passwordMismatch);
        return login("register", name, password);
      }
      case "menu": {
        if (line.trim().toLowerCase() === "quit") return quit();
        const picked = pickCharacter(state.characters, line);
        if (!picked)
          return void conn.prompt(`Choose a number from 1 to ${state.characters.length}, or a name: `);
        return busy(select(state.ticket, picked.name));
      }
      case "playing":
        // Invariant: every line, `quit` in any form included, goes to the core in order. The core owns quit
        // (it detaches, and its reply says goodbye), so telnet and the web client end alike and a quit
        // after a paste runs after the paste; the gateway closes on the reply's `detach`.
        return sender.add(line);
      case "closing":
        return;
      default:
        return assertNever(state);
    }
  };

  if (deps.resumed) enter(deps.resumed);
  else {
    conn.sendMarkup(deps.banner ?? welcomeBanner(deps.gameName), { trusted: true });
    state = { kind: "login" };
    conn.structured?.state({ state: "login" });
  }

  return {
    onLine(line) {
      if (state.kind === "playing") return sender.add(line);
      // The connection holds later lines until this step is done (connection-types.ts).
      return handle(line).catch((error: unknown) => log.error("login step failed", error as Error));
    },
    onCommand(seq, line) {
      const client = conn.structured;
      if (state.kind !== "playing") {
        if (state.kind !== "closing") client?.busy(seq, "You are not playing a character yet.");
        return;
      }
      if (sender.offer(line, seq) === "full") client?.busy(seq, commandsWaitingNotice);
    },
    onShown(position) {
      if (state.kind === "playing") state.game.shown(position);
    },
    onScenes(request) {
      if (state.kind === "playing") scenes?.ask(state.game.sessionId, request);
      else if (state.kind !== "closing") conn.structured?.sceneRefused(notPlayingText);
    },
    onClose(reason) {
      deps.closed?.();
      const was = state;
      state = { kind: "closing" };
      sender.close();
      return was.kind === "playing" ? was.game.close(closeReasons[reason]) : undefined;
    },
    async shutdown() {
      const was = state;
      state = { kind: "closing" };
      sender.close();
      if (was.kind === "playing") await was.game.close(DisconnectReason.GATEWAY_SHUTDOWN);
    },
    get state() {
      return state;
    },
  };
}
