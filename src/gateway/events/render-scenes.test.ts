import { describe, expect, test } from "bun:test";
import { renderMarkup } from "#gateway/render/render-markup.ts";
import { toEventView } from "./event-view.ts";
import { renderEvent } from "./render-event.ts";

const alice = { kind: "character", id: "CA" } as const;
const by = { scene: 3, name: "Alice" };

const seen = (type: string, payload: Record<string, unknown>, characterId: string) =>
  renderMarkup(
    renderEvent(toEventView({ type, stream: "scene:3", actor: alice, payload, position: 1 }), {
      characterId,
    }) ?? "",
    "none",
  );

describe("scene events", () => {
  test.each([
    [
      "scene.start",
      { ...by, title: "The Duel", location: "lobby", locationName: "The Lobby", characterId: "CA" },
      "[Scene 3] Alice starts the scene: The Duel.",
    ],
    [
      "scene.announce",
      { ...by, title: "The Duel" },
      'Alice starts scene 3 here: The Duel. Type "scene join 3" to take part.',
    ],
    ["scene.join", { ...by, characterId: "CA" }, "[Scene 3] Alice joins the scene."],
    ["scene.leave", { ...by, characterId: "CA" }, "[Scene 3] Alice leaves the scene."],
    ["scene.invite", { ...by, characterId: "CB", invitee: "Bob" }, "[Scene 3] Alice invites Bob."],
    ["scene.set", { ...by, field: "title", text: "Dawn" }, "[Scene 3] Alice sets the title: Dawn"],
    ["scene.set", { ...by, field: "warning", text: "gore" }, "[Scene 3] Alice adds a content warning: gore"],
    ["scene.state", { ...by, state: "paused" }, "[Scene 3] Alice pauses the scene."],
    ["scene.state", { ...by, state: "stopped" }, "[Scene 3] Alice stops the scene."],
    ["scene.privacy", { ...by, private: true }, "[Scene 3] Alice makes the scene private."],
  ])(
    "%s %p reads %p to the others, and nothing to the actor (told by their command)",
    (type, payload, line) => {
      expect(seen(type, payload, "CB")).toBe(line);
      expect(seen(type, payload, "CA")).toBe("");
    },
  );

  test("a title with terminal escapes or markup is shown as plain text", () => {
    expect(seen("scene.set", { ...by, field: "title", text: "%[red]x\u001b[31m" }, "CB")).toBe(
      "[Scene 3] Alice sets the title: %[red]x[31m",
    );
  });
});
