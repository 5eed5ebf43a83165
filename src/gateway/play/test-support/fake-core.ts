import {
  Code,
  ConnectError,
  createClient,
  createRouterTransport,
  type ServiceImpl,
} from "@connectrpc/connect";
import {
  type AcknowledgeRequest,
  CoreService,
  type DisconnectRequest,
  type HandleCommandRequest,
  type WatchRequest,
} from "#gen/holomush/core/v1/core_pb.ts";
import { CORE_WIRE } from "#shared/rpc/core-wire.ts";
import type { CoreClient } from "../play-link.ts";
import { type FakeCommandResult, fakeCommand } from "./fake-commands.ts";
import { createFakeFeeds, type FakeFeeds } from "./fake-feed.ts";
import { createFakeScenes, type FakeScene } from "./fake-scenes.ts";
import { createFakeWorld, type FakeSession, type FakeWorld } from "./fake-world.ts";

/** A scripted in-process CoreService: a test double for the remote core, served over Connect's router transport. */
export interface FakeCore {
  readonly client: CoreClient;
  readonly world: FakeWorld;
  /** Every HandleCommand that reached the core while it was up, in order. */
  readonly commands: HandleCommandRequest[];
  readonly disconnects: DisconnectRequest[];
  readonly watches: WatchRequest[];
  readonly acks: AcknowledgeRequest[];
  /** The scenes ListScenes and ReadScene answer from; a test pushes its own. */
  readonly scenes: FakeScene[];
  /** Connections watched now on an open feed: each is one player's output stream. */
  readonly streams: () => number;
  /** Feeds open now. */
  readonly feeds: () => number;
  /** What the feeds carried: FeedEvents, and connection ids over all of them. */
  readonly sent: FakeFeeds["sent"];
  /** The core dies: every open feed fails and every call is Unavailable until start(). */
  stop(): void;
  start(): void;
  /** Every open feed ends cleanly, with no error. */
  endStreams(): void;
  /** Every open feed fails with `code` (e.g. resource_exhausted); the core stays up. */
  failFeeds(code: Code): void;
  /** The core boots `connectionId` of `sessionId`: a closed item with `text`, and the connection detached. */
  boot(sessionId: string, connectionId: string, text: string): void;
  /** The replay bound: older missed events are skipped. */
  replayLimit: number;
  /**
   * While set, the `switched` item of a `play` is kept back until the test calls it, so the reply reaches
   * the gateway first (the core does not order the two).
   */
  holdSwitched: boolean;
  /** Sends the `switched` items kept back by holdSwitched. */
  releaseSwitched(): void;
  /** The next `times` HandleCommand calls fail with `code` before anything runs, as a broken stream's would. */
  failCommands(times: number, code: Code): void;
  /**
   * Authenticate, Register and SelectCharacter wait, as behind a busy password hasher, until the returned
   * function is called.
   */
  holdLogins(): () => void;
}

/** The fake core's (and the real core's) answer to quit. */
export const quitGoodbye = "Goodbye! Your character will be waiting when you return.";

const unavailable = () => new ConnectError("connect ECONNREFUSED 127.0.0.1:9000", Code.Unavailable);

