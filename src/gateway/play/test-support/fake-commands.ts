import { characterActor, type FakeSession, type FakeWorld, hallStream } from "./fake-world.ts";

/** What the fake core answers to one command. */
export interface FakeCommandResult {
  readonly output: string[];
  readonly lastPosition: bigint;
  readonly detach: boolean;
}

/** Runs `line` for `session`: say, pose, look, echo (output only) and quit; anything else is "Huh?". */
export function fakeCommand(world: FakeWorld, session: FakeSession, line: string): FakeCommandResult {
  const actor = characterActor(session.character.id);
  const name = session.character.name;
  const appended = (position: number): FakeCommandResult => ({
    output: [],
    lastPosition: BigInt(position),
    detach: false,
  });
  const [, verb = "", rest = ""] = /^\s*(\S*)\s*(.*)$/s.exec(line) ?? [];
  switch (verb.toLowerCase()) {
    case "say":
      return appended(world.append(hallStream, "say", actor, { name, text: rest }).position);
    case "pose":
      return appended(
        world.append(hallStream, "pose", actor, { name, text: rest, semipose: false }).position,
      );
    case "look": {
      const present = [...world.sessions.values()]
        .filter((s) => s.id !== session.id)
        .map((s) => s.character.name);
      const payload = {
        location: { id: "hall", name: "The Hall" },
        description: "A long hall.",
        exits: [{ name: "out", aliases: [], to: "yard" }],
        present,
        contents: [],
      };
      return appended(world.append(`char:${session.character.id}`, "look", actor, payload).position);
    }
    case "echo":
      return { output: [rest], lastPosition: 0n, detach: false };
    case "quit":
      return { output: [], lastPosition: 0n, detach: true };
    default:
      return { output: [`Huh? (Type "help" for help.)`], lastPosition: 0n, detach: false };
  }
}
