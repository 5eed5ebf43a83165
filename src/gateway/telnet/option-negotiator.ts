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

const states: readonly QState[] = ["no", "yes", "wantno", "wantyes"];
/** The OPPOSITE bit beside a state's index in a packed entry. */
const opposite = 4;

/** Creates a negotiator. Unsupported options are refused once; repeats of a refused request are ignored. */
export function createOptionNegotiator(deps: OptionNegotiatorDeps): OptionNegotiator {
  return new Negotiator(deps);
}

// A class, not a closure per method: every connection holds one negotiator for its life, so its methods are shared.
// Each option's Q state is packed in one number (the index in `states`, plus `opposite`), so no object per option.
class Negotiator implements OptionNegotiator {
  readonly #deps: OptionNegotiatorDeps;
  readonly #local = new Map<number, number>();
  readonly #remote = new Map<number, number>();
  // Invariant: at most one refusal per option and side, so a hostile client cannot farm replies.
  #refused: Set<string> | undefined;

  constructor(deps: OptionNegotiatorDeps) {
    this.#deps = deps;
  }

  receive(verb: NegotiationVerb, option: number): void {
    if (verb === Cmd.WILL) this.#onEnable("remote", option);
    else if (verb === Cmd.WONT) this.#onDisable("remote", option);
    else if (verb === Cmd.DO) this.#onEnable("local", option);
    else this.#onDisable("local", option);
  }

  enabled(side: Side, option: number): boolean {
    return this.state(side, option) === "yes";
  }

  state(side: Side, option: number): QState {
    return states[(this.#table(side).get(option) ?? 0) & 3] as QState;
  }

  request(side: Side, option: number, enable: boolean): void {
    const e = this.state(side, option);
    const target = enable ? "yes" : "no";
    switch (e) {
      case "no":
      case "yes":
        if (e === target) return;
        this.#set(side, option, enable ? "wantyes" : "wantno", false);
        this.#deps.send(agreeVerb(side, enable), option);
        return;
      case "wantno":
        this.#set(side, option, e, enable);
        return;
      case "wantyes":
        this.#set(side, option, e, !enable);
        return;
    }
  }

  #table(side: Side): Map<number, number> {
    return side === "local" ? this.#local : this.#remote;
  }

  #opposite(side: Side, option: number): boolean {
    return ((this.#table(side).get(option) ?? 0) & opposite) !== 0;
  }

  /** Moves `option` to `state` with the OPPOSITE bit `opp`, telling `changed` when it turned on or off. */
  #set(side: Side, option: number, state: QState, opp: boolean): void {
    const was = this.state(side, option) === "yes";
    this.#table(side).set(option, states.indexOf(state) | (opp ? opposite : 0));
    if (was !== (state === "yes")) this.#deps.changed(side, option, state === "yes");
  }

  // RFC 1143 §7: the client asked to enable `side`.
  #onEnable(side: Side, option: number): void {
    const opp = this.#opposite(side, option);
    switch (this.state(side, option)) {
      case "no": {
        if (this.#deps.accepts(side, option)) {
          this.#set(side, option, "yes", false);
          this.#deps.send(agreeVerb(side, true), option);
          return;
        }
        const key = `${side}:${option}`;
        if (this.#refused?.has(key)) return;
        this.#refused ??= new Set();
        this.#refused.add(key);
        this.#deps.send(agreeVerb(side, false), option);
        return;
      }
      case "yes":
        return;
      case "wantno":
        // EMPTY: "DONT answered by WILL" — an error; treat the option as off. OPPOSITE: it is what we wanted.
        this.#set(side, option, opp ? "yes" : "no", false);
        return;
      case "wantyes":
        if (opp) {
          this.#set(side, option, "wantno", false);
          this.#deps.send(agreeVerb(side, false), option);
        } else this.#set(side, option, "yes", false);
        return;
    }
  }

  // RFC 1143 §7: the client asked to disable `side` (or refused our request).
  #onDisable(side: Side, option: number): void {
    const opp = this.#opposite(side, option);
    switch (this.state(side, option)) {
      case "no":
        return;
      case "yes":
        this.#set(side, option, "no", false);
        this.#deps.send(agreeVerb(side, false), option);
        return;
      case "wantno":
        if (opp) {
          this.#set(side, option, "wantyes", false);
          this.#deps.send(agreeVerb(side, true), option);
        } else this.#set(side, option, "no", false);
        return;
      case "wantyes":
        this.#set(side, option, "no", false);
        return;
    }
  }
}

function agreeVerb(side: Side, yes: boolean): NegotiationVerb {
  return side === "local" ? (yes ? Cmd.WILL : Cmd.WONT) : yes ? Cmd.DO : Cmd.DONT;
}
