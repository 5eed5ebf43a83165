import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import type { HandlerContext } from "@connectrpc/connect";
import type { Character } from "#core/accounts/account-store.ts";
import type { LoginResult } from "#core/accounts/accounts.ts";
import { isGuestLogin } from "#core/accounts/guest-accounts.ts";
import { derivedIds } from "#core/events/command-ids.ts";
import type { GameParts } from "#core/game/game.ts";
import {
  AcknowledgeResponseSchema,
  AuthenticateResponseSchema,
  DisconnectResponseSchema,
  type FeedResponse,
  FeedResponseSchema,
  type HandleCommandRequest,
  HandleCommandResponseSchema,
  ListSiteBansResponseSchema,
  RegisterResponseSchema,
  ResumeSessionResponseSchema,
  SelectCharacterResponseSchema,
  WatchResponseSchema,
} from "#gen/holomush/core/v1/core_pb.ts";
import { describeError, HoloError } from "#shared/errors/holo-error.ts";
import type { Logger } from "#shared/log/logger.ts";
import { toConnectError } from "#shared/rpc/error-codes.ts";
import { createRecipientEncoder } from "#shared/rpc/recipient-sets.ts";
import { createCommandsHandler } from "./commands-handler.ts";
import type { CoreServiceHandlers } from "./core-service.ts";
import {
  createEventEncoder,
  type EventEncoder,
  toCharacterSummary,
  toFeedResponse,
  toProtoSession,
} from "./proto-mapping.ts";
import { createSceneHandlers } from "./scene-handlers.ts";

/** Every CoreService method other than Ping. */
export type GameHandlers = Required<CoreServiceHandlers>;

/** What the handlers need: the game's parts and a logger. */
export interface CoreHandlersDeps extends GameParts {
  readonly log: Logger;
  /** Encodes each event once for every feed; a fresh one by default. */
  readonly encoder?: EventEncoder;
}

/** The most feed items in one FeedResponse, so one message stays below a megabyte with a thousand connections named in each event. */
const feedItemsPerMessage = 32;

const toNumber = (value: bigint, what: string) => {
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new HoloError("invalid_argument", `The ${what} is too large.`);
  return Number(value);
};

/**
 * Creates the CoreService handlers over accounts, sessions and the engine. Errors leave as Connect codes
 * (src/shared/rpc/error-codes.ts); requests are never logged whole, since they may hold passwords.
 */
