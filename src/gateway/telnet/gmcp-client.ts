import type { CapabilityState } from "./telnet-capabilities.ts";

const maxSupports = 64;

/** Records what Core.Hello and Core.Supports.Set/Add/Remove tell us about the client (gmcp spec, Core package). */
export function applyGmcpFromClient(caps: CapabilityState, pkg: string, data: unknown): void {
  const name = pkg.toLowerCase();
  if (name === "core.hello" && data && typeof data === "object") {
    const d = data as Record<string, unknown>;
    caps.gmcpClient = {
      name: String(d.client ?? "").slice(0, 64),
      version: String(d.version ?? "").slice(0, 32),
    };
    return;
  }
  if (!Array.isArray(data)) return;
  const modules = data.filter((m): m is string => typeof m === "string").map((m) => m.slice(0, 64));
  if (name === "core.supports.set") caps.gmcpSupports.clear();
  if (name === "core.supports.set" || name === "core.supports.add") {
    for (const m of modules) if (caps.gmcpSupports.size < maxSupports) caps.gmcpSupports.add(m);
  } else if (name === "core.supports.remove") {
    for (const m of modules) {
      const mod = m.split(" ")[0] ?? "";
      for (const have of caps.gmcpSupports) if (have.split(" ")[0] === mod) caps.gmcpSupports.delete(have);
    }
  }
}
