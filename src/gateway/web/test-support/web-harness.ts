import { type ConnectionAdmission, createConnectionAdmission } from "#gateway/connection-admission.ts";
import type { OutboxLimits } from "#gateway/play/command-outbox.ts";
import { waitUntil } from "#gateway/play/test-support/fake-connection.ts";
import { playHarness } from "#gateway/play/test-support/play-harness.ts";
import { sequentialIds } from "#shared/util/ids.ts";
import { parseTrustedProxies } from "../client-address.ts";
import { directoryWebAssets, type WebAssets } from "../web-assets.ts";
import { defaultWebConnectionLimits, type WebConnectionLimits } from "../web-connection.ts";
import { startWebServer } from "../web-server.ts";
import { openWebClient, type WebTestClient } from "./web-test-client.ts";

/** Options of a web harness. */
export interface WebHarnessOptions {
  readonly limits?: Partial<WebConnectionLimits>;
  readonly outboxLimits?: OutboxLimits;
  readonly assets?: WebAssets;
  readonly allowedOrigins?: readonly string[];
  readonly trustedProxies?: readonly string[];
  readonly admission?: ConnectionAdmission;
}

/** The play harness (fake core) behind a real web listener on 127.0.0.1, port 0. */
export function webHarness(options: WebHarnessOptions = {}) {
  const play = playHarness(options.outboxLimits ? { outboxLimits: options.outboxLimits } : {});
  const server = startWebServer(
    {
      addr: { host: "127.0.0.1", port: 0 },
      allowedOrigins: options.allowedOrigins ?? [],
      trustedProxies: parseTrustedProxies(options.trustedProxies ?? []),
      limits: { ...defaultWebConnectionLimits, ...options.limits },
      maxFrameBytes: 64 * 1024,
    },
    {
      info: { gameName: "Test MUSH", version: "0.0.0-test", telnetPort: 4201, tlsPort: 4202 },
      assets: options.assets ?? directoryWebAssets("/nonexistent-web-client"),
      play: play.service,
      admission: options.admission ?? createConnectionAdmission({ maxPerIp: 100, maxTotal: 1000 }),
      clock: play.clock,
      timers: play.timers,
      newId: sequentialIds("web"),
      log: play.log.logger,
    },
  );
  const base = `127.0.0.1:${server.port}`;
  const open = (opts: Parameters<typeof openWebClient>[1] = {}) => openWebClient(`ws://${base}/ws`, opts);

  /** Opens a socket, says hello, registers `name` and waits until it plays. */
  const enter = async (name: string, password = "secret-password"): Promise<WebTestClient> => {
    const client = await open();
    client.send({ type: "hello" });
    await client.waitFor((f) => f.type === "state" && f.state === "login");
    client.send({ type: "line", text: `register ${name} ${password}` });
    // The session frame follows the state frame: once it is here, the client holds its resume credentials.
    await client.waitFor((f) => f.type === "session");
    return client;
  };

  /** Waits until the core has seen `count` disconnects of connection `client`. */
  const waitDisconnect = (client: string, count = 1) =>
    waitUntil(
      () => play.core.disconnects.filter((d) => d.connectionId === client).length >= count,
      `connection ${client} to disconnect`,
    );

  return {
    ...play,
    server,
    waitDisconnect,
    http: `http://${base}`,
    open,
    enter,
    [Symbol.asyncDispose]: async () => {
      await server[Symbol.asyncDispose]();
      await play.service.close();
    },
  };
}
