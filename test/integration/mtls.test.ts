import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { connect as http2Connect } from "node:http2";
import { join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import { createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { coreServiceRoutes, createCoreService } from "#core/rpc/core-service.ts";
import { type GrpcServer, startGrpcServer } from "#core/rpc/grpc-server.ts";
import { createCoreLink } from "#gateway/core-link/core-link.ts";
import { anotherGameMessage, createCoreTransport } from "#gateway/core-link/core-transport.ts";
import { waitForLinkState } from "#gateway/core-link/wait-for-link-state.ts";
import { CoreService } from "#gen/holomush/core/v1/core_pb.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { CORE_WIRE, CORE_WIRE_HEADER, sendWire } from "#shared/rpc/core-wire.ts";
import { issueTempCertificates, type TempCertificates } from "#shared/tls/temp-certificates.ts";
import type { TlsMaterial } from "#shared/tls/tls-material.ts";
import { systemClock } from "#shared/util/clock.ts";
import { systemTimers } from "#shared/util/timers.ts";

// Real mTLS on loopback: the core and gateway accept each other; a client with no certificate or one from
// another CA, a TLS 1.2 or plaintext client, and a core certificate for another game are each refused, each in
// its own case.
const gameId = "01JMTLSINTEGRATION00000000";
let ours: TempCertificates;
let theirs: TempCertificates;

beforeAll(async () => {
  [ours, theirs] = await Promise.all([issueTempCertificates(gameId), issueTempCertificates(gameId)]);
});
afterAll(async () => {
  await ours[Symbol.asyncDispose]();
  await theirs[Symbol.asyncDispose]();
});

function startCore(addr = "127.0.0.1:0", id = gameId): Promise<GrpcServer> {
  const clock = systemClock();
  const impl = createCoreService({
    gameId: id,
    build: { version: "0.0.0", commit: "test" },
    clock,
    startedAt: clock.now(),
  });
  return startGrpcServer({
    addr,
    certs: ours.core,
    routes: coreServiceRoutes(impl),
    log: collectingLogger().logger,
  });
}

function rawClient(port: number, nodeOptions: Partial<TlsMaterial> & { rejectUnauthorized: boolean }) {
  const transport = createGrpcTransport({
    baseUrl: `https://127.0.0.1:${port}`,
    nodeOptions,
    interceptors: [sendWire],
  });
  return createClient(CoreService, transport);
}

function gatewayClient(port: number, expectedGameId = gameId) {
  const core = createCoreTransport({
    coreAddr: `127.0.0.1:${port}`,
    gameId: expectedGameId,
    certs: ours.gateway,
  });
  return { core, client: createClient(CoreService, core.transport) };
}

/** Resolves "secure" if a TLS handshake completes and the server keeps the connection, or the error. */
function handshake(options: Parameters<typeof tlsConnect>[0]): Promise<string> {
  return new Promise((resolve) => {
    const socket = tlsConnect(options);
    socket.once("secureConnect", () => {
      resolve(`secure ${socket.getProtocol()}`);
      socket.destroy();
    });
    socket.once("error", (error) => resolve(`error: ${error.message}`));
  });
}

describe("the mTLS link between core and gateway", () => {
  test("the gateway pings the core with the right certificates", async () => {
    await using server = await startCore();
    const { client } = gatewayClient(server.port);
    expect((await client.ping({})).gameId).toBe(gameId);
  });

  test("the gateway may dial the core by an address its certificate does not list", async () => {
    await using server = await startCore("127.0.0.2:0");
    const core = createCoreTransport({ coreAddr: server.address, gameId, certs: ours.gateway });
    expect((await createClient(CoreService, core.transport).ping({})).gameId).toBe(gameId);
  });

  test("a client with no certificate is rejected", async () => {
    await using server = await startCore();
    const client = rawClient(server.port, { ca: ours.gateway.ca, rejectUnauthorized: true });
    await expect(client.ping({})).rejects.toThrow();
  });

  test("a client certificate from another CA is rejected", async () => {
    await using server = await startCore();
    const client = rawClient(server.port, {
      ca: ours.gateway.ca,
      cert: theirs.gateway.cert,
      key: theirs.gateway.key,
      rejectUnauthorized: true,
    });
    await expect(client.ping({})).rejects.toThrow();
  });

  test("a TLS 1.2-only client is rejected", async () => {
    await using server = await startCore();
    const { ca, cert, key } = ours.gateway;
    const tls12 = await handshake({
      host: "127.0.0.1",
      port: server.port,
      ca,
      cert,
      key,
      maxVersion: "TLSv1.2",
      ALPNProtocols: ["h2"],
      servername: "localhost",
    });
    expect(tls12).toStartWith("error:");
    const tls13 = await handshake({
      host: "127.0.0.1",
      port: server.port,
      ca,
      cert,
      key,
      ALPNProtocols: ["h2"],
    });
    expect(tls13).toBe("secure TLSv1.3");
  });

  test("a plaintext HTTP/2 client is rejected", async () => {
    await using server = await startCore();
    const outcome = await new Promise<string>((resolve) => {
      const session = http2Connect(`http://127.0.0.1:${server.port}`);
      session.once("error", (error) => resolve(`error: ${error.message}`));
      session.once("close", () => resolve("closed"));
      const req = session.request({ ":method": "POST", ":path": "/holomush.core.v1.CoreService/Ping" });
      req.once("error", (error) => resolve(`error: ${error.message}`));
      req.once("response", (headers) => resolve(`response ${headers[":status"]}`));
      req.once("close", () => resolve("closed"));
      req.end();
    });
    expect(outcome).not.toStartWith("response");
  });

  test("a core certificate for another game is rejected, even with NODE_TLS_REJECT_UNAUTHORIZED=0", async () => {
    await using server = await startCore();
    const saved = process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0";
    try {
      const otherGame = "01JANOTHERGAME000000000000";
      const { core, client } = gatewayClient(server.port, otherGame);
      await expect(client.ping({})).rejects.toThrow();
      expect(core.takeIdentityError()).toBe(anotherGameMessage(`127.0.0.1:${server.port}`, otherGame));
    } finally {
      if (saved === undefined) delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
      else process.env.NODE_TLS_REJECT_UNAUTHORIZED = saved;
    }
  });

  test("the link reports another game's certificate in its status", async () => {
    await using server = await startCore();
    const otherGame = "01JANOTHERGAME000000000000";
    const { core, client } = gatewayClient(server.port, otherGame);
    await using link = linkTo(server.port, otherGame, client, core.takeIdentityError);
    await waitForLinkState(link, (s) => s.kind === "backoff");
    expect(link.status().lastError).toBe(anotherGameMessage(`127.0.0.1:${server.port}`, otherGame));
  });

  test("the link reconnects after the core stops and starts again on the same port", async () => {
    const first = await startCore();
    const port = first.port;
    const { core, client } = gatewayClient(port);
    await using link = linkTo(port, gameId, client, core.takeIdentityError);
    await waitForLinkState(link, (s) => s.kind === "ready");
    await first.close();
    await waitForLinkState(link, (s) => s.kind === "backoff");
    expect(link.status().summary).toMatch(/^core: backoff, retry in \d+s$/);
    await using second = await startCore(`127.0.0.1:${port}`);
    await waitForLinkState(link, (s) => s.kind === "ready");
    expect([second.port, link.status().summary]).toEqual([port, "core: connected"]);
  });
});

const buf = join(import.meta.dir, "../../node_modules/.bin/buf");

describe.skipIf(!existsSync(buf))("buf curl", () => {
  test("buf curl with the gateway certificate calls Ping over gRPC, offline", async () => {
    await using server = await startCore();
    const p = ours.paths;
    const proc = Bun.spawn(
      [
        buf,
        "curl",
        "--protocol",
        "grpc",
        "--schema",
        join(import.meta.dir, "../../proto"),
        "--cacert",
        p.caCert,
      ]
        .concat(["--cert", p.gatewayCert, "--key", p.gatewayKey])
        // The core answers only callers that name its wire revision, as the gateway does on every call.
        .concat(["-H", `${CORE_WIRE_HEADER}: ${CORE_WIRE}`])
        .concat([`https://127.0.0.1:${server.port}/holomush.core.v1.CoreService/Ping`]),
      { stdout: "pipe", stderr: "pipe" },
    );
    const [out, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ gameId, version: "0.0.0", commit: "test" });
  });
});

function linkTo(
  port: number,
  id: string,
  client: ReturnType<typeof gatewayClient>["client"],
  takeIdentityError: () => string | undefined,
) {
  return createCoreLink({
    coreAddr: `127.0.0.1:${port}`,
    gameId: id,
    client,
    takeIdentityError,
    clock: systemClock(),
    timers: systemTimers(),
    random: Math.random,
    log: collectingLogger().logger,
    backoff: { baseMs: 20, multiplier: 1.6, jitter: 0.2, maxMs: 200 },
    healthIntervalMs: 50,
    pingTimeoutMs: 1000,
  });
}
