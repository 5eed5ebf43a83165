import type { StoredEvent } from "#core/events/event.ts";
import { type EventPayloads, validatePayload } from "#shared/events/event-schema.ts";

/** The one stream every mail event is written to; no session follows it. */
export const MAIL_STREAM = "mail";

/** The folder new mail arrives in. */
export const INBOX = "inbox";

/** One message in one mailbox. */
export interface MailMessage {
  /** The id of its `mail.sent` event, shared by every recipient's copy. */
  readonly id: string;
  readonly fromId: string;
  readonly from: string;
  /** Every recipient's name, as the sender addressed them. */
  readonly to: readonly string[];
  readonly subject: string;
  readonly body: string;
  readonly sentAt: number;
  readonly read: boolean;
  readonly folder: string;
}

/** A message being written with the composer. */
export interface MailDraft {
  readonly toIds: readonly string[];
  readonly to: readonly string[];
  readonly subject: string;
  readonly lines: readonly string[];
}

/** Everything the projection holds, ordered, for comparing a rebuild with the live state. */
export interface MailSnapshot {
  readonly mailboxes: Readonly<Record<string, readonly MailMessage[]>>;
  readonly drafts: Readonly<Record<string, MailDraft>>;
}

/**
 * The mail projection: every mailbox and draft, folded from the `mail` stream alone. Applying is idempotent
 * by position: an event at or below the last applied position (a command re-run after a crash re-appends its
 * stored events) changes nothing.
 */
export interface MailState {
  /** The position of the last mail event applied; 0 when none. */
  readonly position: number;
  apply(event: StoredEvent): void;
  /** The owner's messages in arrival order (each message's number is its place here, from 1). */
  messages(ownerId: string): readonly MailMessage[];
  unread(ownerId: string): number;
  draft(ownerId: string): MailDraft | undefined;
  snapshot(): MailSnapshot;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Creates an empty mail projection. */
export function createMailState(): MailState {
  const boxes = new Map<string, Mutable<MailMessage>[]>();
  const drafts = new Map<string, Mutable<MailDraft> & { lines: string[] }>();
  let position = 0;
  const box = (ownerId: string) => {
    let found = boxes.get(ownerId);
    if (!found) {
      found = [];
      boxes.set(ownerId, found);
    }
    return found;
  };
  const each = (ownerId: string, ids: readonly string[], change: (m: Mutable<MailMessage>) => void) => {
    const wanted = new Set(ids);
    for (const message of boxes.get(ownerId) ?? []) if (wanted.has(message.id)) change(message);
  };
  const fold = (event: StoredEvent) => {
    const checked = validatePayload(event.type, event.payload, "ignore");
    if (!checked.ok) return;
    const p = checked.payload as Record<string, unknown>;
    switch (event.type) {
      case "mail.sent": {
        const sent = p as EventPayloads["mail.sent"];
        for (const ownerId of new Set(sent.toIds))
          box(ownerId).push({
            id: event.id,
            fromId: sent.fromId,
            from: sent.from,
            to: sent.to,
            subject: sent.subject,
            body: sent.body,
            sentAt: event.timestamp,
            read: false,
            folder: INBOX,
          });
        return;
      }
      case "mail.read": {
        const { ownerId, ids } = p as EventPayloads["mail.read"];
        return each(ownerId, ids, (m) => {
          m.read = true;
        });
      }
      case "mail.filed": {
        const { ownerId, ids, folder } = p as EventPayloads["mail.filed"];
        return each(ownerId, ids, (m) => {
          m.folder = folder;
        });
      }
      case "mail.deleted": {
        const { ownerId, ids } = p as EventPayloads["mail.deleted"];
        const gone = new Set(ids);
        boxes.set(
          ownerId,
          (boxes.get(ownerId) ?? []).filter((m) => !gone.has(m.id)),
        );
        return;
      }
      case "mail.draft": {
        const { ownerId, toIds, to, subject } = p as EventPayloads["mail.draft"];
        drafts.set(ownerId, { toIds, to, subject, lines: [] });
        return;
      }
      case "mail.draft.line": {
        const { ownerId, text } = p as EventPayloads["mail.draft.line"];
        drafts.get(ownerId)?.lines.push(text);
        return;
      }
      case "mail.draft.end":
        drafts.delete((p as EventPayloads["mail.draft.end"]).ownerId);
        return;
    }
  };
  return {
    get position() {
      return position;
    },
    apply(event) {
      if (event.stream !== MAIL_STREAM || event.position <= position) return;
      position = event.position;
      fold(event);
    },
    messages: (ownerId) => boxes.get(ownerId) ?? [],
    unread: (ownerId) => (boxes.get(ownerId) ?? []).filter((m) => !m.read).length,
    draft: (ownerId) => drafts.get(ownerId),
    snapshot() {
      const mailboxes: Record<string, MailMessage[]> = {};
      for (const [owner, messages] of [...boxes].sort(([a], [b]) => (a < b ? -1 : 1)))
        if (messages.length > 0) mailboxes[owner] = messages.map((m) => ({ ...m }));
      const drafted: Record<string, MailDraft> = {};
      for (const [owner, d] of [...drafts].sort(([a], [b]) => (a < b ? -1 : 1)))
        drafted[owner] = { ...d, lines: [...d.lines] };
      return { mailboxes, drafts: drafted };
    },
  };
}
