import { describe, expect, test } from "bun:test";
import { createConnectionAdmission, perIpRefusal } from "#gateway/connection-admission.ts";
import { webHarness } from "./test-support/web-harness.ts";

describe("bad input and bounds on the web socket", () => {
  test("a frame over 64 KiB closes the socket with 1009", async () => {
    await using web = webHarness();
    const client = await web.open();
    client.sendRaw(JSON.stringify({ type: "line", text: "x".repeat(70 * 1024) }));
    expect((await client.closed).code).toBe(1009);
  });

  test("a binary frame closes the socket with 1003", async () => {
    await using web = webHarness();
    const client = await web.open();
    client.sendRaw(new Uint8Array([1, 2, 3]));
    expect(await client.closed).toEqual({ code: 1003, reason: "binary frames are not taken" });
  });

  test("malformed JSON, an unknown type and wrong field types each get an error and the socket stays", async () => {
    await using web = webHarness();
    const client = await web.open();
    client.sendRaw("{not json");
    client.send({ type: "teleport" });
    client.send({ type: "hello", width: "wide" });
    client.send({ type: "hello" });
    client.send({ type: "command", seq: -1, text: "say hi" });
    client.send({ type: "command", seq: 1, text: 42 });
    client.send({ type: "line" });
    client.send({ type: "ping" });
    await client.waitFor((f) => f.type === "pong");
    expect(client.ofType("error").map((f) => f.code)).toEqual([
      "bad_json",
      "unknown_type",
      "bad_frame",
      "bad_frame",
      "bad_frame",
      "bad_frame",
    ]);
    expect(client.ofType("welcome")).toHaveLength(1);
  });

  test("frames past the rate are answered, a command with busy and its seq, never dropped", async () => {
    await using web = webHarness({ limits: { frameRate: { capacity: 4, perSecond: 1 } } });
    const client = await web.open();
    client.send({ type: "hello" });
    for (let i = 0; i < 3; i++) client.send({ type: "line", text: "help" });
    client.send({ type: "line", text: "help" });
    client.send({ type: "command", seq: 7, text: "say too fast" });
    const busy = await client.waitFor((f) => f.type === "busy");
    expect(busy).toMatchObject({ seq: 7 });
    expect(client.ofType("error").map((f) => f.code)).toEqual(["rate_limited"]);
  });

  test("a thousand commands at once: the outbox takes what it holds, the rest are refused busy with their seq", async () => {
    await using web = webHarness({
      limits: { frameRate: { capacity: 5000, perSecond: 1 } },
      outboxLimits: { maxCommands: 5, maxBytes: 64 * 1024 },
    });
    const client = await web.enter("Flood");
    // The core is away, so nothing is answered while the thousand arrive: the outbox fills at once.
    web.link.down();
    web.core.stop();
    for (let seq = 1; seq <= 1000; seq++) client.send({ type: "command", seq, text: `echo ${seq}` });
    let refused = 0;
    await client.waitFor((f) => f.type === "busy" && ++refused === 995);
    web.core.start();
    web.link.up();
    let done = 0;
    await client.waitFor((f) => f.type === "done" && ++done === 5);
    expect(client.ofType("done").map((f) => f.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(client.ofType("busy").map((f) => f.seq)).toEqual(Array.from({ length: 995 }, (_, i) => i + 6));
    expect(web.core.commands.map((c) => Number(c.sequence))).toEqual([1, 2, 3, 4, 5]);
  });

  test("a socket from a foreign Origin is closed with 1008; a listed one is let in", async () => {
    await using web = webHarness({ allowedOrigins: ["https://play.example.org"] });
    const evil = await web.open({ origin: "https://evil.example" });
    expect(await evil.closed).toEqual({ code: 1008, reason: "origin not allowed" });
    const listed = await web.open({ origin: "https://play.example.org" });
    listed.send({ type: "ping" });
    await listed.waitFor((f) => f.type === "pong");
  });

  test("web sockets take their place in the admission telnet uses, per address", async () => {
    const admission = createConnectionAdmission({ maxPerIp: 1, maxTotal: 10 });
    await using web = webHarness({ admission });
    const first = await web.open();
    first.send({ type: "hello" });
    await first.waitFor((f) => f.type === "state");
    const second = await web.open();
    expect((await second.closed).code).toBe(1013);
    expect(second.ofType("text")).toEqual([{ type: "text", text: perIpRefusal }]);
    expect(admission.total).toBe(1);
    first.close();
    await first.closed;
  });

  test("X-Forwarded-For names the client only when the peer is a trusted proxy", async () => {
    const admission = createConnectionAdmission({ maxPerIp: 5, maxTotal: 10 });
    await using web = webHarness({ admission, trustedProxies: ["127.0.0.0/8"] });
    const proxied = await web.open({ headers: { "x-forwarded-for": "198.51.100.1, 203.0.113.9" } });
    proxied.send({ type: "ping" });
    await proxied.waitFor((f) => f.type === "pong");
    expect(admission.countFor("203.0.113.9")).toBe(1);
    expect(admission.countFor("127.0.0.1")).toBe(0);
  });

  test("without a trusted proxy, X-Forwarded-For is ignored", async () => {
    const admission = createConnectionAdmission({ maxPerIp: 5, maxTotal: 10 });
    await using web = webHarness({ admission });
    const client = await web.open({ headers: { "x-forwarded-for": "203.0.113.9" } });
    client.send({ type: "ping" });
    await client.waitFor((f) => f.type === "pong");
    expect(admission.countFor("127.0.0.1")).toBe(1);
    expect(admission.countFor("203.0.113.9")).toBe(0);
  });
});
