import { afterAll, beforeAll, expect, test } from "bun:test";
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createCommandsHandler } from "#core/rpc/commands-handler.ts";
import { coreServiceRoutes, createCoreService } from "#core/rpc/core-service.ts";
import { type GrpcServer, startGrpcServer } from "#core/rpc/grpc-server.ts";
import { createCommandStream } from "#gateway/core-link/command-stream.ts";
import { createCoreTransport } from "#gateway/core-link/core-transport.ts";
import {
  CoreService,
  type HandleCommandRequest,
  HandleCommandResponseSchema,
} from "#gen/holomush/core/v1/core_pb.ts";
import { collectingLogger } from "#shared/log/logger.ts";
import { issueTempCertificates, type TempCertificates } from "#shared/tls/temp-certificates.ts";
import { systemClock } from "#shared/util/clock.ts";

// HandleCommand over the Commands stream, core and gateway over real HTTP/2 with mTLS on loopback.
const gameId = "01JCOMMANDSTREAMTEST000000";
let certs: TempCertificates;
beforeAll(async () => {
  certs = await issueTempCertificates(gameId);
});
afterAll(async () => certs[Symbol.asyncDispose]());

/** A core whose commands answer their line, fail on "fail", and wait for `release` on "hold". */
function startCore(release: Promise<void>, addr = "127.0.0.1:0"): Promise<GrpcServer> {
  const clock = systemClock();
  const handleCommand = async (req: HandleCommandRequest) => {
    if (req.line === "fail") throw new ConnectError("There is no such thing.", Code.NotFound);
    if (req.line === "hold") await release;
    return create(HandleCommandResponseSchema, { output: [`${req.sequence}: ${req.line}`] });
  };
  const impl = createCoreService(
    { gameId, build: { version: "0.0.0", commit: "test" }, clock, startedAt: clock.now() },
    { handleCommand, commands: createCommandsHandler(handleCommand) },
  );
  return startGrpcServer({
    addr,
    certs: certs.core,
    routes: coreServiceRoutes(impl),
    log: collectingLogger().logger,
  });
}

function streamClient(port: number) {
  const transport = createCoreTransport({ coreAddr: `127.0.0.1:${port}`, gameId, certs: certs.gateway });
  return createCommandStream(createClient(CoreService, transport.transport));
}

const command = (sequence: number, line: string) => ({
  sessionId: "s",
  connectionId: "c",
  sequence: BigInt(sequence),
  line,
});

test("commands on the stream each get their own answer, a slow one not holding back the others", async () => {
  const held = Promise.withResolvers<void>();
  await using core = await startCore(held.promise);
  using commands = streamClient(core.port);
  const slow = commands.client.handleCommand(command(1, "hold"));
  const [fast, failed] = await Promise.all([
    commands.client.handleCommand(command(2, "look")),
    commands.client.handleCommand(command(3, "fail")).catch((e: unknown) => ConnectError.from(e)),
  ]);
  expect(fast.output).toEqual(["2: look"]);
  expect(failed).toBeInstanceOf(ConnectError);
  expect([(failed as ConnectError).code, (failed as ConnectError).rawMessage]).toEqual([
    Code.NotFound,
    "There is no such thing.",
  ]);
  held.resolve();
  expect((await slow).output).toEqual(["1: hold"]);
});

test("commands waiting when the core goes away fail as unavailable, and the next command opens a new stream", async () => {
  const held = Promise.withResolvers<void>();
  const core = await startCore(held.promise);
  using commands = streamClient(core.port);
  expect((await commands.client.handleCommand(command(1, "look"))).output).toEqual(["1: look"]);
  const waiting = commands.client
    .handleCommand(command(2, "hold"))
    .catch((e: unknown) => ConnectError.from(e));
  await core[Symbol.asyncDispose]();
  const error = await waiting;
  expect((error as ConnectError).code).toBe(Code.Unavailable);
  held.resolve();
  await using _again = await startCore(Promise.resolve(), `127.0.0.1:${core.port}`);
  expect((await commands.client.handleCommand(command(3, "look"))).output).toEqual(["3: look"]);
});

test("a command whose caller gave up is rejected with the caller's reason", async () => {
  const held = Promise.withResolvers<void>();
  await using core = await startCore(held.promise);
  using commands = streamClient(core.port);
  const stop = new AbortController();
  const call = commands.client.handleCommand(command(1, "hold"), { signal: stop.signal });
  stop.abort(new Error("the connection closed"));
  await expect(call).rejects.toThrow("the connection closed");
  held.resolve();
});
