import { describe, expect, test } from "bun:test";
import { webHarness } from "./test-support/web-harness.ts";

describe("web play over a real WebSocket", () => {
  test("a player logs in, plays, and sees another's say as an event with markup", async () => {
    await using web = webHarness();
    const alice = await web.enter("Alice");
    const bob = await web.enter("Bob");
    expect(alice.ofType("welcome")[0]).toMatchObject({ game: "Test MUSH", version: "0.0.0-test" });
    const session = alice.ofType("session")[0];
    expect(session).toMatchObject({ client: alice.ofType("welcome")[0]?.client });
    expect(typeof session?.token).toBe("string");
    const from = alice.frames.length;
    bob.send({ type: "command", seq: 1, text: "say hello there" });
    await bob.waitFor((f) => f.type === "done" && f.seq === 1);
    const heard = await alice.waitFor((f) => f.type === "event" && f.eventType === "say", from);
    expect(heard).toMatchObject({ stream: "location:hall", payload: { name: "Bob", text: "hello there" } });
    expect(String(heard.markup)).toContain("hello there");
    expect(typeof heard.position).toBe("number");
  });

  test("the login screen asks for a password with a masked prompt and shows the character menu", async () => {
    await using web = webHarness();
    web.core.world.addPlayer("Carol", "secret-password", ["Carol", "Cid"]);
    const client = await web.open();
    client.send({ type: "hello" });
    client.send({ type: "line", text: "connect Carol" });
    const prompt = await client.waitFor((f) => f.type === "prompt");
    expect(prompt).toEqual({ type: "prompt", text: "Password: ", password: true });
    client.send({ type: "line", text: "secret-password" });
    expect(await client.waitFor((f) => f.type === "characters")).toEqual({
      type: "characters",
      characters: ["Carol", "Cid"],
    });
    client.send({ type: "line", text: "2" });
    expect(await client.waitFor((f) => f.type === "state" && f.state === "playing")).toMatchObject({
      character: { name: "Cid" },
    });
  });

  test("commands sent before the login completes wait and run after it, in order", async () => {
    await using web = webHarness();
    const client = await web.open();
    client.send({ type: "hello" });
    client.send({ type: "line", text: "register Dora secret-password" });
    client.send({ type: "command", seq: 1, text: "say one" });
    client.send({ type: "command", seq: 2, text: "say two" });
    await client.waitFor((f) => f.type === "done" && f.seq === 2);
    expect(web.core.commands.map((c) => [c.line, Number(c.sequence)])).toEqual([
      ["say one", 1],
      ["say two", 2],
    ]);
  });

  test("quit ends play: the goodbye, the login state, then a normal close", async () => {
    await using web = webHarness();
    const client = await web.enter("Eve");
    client.send({ type: "command", seq: 1, text: "quit" });
    expect(await client.closed).toEqual({ code: 1000, reason: "" });
    const tail = client.frames.slice(-3).map((f) => f.type);
    expect(tail).toEqual(["markup", "done", "state"]);
    expect(client.frames.at(-1)).toEqual({ type: "state", state: "login" });
  });
});
