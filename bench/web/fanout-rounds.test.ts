import { expect, test } from "bun:test";
import { fanoutRounds, type RoomClient } from "./fanout-rounds.ts";

/** Clients in one fake room: a say reaches every client at once, each arrival stamped by `stamp`. */
function fakeRoom(names: readonly string[], stamp: (listener: number) => number): RoomClient[] {
  const heard: string[][] = names.map(() => []);
  return names.map((name, i) => ({
    name,
    mark: () => heard[i]?.length ?? 0,
    say(text) {
      for (const [j, lines] of heard.entries())
        lines.push(j === i ? `You say, "${text}"` : `${name} says, "${text}"`);
    },
    async heard(needle, from) {
      if (!heard[i]?.slice(from).some((l) => l.includes(needle)))
        throw new Error(`${name} never heard ${needle}`);
      return stamp(i);
    },
  }));
}

test("every listener but the speaker gives one sample per counted round, none for the warm-up rounds", async () => {
  const samples = await fanoutRounds(
    fakeRoom(["A", "B", "C"], () => performance.now()),
    { rounds: 4, gapMs: 0, warmup: 2 },
  );
  expect(samples).toHaveLength(8);
  for (const s of samples) expect(s).toBeGreaterThanOrEqual(0);
});

test("a room of one gives no samples", async () => {
  expect(
    await fanoutRounds(
      fakeRoom(["A"], () => 0),
      { rounds: 3, gapMs: 0, warmup: 0 },
    ),
  ).toEqual([]);
});
