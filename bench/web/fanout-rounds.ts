// One fan-out measurement over any kind of client: a speaker says a line, every other client's arrival time
// is taken when its own socket handler sees the line, so web and telnet clients are timed the same way.

/** A logged-in client in the room, as the fan-out rounds see it. */
export interface RoomClient {
  readonly name: string;
  /** A mark in the client's received lines: waits look only after it. */
  mark(): number;
  /** Sends `say <text>`. */
  say(text: string): void;
  /** Resolves with the performance.now() at which a line containing `needle` arrived after `from`. */
  heard(needle: string, from: number): Promise<number>;
}

/** How many rounds, and the pause between them. */
export interface FanoutOptions {
  readonly rounds: number;
  readonly gapMs: number;
  /** Rounds said first and not counted, so that every connection's first-delivery costs are paid. */
  readonly warmup: number;
}

/** Per-recipient delivery latencies in ms: client 0 speaks, everyone else listens. */
export async function fanoutRounds(
  clients: readonly RoomClient[],
  options: FanoutOptions,
): Promise<number[]> {
  const [speaker, ...listeners] = clients;
  if (!speaker) return [];
  const samples: number[] = [];
  for (let round = -options.warmup; round < options.rounds; round++) {
    const token = `fan-${round}-${Math.random().toString(36).slice(2, 8)}`;
    const marks = listeners.map((c) => c.mark());
    const own = speaker.mark();
    const sent = performance.now();
    speaker.say(token);
    const arrivals = await Promise.all([
      speaker.heard(`You say, "${token}"`, own),
      ...listeners.map((c, i) => c.heard(`${speaker.name} says, "${token}"`, marks[i] ?? 0)),
    ]);
    if (round >= 0) for (const at of arrivals.slice(1)) samples.push(at - sent);
    // The gap lets the machine go quiet, so each round measures one say and not a queue behind the last one.
    await Bun.sleep(options.gapMs);
  }
  return samples;
}
