import { expect, test } from "bun:test";
import { renderMarkup } from "#gateway/render/render-markup.ts";
import { toEventView } from "./event-view.ts";
import { renderEvent } from "./render-event.ts";

const plain = (type: string, payload: Record<string, unknown>) => {
  const view = toEventView({
    type,
    stream: "wall",
    actor: { kind: "character", id: "c1" },
    payload,
    position: 1,
  });
  const markup = renderEvent(view, { characterId: "c2" });
  return markup === undefined ? undefined : renderMarkup(markup, "none");
};

test.each([
  ["wall", { name: "Ann", text: "Back at noon." }, "[Announcement] Ann: Back at noon."],
  ["wall", { name: "Ann", text: "waves.", pose: true }, "[Announcement] Ann waves."],
  [
    "shutdown_notice",
    { name: "Ann", seconds: 30, message: "Upgrade." },
    "[Shutdown] The game shuts down in 30 seconds. Upgrade.",
  ],
  ["shutdown_notice", { name: "Ann", seconds: 0, message: "" }, "[Shutdown] The game is shutting down now."],
  [
    "shutdown_notice",
    { name: "Ann", seconds: 0, message: "", cancelled: true },
    "[Shutdown] Ann called off the shutdown.",
  ],
  [
    "shutdown_notice",
    { name: "Ann", seconds: 0, message: "", reboot: true },
    "[Reboot] The game is restarting now; you stay connected.",
  ],
  ["wall", { name: "Ann", text: "%[red]\u001b[2Jx" }, "[Announcement] Ann: %[red][2Jx"],
])("a %s event reads %p", (type, payload, expected) => {
  expect(plain(type, payload)).toBe(expected);
});
