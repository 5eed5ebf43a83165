import type { Board, BoardLevel } from "#core/boards/board-state.ts";
import { BOARD_LEVELS, type BoardLevels, type Boards, DEFAULT_BOARD_LEVELS } from "#core/boards/boards.ts";
import { splitSubject } from "#core/comms/letter-rules.ts";
import { requireOne } from "#core/comms/match-name.ts";
import { splitAssignment } from "#core/comms/messages.ts";
import { HoloError } from "#shared/errors/holo-error.ts";
import { type Markup, markup } from "#shared/markup/markup.ts";
import { mayEditPost, mayOnBoard, mayRemovePost } from "../board-access.ts";
import { type Command, type CommandContext, type EngineResult, reply } from "../command.ts";
import type { CommandDeps } from "../command-deps.ts";
import { deniedText } from "../permissions.ts";
import { bodyLines, cell, plural, RULE, shortTime } from "./letter-format.ts";
import { speakerOf } from "./message-commands.ts";

const usage = [
  markup`bb - the boards and your unread posts; bb read <board> - its posts; bb read <board>/<n> - one post.`,
  markup`bb post <board> = <subject>/<body> / bb reply <board>/<n> = <body> / bb edit <board>/<n> = <body>`,
  markup`bb remove <board>/<n> - your own post (moderators: any).`,
  markup`bb create <name> [= <read>/<post>/<moderate>] / bb destroy <name> - admins; levels are everyone, players, builders, admins.`,
];

/** The `+bb...` spellings (Myrddin's BBS) and the verb each stands for. */
const spelled: Readonly<Record<string, string>> = {
  "+bbread": "read",
  "+bbpost": "post",
  "+bbreply": "reply",
  "+bbedit": "edit",
  "+bbremove": "remove",
};

type Verb = (ctx: CommandContext, args: string) => Promise<EngineResult>;

