import { describe, expect, test } from "bun:test";
import { helpFiles } from "#gen/help/help-files.ts";
import { controlFetch, runHolomush } from "../support/holomush-binary.ts";
import { useTelnetGame } from "../support/telnet-game-suite.ts";

// The example plugins compiled into the binary, played over telnet; echo is a demo, loaded only when named.
const suite = useTelnetGame({ env: { HOLOMUSH_BUILTIN_PLUGINS: "dice,echo" } });
const join = (name: string) => suite.join(name);

const rollLine = /^Alice rolls 2d6: ([1-6]) \+ ([1-6]) = (\d+)$/;

describe("plugins in the compiled binary", () => {
  test("a player types roll 2d6 and everyone in the room sees the same result", async () => {
    const alice = await join("Alice");
    const bob = await join("Bob");
    await alice.waitForLine("Bob has connected.");
    const [aliceFrom, bobFrom] = [alice.lines.length, bob.lines.length];
    alice.send("roll 2d6");
    const [seenByAlice, seenByBob] = await Promise.all([
      alice.waitForLine(rollLine, aliceFrom),
      bob.waitForLine(rollLine, bobFrom),
    ]);
    expect(seenByBob).toBe(seenByAlice);
    const [, a, b, sum] = rollLine.exec(seenByBob) ?? [];
    expect(Number(a) + Number(b)).toBe(Number(sum));
    // dice records the roll on the roller, in its own namespace, which examine shows and players cannot change.
    const from = alice.lines.length;
    alice.send("examine me");
    await alice.waitForLine(`  DICE.LASTROLL: 2d6: ${sum}`, from);
    alice.send("&DICE.LASTROLL me = 2d6: 12");
    await alice.waitForLine("DICE.LASTROLL belongs to the dice plugin; only it may change it.", from);
  });

  test("a say is echoed back to the speaker by the echo plugin, and only to the speaker", async () => {
    const carol = await join("Carol");
    const dave = await join("Dave");
    await carol.waitForLine("Dave has connected.");
    const daveFrom = dave.lines.length;
    carol.send("say Is anyone there?");
    await carol.waitForLine("Echo: Is anyone there?");
    await dave.waitForLine('Carol says, "Is anyone there?"', daveFrom);
    expect(dave.lines.slice(daveFrom).filter((l) => l.startsWith("Echo:"))).toEqual([]);
  });

  test("holomush core reload swaps the plugins in the running core, which goes on rolling", async () => {
    const reloaded = await runHolomush(suite.game().binary, ["core", "reload", ...suite.game().dirs.flags]);
    expect({ code: reloaded.code, stdout: reloaded.stdout }).toEqual({
      code: 0,
      stdout: `core reloaded 2 plugins\n  echo 1.0.0\n  dice 1.0.0\nhelp: ${helpFiles.length} topics, 0 from the help directory\nmotd file: none\n`,
    });
    const erin = await join("Erin");
    const from = erin.lines.length;
    erin.send("roll 1d6");
    await erin.waitForLine(/^Erin rolls 1d6: ([1-6]) = \1$/, from);
  });

  test("/status lists the plugins and /metrics counts their calls", async () => {
    const socket = `${suite.game().dirs.runtimeDir}/core.sock`;
    const status = (await (await controlFetch(socket, "/status")).json()) as {
      plugins?: { name: string; state: string; calls: number }[];
    };
    expect(status.plugins?.map((p) => [p.name, p.state])).toEqual([
      ["echo", "enabled"],
      ["dice", "enabled"],
    ]);
    const metrics = await (await controlFetch(socket, "/metrics")).text();
    expect(metrics).toMatch(/^holomush_plugin_calls_total\{plugin="dice"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^holomush_plugin_call_p99_seconds\{plugin="echo"\} /m);
  });
});
