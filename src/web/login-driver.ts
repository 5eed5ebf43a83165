/** What the login form asks for. */
export interface LoginRequest {
  readonly mode: "connect" | "register";
  readonly name: string;
  readonly password: string;
  /** The password typed again (register only). */
  readonly again?: string;
}

/** Drives the gateway's line-based login flow from the form: the verb line, then a password per prompt. */
export interface LoginDriver {
  /** Checks the form and sends its first line; returns what is wrong instead (nothing is sent then). */
  start(request: LoginRequest): string | undefined;
  /**
   * A prompt came: answers a password prompt with the next password of the form and returns true; any other
   * prompt ends the form's turn (the flow went elsewhere, say back to "Name:") and returns false.
   */
  prompt(password: boolean): boolean;
  /** The flow left the login screen (or the link dropped): forget the passwords. */
  reset(): void;
}

/** The answer to a form sent before the link is up: the login form shows from the first paint. */
export const notConnected = "The game is not connected yet. Try again when the status says Connected.";

/**
 * Creates the driver. The register flow still asks for the password twice, and the form answers both prompts
 * from its two fields, so a mismatch is caught here before anything is sent and again by the gateway.
 */
export function createLoginDriver(send: (line: string) => boolean): LoginDriver {
  let answers: string[] = [];
  return {
    start(request) {
      const name = request.name.trim();
      if (name === "") return "Type a name.";
      if (/\s/.test(name)) return "A name is one word.";
      if (request.password === "") return "Type a password.";
      if (request.mode === "register" && request.again !== request.password)
        return "The passwords do not match.";
      // Invariant: a line the link could not send is refused aloud, and the form keeps what was typed.
      if (!send(`${request.mode} ${name}`)) return notConnected;
      answers = request.mode === "register" ? [request.password, request.again ?? ""] : [request.password];
      return undefined;
    },
    prompt(password) {
      const next = password ? answers.shift() : undefined;
      if (next === undefined) {
        answers = [];
        return false;
      }
      send(next);
      return true;
    },
    reset() {
      answers = [];
    },
  };
}
