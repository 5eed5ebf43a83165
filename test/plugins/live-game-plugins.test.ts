import { describe, expect, test } from "bun:test";
import { ConnectError } from "@connectrpc/connect";
import type { Event } from "#gen/holomush/core/v1/core_pb.ts";
import { builtinPlugins } from "#plugins/builtin-plugins.ts";
import { eventPayload } from "#shared/rpc/event-payload.ts";
import { fromPlugin, startLiveGame, textOf as text } from "./live-game.ts";

// The example plugins inside a live core: commands through the engine's extension point, events from
// the store's live feed, the admin `plugin` command.

describe("the example plugins in a live game", () => {
  test("roll 2d6 is posed by the dice plugin to everyone in the room", async () => {
    await using live = await startLiveGame(await builtinPlugins());
    const alice = await live.enter("Alice");
    const bob = await live.enter("Bob");
    expect(await alice.command("roll 2d6")).toEqual([]);
    const isRoll = (e: Event) => e.type === "pose" && fromPlugin(e, "dice");
    const [seenByAlice, seenByBob] = await Promise.all([alice.until(isRoll), bob.until(isRoll)]);
    expect(seenByBob.id).toBe(seenByAlice.id);
    expect(`${eventPayload(seenByBob).name} ${text(seenByBob)}`).toMatch(
      /^Alice rolls 2d6: [1-6] \+ [1-6] = \d+$/,
    );
  });

  test("a bad roll is refused with the plugin's message and nothing is posed", async () => {
    await using live = await startLiveGame(await builtinPlugins());
    const alice = await live.enter("Alice");
    const refused = await alice
      .command("roll 1000d1000")
      .catch((e: unknown) => ConnectError.from(e).rawMessage);
    expect(String(refused)).toMatch(/dice/i);
    expect(
      (await live.store.events.replay("location:lobby", 0, 100)).filter((e) => e.actor.kind === "plugin"),
    ).toEqual([]);
  });

  test("a say is echoed back to the speaker alone by the echo plugin", async () => {
    await using live = await startLiveGame(await builtinPlugins());
    const alice = await live.enter("Alice");
    await alice.command("say Hello there");
    const echo = await alice.until((e) => fromPlugin(e, "echo"));
    expect({ stream: echo.stream, type: echo.type, text: text(echo) }).toEqual({
      stream: `char:${alice.characterId}`,
      type: "notice",
      text: "Echo: Hello there",
    });
  });

  test("help lists the plugins' commands beside the engine's", async () => {
    await using live = await startLiveGame(await builtinPlugins());
    const alice = await live.enter("Alice");
    const help = await alice.command("help");
    // A plugin command with no topic of its own is listed by name; `plugin` has its topic among the admin ones.
    expect(help).toContain("  %[bold]More commands:%[/] roll");
    const admin = help.findIndex((l) => l.startsWith("  %[bold]Admin:%[/]"));
    // The category wraps onto indented lines that continue it.
    const wrapped = help.slice(admin + 1).findIndex((l) => !/^ {4,}\S/.test(l));
    expect(help.slice(admin, admin + 1 + wrapped).join(" ")).toMatch(/\bplugin\b/);
    expect((await alice.command("help plugin")).join("\n")).toContain("plugin list");
  });

  test("an admin lists, disables, enables and reloads plugins; a player may not", async () => {
    await using live = await startLiveGame(await builtinPlugins());
    const admin = await live.admin();
    const alice = await live.enter("Alice");
    expect((await admin.command("plugin list")).join("\n")).toMatch(/dice 1\.0\.0 - enabled .*roll/);
    expect(await alice.command("plugin list")).toEqual(["Only admins may operate plugins."]);
    expect((await admin.command("plugin disable dice")).join("\n")).toContain("disabled");
    // A refusal the player reads, not an outage: the gateway would otherwise wait and send the line again.
    expect(await alice.command("roll 1d6")).toEqual(["The dice plugin is disabled."]);
    await admin.command("plugin enable dice");
    expect(await alice.command("roll 1d6")).toEqual([]);
    expect((await admin.command("plugin reload")).join("\n")).toMatch(/Reloaded 2 plugins/);
    expect(await alice.command("roll 1d6")).toEqual([]);
    expect(live.plugins.list().map((p) => [p.name, p.state])).toEqual([
      ["echo", "enabled"],
      ["dice", "enabled"],
    ]);
  });

  test("running a plugin's commands and operating plugins are decided by the policies", async () => {
    await using live = await startLiveGame(await builtinPlugins());
    const admin = await live.admin();
    const alice = await live.enter("Alice");
    const noDice = `forbid (principal, action == Action::"run", resource == Plugin::"dice") when { principal.flags.contains("nodice") };`;
    expect(await admin.command(`policy add no-dice = ${noDice}`)).toEqual(["Policy no-dice is in force."]);
    expect(await alice.command("roll 1d6")).toEqual([]);
    await admin.command("flag alice = nodice");
    expect(await alice.command("roll 1d6")).toEqual(["You may not use the dice plugin's commands."]);
    const operators = `permit (principal, action == Action::"configure", resource) when { principal.flags.contains("operator") };`;
    await admin.command(`policy add operators = ${operators}`);
    await admin.command("flag alice = operator");
    expect((await alice.command("plugin list")).join("\n")).toMatch(/dice 1\.0\.0 - enabled/);
  });
});
