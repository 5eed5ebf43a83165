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

/** Creates a parser that calls `emit` for each event, in order. */
export function createTelnetParser(
  emit: (event: TelnetEvent) => void,
  options: TelnetParserOptions = {},
): TelnetParser {
  const maxSb = options.maxSubnegotiation ?? defaultMaxSubnegotiation;
  let state = State.Data;
  let verb: NegotiationVerb = Cmd.WILL;
  let sbOption = 0;
  // Invariant: the subnegotiation buffer never holds more than maxSb bytes.
  const sb = new Uint8Array(maxSb);
  let sbLen = 0;

  const commandAfterIac = (byte: number): void => {
    if (byte === Cmd.IAC) {
      emit({ kind: "data", bytes: Uint8Array.of(Cmd.IAC) });
      state = State.Data;
    } else if (isNegotiationVerb(byte)) {
      verb = byte;
      state = State.Verb;
    } else if (byte === Cmd.SB) {
      state = State.SbOption;
    } else {
      // A stray SE outside a subnegotiation is ignored (it ends nothing).
      if (byte !== Cmd.SE) emit({ kind: "command", command: byte });
      state = State.Data;
    }
  };

  const push = (chunk: Uint8Array): void => {
    let runStart = -1;
    const flushRun = (end: number): void => {
      if (runStart >= 0 && end > runStart) emit({ kind: "data", bytes: chunk.slice(runStart, end) });
      runStart = -1;
    };
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i]!;
      switch (state) {
        case State.Data:
          if (byte === Cmd.IAC) {
            flushRun(i);
            state = State.Iac;
          } else if (runStart < 0) runStart = i;
          break;
        case State.Iac:
          commandAfterIac(byte);
          break;
        case State.Verb:
          emit({ kind: "negotiate", verb, option: byte });
          state = State.Data;
          break;
        case State.SbOption:
          // `IAC SB IAC …` is malformed: abandon the subnegotiation and read the IAC as a command start.
          if (byte === Cmd.IAC) state = State.Iac;
          else {
            sbOption = byte;
            sbLen = 0;
            state = State.SbData;
          }
          break;
        case State.SbData:
          if (byte === Cmd.IAC) state = State.SbIac;
          else appendSb(byte);
          break;
        case State.SbIac:
          if (byte === Cmd.IAC) {
            state = State.SbData;
            appendSb(byte);
          } else if (byte === Cmd.SE) {
            emit({ kind: "subnegotiation", option: sbOption, data: sb.slice(0, sbLen) });
            state = State.Data;
          } else {
            // IAC <cmd> inside a subnegotiation: it was never terminated. Drop it and obey the command.
            commandAfterIac(byte);
          }
          break;
        case State.SbDiscard:
          if (byte === Cmd.IAC) state = State.SbDiscardIac;
          break;
        case State.SbDiscardIac:
          // Invariant: an oversized subnegotiation is skipped up to IAC SE and never read as input.
          state = byte === Cmd.SE ? State.Data : State.SbDiscard;
          break;
      }
    }
    flushRun(chunk.length);
  };

  const appendSb = (byte: number): void => {
    if (sbLen < maxSb) {
      sb[sbLen++] = byte;
      return;
    }
    emit({ kind: "subnegotiation-overflow", option: sbOption });
    sbLen = 0;
    state = State.SbDiscard;
  };

  return { push };
}
