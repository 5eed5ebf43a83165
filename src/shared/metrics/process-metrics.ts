import type { Clock } from "#shared/util/clock.ts";
import type { MetricsRegistry } from "./metrics-registry.ts";

/** What the standard process metrics describe. */
export interface ProcessMetricsOptions {
  readonly clock: Clock;
  /** When the process started, in ms since the epoch (from the same clock). */
  readonly startedAt: number;
  readonly service: string;
  readonly version: string;
  /** The git commit the build was stamped with; "dev" for source runs. */
  readonly commit?: string;
}

/** Registers process_* metrics (start time, uptime, memory, CPU) and holomush_build_info. */
export function registerProcessMetrics(registry: MetricsRegistry, options: ProcessMetricsOptions): void {
  const { clock, startedAt } = options;
  registry
    .gauge({
      name: "process_start_time_seconds",
      help: "Start time of the process since unix epoch in seconds.",
    })
    .set(startedAt / 1000);
  registry.callbackGauge({
    name: "process_uptime_seconds",
    help: "Seconds since the process started.",
    collect: () => Math.max(0, (clock.now() - startedAt) / 1000),
  });
  registry.callbackGauge({
    name: "process_resident_memory_bytes",
    help: "Resident memory size in bytes.",
    collect: () => process.memoryUsage.rss(),
  });
  registry.callbackGauge({
    name: "process_heap_bytes",
    help: "JavaScript heap in use, in bytes.",
    collect: () => process.memoryUsage().heapUsed,
  });
  registry.callbackCounter({
    name: "process_cpu_seconds_total",
    help: "Total user and system CPU time spent in seconds.",
    collect: () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1e6;
    },
  });
  registry
    .gauge({
      name: "holomush_build_info",
      help: "The running build; always 1.",
      labelNames: ["version", "commit", "service"],
    })
    .set({ version: options.version, commit: options.commit ?? "dev", service: options.service }, 1);
}
