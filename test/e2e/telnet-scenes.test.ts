import { describe, expect, test } from "bun:test";
import { useTelnetGame } from "../support/telnet-game-suite.ts";
import type { TelnetPlayer } from "../support/telnet-player.ts";

// A private scene over the compiled binary and real sockets: what a participant and an onlooker in the same
// room each see, the pose order after four poses by three players, and the Markdown export after the stop.
const suite = useTelnetGame();

/** Sends `line` and waits for `answer` after what the player had read so far. */
async function ask(player: TelnetPlayer, line: string, answer: string | RegExp) {
  const from = player.lines.length;
  player.send(line);
  return player.waitForLine(answer, from);
}

const time = /\d{4}-\d\d-\d\d \d\d:\d\d UTC/g;

describe("a private scene in a public room", () => {
  test("the onlooker sees none of its poses, participants see all, and the export reads exactly", async () => {
    const alice = await suite.join("Alice");
    const bob = await suite.join("Bob");
    const dan = await suite.join("Dan");
    const carol = await suite.join("Carol");
    await ask(
      alice,
      "scene start The Duel",
      'You start scene 1 (The Duel) here. Others join with "scene join 1".',
    );
    await carol.waitForLine('Alice starts scene 1 here: The Duel. Type "scene join 1" to take part.');
    await ask(alice, "scene warning violence", "Scene 1: content warning added.");
    await ask(alice, "scene private", "Scene 1 is private: only its participants see its poses now.");
    await ask(carol, "scene join 1", "Scene 1 is private; you need an invitation to join it.");
    await ask(alice, "scene invite Bob", "You invite Bob to scene 1 (The Duel).");
    await ask(alice, "scene invite Dan", "You invite Dan to scene 1 (The Duel).");
    await ask(bob, "scene join 1", "You join scene 1 (The Duel) in The Lobby.");
    await ask(dan, "scene join", "You join scene 1 (The Duel) in The Lobby.");
    await alice.waitForLine("[Scene 1] Dan joins the scene.");

    const bobFrom = bob.lines.length;
    const carolFrom = carol.lines.length;
    await ask(alice, "pose draws her sword.", "Alice draws her sword.");
    await ask(bob, "pose parries.", "Bob parries.");
    await ask(dan, "pose watches, wide-eyed.", "Dan watches, wide-eyed.");
    await ask(carol, "pose feeds the pigeons.", "Carol feeds the pigeons.");
    await ask(alice, "pose lunges.", "Alice lunges.");
    await ask(carol, "say marker", 'You say, "marker"');
    await bob.waitForLine('Carol says, "marker"', bobFrom);
    expect(carol.lines.slice(carolFrom)).toEqual(["Carol feeds the pigeons.", 'You say, "marker"']);
    expect(bob.lines.slice(bobFrom)).toEqual([
      "Alice draws her sword.",
      "Bob parries.",
      "Dan watches, wide-eyed.",
      "Carol feeds the pigeons.",
      "Alice lunges.",
      'Carol says, "marker"',
    ]);

    const orderFrom = bob.lines.length;
    await ask(bob, "scene order", "  Alice - 0 lines since their last");
    expect(bob.lines.slice(orderFrom)).toEqual([
      "Pose order in scene 1, next first:",
      "  Bob - 2 lines since their last",
      "  Dan - 1 line since their last",
      "  Alice - 0 lines since their last",
    ]);

    await ask(alice, "scene stop", "Scene 1 is stopped.");
    await bob.waitForLine("[Scene 1] Alice stops the scene.", orderFrom);
    const exportFrom = bob.lines.length;
    await ask(bob, "scene export 1 markdown", "Alice lunges.");
    await ask(bob, "say done", 'You say, "done"');
    const exported = bob.lines.slice(exportFrom, bob.lines.indexOf('You say, "done"', exportFrom));
    expect(exported.map((l) => l.replace(time, "<time>"))).toEqual([
      "# Scene 1: The Duel",
      "",
      "- **Where:** The Lobby",
      "- **Started:** <time>",
      "- **Stopped:** <time>",
      "- **Participants:** Alice, Bob, Dan",
      "- **Content warnings:** violence",
      "",
      "---",
      "",
      "**Alice** · <time>",
      "",
      "Alice draws her sword.",
      "",
      "**Bob** · <time>",
      "",
      "Bob parries.",
      "",
      "**Dan** · <time>",
      "",
      "Dan watches, wide-eyed.",
      "",
      "**Alice** · <time>",
      "",
      "Alice lunges.",
      "",
    ]);
    await ask(
      carol,
      "scene export 1",
      "Scene 1 is private; only those who took part or were invited may read it.",
    );
  });
});
