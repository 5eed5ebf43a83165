import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { durationMs, timestampMs } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { CoreService } from "#gen/holomush/core/v1/core_pb.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { CORE_WIRE, sendWire } from "#shared/rpc/core-wire.ts";
import { issueTempCertificates, type TempCertificates } from "#shared/tls/temp-certificates.ts";
import { manualClock } from "#shared/util/clock.ts";
import { coreServiceRoutes, createCoreService } from "./core-service.ts";
import { startGrpcServer } from "./grpc-server.ts";

const gameId = "01JGRPCSERVERTEST000000000";
let certs: TempCertificates;
beforeAll(async () => {
  certs = await issueTempCertificates(gameId);
});
afterAll(async () => certs[Symbol.asyncDispose]());

function serve(handlers: Parameters<typeof createCoreService>[1] = {}, addr = "127.0.0.1:0") {
  const clock = manualClock(1_800_000_000_000);
  const log = collectingLogger();
  const impl = createCoreService(
    { gameId, build: { version: "9.9.9", commit: "abc" }, clock, startedAt: clock.now() - 61_000 },
    handlers,
  );
  return {
    log,
    server: startGrpcServer({ addr, certs: certs.core, routes: coreServiceRoutes(impl), log: log.logger }),
  };
}

function clientFor(port: number, wire = true) {
  const transport = createGrpcTransport({
    baseUrl: `https://127.0.0.1:${port}`,
    nodeOptions: {
      ca: certs.gateway.ca,
      cert: certs.gateway.cert,
      key: certs.gateway.key,
      rejectUnauthorized: true,
    },
    interceptors: wire ? [sendWire] : [],
  });
  return createClient(CoreService, transport);
}

function rejection(call: Promise<unknown>): Promise<ConnectError> {
  return call.then(
    () => new ConnectError("expected the call to fail", Code.Unknown),
    (e: unknown) => ConnectError.from(e),
  );
}

describe("startGrpcServer", () => {
  test("Ping answers the game id, version and uptime over mTLS", async () => {
    await using server = await serve().server;
    const res = await clientFor(server.port).ping({});
    expect([res.gameId, res.version, res.commit]).toEqual([gameId, "9.9.9", "abc"]);
    expect(durationMs(res.uptime!)).toBe(61_000);
    expect(timestampMs(res.startedAt!)).toBe(1_800_000_000_000 - 61_000);
    expect(server.address).toBe(`127.0.0.1:${server.port}`);
  });

  test("a gateway of another wire revision is refused on every call, told which process to restart", async () => {
    await using server = await serve().server;
    const error = await rejection(clientFor(server.port, false).ping({}));
    expect(error.code).toBe(Code.FailedPrecondition);
    expect(error.rawMessage).toBe(
      `the gateway speaks core-link revision 1 and this core ${CORE_WIRE}: restart the gateway with the same holomush binary as the other`,
    );
    expect((await clientFor(server.port).ping({})).wire).toBe(CORE_WIRE);
  });

  test("a method the core has not implemented yet answers Unimplemented", async () => {
    await using server = await serve().server;
    const error = await rejection(clientFor(server.port).disconnect({ sessionId: "s" }));
    expect(error.code).toBe(Code.Unimplemented);
  });

  test("an unexpected handler error reaches the client as Internal with its message hidden", async () => {
    const { server: starting, log } = serve({
      register: () => {
        throw new Error("database password is hunter2");
      },
    });
    await using server = await starting;
    const error = await rejection(clientFor(server.port).register({ name: "x" }));
    expect([error.code, error.rawMessage]).toEqual([Code.Internal, "internal error"]);
    expect(log.lines().some((l) => l.error === "database password is hunter2")).toBe(true);
  });

  test("a gateway that cancels thousands of calls at once keeps its link and its other calls", async () => {
    // Each cancelled call is an RST_STREAM; past HTTP/2's rapid-reset budget the whole session would close.
    const cancelled = 3_000;
    let started = 0;
    let ended = 0;
    const allStarted = Promise.withResolvers<void>();
    const allEnded = Promise.withResolvers<void>();
    const release = Promise.withResolvers<void>();
    const { server: starting } = serve({
      register: async (req, ctx) => {
        if (req.name === "kept") {
          await release.promise;
          return {};
        }
        if (++started === cancelled) allStarted.resolve();
        await new Promise<void>((resolve) => ctx.signal.addEventListener("abort", () => resolve()));
        if (++ended === cancelled) allEnded.resolve();
        return {};
      },
    });
    await using server = await starting;
    const client = clientFor(server.port);
    const kept = client.register({ name: "kept" });
    const aborts = Array.from({ length: cancelled }, () => new AbortController());
    const calls = aborts.map((a) =>
      client.register({ name: "gone" }, { signal: a.signal }).catch(() => "cancelled"),
    );
    await allStarted.promise;
    for (const a of aborts) a.abort();
    expect(new Set(await Promise.all(calls))).toEqual(new Set(["cancelled"]));
    // Every reset has reached the core before the kept call is answered on the same link.
    await allEnded.promise;
    release.resolve();
    expect(await kept).toBeDefined();
  });

  test("an address already in use is a clear unavailable error", async () => {
    await using first = await serve().server;
    await expect(serve({}, first.address).server).rejects.toThrow(
      `cannot serve gRPC: ${first.address} is already in use`,
    );
  });
});