/** Creates a running fake core. */
export function createFakeCore(): FakeCore {
  const world = createFakeWorld();
  const commands: HandleCommandRequest[] = [];
  const disconnects: DisconnectRequest[] = [];
  const watches: WatchRequest[] = [];
  const acks: AcknowledgeRequest[] = [];
  const results = new Map<string, { output: string[]; lastPosition: bigint; detach: boolean }>();
  const tokens = new Map<string, FakeSession>();
  let up = true;
  let nextId = 0;
  let failing: { times: number; code: Code } | undefined;
  let loginsHeld: Promise<void> | undefined;
  const guard = () => {
    if (!up) throw unavailable();
  };
  const session = (id: string): FakeSession => {
    const found = world.sessions.get(id);
    if (!found) throw new ConnectError("no such session", Code.Unauthenticated);
    return found;
  };
  const freshToken = (s: FakeSession): string => {
    tokens.delete(s.resumeToken);
    s.resumeToken = `token-${++nextId}`;
    tokens.set(s.resumeToken, s);
    return s.resumeToken;
  };
  const sessionReply = (s: FakeSession, resumed: boolean) => ({
    session: { sessionId: s.id, resumeToken: freshToken(s), character: s.character, resumed },
  });
  const playerByTicket = (ticket: string) => {
    const player = world.players.get(ticket.replace(/^ticket-/, ""));
    if (!player) throw new ConnectError("bad ticket", Code.Unauthenticated);
    return player;
  };
  const feeds = createFakeFeeds(world, session, guard);
  const sceneMethods = createFakeScenes(session, guard);
  /** The character's session (made when it has none), with `connectionId` attached. */
  const sessionOf = (character: FakeSession["character"], connectionId: string): FakeSession => {
    const live = [...world.sessions.values()].find((s) => s.character.id === character.id);
    const s = live ?? {
      id: `session-${++nextId}`,
      character,
      resumeToken: "",
      cursor: world.events.length,
      connections: new Set<string>(),
    };
    world.sessions.set(s.id, s);
    s.connections.add(connectionId);
    return s;
  };
  const core = {
    replayLimit: 100,
    holdSwitched: false,
  };
  let heldSwitches: (() => void)[] = [];

  /** `play <name>`, as the real core's: the connection moves to that character's session. */
  const play = (s: FakeSession, req: HandleCommandRequest, name: string) => {
    const player = [...world.players.values()].find((p) => p.characters.some((c) => c.id === s.character.id));
    const character = player?.characters.find((c) => c.name.toLowerCase() === name.trim().toLowerCase());
    if (!character)
      return { output: [`You have no character called "${name}".`], lastPosition: 0n, detach: false };
    if (character.id === s.character.id)
      return { output: [`You are already playing ${character.name}.`], lastPosition: 0n, detach: false };
    const next = sessionOf(character, req.connectionId);
    s.connections.delete(req.connectionId);
    const switched = { case: "switched" as const, value: sessionReply(next, true).session };
    const send = () => feeds.finish(s.id, req.connectionId, switched);
    if (core.holdSwitched) heldSwitches.push(send);
    else send();
    return {
      output: [`You leave ${s.character.name} and take up ${character.name}.`],
      lastPosition: 0n,
      detach: false,
    };
  };

  const impl: ServiceImpl<typeof CoreService> = {
    ping() {
      guard();
      return { gameId: "01FAKE", version: "0.0.0", commit: "dev", wire: CORE_WIRE };
    },
    async authenticate(req) {
      await loginsHeld;
      guard();
      const player = world.players.get(req.name.toLowerCase());
      if (!player || player.password !== req.password)
        throw new ConnectError("Invalid login.", Code.Unauthenticated);
      return {
        playerId: player.name,
        loginTicket: `ticket-${player.name.toLowerCase()}`,
        characters: player.characters,
      };
    },
    async register(req) {
      await loginsHeld;
      guard();
      if (world.players.has(req.name.toLowerCase()))
        throw new ConnectError("That name is already taken.", Code.AlreadyExists);
      if (req.password.length < 8)
        throw new ConnectError("Passwords are at least 8 characters.", Code.InvalidArgument);
      const player = world.addPlayer(req.name, req.password);
      return {
        playerId: player.name,
        loginTicket: `ticket-${player.name.toLowerCase()}`,
        characters: player.characters,
      };
    },
    async selectCharacter(req) {
      await loginsHeld;
      guard();
      const player = playerByTicket(req.loginTicket);
      const wanted = req.characterName.toLowerCase();
      const character = player.characters.find((c) => wanted === "" || c.name.toLowerCase() === wanted);
      if (!character) throw new ConnectError("You have no character by that name.", Code.NotFound);
      const live = [...world.sessions.values()].some((s) => s.character.id === character.id);
      return sessionReply(sessionOf(character, req.connectionId), live);
    },
    resumeSession(req) {
      guard();
      const s = tokens.get(req.resumeToken);
      if (!s || !world.sessions.has(s.id)) throw new ConnectError("bad token", Code.Unauthenticated);
      s.connections.add(req.connectionId);
      return sessionReply(s, true);
    },
    async handleCommand(req) {
      guard();
      const s = session(req.sessionId);
      commands.push(req);
      // As the real core: the position a command carries is recorded as an acknowledgement, before it runs.
      if (req.deliveredPosition !== undefined) s.cursor = Math.max(s.cursor, Number(req.deliveredPosition));
      if (failing && failing.times > 0) {
        failing.times--;
        throw new ConnectError("http/2 stream closed with error code INTERNAL_ERROR (0x2)", failing.code);
      }
      const key = `${req.sessionId}|${req.connectionId}|${req.sequence}`;
      const done = results.get(key);
      if (done) return { ...done, duplicate: true };
      // As the real core: a retry is answered from the record, but a new command needs an attached connection.
      if (!s.connections.has(req.connectionId))
        throw new ConnectError("This connection is no longer attached.", Code.Unauthenticated);
      const [, verb = "", rest = ""] = /^\s*(\S*)\s*(.*)$/s.exec(req.line) ?? [];
      let result: FakeCommandResult;
      if (verb.toLowerCase() === "play") result = play(s, req, rest);
      else if (verb.toLowerCase() === "quit") {
        s.connections.delete(req.connectionId);
        // As the real core: a quit voids the resume token, so a client that kept it cannot resume.
        tokens.delete(s.resumeToken);
        // With a feed the core sends nothing more for a connection that quit: the reply's detach ends it.
        feeds.finish(s.id, req.connectionId);
        for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
        result = { output: [quitGoodbye], lastPosition: 0n, detach: true };
      } else result = fakeCommand(world, s, req.line);
      results.set(key, result);
      return result;
    },
    // The gateway's own tests send each command as a HandleCommand call; the stream has its own test.
    commands() {
      throw new ConnectError("Commands is not in the fake core", Code.Unimplemented);
    },
    feed: (req, ctx) => feeds.feed(req, ctx.signal),
    listScenes: sceneMethods.listScenes,
    readScene: sceneMethods.readScene,
    watch(req) {
      watches.push(req);
      feeds.watch(req, core.replayLimit);
      return {};
    },
    acknowledge(req) {
      guard();
      acks.push(req);
      for (const d of req.delivered) {
        const s = world.sessions.get(d.sessionId);
        if (s) s.cursor = Math.max(s.cursor, Number(d.position));
      }
      return {};
    },
    listSiteBans() {
      guard();
      return { version: 0n, changed: false, bans: [] };
    },
    disconnect(req) {
      guard();
      disconnects.push(req);
      const s = world.sessions.get(req.sessionId);
      s?.connections.delete(req.connectionId);
      feeds.finish(req.sessionId, req.connectionId);
      if (s && req.lastPosition !== undefined) s.cursor = Math.max(s.cursor, Number(req.lastPosition));
      return {};
    },
  };
  const transport = createRouterTransport(({ service }) => service(CoreService, impl));
  return {
    client: createClient(CoreService, transport),
    world,
    commands,
    disconnects,
    watches,
    acks,
    scenes: sceneMethods.scenes,
    streams: () => feeds.watched(),
    feeds: () => feeds.open(),
    sent: feeds.sent,
    stop() {
      up = false;
      feeds.failAll(unavailable());
    },
    start() {
      up = true;
    },
    endStreams: () => feeds.endAll(),
    failFeeds: (code) => feeds.failAll(new ConnectError("too many feeds", code)),
    boot(sessionId, connectionId, text) {
      world.sessions.get(sessionId)?.connections.delete(connectionId);
      feeds.finish(sessionId, connectionId, { case: "closed", value: { text } });
    },
    get replayLimit() {
      return core.replayLimit;
    },
    set replayLimit(n) {
      core.replayLimit = n;
    },
    get holdSwitched() {
      return core.holdSwitched;
    },
    set holdSwitched(on) {
      core.holdSwitched = on;
    },
    releaseSwitched() {
      const held = heldSwitches;
      heldSwitches = [];
      for (const send of held) send();
    },
    failCommands(times, code) {
      failing = { times, code };
    },
    holdLogins() {
      const gate = Promise.withResolvers<void>();
      loginsHeld = gate.promise;
      return () => {
        loginsHeld = undefined;
        gate.resolve();
      };
    },
  };
}
