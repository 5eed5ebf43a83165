import { type CommandDef, renderUsage, runCommand } from "citty";
import { describeError, isHoloError } from "#shared/errors/holo-error.ts";
import { buildInfo } from "#shared/version.ts";

const ansiPattern = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

/** Removes colour codes (citty colours its own errors). */
function stripAnsi(text: string): string {
  return text.replace(ansiPattern, "");
}

// citty types each command by its own args, so the tree walk works on the erased form.
// biome-ignore lint/suspicious/noExplicitAny: citty's CommandDef is invariant in its args type.
type AnyCommand = CommandDef<any>;

async function resolve<T>(value: T | (() => T | Promise<T>) | Promise<T>): Promise<T> {
  return typeof value === "function" ? await (value as () => T | Promise<T>)() : await value;
}

/** Follows the subcommand words in `rawArgs` to the command they name, and the full name of its parent. */
async function commandFor(root: AnyCommand, rawArgs: readonly string[]): Promise<[AnyCommand, AnyCommand]> {
  let cmd = root;
  const names = ["holomush"];
  for (const word of rawArgs) {
    if (word.startsWith("-")) continue;
    const subs = cmd.subCommands ? await resolve(cmd.subCommands) : undefined;
    const next = subs?.[word];
    if (!next) break;
    names.push(word);
    cmd = await resolve(next);
  }
  // citty prints "<parent name> <command name>"; a synthetic parent gives the whole path.
  return [cmd, { meta: { name: names.slice(0, -1).join(" ") } }];
}

/** Runs the CLI: --help and --version at any level, and every error as one line on stderr with a non-zero exit. */
export async function runCli(root: AnyCommand, rawArgs: string[]): Promise<void> {
  try {
    if (rawArgs.includes("--help") || rawArgs.includes("-h") || rawArgs.length === 0) {
      const [cmd, parent] = await commandFor(root, rawArgs);
      const usage = await renderUsage(cmd, rawArgs.length === 0 || cmd === root ? undefined : parent);
      process.stdout.write(`${process.stdout.isTTY ? usage : stripAnsi(usage)}\n`);
      return;
    }
    if (rawArgs.length === 1 && (rawArgs[0] === "--version" || rawArgs[0] === "-v")) {
      const { version, commit } = buildInfo();
      process.stdout.write(`holomush ${version} (commit ${commit})\n`);
      return;
    }
    await runCommand(root, { rawArgs });
  } catch (error) {
    const message = isHoloError(error) ? error.message : describeError(error);
    process.stderr.write(`holomush: ${stripAnsi(message)}\n`);
    process.exit(1);
  }
}
