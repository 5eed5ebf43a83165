import {
  createTokenBuckets,
  type TokenBucketConfig,
  takeTokens,
  tryAgainIn,
} from "#core/accounts/token-buckets.ts";
import { characterActor, commEvent, type Speaker } from "#core/comms/comm-event.ts";
import { checkBody, checkBodySize, checkSubject, replySubject } from "#core/comms/letter-rules.ts";
import { charStream, type NewEvent, type StoredEvent } from "#core/events/event.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { EventPayloads } from "#shared/events/event-schema.ts";
import type { Clock } from "#shared/util/clock.ts";
import { createSemaphore } from "#shared/util/semaphore.ts";
import { checkFolder, DEFAULT_MAIL_QUOTA, defaultMailRate, recipientNames } from "./mail-rules.ts";
import { MAIL_STREAM, type MailDraft, type MailMessage, type MailState } from "./mail-state.ts";

/** A character mail can be addressed to. */
export interface MailRecipient {
  readonly id: string;
  readonly name: string;
}

/** What mail needs. */
export interface MailDeps {
  /** The projection, already folded from the `mail` stream; mail keeps it current. */
  readonly state: MailState;
  readonly append: AppendEvents;
  readonly clock: Clock;
  /** Any character by exact name (any case), connected or not. */
  readonly findCharacter: (name: string) => Promise<MailRecipient | undefined>;
  /** Whether a character has a session, connected or waiting: it is sent a notice, live or on its return. */
  readonly reachable: (characterId: string) => Promise<boolean>;
  readonly quota?: number;
  readonly rate?: TokenBucketConfig;
}

/** What a send did: who got it, and the names that could not. */
export interface MailSent {
  readonly delivered: readonly string[];
  readonly unknown: readonly string[];
  readonly full: readonly string[];
  readonly events: readonly StoredEvent[];
}

/** A message with its number in its owner's mailbox. */
export interface NumberedMail {
  readonly number: number;
  readonly message: MailMessage;
}

/**
 * Mail: mailboxes, the composer, and every change to them as an event on the `mail` stream. Changes run one at a
 * time, so the projection folds them in position order and a quota check cannot race another send. Refusals
 * throw HoloError and append nothing.
 */
export interface Mail {
  messages(ownerId: string): readonly MailMessage[];
  unread(ownerId: string): number;
  draft(ownerId: string): MailDraft | undefined;
  /** Message `number` of the owner's mailbox, marked read. */
  read(who: Speaker, number: number): Promise<NumberedMail & { readonly events: readonly StoredEvent[] }>;
  send(from: Speaker, names: string, subject: string, body: string): Promise<MailSent>;
  reply(from: Speaker, number: number, body: string): Promise<MailSent>;
  forward(from: Speaker, number: number, names: string): Promise<MailSent>;
  remove(who: Speaker, number: number): Promise<NumberedMail>;
  file(who: Speaker, number: number, folder: string): Promise<NumberedMail & { readonly folder: string }>;
  startDraft(from: Speaker, names: string, subject: string): Promise<{ draft: MailDraft; unknown: string[] }>;
  addLine(from: Speaker, text: string): Promise<MailDraft>;
  sendDraft(from: Speaker): Promise<MailSent>;
  abortDraft(from: Speaker): Promise<MailDraft>;
}

type MailType = keyof EventPayloads & `mail.${string}`;

