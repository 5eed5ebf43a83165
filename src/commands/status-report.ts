import type { ControlResponse } from "#shared/control/control-client.ts";
import { formatUptime } from "#shared/process/format-uptime.ts";
import { renderTable } from "#shared/process/render-table.ts";

/** The /status fields every process reports (see run-service.ts). */
export interface ProcessStatus {
  readonly service: string;
  readonly state: string;
  readonly pid: number;
  readonly uptimeSeconds: number;
  readonly version: string;
  readonly commit: string;
  readonly listening: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

/** One row of the report: a process and how it answered. */
export interface StatusEntry {
  readonly name: string;
  readonly response: ControlResponse;
}

function summarize({ name, response }: StatusEntry): Record<string, unknown> {
  if (response.kind === "not_running") return { service: name, state: "stopped" };
  if (response.kind === "unresponsive") return { service: name, state: "unresponsive" };
  const status = response.json as ProcessStatus | undefined;
  return status ? { ...status, service: name } : { service: name, state: `error (HTTP ${response.status})` };
}

function detail(status: Record<string, unknown>): string {
  const link = status.coreLink as { summary?: string; lastError?: string } | undefined;
  const parts: string[] = [];
  if (link?.summary) parts.push(`${link.summary}${link.lastError ? ` (${link.lastError})` : ""}`);
  if (typeof status.sessions === "number") parts.push(`sessions: ${status.sessions}`);
  if (typeof status.connections === "number") parts.push(`connections: ${status.connections}`);
  const files = status.fileLimit as { soft?: number | string | null } | undefined;
  if (files?.soft != null) parts.push(`open-file limit: ${files.soft}`);
  return parts.join(", ");
}

/** Prints the status of each process as a table (or JSON); returns 1 when any process is not running. */
export function printStatusReport(entries: readonly StatusEntry[], json: boolean): number {
  const rows = entries.map(summarize);
  if (json) {
    process.stdout.write(`${JSON.stringify(rows.length === 1 ? rows[0] : rows, null, 2)}\n`);
  } else {
    const table: string[][] = [["SERVICE", "STATE", "PID", "UPTIME", "VERSION", "LISTENING", "DETAIL"]];
    for (const row of rows) {
      const listening = Object.entries((row.listening as Record<string, string> | undefined) ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(" ");
      table.push([
        String(row.service),
        String(row.state),
        row.pid === undefined ? "-" : String(row.pid),
        typeof row.uptimeSeconds === "number" ? formatUptime(row.uptimeSeconds) : "-",
        row.version === undefined ? "-" : `${String(row.version)} (${String(row.commit)})`,
        listening || "-",
        detail(row) || "-",
      ]);
    }
    process.stdout.write(`${renderTable(table)}\n`);
  }
  return rows.every((r) => r.state === "running") ? 0 : 1;
}
