import type { Speaker } from "#core/comms/comm-event.ts";
import { splitSubject } from "#core/comms/letter-rules.ts";
import { splitAssignment } from "#core/comms/messages.ts";
import type { Mail, MailSent } from "#core/mail/mail.ts";
import { INBOX, type MailMessage } from "#core/mail/mail-state.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import { type Markup, markup } from "#shared/markup/markup.ts";
import { type Command, type CommandContext, type EngineResult, reply } from "../command.ts";
import { bodyLines, cell, plural, RULE, shortTime } from "./letter-format.ts";
import { speakerOf } from "./message-commands.ts";

const usage = [
  markup`mail - your inbox; mail <n> - read message n.`,
  markup`mail send <names> = <subject>/<body> - send a message (%%r in the body starts a new line).`,
  markup`mail reply <n> = <body> / mail forward <n> = <names> / mail delete <n>`,
  markup`mail/draft <names> = <subject>, then -<text> for each line, mail/proof, mail/send or mail/abort.`,
  markup`mail/folder [<name>] - your folders, or one folder; mail/file <n> = <folder> - move a message.`,
];

const number = (typed: string): number => {
  const n = Number(typed.trim());
  if (!/^\d+$/.test(typed.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new HoloError("invalid_argument", `"${typed.trim()}" is not a message number.`);
  return n;
};

const assignment = (args: string, form: string): [string, string] => {
  const split = splitAssignment(args);
  if (!split || split[0] === "" || split[1] === "") throw new HoloError("invalid_argument", `Usage: ${form}`);
  return split;
};

function listing(messages: readonly MailMessage[], folder: string): Markup[] {
  const shown = messages.map((m, i) => ({ m, n: i + 1 })).filter(({ m }) => m.folder === folder);
  if (shown.length === 0) return [markup`You have no mail in ${folder}.`];
  const unread = shown.filter(({ m }) => !m.read).length;
  return [
    markup`Mail (${folder}): ${plural(shown.length, "message")}, ${unread} unread.`,
    markup`     #  ${cell("From", 16)} ${cell("Sent", 16)}  Subject`,
    ...shown.map(
      ({ m, n }) =>
        markup`  ${m.read ? " " : "*"} ${String(n).padStart(2)}  ${cell(m.from, 16)} ${shortTime(m.sentAt)}  ${m.subject}`,
    ),
    markup`* = unread. Read one with 'mail <number>'.`,
  ];
}

function sentLines(sent: MailSent, subject: string): Markup[] {
  return [
    markup`You sent "${subject}" to ${sent.delivered.join(", ")}.`,
    ...sent.unknown.map((n) => markup`There is no one called "${n}": they were not sent it.`),
    ...sent.full.map((n) => markup`The mailbox of ${n} is full: they were not sent it.`),
  ];
}

const subjectOf = (sent: MailSent) => {
  const first = sent.events.find((e) => e.type === "mail.sent");
  return typeof first?.payload.subject === "string" ? first.payload.subject : "";
};

/** `mail`: the inbox, reading, sending, the composer and folders, PennMUSH style. */
export function mailCommand(mail: Mail): Command {
  const folders = (ctx: CommandContext, rest: string) => {
    const messages = mail.messages(ctx.character.id);
    if (rest !== "") return reply(listing(messages, rest.toLowerCase()));
    const names = [...new Set([INBOX, ...messages.map((m) => m.folder)])].sort();
    return reply([
      markup`Your folders:`,
      ...names.map((f) => {
        const inIt = messages.filter((m) => m.folder === f);
        return markup`  ${cell(f, 20)} ${plural(inIt.length, "message")}, ${inIt.filter((m) => !m.read).length} unread`;
      }),
    ]);
  };
  const proof = (ctx: CommandContext) => {
    const draft = mail.draft(ctx.character.id);
    if (!draft) return reply([markup`You are not writing a message.`]);
    return reply([
      markup`To: ${draft.to.join(", ")}`,
      markup`Subject: ${draft.subject}`,
      RULE,
      ...bodyLines(draft.lines.join("\n")),
      RULE,
    ]);
  };
  const read = async (ctx: CommandContext, n: number) => {
    const { message: m, events } = await mail.read(speakerOf(ctx), n);
    return reply(
      [
        markup`Message ${n} (${m.folder})`,
        markup`From: ${m.from}`,
        markup`To: ${m.to.join(", ")}`,
        markup`Sent: ${shortTime(m.sentAt)} UTC`,
        markup`Subject: ${m.subject}`,
        RULE,
        ...bodyLines(m.body),
        RULE,
      ],
      events,
    );
  };
  const sent = (result: MailSent) => reply(sentLines(result, subjectOf(result)), result.events);
  const switched: Record<string, (ctx: CommandContext, me: Speaker, args: string) => Promise<EngineResult>> =
    {
      async draft(_ctx, me, args) {
        const [names, subject] = assignment(args, "mail/draft <names> = <subject>");
        const { draft, unknown } = await mail.startDraft(me, names, subject);
        return reply([
          markup`You start a message to ${draft.to.join(", ")}: "${draft.subject}".`,
          ...unknown.map((n) => markup`There is no one called "${n}": they are left out.`),
          markup`Add lines with -<text>; mail/proof shows it, mail/send sends it, mail/abort drops it.`,
        ]);
      },
      proof: async (ctx) => proof(ctx),
      send: async (_ctx, me) => sent(await mail.sendDraft(me)),
      async abort(_ctx, me) {
        const draft = await mail.abortDraft(me);
        return reply([markup`You drop your message "${draft.subject}".`]);
      },
      folder: async (ctx, _me, args) => folders(ctx, args),
      async file(_ctx, me, args) {
        const [n, folder] = assignment(args, "mail/file <n> = <folder>");
        const filed = await mail.file(me, number(n), folder);
        return reply([markup`Message ${filed.number} is now in ${filed.folder}.`]);
      },
    };
  const verbs: Record<string, (ctx: CommandContext, me: Speaker, args: string) => Promise<EngineResult>> = {
    async send(_ctx, me, args) {
      const [names, text] = assignment(args, "mail send <names> = <subject>/<body>");
      const parts = splitSubject(text);
      if (!parts) throw new HoloError("invalid_argument", "Usage: mail send <names> = <subject>/<body>");
      return sent(await mail.send(me, names, parts[0], parts[1]));
    },
    async reply(_ctx, me, args) {
      const [n, body] = assignment(args, "mail reply <n> = <body>");
      return sent(await mail.reply(me, number(n), body));
    },
    async forward(_ctx, me, args) {
      const [n, names] = assignment(args, "mail forward <n> = <names>");
      return sent(await mail.forward(me, number(n), names));
    },
    async delete(_ctx, me, args) {
      const removed = await mail.remove(me, number(args));
      return reply([markup`You delete message ${removed.number}: "${removed.message.subject}".`]);
    },
    read: (ctx, _me, args) => read(ctx, number(args)),
  };
  return {
    name: "mail",
    aliases: ["@mail", "+mail"],
    prefixes: ["-"],
    help:
      "mail [<n>] | mail send <names> = <subject>/<body> | mail reply|forward|delete <n> ... | mail/draft, -<line>, " +
      "mail/proof, mail/send, mail/abort | mail/folder, mail/file - letters to characters, kept while they are away.",
    permission: "use_mail",
    async run(ctx, args, { word, switches }) {
      const me = speakerOf(ctx);
      if (word === "-") {
        const draft = await mail.addLine(me, args);
        return reply([markup`Line ${draft.lines.length} added.`]);
      }
      const [sw, ...more] = switches;
      if (sw !== undefined) {
        const handler = more.length === 0 && Object.hasOwn(switched, sw) ? switched[sw] : undefined;
        return handler ? handler(ctx, me, args) : reply(usage);
      }
      if (args === "") return reply(listing(mail.messages(ctx.character.id), INBOX));
      if (/^\d+$/.test(args)) return read(ctx, number(args));
      const match = /^(\S+)\s*(.*)$/s.exec(args);
      const verb = (match?.[1] ?? "").toLowerCase();
      const handler = Object.hasOwn(verbs, verb) ? verbs[verb] : undefined;
      return handler ? handler(ctx, me, (match?.[2] ?? "").trim()) : reply(usage);
    },
  };
}
