import { describe, expect, test } from "bun:test";
import { openWebClient } from "#gateway/web/test-support/web-test-client.ts";
import { useTelnetGame } from "../support/telnet-game-suite.ts";

// The compiled binary with real sockets: a browser-side WebSocket player and a telnet player in one room.
const suite = useTelnetGame();

describe("a web player and a telnet player", () => {
  test("each sees the other's say: the web player as an event, the telnet player as a line", async () => {
    const telnet = await suite.join("Tess");
    const url = `ws://127.0.0.1:${suite.game().webPort}/ws`;
    const web = await openWebClient(url);
    web.send({ type: "hello" });
    await web.waitFor((f) => f.type === "state" && f.state === "login");
    web.send({ type: "line", text: "register Wendy wendy-pass-phrase" });
    await web.waitFor((f) => f.type === "session");
    await telnet.waitForLine("Wendy has connected.");

    const webFrom = web.frames.length;
    telnet.send("say Hello from telnet");
    const heard = await web.waitFor(
      (f) =>
        f.type === "event" && f.eventType === "say" && (f.payload as { text?: string }).text !== undefined,
      webFrom,
    );
    expect(heard.payload).toMatchObject({ text: "Hello from telnet" });
    expect(String(heard.markup)).toContain("Hello from telnet");

    const telnetFrom = telnet.lines.length;
    web.send({ type: "command", seq: 1, text: "say Hello from the web" });
    await web.waitFor((f) => f.type === "done" && f.seq === 1);
    await telnet.waitForLine('Wendy says, "Hello from the web"', telnetFrom);

    web.send({ type: "command", seq: 2, text: "quit" });
    expect((await web.closed).code).toBe(1000);
  });

  test("the web listener answers / with the security headers", async () => {
    const res = await fetch(`http://127.0.0.1:${suite.game().webPort}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
