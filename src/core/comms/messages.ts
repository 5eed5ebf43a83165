import type { Character } from "#core/accounts/account-store.ts";
import {
  createTokenBuckets,
  type TokenBucketConfig,
  takeTokens,
  tryAgainIn,
} from "#core/accounts/token-buckets.ts";
import { charStream, locationStream, type NewEvent, type StoredEvent } from "#core/events/event.ts";
import type { AppendEvents } from "#core/events/event-appender.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import type { Clock } from "#shared/util/clock.ts";
import { characterActor, commEvent, type Speaker } from "./comm-event.ts";
import { requireOne } from "./match-name.ts";
import { parseSpeech } from "./speech.ts";

/** A character someone can address: id, name, and where it is when connected. */
export interface Addressee {
  readonly id: string;
  readonly name: string;
  readonly locationId: string;
}

/** What pages, whispers and ooc need. */
export interface MessagesDeps {
  readonly append: AppendEvents;
  readonly events: EventStore;
  readonly clock: Clock;
  /** The characters connected now. */
  readonly presence: () => Promise<readonly Addressee[]>;
  /** Any character by exact name, connected or not. */
  readonly findCharacter: (
    name: string,
  ) => Promise<Pick<Character, "id" | "name" | "locationId"> | undefined>;
  /**
   * The recipients that may not be paged or whispered to by `from`: the game asks the policy engine (`page` on
   * each recipient; page blocks are one of its inputs).
   */
  readonly refusing: <T extends Addressee>(from: Speaker, recipients: readonly T[]) => Promise<T[]>;
  /** Pages and whispers one character may send (`--page-burst`, `--pages-per-minute`); see defaultPrivateRate. */
  readonly privateRate?: TokenBucketConfig;
}

/** The default rate of private messages per sender: 10 at once, then 20 a minute. */
export const defaultPrivateRate: TokenBucketConfig = { burst: 10, refillMs: 3_000 };

/** Private and out-of-character messages. Refusals throw and append nothing. */
export interface Messages {
  /** `page <names> = <message>`, or `page <message>` to the last recipients. */
  page(from: Speaker, args: string): Promise<StoredEvent[]>;
  /** `whisper <name> = <message>` to a connected character in the same room. */
  whisper(from: Speaker, locationId: string, args: string): Promise<StoredEvent[]>;
  /**
   * `ooc <message>` (or `ooc :pose`) to the room; `speak`, when given, writes the event to the stream it picks
   * (a private scene's, for its participants).
   */
  ooc(
    from: Speaker,
    locationId: string,
    args: string,
    speak?: (build: (stream: string) => NewEvent) => Promise<StoredEvent[]>,
  ): Promise<StoredEvent[]>;
}

/** How far back in a character's own stream `page <message>` looks for the last page sent. */
const LAST_PAGE_SCAN = 200;

/**
 * The most characters one page may name: each is an event on its stream, so without a cap one line could
 * write hundreds of events, and the page's own recipient list could outgrow the store's payload limit.
 */
export const MAX_PAGE_RECIPIENTS = 20;

/** Event types written here; their payloads are defined in src/shared/events/comms-event-schema.ts. */
export const messageEventTypes = {
  page: "page",
  whisper: "whisper",
  whisperNotice: "whisper.notice",
  ooc: "ooc",
} as const;

/** Splits `a = b` at the first `=`; undefined when there is none. */
export function splitAssignment(args: string): [string, string] | undefined {
  const at = args.indexOf("=");
  return at < 0 ? undefined : [args.slice(0, at).trim(), args.slice(at + 1).trim()];
}

