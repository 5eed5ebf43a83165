/** What the line assembler reports. */
export interface LineAssemblerSink {
  line(text: string): void;
  /** A line passed the cap; it was discarded whole, up to its end. */
  tooLong(limit: number): void;
}

/** Turns telnet data bytes into decoded lines. */
export interface LineAssembler {
  push(bytes: Uint8Array): void;
  /** Bytes held for the current, unfinished line. */
  readonly pending: number;
}

/** The default line cap: 4 KiB, a long paragraph with room to spare, and bounded memory per connection. */
export const defaultMaxLine = 4 * 1024;

const CR = 13;
const LF = 10;
const NUL = 0;
const BS = 8;
const DEL = 127;

/**
 * Splits data into lines. CR LF, CR NUL, bare CR and bare LF each end a line (RFC 854 NVT; clients disagree on
 * which they send). NUL is dropped; BS and DEL erase the previous character. Each line is decoded as UTF-8 with
 * invalid sequences as U+FFFD; decoding per line equals streaming decoding, since line ends are ASCII and never
 * fall inside a multibyte sequence.
 */
export function createLineAssembler(sink: LineAssemblerSink, maxLine = defaultMaxLine): LineAssembler {
  // Invariant: memory held per connection for input is this buffer, whatever the client sends.
  const buf = new Uint8Array(maxLine);
  const decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });
  let len = 0;
  let afterCr = false;
  let discarding = false;

  const endLine = (): void => {
    if (discarding) {
      discarding = false;
      sink.tooLong(maxLine);
    } else sink.line(decoder.decode(buf.subarray(0, len)));
    len = 0;
  };

  const erase = (): void => {
    // Step back over UTF-8 continuation bytes to the start of the last character.
    while (len > 0) {
      const b = buf[--len]!;
      if ((b & 0xc0) !== 0x80) break;
    }
  };

  return {
    push(bytes) {
      for (const b of bytes) {
        if (afterCr) {
          afterCr = false;
          if (b === LF || b === NUL) continue;
        }
        if (b === CR) {
          afterCr = true;
          endLine();
        } else if (b === LF) endLine();
        else if (b === NUL) {
          // Dropped: NUL carries nothing in NVT text.
        } else if (b === BS || b === DEL) {
          if (!discarding) erase();
        } else if (discarding) {
          // Skipping the rest of an overlong line.
        } else if (len < maxLine) buf[len++] = b;
        else discarding = true;
      }
    },
    get pending() {
      return len;
    },
  };
}
