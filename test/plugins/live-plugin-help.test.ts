import { expect, test } from "bun:test";
import { builtinPlugins } from "#plugins/builtin-plugins.ts";
import { guest } from "./guest-modules.ts";
import { startLiveGame } from "./live-game.ts";
import { testSource } from "./plugin-test-host.ts";

// A plugin's help comes from its manifest: plugin text, so it is sanitised like anything a plugin says.

test("help roll shows the dice plugin's help", async () => {
  await using live = await startLiveGame(await builtinPlugins());
  const alice = await live.enter("Alice");
  expect(await alice.command("help roll")).toEqual([
    "roll <count>d<sides>[+|-<modifier>] - roll dice for the room to see, such as: roll 2d6+1",
  ]);
});

test("a plugin's help loses control characters and line breaks, and its % is escaped", async () => {
  const help = "sly-go - \u001b[31mred\u0007 %ch50%%\nsecond line";
  const sly = testSource("sly", guest(""), { commands: [{ name: "sly-go", help }] });
  await using live = await startLiveGame([sly]);
  const alice = await live.enter("Alice");
  const clean = "sly-go - [31mred %%ch50%%%% second line";
  expect(await alice.command("help sly-go")).toEqual([clean]);
  expect(await alice.command("help")).toContain("  %[bold]More commands:%[/] sly-go");
});
