import { afterAll, beforeAll, expect, test } from "bun:test";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { openFeed, summarizeFeed } from "#core/game/test-support/feed-reader.ts";
import { enter, startTestGame, typist } from "#core/game/test-support/game-harness.ts";
import { CoreService } from "#gen/holomush/core/v1/core_pb.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { sendWire } from "#shared/rpc/core-wire.ts";
import { issueTempCertificates, type TempCertificates } from "#shared/tls/temp-certificates.ts";
import { createCoreHandlers } from "./core-handlers.ts";
import { coreServiceRoutes, createCoreService } from "./core-service.ts";
import { startGrpcServer } from "./grpc-server.ts";

const gameId = "01JFEEDGRPCTEST00000000000";
let certs: TempCertificates;
beforeAll(async () => {
  certs = await issueTempCertificates(gameId);
});
afterAll(async () => certs[Symbol.asyncDispose]());

test("over mTLS HTTP/2 a feed opens, replays a watched connection and carries a say live", async () => {
  await using t = await startTestGame();
  const { logger } = collectingLogger();
  const impl = createCoreService(
    { gameId, build: { version: "0", commit: "dev" }, clock: t.clock, startedAt: 0 },
    createCoreHandlers({ ...t.game.parts, log: logger }),
  );
  await using server = await startGrpcServer({
    addr: "127.0.0.1:0",
    certs: certs.core,
    routes: coreServiceRoutes(impl),
    log: logger,
  });
  const client = createClient(
    CoreService,
    createGrpcTransport({
      baseUrl: `https://127.0.0.1:${server.port}`,
      nodeOptions: { ca: certs.gateway.ca, cert: certs.gateway.cert, key: certs.gateway.key },
      interceptors: [sendWire],
    }),
  );
  const feed = await openFeed(client);
  const alice = await enter(client, "Alice", "a1");
  await client.watch({ feedId: feed.feedId, sessionId: alice.sessionId, connectionId: "a1" });
  const replay = await feed.until(
    (r) => r.item.case === "connection" && r.item.value.item.case === "replayEnd",
  );
  expect(summarizeFeed(replay).at(0)).toMatchObject({ a1: "replayStart" });
  await typist(client, alice.sessionId, "a1")("say over the wire");
  const items = await feed.until((r) => r.item.case === "event" && r.item.value.event?.type === "say");
  expect(summarizeFeed(items).at(-1)).toEqual({ event: "say", text: "over the wire", to: ["a1"] });
  feed.close();
});
