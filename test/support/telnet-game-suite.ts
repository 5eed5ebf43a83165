import { afterAll, beforeAll } from "bun:test";
import { startTelnetGame, type TelnetGame, type TelnetGameOptions } from "./telnet-game.ts";
import {
  connectTelnetPlayer,
  loginPlayer,
  type TelnetPlayer,
  type TelnetPlayerOptions,
} from "./telnet-player.ts";

/** A telnet game shared by one test file's tests: started before them, stopped after, with its players. */
export interface TelnetGameSuite {
  /** The running game (only inside tests). */
  game(): TelnetGame;
  /** A player connected and past the banner, closed with the suite. */
  connect(options?: TelnetPlayerOptions): Promise<TelnetPlayer>;
  /** A player logged in as `name`, with `password` (by default `<name>-pass-phrase`). */
  join(name: string, how?: "register" | "connect", password?: string): Promise<TelnetPlayer>;
}

/** Call at the top of a test file: registers the beforeAll and afterAll that run the game. */
export function useTelnetGame(options: TelnetGameOptions = {}): TelnetGameSuite {
  let game: TelnetGame | undefined;
  const players: TelnetPlayer[] = [];
  beforeAll(async () => {
    game = await startTelnetGame(options);
  }, 60_000);
  afterAll(async () => {
    for (const player of players) await player[Symbol.asyncDispose]();
    await game?.[Symbol.asyncDispose]();
  });
  const running = (): TelnetGame => {
    if (!game) throw new Error("the telnet game runs only while the file's tests run");
    return game;
  };
  const connect = async (playerOptions: TelnetPlayerOptions = {}) => {
    const player = await connectTelnetPlayer(running().telnetPort, playerOptions);
    players.push(player);
    await player.waitForLine(/^ {2}quit +to leave$/);
    return player;
  };
  return {
    game: running,
    connect,
    async join(name, how = "register", password = `${name.toLowerCase()}-pass-phrase`) {
      const player = await connect();
      await loginPlayer(player, name, password, how);
      return player;
    },
  };
}

/** Sends `line` as `player` and waits for `expected` after it. */
export async function typeAndSee(
  player: TelnetPlayer,
  line: string,
  expected: string | RegExp,
): Promise<void> {
  const from = player.lines.length;
  player.send(line);
  await player.waitForLine(expected, from);
}
