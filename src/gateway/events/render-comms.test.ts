import { describe, expect, test } from "bun:test";
import { renderMarkup } from "#gateway/render/render-markup.ts";
import { type EventView, toEventView } from "./event-view.ts";
import { renderEvent } from "./render-event.ts";

const alice = { kind: "character", id: "CA" } as const;
const asAlice = { characterId: "CA" };
const asBob = { characterId: "CB" };
const asCarol = { characterId: "CC" };

const event = (type: string, payload: Record<string, unknown>, stream = "char:CB"): EventView =>
  toEventView({ type, stream, actor: alice, payload, position: 1 });
const plain = (e: EventView, viewer: { characterId: string }) =>
  renderMarkup(renderEvent(e, viewer) ?? "", "none");

describe("communication events", () => {
  test.each([
    [{ text: "hi", to: ["Bob"] }, "Alice pages: hi", 'You paged Bob with "hi".'],
    [
      { text: "hi", to: ["Bob", "Carol"] },
      "To Bob and Carol, Alice pages: hi",
      'You paged Bob and Carol with "hi".',
    ],
    [
      { text: "waves.", pose: true, to: ["Bob"] },
      "From afar, Alice waves.",
      "Long distance to Bob: Alice waves.",
    ],
    [
      { text: "'s hat falls.", semipose: true, to: ["Bob"] },
      "From afar, Alice's hat falls.",
      "Long distance to Bob: Alice's hat falls.",
    ],
    [
      { text: "waves.", pose: true, to: ["Bob", "Carol"] },
      "To Bob and Carol, from afar, Alice waves.",
      "Long distance to Bob and Carol: Alice waves.",
    ],
  ])("a page %p reads %p to a recipient and %p to the sender", (payload, toRecipient, toSender) => {
    const e = event("page", { name: "Alice", toIds: payload.to.map((n) => `C${n[0]}`), ...payload });
    expect(plain(e, asBob)).toBe(toRecipient);
    expect(plain(e, asAlice)).toBe(toSender);
  });

  test("a whisper is private; the room sees only that it happened", () => {
    const whisper = event("whisper", { name: "Alice", text: "psst", to: ["Bob"], toIds: ["CB"] });
    expect(plain(whisper, asBob)).toBe('Alice whispers, "psst"');
    expect(plain(whisper, asAlice)).toBe('You whisper "psst" to Bob.');
    const posed = event("whisper", { name: "Alice", text: "winks.", pose: true, to: ["Bob"], toIds: ["CB"] });
    expect(plain(posed, asBob)).toBe("You sense: Alice winks.");
    const notice = event("whisper.notice", { name: "Alice", to: ["Bob"], toIds: ["CB"] }, "location:lobby");
    expect(plain(notice, asCarol)).toBe("Alice whispers something to Bob.");
    expect(renderEvent(notice, asBob)).toBeUndefined();
    expect(renderEvent(notice, asAlice)).toBeUndefined();
  });

  test("ooc is marked out of character", () => {
    expect(plain(event("ooc", { name: "Alice", text: "brb" }), asBob)).toBe('<OOC> Alice says, "brb"');
    expect(plain(event("ooc", { name: "Alice", text: "brb" }), asAlice)).toBe('<OOC> You say, "brb"');
    expect(plain(event("ooc", { name: "Alice", text: "yawns.", pose: true }), asBob)).toBe(
      "<OOC> Alice yawns.",
    );
  });

  test.each([
    ["channel", { text: "hi" }, '[Public] Alice says, "hi"'],
    ["channel", { text: "waves.", pose: true }, "[Public] Alice waves."],
    ["channel", { text: "'s back.", semipose: true }, "[Public] Alice's back."],
    ["channel.join", { characterId: "CA" }, "[Public] Alice has joined the channel."],
    ["channel.leave", { characterId: "CA" }, "[Public] Alice has left the channel."],
    ["channel.destroy", {}, "[Public] Alice has closed the channel."],
  ])("a %s event on a channel reads %p", (type, payload, line) => {
    expect(
      plain(event(type, { channel: "Public", name: "Alice", ...payload }, "channel:public"), asBob),
    ).toBe(line);
  });

  test.each([
    ["channel.mod", {}, "[Public] Alice made Bob a moderator of the channel.", "you"],
    ["channel.unmod", {}, "[Public] Alice removed Bob as a moderator of the channel.", "you"],
    [
      "channel.mute",
      { until: 1_800_000, reason: "spam" },
      "[Public] Alice muted Bob for 30 minutes: spam.",
      "you",
    ],
    ["channel.mute", {}, "[Public] Alice muted Bob.", "you"],
    ["channel.unmute", {}, "[Public] Alice unmuted Bob.", "you"],
    ["channel.kick", {}, "[Public] Alice kicked Bob off the channel.", "you"],
    ["channel.ban", { reason: "trolling" }, "[Public] Alice banned Bob from the channel: trolling.", "you"],
    ["channel.unban", {}, "[Public] Alice lifted Bob's ban.", "Bob"],
  ])("a %s notice reads %p to members and names its target 'you' to them", (type, extra, line, you) => {
    const payload = { channel: "Public", name: "Alice", target: "Bob", characterId: "CB", ...extra };
    const e = toEventView({
      type,
      stream: "channel:public",
      actor: alice,
      payload,
      position: 1,
      timestamp: 0,
    });
    expect(plain(e, asCarol)).toBe(line);
    expect(plain(e, asBob)).toBe(line.replace(" Bob", ` ${you}`));
    expect(renderEvent(e, asAlice)).toBeUndefined();
  });

  test("a gag is shown to no one: the command tells the player", () => {
    expect(
      renderEvent(event("channel.gag", { channel: "Public", characterId: "CB" }), asBob),
    ).toBeUndefined();
  });

  test("channel history lists the messages under a heading, or says there are none", () => {
    const history = event("channel.history", {
      channel: "Public",
      messages: [
        { name: "Bob", text: "one", timestamp: 1 },
        { name: "Carol", text: "waves.", pose: true, timestamp: 2 },
      ],
    });
    expect(plain(history, asAlice).split("\n")).toEqual([
      "Recent messages on Public:",
      '[Public] Bob says, "one"',
      "[Public] Carol waves.",
    ]);
    expect(plain(event("channel.history", { channel: "Public", messages: [] }), asAlice)).toBe(
      "Public has no messages yet.",
    );
  });

  test("account notes are shown to their actor only and never carry a password", () => {
    expect(plain(event("password.changed", {}), asAlice)).toBe("Your password has been changed.");
    expect(plain(event("password.reset", { player: "Bob" }), asAlice)).toBe(
      "You set a new password for Bob.",
    );
    expect(plain(event("role.changed", { player: "Bob", role: "builder" }), asAlice)).toBe(
      "Bob is now a builder.",
    );
    expect(plain(event("character.created", { character: "Alicia" }), asAlice)).toBe(
      'You created Alicia. Type "play Alicia" to play them.',
    );
    expect(plain(event("boot", { target: "Bob", connections: 2 }), asAlice)).toBe(
      "You booted Bob (2 connections).",
    );
    expect(renderEvent(event("password.changed", {}), asBob)).toBeUndefined();
  });

  test("hostile text in a channel message or page cannot inject escapes, lines or colour", () => {
    const hostile = "\x1b[31mred\r\nFAKE%[red]";
    const out = renderMarkup(
      renderEvent(event("channel", { channel: "Pub\x1blic", name: "Al\x07ice", text: hostile }), asBob) ?? "",
      "truecolor",
    );
    expect(out).toBe(`\x1b[36m[Public]\x1b[0m Alice says, "[31mred FAKE%[red]"`);
    expect(out).not.toContain("\x1b[31m");
    expect(out).not.toContain("\n");
    expect(out).toContain("%[red]");
    expect(
      plain(event("page", { name: "Alice", text: hostile, to: ["B\x1bob"], toIds: ["CB"] }), asAlice),
    ).toBe('You paged Bob with "[31mred FAKE%[red]".');
  });

  test("a mail notice names the sender, the subject and how to read it, with their text neutralised", () => {
    const notice = event("mail.notice", { from: "Al\x1bice", subject: "Tea%[red]\r\nFAKE", number: 3 });
    expect(plain(notice, asBob)).toBe("New mail from Alice: Tea%[red] FAKE (type 'mail 3' to read it).");
  });
});
