import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { Subprocess } from "bun";

// Test support only: no production code imports this file.

/** A child process that binds a plain HTTP server on `socketPath`, for stale and live socket tests. */
export interface SocketHolder extends AsyncDisposable {
  readonly child: Subprocess<"ignore", "pipe", "inherit">;
}

/** Spawns the holder and resolves once it prints "ready" (the socket is bound). */
export async function spawnSocketHolder(socketPath: string): Promise<SocketHolder> {
  await mkdir(dirname(socketPath), { recursive: true, mode: 0o700 });
  const script = `Bun.serve({ unix: ${JSON.stringify(socketPath)}, fetch: () => Response.json({ pid: process.pid }) }); console.log("ready");`;
  const child = Bun.spawn({ cmd: [process.execPath, "-e", script], stdio: ["ignore", "pipe", "inherit"] });
  const decoder = new TextDecoder();
  let seen = "";
  for await (const chunk of child.stdout) {
    seen += decoder.decode(chunk, { stream: true });
    if (seen.includes("ready")) break;
  }
  if (!seen.includes("ready")) throw new Error(`socket holder exited before binding: ${seen}`);
  return {
    child,
    async [Symbol.asyncDispose]() {
      child.kill("SIGKILL");
      await child.exited;
    },
  };
}
