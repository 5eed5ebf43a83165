import type { CloseReason, ConnectionHandler, TelnetConnection } from "#gateway/telnet/connection-types.ts";
import { type CharacterSummary, DisconnectReason, type Session } from "#gen/holomush/core/v1/core_pb.ts";
import type { Logger } from "#shared/log/logger.ts";
import type { SceneRequest } from "#shared/scenes/scene-view.ts";
import { assertNever } from "#shared/util/assert-never.ts";
import type { Timers } from "#shared/util/timers.ts";
import type { AckBatcher } from "./ack-batcher.ts";
import { busyNotice, withBusyNotice } from "./busy-notice.ts";
import type { OutboxLimits } from "./command-outbox.ts";
import { type CommandSender, type CommandSenderDeps, createCommandSender } from "./command-sender.ts";
import type { CoreFeed } from "./core-feed.ts";
import type { DisconnectSender } from "./disconnect-sender.ts";
import {
  createGameSession,
  type GameEnd,
  type GameSession,
  type GameSessionDeps,
  type SessionInfo,
} from "./game-session.ts";
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
import { createSceneQueries, notPlayingText, type SceneQueries } from "./scene-queries.ts";
import type { SessionRef } from "./watch-loop.ts";

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
  return new Flow(deps);
}

// A class, not closures: every connection holds its flow for its life, so its steps are shared methods. It is
// also its command sender's deps (detached), which saves an object and a closure per connection.
class Flow implements ConnectionFlow, CommandSenderDeps {
  readonly #deps: ConnectionFlowDeps;
  readonly log: Logger;
  #state: FlowState = { kind: "banner" };
  readonly #sender: CommandSender;
  // Made at the first scene request: only a structured client asks, and not every one of those does.
  #scenes: SceneQueries | undefined;

  constructor(deps: ConnectionFlowDeps) {
    this.#deps = deps;
    this.log = deps.log.withTag("login");
    this.#sender = createCommandSender(this);
    if (deps.resumed) this.#enter(deps.resumed);
    else {
      const conn = deps.conn;
      conn.sendMarkup(deps.banner ?? welcomeBanner(deps.gameName), { trusted: true });
      this.#state = { kind: "login" };
      conn.structured?.state({ state: "login" });
    }
  }

  get state(): FlowState {
    return this.#state;
  }

  // CommandSenderDeps

  get conn(): TelnetConnection {
    return this.#deps.conn;
  }

  get link(): PlayLink {
    return this.#deps.link;
  }

  get connectionId(): string {
    return this.#deps.connectionId;
  }

  get limits(): OutboxLimits {
    return this.#deps.outboxLimits;
  }

  // The core's reply to quit held the goodbye line; the gateway only closes.
  detached(): void {
    const was = this.#state;
    this.#state = { kind: "closing" };
    if (was.kind === "playing") was.game.stop();
    const conn = this.#deps.conn;
    conn.structured?.state({ state: "login" });
    conn.close();
  }

  // ConnectionHandler

  onLine(line: string): undefined | Promise<void> {
    if (this.#state.kind === "playing") return this.#sender.add(line);
    // The connection holds later lines until this step is done (connection-types.ts).
    return this.#handle(line).catch((error: unknown) => this.log.error("login step failed", error as Error));
  }

  onCommand(seq: number, line: string): void {
    const client = this.#deps.conn.structured;
    const state = this.#state;
    if (state.kind !== "playing") {
      if (state.kind !== "closing") client?.busy(seq, "You are not playing a character yet.");
      return;
    }
    if (this.#sender.offer(line, seq) === "full") client?.busy(seq, commandsWaitingNotice);
  }

  onShown(position: number): void {
    const state = this.#state;
    if (state.kind === "playing") state.game.shown(position);
  }

  onScenes(request: SceneRequest): void {
    const state = this.#state;
    const structured = this.#deps.conn.structured;
    if (state.kind === "playing") {
      if (!structured) return;
      this.#scenes ??= createSceneQueries({
        client: this.#deps.link.client,
        structured,
        connectionId: this.#deps.connectionId,
        log: this.#deps.log,
      });
      this.#scenes.ask(state.game.sessionId, request);
    } else if (state.kind !== "closing") structured?.sceneRefused(notPlayingText);
  }

  onClose(reason: CloseReason): undefined | Promise<void> {
    this.#deps.closed?.();
    const was = this.#state;
    this.#state = { kind: "closing" };
    this.#sender.close();
    return was.kind === "playing" ? was.game.close(closeReasons[reason]) : undefined;
  }

  async shutdown(): Promise<void> {
    const was = this.#state;
    this.#state = { kind: "closing" };
    this.#sender.close();
    if (was.kind === "playing") await was.game.close(DisconnectReason.GATEWAY_SHUTDOWN);
  }