/** Creates mail over a folded projection. */
export function createMail(deps: MailDeps): Mail {
  const { state, clock } = deps;
  const quota = deps.quota ?? DEFAULT_MAIL_QUOTA;
  // In memory and bounded like the page rate (token-buckets.ts): at most 10,000 senders tracked.
  const rate = createTokenBuckets(deps.rate ?? defaultMailRate, clock);
  const serial = createSemaphore(1);
  const event = <T extends MailType>(who: Speaker, type: T, payload: EventPayloads[T]) =>
    commEvent(clock, who.newId, characterActor(who), MAIL_STREAM, type, payload);
  const commit = async (batch: readonly NewEvent[]) => {
    const stored = await deps.append(batch);
    for (const e of stored) state.apply(e);
    return stored;
  };
  const numbered = (ownerId: string, number: number): NumberedMail => {
    const message = Number.isSafeInteger(number) ? state.messages(ownerId)[number - 1] : undefined;
    if (!message) throw new HoloError("not_found", `You have no message ${number}.`);
    return { number, message };
  };
  const resolve = async (names: readonly string[]) => {
    const found: MailRecipient[] = [];
    const unknown: string[] = [];
    for (const name of names) {
      const character = await deps.findCharacter(name);
      if (!character) unknown.push(name);
      else if (!found.some((c) => c.id === character.id)) found.push(character);
    }
    return { found, unknown };
  };
  /** Delivers to every recipient with room, with a notice to those online; `before` events go in the same batch. */
  const deliver = async (
    from: Speaker,
    recipients: readonly MailRecipient[],
    unknown: readonly string[],
    subject: string,
    body: string,
    before: readonly NewEvent[] = [],
  ): Promise<MailSent> => {
    const room = recipients.filter((r) => state.messages(r.id).length < quota);
    const full = recipients.filter((r) => !room.includes(r)).map((r) => r.name);
    if (room.length === 0) {
      const why = [
        ...(full.length > 0 ? [`The mailbox of ${full.join(", ")} is full.`] : []),
        ...unknown.map((n) => `There is no one called "${n}".`),
      ];
      throw new HoloError(
        full.length > 0 ? "resource_exhausted" : "not_found",
        `${why.join(" ")} Nothing was sent.`,
      );
    }
    const taken = takeTokens([[rate, from.id]]);
    if (!taken.ok)
      throw new HoloError(
        "resource_exhausted",
        `You are sending mail too quickly. Nothing was sent. ${tryAgainIn(taken.waitMs)}`,
      );
    const reachable = new Set<string>();
    for (const r of room) if (await deps.reachable(r.id)) reachable.add(r.id);
    const sent = event(from, "mail.sent", {
      fromId: from.id,
      from: from.name,
      toIds: room.map((r) => r.id),
      to: recipients.map((r) => r.name),
      subject,
      body,
    });
    const notices = room
      .filter((r) => reachable.has(r.id))
      .map((r) =>
        commEvent(clock, from.newId, characterActor(from), charStream(r.id), "mail.notice", {
          from: from.name,
          subject,
          number: state.messages(r.id).length + 1,
        }),
      );
    try {
      const events = await commit([...before, sent, ...notices]);
      return { delivered: room.map((r) => r.name), unknown, full, events };
    } catch (error) {
      taken.refund();
      throw error;
    }
  };
  const needDraft = (ownerId: string) => {
    const draft = state.draft(ownerId);
    if (!draft)
      throw new HoloError(
        "failed_precondition",
        "You are not writing a message. Start one with: mail/draft <names> = <subject>",
      );
    return draft;
  };

  return {
    messages: (ownerId) => state.messages(ownerId),
    unread: (ownerId) => state.unread(ownerId),
    draft: (ownerId) => state.draft(ownerId),
    read: (who, number) =>
      serial.run(async () => {
        const found = numbered(who.id, number);
        const events = found.message.read
          ? []
          : await commit([event(who, "mail.read", { ownerId: who.id, ids: [found.message.id] })]);
        return { ...found, events };
      }),
    send: (from, names, subject, body) =>
      serial.run(async () => {
        const typed = recipientNames(names);
        const cleanSubject = checkSubject(subject);
        const cleanBody = checkBody(body);
        const { found, unknown } = await resolve(typed);
        return deliver(from, found, unknown, cleanSubject, cleanBody);
      }),
    reply: (from, number, body) =>
      serial.run(async () => {
        const { message } = numbered(from.id, number);
        const cleanBody = checkBody(body);
        const to = { id: message.fromId, name: message.from };
        return deliver(from, [to], [], replySubject(message.subject), cleanBody);
      }),
    forward: (from, number, names) =>
      serial.run(async () => {
        const { message } = numbered(from.id, number);
        const typed = recipientNames(names);
        const body = `---- Forwarded message from ${message.from} ----\n${message.body}`;
        checkBodySize(body);
        const { found, unknown } = await resolve(typed);
        return deliver(from, found, unknown, replySubject(message.subject, "Fwd: "), body);
      }),
    remove: (who, number) =>
      serial.run(async () => {
        const found = numbered(who.id, number);
        await commit([event(who, "mail.deleted", { ownerId: who.id, ids: [found.message.id] })]);
        return found;
      }),
    file: (who, number, typedFolder) =>
      serial.run(async () => {
        const found = numbered(who.id, number);
        const folder = checkFolder(typedFolder);
        if (found.message.folder !== folder)
          await commit([event(who, "mail.filed", { ownerId: who.id, ids: [found.message.id], folder })]);
        return { ...found, folder };
      }),
    startDraft: (from, names, subject) =>
      serial.run(async () => {
        const existing = state.draft(from.id);
        if (existing)
          throw new HoloError(
            "failed_precondition",
            `You are already writing "${existing.subject}": mail/send or mail/abort it first.`,
          );
        const typed = recipientNames(names);
        const cleanSubject = checkSubject(subject);
        const { found, unknown } = await resolve(typed);
        if (found.length === 0)
          throw new HoloError(
            "not_found",
            `${unknown.map((n) => `There is no one called "${n}".`).join(" ")} No message was started.`,
          );
        await commit([
          event(from, "mail.draft", {
            ownerId: from.id,
            toIds: found.map((r) => r.id),
            to: found.map((r) => r.name),
            subject: cleanSubject,
          }),
        ]);
        return { draft: needDraft(from.id), unknown };
      }),
    addLine: (from, text) =>
      serial.run(async () => {
        const draft = needDraft(from.id);
        checkBodySize([...draft.lines, text].join("\n"));
        await commit([event(from, "mail.draft.line", { ownerId: from.id, text })]);
        return needDraft(from.id);
      }),
    sendDraft: (from) =>
      serial.run(async () => {
        const draft = needDraft(from.id);
        const body = draft.lines.join("\n").trim();
        if (body === "")
          throw new HoloError("invalid_argument", "Your message has no text yet: add lines with -<text>.");
        const recipients = draft.toIds.map((id, i) => ({ id, name: draft.to[i] ?? id }));
        const end = event(from, "mail.draft.end", { ownerId: from.id });
        return deliver(from, recipients, [], draft.subject, body, [end]);
      }),
    abortDraft: (from) =>
      serial.run(async () => {
        const draft = needDraft(from.id);
        await commit([event(from, "mail.draft.end", { ownerId: from.id })]);
        return draft;
      }),
  };
}
