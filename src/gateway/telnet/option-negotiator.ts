import { Cmd, type NegotiationVerb } from "./telnet-constants.ts";

/** The RFC 1143 state of one side of one option. */
export type QState = "no" | "yes" | "wantno" | "wantyes";

/** Which side of an option: `local` is us (WILL/WONT), `remote` is the client (DO/DONT from us). */
export type Side = "local" | "remote";

/** What the negotiator needs: what we agree to, how to send, and who to tell about changes. */
export interface OptionNegotiatorDeps {
  /** Whether we accept enabling `option` on `side` when the client asks. */
  readonly accepts: (side: Side, option: number) => boolean;
  readonly send: (verb: NegotiationVerb, option: number) => void;
  readonly changed: (side: Side, option: number, enabled: boolean) => void;
}

/** RFC 1143 "Q method" option negotiation for both sides of every option. */
export interface OptionNegotiator {
  /** Handles WILL/WONT/DO/DONT from the client. */
  receive(verb: NegotiationVerb, option: number): void;
  /** Asks to enable or disable `option` on `side`; a no-op when already there or queued. */
  request(side: Side, option: number, enable: boolean): void;
  enabled(side: Side, option: number): boolean;
  state(side: Side, option: number): QState;
}

interface Q {
  state: QState;
  opposite: boolean;
}

/** Creates a negotiator. Unsupported options are refused once; repeats of a refused request are ignored. */
export function createOptionNegotiator(deps: OptionNegotiatorDeps): OptionNegotiator {
  const tables: Record<Side, Map<number, Q>> = { local: new Map(), remote: new Map() };
  // Invariant: at most one refusal per option and side, so a hostile client cannot farm replies.
  const refused: Record<Side, Set<number>> = { local: new Set(), remote: new Set() };
  const q = (side: Side, option: number): Q => {
    let entry = tables[side].get(option);
    if (!entry) {
      entry = { state: "no", opposite: false };
      tables[side].set(option, entry);
    }
    return entry;
  };
  const agreeVerb = (side: Side, yes: boolean): NegotiationVerb =>
    side === "local" ? (yes ? Cmd.WILL : Cmd.WONT) : yes ? Cmd.DO : Cmd.DONT;
  const set = (side: Side, option: number, entry: Q, state: QState): void => {
    const was = entry.state === "yes";
    entry.state = state;
    if (was !== (state === "yes")) deps.changed(side, option, state === "yes");
  };

  // RFC 1143 §7: the client asked to enable `side`.
  const onEnable = (side: Side, option: number): void => {
    const e = q(side, option);
    switch (e.state) {
      case "no":
        if (deps.accepts(side, option)) {
          set(side, option, e, "yes");
          deps.send(agreeVerb(side, true), option);
        } else if (!refused[side].has(option)) {
          refused[side].add(option);
          deps.send(agreeVerb(side, false), option);
        }
        return;
      case "yes":
        return;
      case "wantno":
        // EMPTY: "DONT answered by WILL" — an error; treat the option as off. OPPOSITE: it is what we wanted.
        set(side, option, e, e.opposite ? "yes" : "no");
        e.opposite = false;
        return;
      case "wantyes":
        if (e.opposite) {
          set(side, option, e, "wantno");
          e.opposite = false;
          deps.send(agreeVerb(side, false), option);
        } else set(side, option, e, "yes");
        return;
    }
  };

  // RFC 1143 §7: the client asked to disable `side` (or refused our request).
  const onDisable = (side: Side, option: number): void => {
    const e = q(side, option);
    switch (e.state) {
      case "no":
        return;
      case "yes":
        set(side, option, e, "no");
        deps.send(agreeVerb(side, false), option);
        return;
      case "wantno":
        if (e.opposite) {
          set(side, option, e, "wantyes");
          e.opposite = false;
          deps.send(agreeVerb(side, true), option);
        } else set(side, option, e, "no");
        return;
      case "wantyes":
        e.opposite = false;
        set(side, option, e, "no");
        return;
    }
  };

  const request = (side: Side, option: number, enable: boolean): void => {
    const e = q(side, option);
    const target = enable ? "yes" : "no";
    switch (e.state) {
      case "no":
      case "yes":
        if (e.state === target) return;
        set(side, option, e, enable ? "wantyes" : "wantno");
        deps.send(agreeVerb(side, enable), option);
        return;
      case "wantno":
        e.opposite = enable;
        return;
      case "wantyes":
        e.opposite = !enable;
        return;
    }
  };

  return {
    receive(verb, option) {
      if (verb === Cmd.WILL) onEnable("remote", option);
      else if (verb === Cmd.WONT) onDisable("remote", option);
      else if (verb === Cmd.DO) onEnable("local", option);
      else onDisable("local", option);
    },
    request,
    enabled: (side, option) => tables[side].get(option)?.state === "yes",
    state: (side, option) => tables[side].get(option)?.state ?? "no",
  };
}