  /** Play of `game` ended (GameSessionDeps.ended). */
  gameEnded(game: GameSession | undefined, end: GameEnd): void {
    const state = this.#state;
    if (state.kind !== "playing" || state.game !== game) return;
    switch (end.kind) {
      case "lost":
        this.#leavePlay(loginHint);
        return;
      case "closed":
        this.#state = { kind: "closing" };
        this.#sender.close();
        this.log.info(`connection ${this.#deps.connectionId} was closed by the core`);
        this.#deps.conn.close(end.text);
        return;
      case "switched":
        this.#enter(end.session);
        return;
      default:
        assertNever(end);
    }
  }

  #toLogin(message?: string): void {
    if (message !== undefined) this.#deps.conn.send(message);
    this.#state = { kind: "login" };
  }

  // Quit before a character is played; once playing, `quit` in any form is the core's command (see handle).
  #quit(): void {
    this.#state = { kind: "closing" };
    this.#deps.conn.close(goodbye);
  }

  // Back to the login screen from play: commands still queued for the game are dropped, and the player told.
  #leavePlay(message: string): void {
    const { conn } = this.#deps;
    const sender = this.#sender;
    sender.setTarget(undefined);
    const dropped = sender.discard();
    if (dropped > 0) conn.send(notSent(dropped));
    conn.setAuthenticated(false);
    conn.structured?.state({ state: "login" });
    this.#toLogin(message);
  }

  #enter(session: Session | undefined): void {
    if (!session?.character) {
      this.#leavePlay(playerErrorText(new Error("no session")));
      return;
    }
    const deps = this.#deps;
    const { conn } = deps;
    const character = session.character;
    conn.setAuthenticated(true);
    conn.sendGmcp("Char.Name", { name: character.name, fullname: character.name });
    conn.sendMarkup(`${session.resumed ? "Welcome back" : "Welcome"}, ${character.name}.`, {
      trusted: false,
    });
    this.log.info(`connection ${deps.connectionId} plays ${character.name} (session ${session.sessionId})`);
    conn.structured?.state({ state: "playing", character: { id: character.id, name: character.name } });
    conn.structured?.session({
      session: session.sessionId,
      token: session.resumeToken,
      client: deps.connectionId,
    });
    const seat = new Seat(this, deps, this.#sender, {
      sessionId: session.sessionId,
      resumeToken: session.resumeToken,
      characterId: character.id,
      characterName: character.name,
      resumed: session.resumed,
    });
    const game = createGameSession(seat);
    seat.started(game);
    this.#state = { kind: "playing", game };
    // Commands typed while a `play` switch was under way wait in the sender and go to this session.
    this.#sender.setTarget(game);
  }

  async #select(ticket: string, characterName: string): Promise<void> {
    const { conn, link, connectionId } = this.#deps;
    try {
      const res = await link.client.selectCharacter({
        loginTicket: ticket,
        characterName,
        connectionId,
        clientAddress: conn.remoteAddress,
      });
      if (this.#state.kind !== "closing") this.#enter(res.session);
    } catch (error) {
      this.#toLogin(playerErrorText(error));
    }
  }

  // Invariant: a login call has no deadline; one waiting its turn at a busy core is told so, once.
  #busy<T>(call: Promise<T>): Promise<T> {
    return withBusyNotice(call, this.#deps.timers, () => {
      if (this.#state.kind !== "closing") this.#deps.conn.send(busyNotice);
    });
  }

  #login(verb: LoginVerb, name: string, password: string): Promise<void> {
    return this.#busy(this.#loginSteps(verb, name, password));
  }

  async #loginSteps(verb: LoginVerb, name: string, password: string): Promise<void> {
    const { conn, link, connectionId } = this.#deps;
    const log = this.log;
    log.info(`${verb} attempt for "${name}" on connection ${connectionId}`);
    try {
      const request = { name, password, clientAddress: conn.remoteAddress };
      const res =
        verb === "connect" ? await link.client.authenticate(request) : await link.client.register(request);
      if (this.#state.kind === "closing") return;
      const [only, ...others] = res.characters;
      if (!only) return this.#toLogin("This player has no characters yet.");
      if (others.length === 0) return await this.#select(res.loginTicket, only.name);
      this.#state = { kind: "menu", ticket: res.loginTicket, characters: res.characters };
      conn.sendMarkup(characterMenu(res.characters), { trusted: true });
      conn.structured?.characters(res.characters.map((c) => c.name));
      conn.prompt(menuPrompt);
    } catch (error) {
      log.info(`${verb} for "${name}" on connection ${connectionId} failed`);
      this.#toLogin(playerErrorText(error));
    }
  }

  #askPassword(verb: LoginVerb, name: string): void {
    this.#state = { kind: "password", verb, name };
    const conn = this.#deps.conn;
    conn.prompt("Password: ");
    conn.setPasswordMode(true);
  }

  async #atLogin(line: string): Promise<void> {
    const conn = this.#deps.conn;
    const parsed = parseLoginLine(line);
    switch (parsed.kind) {
      case "empty":
        return;
      case "quit":
        return this.#quit();
      case "help":
      case "unknown":
        return void conn.send(loginHint);
      case "registerUsage":
        return void conn.send(registerUsage);
      case "login":
        if (parsed.name === undefined) {
          this.#state = { kind: "name", verb: parsed.verb };
          return void conn.prompt("Name: ");
        }
        if (isGuest(parsed.verb, parsed.name)) return this.#login("connect", parsed.name, "");
        if (parsed.password === undefined) return this.#askPassword(parsed.verb, parsed.name);
        return this.#login(parsed.verb, parsed.name, parsed.password);
      default:
        return assertNever(parsed);
    }
  }

  async #handle(line: string): Promise<void> {
    const conn = this.#deps.conn;
    const state = this.#state;
    switch (state.kind) {
      case "banner":
      case "login":
        return this.#atLogin(line);
      case "name": {
        const name = line.trim();
        if (name === "" || name.toLowerCase() === "quit") return this.#toLogin(loginHint);
        if (state.verb === "register" && /\s/.test(name)) return this.#toLogin(registerUsage);
        if (isGuest(state.verb, name)) return this.#login("connect", name, "");
        return this.#askPassword(state.verb, name);
      }
      case "password": {
        const { verb, name } = state;
        if (verb === "register") {
          this.#state = { kind: "confirm", name, password: line };
          conn.send("");
          return void conn.prompt(passwordAgainPrompt);
        }
        conn.setPasswordMode(false);
        // The client did not echo the line break either; end the prompt's line.
        conn.send("");
        return this.#login(verb, name, line);
      }
      case "confirm": {
        const { name, password } = state;
        conn.setPasswordMode(false);
        conn.send("");
        if (line !== password) return this.#toLogin(passwordMismatch);
        return this.#login("register", name, password);
      }
      case "menu": {
        if (line.trim().toLowerCase() === "quit") return this.#quit();
        const picked = pickCharacter(state.characters, line);
        if (!picked)
          return void conn.prompt(`Choose a number from 1 to ${state.characters.length}, or a name: `);
        return this.#busy(this.#select(state.ticket, picked.name));
      }
      case "playing":
        // Invariant: every line, `quit` in any form included, goes to the core in order. The core owns quit
        // (it detaches, and its reply says goodbye), so telnet and the web client end alike and a quit
        // after a paste runs after the paste; the gateway closes on the reply's `detach`.
        return this.#sender.add(line);
      case "closing":
        return;
      default:
        return assertNever(state);
    }
  }
}