/** Creates pages, whispers and ooc. */
export function createMessages(deps: MessagesDeps): Messages {
  const { clock } = deps;
  // In memory and bounded: at most 10,000 senders tracked, full buckets forgotten first.
  const rate = createTokenBuckets(deps.privateRate ?? defaultPrivateRate, clock);

  /**
   * Refuses (and stores nothing) when a recipient may not be paged by the sender (they block the sender, or a
   * policy forbids it), or the sender is over the rate; else spends one token. A refused sender reads a neutral
   * line, not why.
   */
  const mayDeliver = async (from: Speaker, recipients: readonly Addressee[], what: "pages" | "whispers") => {
    const blockers = await deps.refusing(from, recipients);
    if (blockers.length > 0) {
      const names = blockers.map((r) => r.name);
      const who =
        names.length === 1 ? `${names[0]} is` : `${names.slice(0, -1).join(", ")} and ${names.at(-1)} are`;
      throw new HoloError("permission_denied", `${who} not accepting your ${what}. Nothing was sent.`);
    }
    const taken = takeTokens([[rate, from.id]]);
    if (!taken.ok)
      throw new HoloError(
        "resource_exhausted",
        `You are sending private messages too quickly. Nothing was sent. ${tryAgainIn(taken.waitMs)}`,
      );
  };

  /** A character by exact name (any, connected or not), else by unique prefix among those connected. */
  const addressee = async (typed: string, among?: readonly Addressee[]): Promise<Addressee> => {
    if (!among) {
      const exact = await deps.findCharacter(typed);
      if (exact) return exact;
    }
    const candidates = among ?? (await deps.presence());
    const where = among ? " here" : "";
    return requireOne(
      candidates,
      typed,
      (c) => c.name,
      (t) => `There is no one called "${t}"${where}.`,
    );
  };

  const lastRecipients = async (from: Speaker): Promise<Addressee[]> => {
    const mine = await deps.events.readStreams({ [charStream(from.id)]: 0 }, LAST_PAGE_SCAN, {
      newest: true,
    });
    const last = mine.findLast((e) => e.type === messageEventTypes.page && e.actor.id === from.id);
    const ids = Array.isArray(last?.payload.toIds) ? (last.payload.toIds as unknown[]) : [];
    const names = Array.isArray(last?.payload.to) ? (last.payload.to as unknown[]) : [];
    const found = await Promise.all(
      names.map((n) => (typeof n === "string" ? deps.findCharacter(n) : undefined)),
    );
    // A recipient renamed or deleted since is dropped; the ids pin who was meant.
    return found.filter((c): c is Addressee => c !== undefined && ids.includes(c.id));
  };

  return {
    async page(from, args) {
      const split = splitAssignment(args);
      const [targets, text] = split ?? ["", args.trim()];
      if (text === "") throw new HoloError("invalid_argument", "What do you want to page?");
      const names = targets.split(/[\s,]+/).filter((n) => n !== "");
      if (names.length > MAX_PAGE_RECIPIENTS)
        throw new HoloError(
          "invalid_argument",
          `You can page at most ${MAX_PAGE_RECIPIENTS} characters at once. Nothing was sent.`,
        );
      const recipients =
        names.length > 0 ? await Promise.all(names.map((n) => addressee(n))) : await lastRecipients(from);
      if (recipients.length === 0)
        throw new HoloError("invalid_argument", "Page whom? (page <name> = <message>)");
      const unique = [...new Map(recipients.map((r) => [r.id, r])).values()];
      await mayDeliver(from, unique, "pages");
      const speech = parseSpeech(text);
      const payload = {
        name: from.name,
        ...speech,
        to: unique.map((r) => r.name),
        toIds: unique.map((r) => r.id),
      };
      const streams = new Set([charStream(from.id), ...unique.map((r) => charStream(r.id))]);
      return deps.append(
        [...streams].map((s) =>
          commEvent(clock, from.newId, characterActor(from), s, messageEventTypes.page, payload),
        ),
      );
    },
    async whisper(from, locationId, args) {
      const split = splitAssignment(args);
      if (!split || split[0] === "" || split[1] === "")
        throw new HoloError("invalid_argument", "Whisper what to whom? (whisper <name> = <message>)");
      const here = (await deps.presence()).filter((c) => c.locationId === locationId && c.id !== from.id);
      const target = await addressee(split[0], here);
      await mayDeliver(from, [target], "whispers");
      const speech = parseSpeech(split[1]);
      const to = { to: [target.name], toIds: [target.id] };
      const actor = characterActor(from);
      const payload = { name: from.name, ...speech, ...to };
      return deps.append([
        commEvent(clock, from.newId, actor, charStream(target.id), messageEventTypes.whisper, payload),
        commEvent(clock, from.newId, actor, charStream(from.id), messageEventTypes.whisper, payload),
        commEvent(clock, from.newId, actor, locationStream(locationId), messageEventTypes.whisperNotice, {
          name: from.name,
          ...to,
        }),
      ]);
    },
    async ooc(from, locationId, args, speak) {
      const speech = parseSpeech(args);
      if (speech.text === "")
        throw new HoloError("invalid_argument", "What do you want to say out of character?");
      const build = (stream: string) =>
        commEvent(clock, from.newId, characterActor(from), stream, messageEventTypes.ooc, {
          name: from.name,
          ...speech,
        });
      return speak ? speak(build) : deps.append([build(locationStream(locationId))]);
    },
  };
}
