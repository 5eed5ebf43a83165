import type { NewEvent, StoredEvent } from "#core/events/event.ts";
import type { EventStore } from "#core/events/event-store.ts";
import { latencyBuckets } from "#shared/metrics/histogram.ts";
import type { MetricsRegistry } from "#shared/metrics/metrics-registry.ts";

/** Appends events and counts them. */
export type AppendEvents = (events: readonly NewEvent[]) => Promise<StoredEvent[]>;

/** Wraps EventStore.append with the events-appended counter and the append latency histogram. */
export function createEventAppender(events: EventStore, metrics: MetricsRegistry): AppendEvents {
  const appended = metrics.counter({
    name: "holomush_events_appended_total",
    help: "Events appended to the store by the engine.",
    labelNames: ["type"],
  });
  const latency = metrics.histogram({
    name: "holomush_event_append_seconds",
    help: "Time for an append to become durable.",
    buckets: latencyBuckets,
  });
  return async (batch) => {
    if (batch.length === 0) return [];
    const started = performance.now();
    const stored = await events.append(batch);
    latency.observe((performance.now() - started) / 1000);
    for (const event of batch) appended.inc({ type: event.type });
    return stored;
  };
}
