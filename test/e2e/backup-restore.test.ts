import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { holomushBinary, runHolomush } from "../support/holomush-binary.ts";
import { startTelnetGame } from "../support/telnet-game.ts";
import { connectTelnetPlayer, loginPlayer, type TelnetPlayer } from "../support/telnet-player.ts";

// A backup taken while players talk restores into a new data directory: after a start the same accounts log in
// and a player who was away has the lines they missed replayed. Bad input to restore and import is refused.
const keep = mkdtempSync(join(tmpdir(), "hm-backups-"));
afterAll(() => rmSync(keep, { recursive: true, force: true }));
const talkers = ["Ann", "Ben", "Cat", "Dan", "Eli", "Fay", "Gus", "Hal", "Ivy"];
const password = (name: string) => `pass-phrase-of-${name.toLowerCase()}`;

async function enter(port: number, name: string, how: "register" | "connect"): Promise<TelnetPlayer> {
  const player = await connectTelnetPlayer(port);
  await player.waitForLine(/^ {2}quit +to leave$/);
  await loginPlayer(player, name, password(name), how);
  return player;
}

describe("backup while the game runs, then restore into a new data directory", () => {
  test("the same accounts log in and the missed history replays", async () => {
    const backup = join(keep, "game.db");
    const exported = join(keep, "game.jsonl");
    const said: string[] = [];
    {
      await using game = await startTelnetGame();
      const away = await enter(game.telnetPort, "Quinn", "register");
      const players: TelnetPlayer[] = [];
      for (const name of talkers) players.push(await enter(game.telnetPort, name, "register"));
      away.send("quit");
      await away.waitClosed();
      for (const [i, p] of players.entries()) {
        p.send(`say before the backup ${i}`);
        said.push(`${talkers[i]} says, "before the backup ${i}"`);
      }
      await players[0]?.waitForLine(said.at(-1) as string);
      // Players keep talking while the backup runs; the backup holds a consistent prefix of what they said.
      for (const [i, p] of players.entries()) p.send(`say during the backup ${i}`);
      const result = await runHolomush(game.binary, ["backup", backup, ...game.dirs.flags], {});
      expect(result.stderr).toBe("");
      // Ten players and the admin account the core creates on its first start.
      expect(result.stdout).toMatch(/^backed up .* to .*game\.db: \d+ events, 11 players, schema \d+\n$/);
      const exportRun = await runHolomush(game.binary, ["export", exported, ...game.dirs.flags], {});
      expect(exportRun.code).toBe(0);
      for (const p of players) await p[Symbol.asyncDispose]();
    }

    await using restored = await startTelnetGame({
      beforeStart: async (binary, dirs) => {
        const result = await runHolomush(binary, ["restore", backup, ...dirs.flags], {});
        expect(result.stdout).toContain(`into ${dirs.dataDir}: `);
        expect(result.code).toBe(0);
      },
    });
    const quinn = await enter(restored.telnetPort, "Quinn", "connect");
    await quinn.waitForLine(/^--- end of missed/);
    const replay = quinn.lines.slice(quinn.lines.indexOf("Welcome back, Quinn."));
    expect(replay.filter((l) => l.includes("before the backup"))).toEqual(said);
    const ann = await enter(restored.telnetPort, "Ann", "connect");
    ann.send("say after the restore");
    await quinn.waitForLine('Ann says, "after the restore"');
    await ann[Symbol.asyncDispose]();
    await quinn[Symbol.asyncDispose]();

    // The export of the running game imports into a new data directory and exports again byte for byte.
    const flags = [`--data-dir=${join(keep, "imported")}`, `--config-dir=${join(keep, "cfg")}`];
    expect((await runHolomush(restored.binary, ["import", exported, ...flags], {})).code).toBe(0);
    const again = await runHolomush(restored.binary, ["export", ...flags], {});
    expect(again.stdout).toBe(readFileSync(exported, "utf8"));
    expect(again.stdout).toContain('"before the backup 4"');

    // A game started from an import has the same accounts: Quinn logs in with the same password.
    await using imported = await startTelnetGame({
      beforeStart: async (binary, dirs) => {
        expect((await runHolomush(binary, ["import", exported, ...dirs.flags], {})).code).toBe(0);
      },
    });
    const back = await enter(imported.telnetPort, "Quinn", "connect");
    back.send("say imported");
    await back.waitForLine('You say, "imported"');
    await back[Symbol.asyncDispose]();
  }, 150_000);

  test("a restore into a data directory that is not empty is refused, naming what is there", async () => {
    await using game = await startTelnetGame();
    const backup = join(keep, "fresh.db");
    expect((await runHolomush(game.binary, ["backup", backup, ...game.dirs.flags], {})).code).toBe(0);
    const result = await runHolomush(game.binary, ["restore", backup, ...game.dirs.flags], {});
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: `holomush: the data directory ${game.dirs.dataDir} is not empty (holomush.db, holomush.db-shm, holomush.db-wal, plugin-cache); restore only into an empty one, so no game is overwritten\n`,
    });
  }, 60_000);

  test.each([
    ["restore", "corrupt.db", "not a database at all\n", "is not a usable HoloMUSH database"],
    [
      "import",
      "cut.jsonl",
      '{"format":"holomush-events","version":1}\n{"id":"01H',
      "line 2: not a JSON line",
    ],
  ])(
    "%s of a corrupt file is refused with a clear message and leaves no game behind",
    async (verb, name, text, message) => {
      const file = join(keep, name);
      writeFileSync(file, text);
      const dataDir = join(keep, `data-${verb}`);
      const result = await runHolomush(
        await holomushBinary(),
        [verb, file, `--data-dir=${dataDir}`, `--config-dir=${keep}/cfg`],
        {},
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(message);
      expect(existsSync(join(dataDir, "holomush.db"))).toBe(false);
    },
  );
});
