import { HoloError } from "#shared/errors/holo-error.ts";

/** One versioned schema change. Append new ones at the end of a backend's list; never edit applied ones. */
export interface Migration {
  /** 1, 2, 3, … in order, with no gaps. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Throws internal unless the versions run 1, 2, 3, … with no gap or repeat. */
export function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new HoloError("internal", `Migration ${m.name} should be version ${i + 1}.`);
  });
}

/** The migrations not yet applied; refuses a database that a newer HoloMUSH has migrated. */
export function pendingMigrations(migrations: readonly Migration[], applied: readonly number[]): Migration[] {
  checkMigrationList(migrations);
  const newest = Math.max(0, ...applied);
  if (newest > migrations.length) {
    throw new HoloError(
      "failed_precondition",
      `The database is at schema version ${newest}, newer than this HoloMUSH knows (${migrations.length}).`,
    );
  }
  const done = new Set(applied);
  return migrations.filter((m) => !done.has(m.version));
}
