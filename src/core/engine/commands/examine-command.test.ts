import { describe, expect, test } from "bun:test";
import { engineHarness, testCharacter, typeAndPayload } from "../test-support/engine-harness.ts";

const alice = testCharacter("CA", "Alice");
const bob = testCharacter("CB", "Bob");

describe("examine", () => {
  test("examine me shows everything about one's own character", async () => {
    const { run } = await engineHarness([alice]);
    await run(alice, "&MOOD me = happy");
    await run(alice, "describe me = Tall.");
    expect((await run(alice, "examine me")).output).toEqual([
      "%[bold]Alice%[/] (#CA)",
      "Type: character",
      "Owner: Alice (#CA)",
      "Flags: none",
      "Location: The Lobby (#lobby)",
      "Created: 1970-01-01 00:00:00 UTC",
      "Description: Tall.",
      "Attributes:",
      "  MOOD: happy",
    ]);
  });

  test("an admin examines anything in full; a player gets the public part of what is not theirs", async () => {
    const { run } = await engineHarness([alice, bob]);
    await run(alice, "@set here = NOTE:hello", "admin");
    expect((await run(alice, "ex here", "admin")).output).toEqual([
      "%[bold]The Lobby%[/] (#lobby)",
      "Type: location",
      "Owner: the admin",
      "Flags: none",
      "Created: 2023-11-14 22:13:20 UTC",
      expect.stringMatching(/^Description: /),
      "Attributes:",
      "  NOTE: hello",
    ]);
    const pub = (await run(bob, "examine")).output;
    expect(pub.slice(0, 2)).toEqual(["%[bold]The Lobby%[/] (#lobby)", "Owner: the admin"]);
    expect(pub).toHaveLength(3);
    expect((await run(bob, "examine alice")).output).toEqual([
      "%[bold]Alice%[/] (#CA)",
      "Owner: Alice (#CA)",
      "You see nothing special.",
    ]);
  });

  test("a builder examines what they built, with its lock and where it leads", async () => {
    const { run } = await engineHarness([alice]);
    await run(alice, "open Hatch = The Garden", "admin");
    await run(alice, "lock hatch = flag:member", "admin");
    const out = (await run(alice, "examine hatch", "builder")).output;
    expect(out).toContain("Owner: Alice (#CA)");
    expect(out).toContain("Location: The Lobby (#lobby)");
    expect(out).toContain("Leads to: The Garden (#garden)");
    expect(out).toContain("Lock: flag:member");
    expect(out).toContain("No attributes.");
  });
});

describe("conventional attributes and formatting", () => {
  test("SUCC, OSUCC, DROP and ODROP on an exit go to the mover and to each room, substituted", async () => {
    const { run } = await engineHarness([alice, bob]);
    await run(alice, "&SEX me = female");
    await run(alice, "&SUCC garden = You step out.", "admin");
    await run(alice, "&OSUCC garden = heads out, %p coat flapping.", "admin");
    await run(alice, "&ODROP garden = wanders in.", "admin");
    const went = await run(alice, "garden");
    expect(typeAndPayload(went.events.filter((e) => e.type === "attribute_message"))).toEqual([
      { type: "attribute_message", payload: { name: "Alice", attribute: "SUCC", text: "You step out." } },
      {
        type: "attribute_message",
        payload: { name: "Alice", attribute: "OSUCC", text: "heads out, her coat flapping." },
      },
      { type: "attribute_message", payload: { name: "Alice", attribute: "ODROP", text: "wanders in." } },
    ]);
    expect(went.events.map((e) => e.stream)).toEqual([
      "char:CA",
      "location:lobby",
      "location:lobby",
      "world",
      "location:garden",
      "char:CA",
      "location:garden",
    ]);
  });

  test("a lock's refusal shows FAIL to the mover and OFAIL to the room, and nothing else is written", async () => {
    const { run } = await engineHarness([alice]);
    await run(alice, "lock garden = flag:member", "admin");
    await run(alice, "lock/fail garden = Members only.", "admin");
    expect((await run(alice, "garden")).output).toEqual(["Members only."]);
    await run(alice, "&FAIL garden = The hedge will not let %o through.", "admin");
    await run(alice, "&OFAIL garden = bounces off the hedge.", "admin");
    const stopped = await run(alice, "garden");
    expect(stopped.output).toEqual(["The hedge will not let them through."]);
    expect(typeAndPayload(stopped.events.filter((e) => e.stream !== "audit"))).toEqual([
      {
        type: "attribute_message",
        payload: { name: "Alice", attribute: "OFAIL", text: "bounces off the hedge." },
      },
    ]);
  });

  test("get and drop give an object's SUCC, OSUCC, DROP and ODROP; look substitutes for the looker", async () => {
    const { run } = await engineHarness([alice]);
    await run(alice, "create lamp", "builder");
    await run(alice, "&DROP lamp = You set it down.%rGently.", "builder");
    await run(alice, "&SUCC lamp = Got it, %n.", "builder");
    const dropped = await run(alice, "drop lamp");
    expect(dropped.events.at(-1)?.payload).toEqual({
      name: "Alice",
      attribute: "DROP",
      text: "You set it down.\nGently.",
    });
    expect((await run(alice, "get lamp")).events.at(-1)?.payload).toMatchObject({ text: "Got it, Alice." });
    await run(alice, "describe here = Hello %N.%r50% off!", "admin");
    expect((await run(alice, "look")).events[0]?.payload).toMatchObject({
      description: "Hello Alice.\n50%% off!",
    });
  });

  test("ADESC goes to the room when someone looks at the thing", async () => {
    const { run } = await engineHarness([alice]);
    await run(alice, "&ADESC garden = peers down the garden path.", "admin");
    const looked = await run(alice, "look garden");
    expect(typeAndPayload(looked.events).map((e) => e.type)).toEqual(["look_at", "attribute_message"]);
    expect(looked.events[1]?.stream).toBe("location:lobby");
  });
});
