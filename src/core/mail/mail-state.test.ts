import { describe, expect, test } from "bun:test";
import type { StoredEvent } from "#core/events/event.ts";
import { createMailState, MAIL_STREAM } from "./mail-state.ts";

let position = 0;
const stored = (type: string, payload: Record<string, unknown>, stream = MAIL_STREAM): StoredEvent => ({
  id: `E${++position}`,
  stream,
  type,
  timestamp: 1_000 * position,
  actor: { kind: "character", id: "CA" },
  payload,
  position,
  version: position,
});

const sent = () =>
  stored("mail.sent", {
    fromId: "CA",
    from: "Alice",
    toIds: ["CB"],
    to: ["Bob"],
    subject: "Hi",
    body: "Hello.",
  });

describe("the mail projection", () => {
  test("an event at or below the applied position changes nothing, so a re-appended batch is not delivered twice", () => {
    const state = createMailState();
    const first = sent();
    state.apply(first);
    state.apply(first);
    expect(state.messages("CB")).toHaveLength(1);
    expect(state.position).toBe(first.position);
  });

  test("events of other streams and malformed payloads are passed over", () => {
    const state = createMailState();
    state.apply(stored("mail.sent", { fromId: "CA", toIds: ["CB"] }));
    state.apply({ ...sent(), stream: "char:CB" });
    expect(state.snapshot()).toEqual({ mailboxes: {}, drafts: {} });
  });

  test("read, filed and deleted apply to the owner's copy alone", () => {
    const state = createMailState();
    const message = stored("mail.sent", {
      fromId: "CA",
      from: "Alice",
      toIds: ["CB", "CC"],
      to: ["Bob", "Carol"],
      subject: "Hi",
      body: "Hello.",
    });
    state.apply(message);
    state.apply(stored("mail.read", { ownerId: "CB", ids: [message.id] }));
    state.apply(stored("mail.filed", { ownerId: "CB", ids: [message.id], folder: "friends" }));
    state.apply(stored("mail.deleted", { ownerId: "CC", ids: [message.id] }));
    expect(state.messages("CB")).toMatchObject([{ read: true, folder: "friends" }]);
    expect(state.messages("CC")).toEqual([]);
    expect(state.unread("CB")).toBe(0);
  });
});
