import { describe, expect, test } from "bun:test";
import type { Character } from "#core/accounts/account-store.ts";
import { derivedIds } from "#core/events/command-ids.ts";
import { HoloError, isHoloError } from "#shared/errors/holo-error.ts";
import { markup } from "#shared/markup/markup.ts";
import type { Command } from "./command.ts";
import { HUH, MAX_LINE_BYTES } from "./engine.ts";
import { engineHarness, typeAndPayload } from "./test-support/engine-harness.ts";

const alice: Character = { id: "CA", playerId: "PA", name: "Alice", locationId: "lobby", createdAt: 1 };
const bob: Character = { ...alice, id: "CB", playerId: "PB", name: "Bob" };

/** Events the seeded starting area takes: three locations and four exits. */
const SEEDED = 7;

async function setup() {
  return engineHarness([alice, bob]);
}

describe("engine", () => {
  test("say is appended to the room by the speaker, with the speaker's name (the gateway tells 'You say' apart)", async () => {
    const { engine, as } = await setup();
    const result = await engine.execute(as(alice), "say Hello!");
    expect(result.output).toEqual([]);
    expect(result.events).toMatchObject([
      {
        stream: "location:lobby",
        type: "say",
        actor: { kind: "character", id: alice.id },
        payload: { name: "Alice", text: "Hello!" },
      },
    ]);
    expect(typeAndPayload(result.events)).toEqual([
      { type: "say", payload: { name: "Alice", text: "Hello!" } },
    ]);
    expect(typeAndPayload((await engine.execute(as(alice), '"Hi there')).events)).toEqual([
      { type: "say", payload: { name: "Alice", text: "Hi there" } },
    ]);
  });

  test.each([
    ["pose waves.", { name: "Alice", text: "waves.", semipose: false }],
    [":waves.", { name: "Alice", text: "waves.", semipose: false }],
    [";'s hat is red.", { name: "Alice", text: "'s hat is red.", semipose: true }],
  ])("%p is a pose %p", async (line, payload) => {
    const { engine, as } = await setup();
    expect(typeAndPayload((await engine.execute(as(alice), line)).events)).toEqual([
      { type: "pose", payload },
    ]);
  });

  test("look describes the location and who is present, on the character's own stream", async () => {
    const { engine, as } = await setup();
    const { events } = await engine.execute(as(alice), "look");
    expect(events).toMatchObject([{ stream: "char:CA", type: "look" }]);
    expect(events[0]?.payload).toEqual({
      location: { id: "lobby", name: "The Lobby" },
      description: expect.stringContaining("crackling fire"),
      present: ["Alice", "Bob"],
      contents: [],
      exits: [expect.objectContaining({ name: "Garden" }), expect.objectContaining({ name: "Library" })],
    });
  });

  test("emit is refused to players and shows raw text for admins", async () => {
    const { run, events } = await setup();
    const refused = await run(alice, "emit The lights dim.");
    expect(refused).toEqual({ output: ["Only admins may emit."], events: [], detach: false });
    // Nothing but the denial, kept on the audit stream.
    expect(await events.lastPosition()).toBe(SEEDED + 1);
    const audit = await events.replay("audit", 0, 10);
    expect(audit.map((e) => [e.type, e.payload.action, e.payload.allowed])).toEqual([
      ["policy_decided", "emit", false],
    ]);
    const result = await run(alice, "emit The lights dim.", "admin");
    expect(typeAndPayload(result.events)).toEqual([{ type: "emit", payload: { text: "The lights dim." } }]);
  });

  test("who, help and unknown commands answer on the connection only", async () => {
    const { run, events } = await setup();
    expect((await run(alice, "WHO")).output).toEqual([
      "Player Name            On For  Idle  Doing",
      "Alice                   00:00    0s",
      "Bob                     00:00    0s",
      "2 characters are connected.",
    ]);
    expect((await run(alice, "help")).output[0]).toStartWith("%[bold]Help topics%[/]");
    expect((await run(alice, "help say")).output.slice(0, 3)).toEqual([
      "%[bold]say%[/]",
      "",
      'say <text> speaks to everyone in the room. "<text> does the same with no',
    ]);
    expect((await run(alice, "dance wildly")).output).toEqual([HUH]);
    expect((await run(alice, "say")).output).toEqual(["Say what?"]);
    expect(await events.lastPosition()).toBe(SEEDED);
  });

  test("an empty line does nothing and quit detaches", async () => {
    const { engine, as } = await setup();
    expect(await engine.execute(as(alice), "   ")).toEqual({ output: [], events: [], detach: false });
    expect((await engine.execute(as(alice), "QUIT")).detach).toBe(true);
  });

  test("an oversized line is refused before the store", async () => {
    const { engine, as, events } = await setup();
    const error = await engine
      .execute(as(alice), `say ${"x".repeat(MAX_LINE_BYTES)}`)
      .catch((e: unknown) => e);
    expect(isHoloError(error, "invalid_argument")).toBe(true);
    expect(await events.lastPosition()).toBe(SEEDED);
  });

  test("connect and disconnect are announced to the room", async () => {
    const { engine, as } = await setup();
    const connected = await engine.announce(as(alice), "connect");
    const left = await engine.announce(as(alice), "disconnect");
    expect(typeAndPayload([...connected, ...left])).toEqual([
      { type: "connect", payload: { name: "Alice" } },
      { type: "disconnect", payload: { name: "Alice" } },
    ]);
  });

  test("commands are counted by name, never by the word typed", async () => {
    const { engine, as, metrics } = await setup();
    await engine.execute(as(alice), "say hi");
    await engine.execute(as(alice), "connect alice hunter22");
    const text = metrics.render();
    expect(text).toContain('holomush_commands_total{command="say"} 1');
    expect(text).toContain('holomush_commands_total{command="unknown"} 1');
    expect(text).toContain('holomush_events_appended_total{type="say"} 1');
    expect(text).not.toContain("hunter22");
  });

  test("words the registry does not know go to the external commands, then get Huh", async () => {
    const { run, metrics } = await engineHarness([alice], {
      externalCommands: {
        run: async (_ctx, word, args) =>
          word === "roll" ? { output: [markup`rolled ${args}`], events: [], detach: false } : undefined,
        list: () => [{ name: "roll", help: "roll <dice> - roll dice." }],
      },
    });
    expect((await run(alice, "ROLL 2d6")).output).toEqual(["rolled 2d6"]);
    expect((await run(alice, "dance")).output).toEqual([HUH]);
    expect((await run(alice, "help")).output).toContain("  %[bold]More commands:%[/] roll");
    expect((await run(alice, "help roll")).output).toEqual(["roll <dice> - roll dice."]);
    expect(metrics.render()).toContain('holomush_commands_total{command="external"} 1');
  });

  test("a command that throws a refusal, with no wrapper of its own, shows its message and writes nothing", async () => {
    const thrower = (error: Error): Command => ({
      name: error.message.startsWith("There") ? "fetch" : "crash",
      help: "test",
      permission: "play",
      run: async () => {
        throw error;
      },
    });
    const { run, events } = await engineHarness([alice], {
      extraCommands: () => [
        thrower(new HoloError("not_found", 'There is no well called "deep".')),
        thrower(new HoloError("internal", "the disk is on fire")),
      ],
    });
    const before = await events.lastPosition();
    expect((await run(alice, "fetch deep")).output).toEqual(['There is no well called "deep".']);
    await expect(run(alice, "crash")).rejects.toThrow("the disk is on fire");
    expect(await events.lastPosition()).toBe(before);
  });

  test("a fallback's or an external command's refusal is shown the same way", async () => {
    const { run } = await engineHarness([alice], {
      fallbacks: () => [
        async (_ctx, line) => {
          if (line === "xyzzy") throw new HoloError("failed_precondition", "Nothing happens.");
          return undefined;
        },
      ],
      externalCommands: {
        run: async () => {
          throw new HoloError("permission_denied", "Only admins may operate plugins.");
        },
        list: () => [],
      },
    });
    expect((await run(alice, "xyzzy")).output).toEqual(["Nothing happens."]);
    expect((await run(alice, "plugin list")).output).toEqual(["Only admins may operate plugins."]);
  });

  test("ids derived from one seed repeat exactly, so a re-run re-appends the same events", () => {
    const a = derivedIds("01HZX3K7J8M9N0P1Q2R3S4T5V6");
    const b = derivedIds("01HZX3K7J8M9N0P1Q2R3S4T5V6");
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect(first[0]).toHaveLength(26);
    expect(new Set(first).size).toBe(3);
    const sibling = derivedIds("01HZX3K7J8M9N0P1Q2R3S4T5V7");
    expect(first).not.toContain(sibling());
  });
});
