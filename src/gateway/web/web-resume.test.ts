import { describe, expect, test } from "bun:test";
import { resumeRefused } from "#gateway/play/play-service.ts";
import { webHarness } from "./test-support/web-harness.ts";
import type { ServerFrame } from "./test-support/web-test-client.ts";
import { clientInUse } from "./web-session-start.ts";

const credentials = (frames: ServerFrame[]) => {
  const last = frames.filter((f) => f.type === "session").at(-1);
  if (!last) throw new Error("no session frame");
  return { session: String(last.session), token: String(last.token), client: String(last.client) };
};

describe("resume and exactly once across reconnects", () => {
  test("a resumed connection gets what it missed framed by missed and missedEnd, exactly once", async () => {
    await using web = webHarness();
    const alice = await web.enter("Alice");
    const bob = await web.enter("Bob");
    const resume = credentials(alice.frames);
    alice.close();
    await alice.closed;
    await web.waitDisconnect(resume.client);
    bob.send({ type: "command", seq: 1, text: "say while you were out" });
    bob.send({ type: "command", seq: 2, text: "say twice over" });
    await bob.waitFor((f) => f.type === "done" && f.seq === 2);

    const back = await web.open();
    back.send({ type: "hello", resume });
    await back.waitFor((f) => f.type === "missedEnd");
    expect(back.frames[0]).toMatchObject({ type: "welcome", client: resume.client });
    const types = back.frames.map((f) => f.type);
    const start = types.indexOf("missed");
    expect(back.frames[start]).toEqual({ type: "missed", count: 2, skipped: 0, presence: 0 });
    expect(back.frames.slice(start + 1, start + 3).map((f) => f.payload)).toEqual([
      { name: "Bob", text: "while you were out" },
      { name: "Bob", text: "twice over" },
    ]);
    expect(types[start + 3]).toBe("missedEnd");
    // Live from here: a new say arrives once, outside any replay.
    const from = back.frames.length;
    bob.send({ type: "command", seq: 3, text: "say welcome back" });
    await back.waitFor(
      (f) => f.type === "event" && (f.payload as { text?: string }).text === "welcome back",
      from,
    );
    const says = back.ofType("event").map((f) => (f.payload as { text: string }).text);
    expect(says).toEqual(["while you were out", "twice over", "welcome back"]);
    expect(back.ofType("missed")).toHaveLength(1);
    // The token was spent; the resume brought a new one.
    expect(credentials(back.frames).token).not.toBe(resume.token);
  });

  test("a web connection's cursor moves by what the browser showed, not by what reached its socket", async () => {
    await using web = webHarness();
    const alice = await web.enter("Alice");
    const bob = await web.enter("Bob");
    const resume = credentials(alice.frames);
    bob.send({ type: "command", seq: 1, text: "say one" });
    bob.send({ type: "command", seq: 2, text: "say two" });
    const said = (text: string) => (f: ServerFrame) =>
      f.type === "event" && (f.payload as { text?: string }).text === text;
    await alice.waitFor(said("two"));
    const one = Number(alice.frames.find(said("one"))?.position);
    const two = Number(alice.frames.find(said("two"))?.position);
    // The tab showed "one", then closed with "two" written to its socket but never shown.
    alice.send({ type: "shown", position: one });
    alice.close();
    await alice.closed;
    await web.waitDisconnect(resume.client);
    const last = web.core.disconnects.find((d) => d.connectionId === resume.client)?.lastPosition;
    expect(Number(last)).toBe(one);
    expect(two).toBeGreaterThan(one);
  });

  test("a shown position past what was written is taken only up to what was written", async () => {
    await using web = webHarness();
    const alice = await web.enter("Alice");
    const resume = credentials(alice.frames);
    alice.send({ type: "shown", position: 1_000_000 });
    alice.close();
    await alice.closed;
    await web.waitDisconnect(resume.client);
    const last = web.core.disconnects.find((d) => d.connectionId === resume.client)?.lastPosition;
    expect(Number(last ?? 0)).toBeLessThan(1_000_000);
  });

  test("a command resent with a seq that already ran is answered without running twice", async () => {
    await using web = webHarness();
    const alice = await web.enter("Alice");
    alice.send({ type: "command", seq: 1, text: "say only once" });
    await alice.waitFor((f) => f.type === "done" && f.seq === 1);
    const resume = credentials(alice.frames);
    alice.close();
    await alice.closed;
    await web.waitDisconnect(resume.client);

    const back = await web.open();
    back.send({ type: "hello", resume });
    back.send({ type: "command", seq: 1, text: "say only once" });
    back.send({ type: "command", seq: 2, text: "say a new one" });
    await back.waitFor((f) => f.type === "done" && f.seq === 2);
    expect(back.ofType("done").map((f) => f.seq)).toEqual([1, 2]);
    const says = web.core.world.events.filter((e) => e.type === "say").map((e) => e.payload.text);
    expect(says).toEqual(["only once", "a new one"]);
    expect(web.core.commands.map((c) => [c.connectionId, Number(c.sequence)])).toEqual([
      [resume.client, 1],
      [resume.client, 1],
      [resume.client, 2],
    ]);
  });

  test("a forged token gets a clear line, a new client id and the login screen", async () => {
    await using web = webHarness();
    const client = await web.open();
    client.send({
      type: "hello",
      resume: { session: "s1", token: "forged-token", client: "01FORGEDCLIENT" },
    });
    await client.waitFor((f) => f.type === "state" && f.state === "login");
    expect(client.frames[0]?.type).toBe("welcome");
    expect(client.frames[0]?.client).not.toBe("01FORGEDCLIENT");
    expect(client.frames[1]).toEqual({ type: "text", text: resumeRefused });
  });

  test("a stale token, already spent by a resume, is refused", async () => {
    await using web = webHarness();
    const alice = await web.enter("Alice");
    const resume = credentials(alice.frames);
    alice.close();
    await web.waitDisconnect(resume.client);
    const first = await web.open();
    first.send({ type: "hello", resume });
    await first.waitFor((f) => f.type === "state" && f.state === "playing");
    first.close();
    await web.waitDisconnect(resume.client, 2);
    const second = await web.open();
    second.send({ type: "hello", resume });
    await second.waitFor((f) => f.type === "state" && f.state === "login");
    expect(second.ofType("text").map((f) => f.text)).toContain(resumeRefused);
  });

  test("after quit the kept token resumes nothing: the login screen, with the reason", async () => {
    await using web = webHarness();
    const alice = await web.enter("Alice");
    const resume = credentials(alice.frames);
    alice.send({ type: "command", seq: 1, text: "quit" });
    await alice.closed;
    const back = await web.open();
    back.send({ type: "hello", resume });
    await back.waitFor((f) => f.type === "state" && f.state === "login");
    expect(back.ofType("text").map((f) => f.text)).toContain(resumeRefused);
  });

  test("a client id held by an open socket is not resumed a second time", async () => {
    await using web = webHarness();
    const alice = await web.enter("Alice");
    const resume = credentials(alice.frames);
    const twin = await web.open();
    twin.send({ type: "hello", resume });
    await twin.waitFor((f) => f.type === "state" && f.state === "login");
    expect(twin.ofType("text").map((f) => f.text)).toContain(clientInUse);
    expect(twin.ofType("welcome")[0]?.client).not.toBe(resume.client);
    // The open socket plays on, untouched.
    alice.send({ type: "command", seq: 1, text: "say still here" });
    await alice.waitFor((f) => f.type === "done" && f.seq === 1);
  });
});