export function createCoreHandlers(deps: CoreHandlersDeps): GameHandlers {
  const { log } = deps;
  const encode = deps.encoder ?? createEventEncoder();
  const guard =
    <Req, Res>(method: string, fn: (req: Req, ctx: HandlerContext) => Promise<Res>) =>
    async (req: Req, ctx: HandlerContext): Promise<Res> => {
      try {
        return await fn(req, ctx);
      } catch (error) {
        throw toConnectError(error, log, method);
      }
    };
  // The motd and the room are a courtesy: a login whose arrival failed still logs in, and the failure is logged.
  const arrive = (character: Character, resumed: boolean) =>
    deps
      .arrive(character, resumed)
      .catch((error: unknown) => log.warn("arrival failed", { error: describeError(error) }));
  const loggedIn = (result: LoginResult) => ({
    playerId: result.player.id,
    loginTicket: deps.tickets.issue(result.player.id),
    characters: result.characters.map(toCharacterSummary),
  });

  const scenes = createSceneHandlers(deps);
  const handleCommand = guard("HandleCommand", async (req: HandleCommandRequest) => {
    const key = {
      sessionId: req.sessionId,
      connectionId: req.connectionId,
      sequence: toNumber(req.sequence, "sequence"),
    };
    if (req.deliveredPosition !== undefined)
      await deps.sessions.feeds.acknowledge(
        req.sessionId,
        req.connectionId,
        toNumber(req.deliveredPosition, "position"),
      );
    const result = await deps.sessions.runCommand(
      key,
      async ({ character, idSeed }) => {
        const player = await deps.accountStore.getPlayer(character.playerId);
        const ran = await deps.engine.execute(
          { character, role: player?.role ?? "player", newId: derivedIds(idSeed) },
          req.line,
        );
        if (ran.detach) await deps.sessions.logOut(req.sessionId, req.connectionId);
        if (ran.switchTo) {
          const switched = await deps.sessions.switchCharacter(req.sessionId, req.connectionId, ran.switchTo);
          await arrive(switched.character, switched.resumed);
        }
        const lastPosition = Math.max(0, ...ran.events.map((e) => e.position));
        return { output: [...ran.output], lastPosition, detach: ran.detach };
      },
      req.line,
    );
    return create(HandleCommandResponseSchema, {
      output: [...result.output],
      lastPosition: BigInt(result.lastPosition),
      duplicate: result.duplicate,
      detach: result.detach,
    });
  });

  return {
    listScenes: guard("ListScenes", scenes.listScenes),
    readScene: guard("ReadScene", scenes.readScene),
    // Invariant: the core is the authority on bans; a banned address is refused before the password is
    // checked, and a banned account once it is known, whatever the gateway let through.
    authenticate: guard("Authenticate", async (req) => {
      deps.siteLocks.require({ address: req.clientAddress });
      const result = isGuestLogin(req.name)
        ? await deps.guestLogin()
        : await deps.accounts.authenticate(req.name, req.password, req.clientAddress);
      deps.siteLocks.require({ account: result.player.name });
      return create(AuthenticateResponseSchema, loggedIn(result));
    }),
    register: guard("Register", async (req) => {
      deps.siteLocks.require({ address: req.clientAddress, account: req.name });
      return create(
        RegisterResponseSchema,
        loggedIn(await deps.accounts.register(req.name, req.password, req.clientAddress)),
      );
    }),
    selectCharacter: guard("SelectCharacter", async (req) => {
      const playerId = deps.tickets.check(req.loginTicket);
      const player = await deps.accountStore.getPlayer(playerId);
      deps.siteLocks.require({ address: req.clientAddress, account: player?.name });
      const characters = await deps.accountStore.listCharacters(playerId);
      const wanted = req.characterName.toLowerCase();
      const character = wanted ? characters.find((c) => c.name.toLowerCase() === wanted) : characters[0];
      if (!character)
        throw new HoloError("not_found", `You have no character called "${req.characterName}".`);
      const attached = await deps.sessions.attach(character, req.connectionId);
      deps.tickets.consume(req.loginTicket);
      deps.addresses.record(character.id, req.clientAddress);
      // A new session arrives in the game; a login to a waiting session replays what it missed instead, and
      // both are told of unread mail.
      await arrive(attached.character, attached.resumed);
      return create(SelectCharacterResponseSchema, { session: toProtoSession(attached, deps.sessionTtlMs) });
    }),
    resumeSession: guard("ResumeSession", async (req) => {
      deps.siteLocks.require({ address: req.clientAddress });
      const attached = await deps.sessions.resume(req.resumeToken, req.connectionId);
      const owner = await deps.accountStore.getPlayer(attached.character.playerId);
      const banned = deps.siteLocks.find({ account: owner?.name });
      if (banned) {
        await deps.sessions.logOut(attached.session.id, req.connectionId);
        deps.siteLocks.require({ account: owner?.name });
      }
      deps.addresses.record(attached.character.id, req.clientAddress);
      // A reconnect is a return too: the player is told of unread mail and where they left off in their scene.
      await arrive(attached.character, true);
      return create(ResumeSessionResponseSchema, { session: toProtoSession(attached, deps.sessionTtlMs) });
    }),
    handleCommand,
    commands: createCommandsHandler(handleCommand),
    async *feed(req, ctx): AsyncGenerator<FeedResponse> {
      const feed = deps.sessions.feeds.open(req.gatewayId);
      const recipients = createRecipientEncoder();
      const onAbort = () => feed.end();
      ctx.signal.addEventListener("abort", onAbort, { once: true });
      try {
        yield create(FeedResponseSchema, { item: { case: "opened", value: { feedId: feed.id } } });
        for (;;) {
          const item = await feed.queue.next(ctx.signal);
          if (!item) break;
          const response = toFeedResponse(item, encode, recipients, deps.sessionTtlMs);
          // What waits behind it goes in the same message: one message per item cost a replay of 1,000
          // events about 40 ms of per-message stream work at each end.
          for (const more of feed.queue.takeWaiting(feedItemsPerMessage - 1))
            response.following.push(toFeedResponse(more, encode, recipients, deps.sessionTtlMs));
          yield response;
        }
      } finally {
        ctx.signal.removeEventListener("abort", onAbort);
        // Invariant: a feed the gateway stopped reading ends, and with it every watch it carried.
        feed.end();
      }
      // Invariant: an aborted stream must throw its reason, or the client sees a clean end of the stream.
      if (ctx.signal.aborted) throw ctx.signal.reason;
      const error =
        feed.queue.error ??
        new HoloError("unavailable", deps.closing() ? "The game is shutting down." : "The feed ended.");
      throw toConnectError(error, log, "Feed");
    },
    watch: guard("Watch", async (req) => {
      const after = req.afterPosition === undefined ? undefined : toNumber(req.afterPosition, "position");
      await deps.sessions.feeds.watch(req.feedId, req.sessionId, req.connectionId, after);
      return create(WatchResponseSchema, {});
    }),
    acknowledge: guard("Acknowledge", async (req) => {
      for (const d of req.delivered)
        await deps.sessions.feeds.acknowledge(d.sessionId, d.connectionId, toNumber(d.position, "position"));
      return create(AcknowledgeResponseSchema, {});
    }),
    listSiteBans: guard("ListSiteBans", async (req) => {
      const version = BigInt(deps.siteLocks.version());
      if (req.knownVersion === version)
        return create(ListSiteBansResponseSchema, { version, changed: false });
      const bans = deps.siteLocks
        .list()
        .filter((b) => b.kind !== "account")
        .map((b) => ({
          target: b.target,
          reason: b.reason,
          ...(b.expiresAt === undefined ? {} : { expiresAt: timestampFromMs(b.expiresAt) }),
        }));
      return create(ListSiteBansResponseSchema, { version, changed: true, bans });
    }),
    disconnect: guard("Disconnect", async (req) => {
      const last = req.lastPosition === undefined ? undefined : toNumber(req.lastPosition, "position");
      await deps.sessions.detach(req.sessionId, req.connectionId, last);
      return create(DisconnectResponseSchema, {});
    }),
  };
}