// A class, not an object of closures: every playing connection's game holds its deps for its life, so its
// hooks are shared methods and the flow's collaborators are read through, not copied.
class Seat implements GameSessionDeps {
  readonly #flow: Flow;
  readonly #deps: ConnectionFlowDeps;
  readonly #sender: CommandSender;
  // Read by the game as it is made, and let go then: a playing connection keeps no copy of it.
  #session: SessionInfo | undefined;
  #game: GameSession | undefined;

  constructor(flow: Flow, deps: ConnectionFlowDeps, sender: CommandSender, session: SessionInfo) {
    this.#flow = flow;
    this.#deps = deps;
    this.#sender = sender;
    this.#session = session;
  }

  get session(): SessionInfo {
    if (this.#session === undefined) throw new Error("the game of this session was made already");
    return this.#session;
  }

  /** The game these deps belong to was made. */
  started(game: GameSession): void {
    this.#game = game;
    this.#session = undefined;
  }

  get conn(): TelnetConnection {
    return this.#deps.conn;
  }

  get link(): PlayLink {
    return this.#deps.link;
  }

  get feed(): CoreFeed {
    return this.#deps.feed;
  }

  get acks(): AckBatcher {
    return this.#deps.acks;
  }

  get disconnects(): DisconnectSender {
    return this.#deps.disconnects;
  }

  get connectionId(): string {
    return this.#deps.connectionId;
  }

  get notices(): OutageNotices {
    return this.#deps.notices;
  }

  get log(): Logger {
    return this.#deps.log;
  }

  get timers(): Timers {
    return this.#deps.timers;
  }

  get random(): () => number {
    return this.#deps.random;
  }

  live(): void {
    this.#sender.wake();
  }

  // The watch loop resumed the session (the core forgot the connection): the old token is spent.
  resumed(ref: SessionRef): void {
    this.#deps.conn.structured?.session({
      session: ref.sessionId,
      token: ref.resumeToken,
      client: this.#deps.connectionId,
    });
  }

  commandsSettled(): Promise<void> {
    return this.#sender.idle();
  }

  ended(end: GameEnd): void {
    this.#flow.gameEnded(this.#game, end);
  }
}
