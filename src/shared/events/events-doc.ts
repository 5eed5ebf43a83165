import { type EventSpec, eventSchema, type StreamKind } from "./event-schema.ts";

const sections: readonly { readonly stream: StreamKind; readonly title: string }[] = [
  { stream: "location", title: "On `location:<id>`: what happens in a room" },
  { stream: "char", title: "On `char:<id>`: what one character is shown" },
  { stream: "channel", title: "On `channel:<key>`: a channel's messages and members" },
  { stream: "world", title: "On `world`: changes to the world, which the world projection folds" },
  { stream: "game", title: "On `game:<setting>`: settings of the whole game, the newest event wins" },
  { stream: "mail", title: "On `mail`: every mailbox and message being written, followed by no session" },
  { stream: "boards", title: "On `boards`: the bulletin boards, their posts and who read them" },
  { stream: "policy", title: "On `policy`: the permission policies, folded over the default ones" },
  { stream: "audit", title: "On `audit`: permission decisions and staff actions kept for audit" },
  { stream: "sitelock", title: "On `sitelock`: site bans, by address, block or account" },
  { stream: "wall", title: "On `wall`: announcements to everyone, followed by every session" },
  {
    stream: "scene",
    title: "On `scene:<n>`: a scene's own events (and a private scene's say, pose and emit)",
  },
  {
    stream: "presence",
    title:
      "On `presence:<id>`: a character's doing, replay setting, logins and logouts, followed by no session",
  },
];

const intro = `# Events

<!-- Generated from src/shared/events/event-schema.ts by scripts/events-doc.ts: edit the schema, not this file. -->

Every event is \`{ id, stream, type, timestamp, actor: { kind, id }, payload }\`. This page lists every type the
core writes, with its payload, as the one schema in \`src/shared/events/\` defines them. The core refuses to
append a known type whose payload does not match exactly: a field missing, of the wrong type, or one the schema
does not name. The gateway checks each payload it receives the same way (passing over fields it does not know,
so an older gateway can follow a newer core) and shows a malformed one as nothing.

A plugin may emit these types (a pose from the dice plugin, say) and must then follow the same payload; it may
also emit types of its own, held only to the general rules: the payload is a JSON object of at most 16 KiB. The
gateway shows a plugin's own type as its \`text\` field, sanitised, or not at all when it has none.

In the shapes below, \`a?\` is optional, \`count\` is a whole number from 0 up, and \`x[]\` a list. Strings a
player or plugin wrote are always sanitised and markup-escaped when shown. \`name\` is the acting character's
display name at the time.`;

const cell = (text: string) => text.replaceAll("|", "\\|");

function table(entries: readonly (readonly [string, EventSpec])[]): string {
  const rows = entries.map(
    ([type, spec]) => `| \`${type}\` | ${cell(spec.description)} | \`${cell(spec.payload.doc)}\` |`,
  );
  return ["| type | meaning | payload |", "| --- | --- | --- |", ...rows].join("\n");
}

/** docs/events.md: every event type of the schema, by the stream it is written to. */
export function renderEventsDoc(): string {
  const entries: readonly (readonly [string, EventSpec])[] = Object.entries(eventSchema);
  const parts = [intro];
  for (const { stream, title } of sections) {
    parts.push(`## ${title}`, table(entries.filter(([, spec]) => spec.streams[0] === stream)));
  }
  return `${parts.join("\n\n")}\n`;
}
