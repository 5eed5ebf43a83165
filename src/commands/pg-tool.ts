import { HoloError } from "#shared/errors/holo-error.ts";

/** A pg_dump or pg_restore run: its arguments, and the password kept out of them (given through PGPASSWORD). */
export interface PgToolPlan {
  readonly tool: "pg_dump" | "pg_restore";
  readonly args: readonly string[];
  readonly password: string | undefined;
}

/** The URL without its password, which goes through the environment so `ps` never shows it. */
function splitPassword(url: string): { url: string; password: string | undefined } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new HoloError("invalid_argument", "the database URL cannot be parsed");
  }
  const password = parsed.password ? decodeURIComponent(parsed.password) : undefined;
  parsed.password = "";
  return { url: parsed.toString(), password };
}

/** pg_dump in its custom format: compressed, consistent (one snapshot), and what pg_restore reads. */
export function pgDumpPlan(databaseUrl: string, file: string): PgToolPlan {
  const { url, password } = splitPassword(databaseUrl);
  return { tool: "pg_dump", args: ["--format=custom", `--file=${file}`, `--dbname=${url}`], password };
}

/** pg_restore in one transaction that stops at the first error, so a refused restore leaves nothing. */
export function pgRestorePlan(databaseUrl: string, file: string): PgToolPlan {
  const { url, password } = splitPassword(databaseUrl);
  return {
    tool: "pg_restore",
    args: ["--single-transaction", "--exit-on-error", "--no-owner", `--dbname=${url}`, file],
    password,
  };
}

const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`);

/** The plan as a shell line an operator can run, with the password left for them to supply. */
export function pgToolLine(plan: PgToolPlan): string {
  const env = plan.password === undefined ? "" : "PGPASSWORD='…' ";
  return `${env}${plan.tool} ${plan.args.map(quote).join(" ")}`;
}

/**
 * Runs the plan when its tool is on PATH, with output passed through; otherwise throws failed_precondition giving
 * the exact command to run where the tool is installed. A tool that fails throws "unavailable".
 */
export async function runPgTool(
  plan: PgToolPlan,
  env: Readonly<Record<string, string | undefined>>,
): Promise<void> {
  const path = Bun.which(plan.tool, { PATH: env.PATH ?? "" });
  if (!path) {
    throw new HoloError(
      "failed_precondition",
      `${plan.tool} is not on PATH; install the PostgreSQL client tools, or run where they are:\n  ${pgToolLine(plan)}`,
    );
  }
  const child = Bun.spawn([path, ...plan.args], {
    env: { ...env, ...(plan.password === undefined ? {} : { PGPASSWORD: plan.password }) },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const code = await child.exited;
  if (code !== 0)
    throw new HoloError("unavailable", `${plan.tool} failed (exit ${code}); see its message above`);
}