/** `bb`: bulletin boards, with `+bb`, `+bbread`, `+bbpost`, `+bbreply`, `+bbedit` and `+bbremove`. */
export function boardCommand(deps: CommandDeps, boards: Boards): Command {
  const visible = (ctx: CommandContext) => boards.list().filter((b) => mayOnBoard(ctx, b, "read"));
  /** A board the asker may read, by number in their list, name or unique start; else not_found. */
  const find = (ctx: CommandContext, typed: string): Board => {
    const mine = visible(ctx);
    const byNumber = /^\d+$/.test(typed.trim()) ? mine[Number(typed.trim()) - 1] : undefined;
    return (
      byNumber ??
      requireOne(
        mine,
        typed,
        (b) => b.name,
        (t) => `There is no board called "${t}".`,
      )
    );
  };
  /** `<board>/<n>`, split at the last `/`. */
  const at = (ctx: CommandContext, typed: string, form: string): [Board, number] => {
    const match = /^(.+)\/\s*(\d+)$/.exec(typed.trim());
    if (!match?.[1] || !match[2]) throw new HoloError("invalid_argument", `Usage: ${form}`);
    return [find(ctx, match[1].trim()), Number(match[2])];
  };
  const assignment = (args: string, form: string) => {
    const split = splitAssignment(args);
    if (!split || split[0] === "" || split[1] === "")
      throw new HoloError("invalid_argument", `Usage: ${form}`);
    return split;
  };
  const need = (ok: boolean, text: string) => {
    if (!ok) throw new HoloError("permission_denied", text);
  };
  const admin = (ctx: CommandContext) =>
    deps.permissions.require(ctx, "manage_boards", { kind: "game" }, deniedText.manage_boards);

  const list = (ctx: CommandContext): EngineResult => {
    const mine = visible(ctx);
    if (mine.length === 0) return reply([markup`There are no boards.`]);
    return reply([
      markup`   #  ${cell("Board", 24)} ${"Posts".padStart(5)} ${"Unread".padStart(6)}`,
      ...mine.map(
        (b, i) =>
          markup`  ${String(i + 1).padStart(2)}  ${cell(b.name, 24)} ${String(boards.posts(b).length).padStart(5)} ${String(boards.unread(b, ctx.character.id)).padStart(6)}`,
      ),
      markup`Read a board with 'bb read <board>', a post with 'bb read <board>/<n>'.`,
    ]);
  };
  const posts = (ctx: CommandContext, board: Board): EngineResult => {
    const all = boards.posts(board);
    if (all.length === 0) return reply([markup`${board.name} has no posts.`]);
    const unread = boards.unread(board, ctx.character.id);
    return reply([
      markup`${board.name}: ${plural(all.length, "post")}, ${unread} unread.`,
      markup`     #  ${cell("Subject", 34)} ${cell("By", 16)} Posted`,
      ...all.map(
        (p) =>
          markup`  ${boards.hasRead(board, ctx.character.id, p.number) ? " " : "*"} ${String(p.number).padStart(2)}  ${cell(p.subject, 34)} ${cell(p.author, 16)} ${shortTime(p.postedAt)}`,
      ),
      markup`* = unread. Read one with 'bb read ${board.name}/<n>'.`,
    ]);
  };
  const readPost = async (ctx: CommandContext, board: Board, n: number): Promise<EngineResult> => {
    const post = boards.post(board, n);
    const events = await boards.markRead(speakerOf(ctx), board, n);
    const lines: Markup[] = [
      markup`${board.name} ${n}: ${post.subject}`,
      markup`By ${post.author}, ${shortTime(post.postedAt)} UTC${post.editedAt === undefined ? "" : `, edited ${shortTime(post.editedAt)} UTC`}${post.replyTo === undefined ? "" : `, in reply to ${post.replyTo}`}`,
      RULE,
      ...bodyLines(post.body),
      RULE,
    ];
    return reply(lines, events);
  };
  const verbs: Record<string, Verb> = {
    async read(ctx, args) {
      if (args.includes("/")) return readPost(ctx, ...at(ctx, args, "bb read <board>/<n>"));
      return posts(ctx, find(ctx, args));
    },
    async post(ctx, args) {
      const [typed, text] = assignment(args, "bb post <board> = <subject>/<body>");
      const board = find(ctx, typed);
      need(mayOnBoard(ctx, board, "post"), `You may not post on ${board.name}.`);
      const parts = splitSubject(text);
      if (!parts) throw new HoloError("invalid_argument", "Usage: bb post <board> = <subject>/<body>");
      const post = await boards.write(speakerOf(ctx), board, parts[0], parts[1]);
      return reply([markup`You post "${post.subject}" on ${board.name} as number ${post.number}.`]);
    },
    async reply(ctx, args) {
      const [where, body] = assignment(args, "bb reply <board>/<n> = <body>");
      const [board, n] = at(ctx, where, "bb reply <board>/<n> = <body>");
      need(mayOnBoard(ctx, board, "post"), `You may not post on ${board.name}.`);
      const post = await boards.reply(speakerOf(ctx), board, n, body);
      return reply([markup`You reply to ${board.name} ${n} as number ${post.number}.`]);
    },
    async edit(ctx, args) {
      const [where, body] = assignment(args, "bb edit <board>/<n> = <body>");
      const [board, n] = at(ctx, where, "bb edit <board>/<n> = <body>");
      need(mayEditPost(ctx, boards.post(board, n)), "You may only edit your own posts.");
      await boards.edit(speakerOf(ctx), board, n, body);
      return reply([markup`You edit ${board.name} ${n}.`]);
    },
    async remove(ctx, args) {
      const [board, n] = at(ctx, args, "bb remove <board>/<n>");
      need(mayRemovePost(ctx, board, boards.post(board, n)), "You may only remove your own posts.");
      const removed = await boards.remove(speakerOf(ctx), board, n);
      return reply([markup`You remove ${board.name} ${n}: "${removed.subject}".`]);
    },
    async create(ctx, args) {
      await admin(ctx);
      const split = splitAssignment(args);
      const levels = split ? parseLevels(split[1]) : DEFAULT_BOARD_LEVELS;
      const board = await boards.create(speakerOf(ctx), split ? split[0] : args, levels);
      return reply([
        markup`Created the board ${board.name}: read by ${board.read}, posted on by ${board.post}, moderated by ${board.moderate}.`,
      ]);
    },
    async destroy(ctx, args) {
      await admin(ctx);
      const board = find(ctx, args);
      await boards.destroy(speakerOf(ctx), board);
      return reply([markup`Destroyed the board ${board.name} and its posts.`]);
    },
  };
  return {
    name: "bb",
    aliases: ["+bb", ...Object.keys(spelled)],
    help:
      "bb | bb read <board>[/<n>] | bb post <board> = <subject>/<body> | bb reply|edit <board>/<n> = <body> | " +
      "bb remove <board>/<n> | bb create|destroy <name> - bulletin boards; +bbread and the like work too.",
    permission: "play",
    async run(ctx, args, { word }) {
      const implied = spelled[word];
      const match = /^(\S+)\s*(.*)$/s.exec(args);
      const verb = implied ?? (match?.[1] ?? "").toLowerCase();
      const rest = implied ? args : (match?.[2] ?? "").trim();
      // `+bbread` alone lists the boards, as Myrddin's does.
      if (verb === "" || (verb === "read" && rest === "")) return list(ctx);
      const handler = Object.hasOwn(verbs, verb) ? verbs[verb] : undefined;
      if (!handler || rest === "") return reply(usage);
      return handler(ctx, rest);
    },
  };
}

/** `<read>/<post>[/<moderate>]` levels; throws invalid_argument on an unknown level. */
function parseLevels(typed: string): BoardLevels {
  const [read, post, moderate] = typed.split("/").map((s) => s.trim().toLowerCase());
  const level = (value: string | undefined, fallback: BoardLevel): BoardLevel => {
    if (value === undefined || value === "") return fallback;
    const found = BOARD_LEVELS.find((l) => l === value);
    if (!found)
      throw new HoloError("invalid_argument", `"${value}" is not a level: use ${BOARD_LEVELS.join(", ")}.`);
    return found;
  };
  return {
    read: level(read, DEFAULT_BOARD_LEVELS.read),
    post: level(post, DEFAULT_BOARD_LEVELS.post),
    moderate: level(moderate, DEFAULT_BOARD_LEVELS.moderate),
  };
}
