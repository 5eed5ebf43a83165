import { growBuffer } from "./grow-buffer.ts";
import { Cmd, isNegotiationVerb, type NegotiationVerb } from "./telnet-constants.ts";

/** One thing the parser recognised in the byte stream. */
export type TelnetEvent =
  | { readonly kind: "data"; readonly bytes: Uint8Array }
  | { readonly kind: "command"; readonly command: number }
  | { readonly kind: "negotiate"; readonly verb: NegotiationVerb; readonly option: number }
  | { readonly kind: "subnegotiation"; readonly option: number; readonly data: Uint8Array }
  | { readonly kind: "subnegotiation-overflow"; readonly option: number };

/** Limits for the parser. */
export interface TelnetParserOptions {
  /** Largest subnegotiation payload kept, in bytes (8 KiB by default, far above any real option's). */
  readonly maxSubnegotiation?: number;
}

/** An incremental RFC 854/855 parser: feed it bytes in any split, it emits the same events. */
export interface TelnetParser {
  push(chunk: Uint8Array): void;
}

enum State {
  Data,
  Iac,
  Verb,
  SbOption,
  SbData,
  SbIac,
  SbDiscard,
  SbDiscardIac,
}

/** The default subnegotiation cap. */
export const defaultMaxSubnegotiation = 8 * 1024;

/** The first subnegotiation buffer; it doubles up to the cap only when a payload needs it. */
const firstSbBytes = 64;
/** Past this size the buffer is dropped once its subnegotiation ends. */
const keptSbBytes = 512;

/** Creates a parser that calls `emit` for each event, in order. */
export function createTelnetParser(
  emit: (event: TelnetEvent) => void,
  options: TelnetParserOptions = {},
): TelnetParser {
  return new Parser(emit, options.maxSubnegotiation ?? defaultMaxSubnegotiation);
}

// A class, not a closure per method: every connection holds one parser for its life, so its methods are shared.
class Parser implements TelnetParser {
  readonly #emit: (event: TelnetEvent) => void;
  readonly #maxSb: number;
  #state = State.Data;
  #verb: NegotiationVerb = Cmd.WILL;
  #sbOption = 0;
  // Invariant: at most maxSb bytes, grown on demand, so an idle connection holds no subnegotiation buffer.
  #sb: Uint8Array | undefined;
  #sbLen = 0;

  constructor(emit: (event: TelnetEvent) => void, maxSb: number) {
    this.#emit = emit;
    this.#maxSb = maxSb;
  }

  push(chunk: Uint8Array): void {
    let runStart = -1;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      switch (this.#state) {
        case State.Data:
          if (byte === Cmd.IAC) {
            if (runStart >= 0 && i > runStart) this.#emit({ kind: "data", bytes: chunk.slice(runStart, i) });
            runStart = -1;
            this.#state = State.Iac;
          } else if (runStart < 0) runStart = i;
          break;
        case State.Iac:
          this.#commandAfterIac(byte);
          break;
        case State.Verb:
          this.#emit({ kind: "negotiate", verb: this.#verb, option: byte });
          this.#state = State.Data;
          break;
        case State.SbOption:
          // `IAC SB IAC …` is malformed: abandon the subnegotiation and read the IAC as a command start.
          if (byte === Cmd.IAC) this.#state = State.Iac;
          else {
            this.#sbOption = byte;
            this.#sbLen = 0;
            this.#state = State.SbData;
          }
          break;
        case State.SbData:
          if (byte === Cmd.IAC) this.#state = State.SbIac;
          else this.#appendSb(byte);
          break;
        case State.SbIac:
          if (byte === Cmd.IAC) {
            this.#state = State.SbData;
            this.#appendSb(byte);
          } else if (byte === Cmd.SE) {
            const data = this.#sb ? this.#sb.slice(0, this.#sbLen) : new Uint8Array(0);
            // A buffer a large payload grew is not kept for the connection's life.
            if (this.#sb && this.#sb.length > keptSbBytes) this.#sb = undefined;
            this.#emit({ kind: "subnegotiation", option: this.#sbOption, data });
            this.#state = State.Data;
          } else {
            // IAC <cmd> inside a subnegotiation: it was never terminated. Drop it and obey the command.
            this.#commandAfterIac(byte);
          }
          break;
        case State.SbDiscard:
          if (byte === Cmd.IAC) this.#state = State.SbDiscardIac;
          break;
        case State.SbDiscardIac:
          // Invariant: an oversized subnegotiation is skipped up to IAC SE and never read as input.
          this.#state = byte === Cmd.SE ? State.Data : State.SbDiscard;
          break;
      }
    }
    if (runStart >= 0 && chunk.length > runStart)
      this.#emit({ kind: "data", bytes: chunk.slice(runStart, chunk.length) });
  }

  #commandAfterIac(byte: number): void {
    if (byte === Cmd.IAC) {
      this.#emit({ kind: "data", bytes: Uint8Array.of(Cmd.IAC) });
      this.#state = State.Data;
    } else if (isNegotiationVerb(byte)) {
      this.#verb = byte;
      this.#state = State.Verb;
    } else if (byte === Cmd.SB) {
      this.#state = State.SbOption;
    } else {
      // A stray SE outside a subnegotiation is ignored (it ends nothing).
      if (byte !== Cmd.SE) this.#emit({ kind: "command", command: byte });
      this.#state = State.Data;
    }
  }

  #appendSb(byte: number): void {
    if (this.#sbLen < this.#maxSb) {
      const sb = growBuffer(this.#sb, this.#sbLen, firstSbBytes, this.#maxSb);
      this.#sb = sb;
      sb[this.#sbLen++] = byte;
      return;
    }
    this.#emit({ kind: "subnegotiation-overflow", option: this.#sbOption });
    this.#sbLen = 0;
    this.#sb = undefined;
    this.#state = State.SbDiscard;
  }
}
