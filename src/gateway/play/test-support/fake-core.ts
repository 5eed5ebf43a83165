import {
  Code,
  ConnectError,
  createClient,
  createRouterTransport,
  type ServiceImpl,
} from "@connectrpc/connect";
import {
  CoreService,
  type DisconnectRequest,
  type HandleCommandRequest,
} from "#gen/holomush/core/v1/core_pb.ts";
import type { CoreClient } from "../play-link.ts";
import { fakeCommand } from "./fake-commands.ts";
import { createFakeSubscribe } from "./fake-subscribe.ts";
import { createFakeWorld, type FakeSession, type FakeWorld } from "./fake-world.ts";

/** A scripted in-process CoreService: a test double for the remote core, served over Connect's router transport. */
export interface FakeCore {
  readonly client: CoreClient;
  readonly world: FakeWorld;
  /** Every HandleCommand that reached the core while it was up, in order. */
  readonly commands: HandleCommandRequest[];
  readonly disconnects: DisconnectRequest[];
  /** Subscribe streams open now. */
  readonly streams: () => number;
  /** The core dies: every open stream fails and every call is Unavailable until start(). */
  stop(): void;
  start(): void;
  /** Every open Subscribe stream ends cleanly, with no error. */
  endStreams(): void;
  /** The replay bound: older missed events are skipped. */
  replayLimit: number;
}

const unavailable = () => new ConnectError("connect ECONNREFUSED 127.0.0.1:9000", Code.Unavailable);

/** Creates a running fake core. */
export function createFakeCore(): FakeCore {
  const world = createFakeWorld();
  const commands: HandleCommandRequest[] = [];
  const disconnects: DisconnectRequest[] = [];
  const results = new Map<string, { output: string[]; lastPosition: bigint; detach: boolean }>();
  const tokens = new Map<string, FakeSession>();
  let up = true;
  let nextId = 0;
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
  const subscribe = createFakeSubscribe(world, session, guard);
  const core = {
    replayLimit: 100,
  };

  const impl: ServiceImpl<typeof CoreService> = {
    ping() {
      guard();
      return { gameId: "01FAKE", version: "0.0.0", commit: "dev" };
    },
    authenticate(req) {
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
    register(req) {
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
    selectCharacter(req) {
      guard();
      const player = playerByTicket(req.loginTicket);
      const wanted = req.characterName.toLowerCase();
      const character = player.characters.find((c) => wanted === "" || c.name.toLowerCase() === wanted);
      if (!character) throw new ConnectError("You have no character by that name.", Code.NotFound);
      const live = [...world.sessions.values()].find((s) => s.character.id === character.id);
      const s = live ?? {
        id: `session-${++nextId}`,
        character,
        resumeToken: "",
        cursor: world.events.length,
        connections: new Set<string>(),
      };
      world.sessions.set(s.id, s);
      s.connections.add(req.connectionId);
      return sessionReply(s, live !== undefined);
    },
    resumeSession(req) {
      guard();
      const s = tokens.get(req.resumeToken);
      if (!s || !world.sessions.has(s.id)) throw new ConnectError("bad token", Code.Unauthenticated);
      s.connections.add(req.connectionId);
      return sessionReply(s, true);
    },
    handleCommand(req) {
      guard();
      const s = session(req.sessionId);
      commands.push(req);
      const key = `${req.sessionId}|${req.connectionId}|${req.sequence}`;
      const done = results.get(key);
      if (done) return { ...done, duplicate: true };
      const result = fakeCommand(world, s, req.line);
      results.set(key, result);
      return result;
    },
    subscribe: (req, ctx) => subscribe(req, ctx.signal, core.replayLimit),
    disconnect(req) {
      guard();
      disconnects.push(req);
      world.sessions.get(req.sessionId)?.connections.delete(req.connectionId);
      return {};
    },
  };
  const transport = createRouterTransport(({ service }) => service(CoreService, impl));
  return {
    client: createClient(CoreService, transport),
    world,
    commands,
    disconnects,
    streams: () => world.listeners.size,
    stop() {
      up = false;
      subscribe.failAll(unavailable());
    },
    start() {
      up = true;
    },
    endStreams: () => subscribe.endAll(),
    get replayLimit() {
      return core.replayLimit;
    },
    set replayLimit(n) {
      core.replayLimit = n;
    },
  };
}
