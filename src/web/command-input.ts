import type { InputHistory } from "./input-history.ts";

/** Wires the command line: Enter sends, Shift+Enter starts a new line, ↑/↓ walk the history. */
export function wireCommandInput(
  input: HTMLTextAreaElement,
  history: InputHistory,
  send: (text: string) => void,
): void {
  const submit = () => {
    const text = input.value;
    input.value = "";
    send(text);
  };
  input.form?.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      return submit();
    }
    // History only from the first or last line, so ↑/↓ still move inside a multi-line draft.
    const firstLine = !input.value.slice(0, input.selectionStart).includes("\n");
    const lastLine = !input.value.slice(input.selectionEnd).includes("\n");
    const next =
      event.key === "ArrowUp" && firstLine
        ? history.older(input.value)
        : event.key === "ArrowDown" && lastLine
          ? history.newer()
          : undefined;
    if (next === undefined) return;
    event.preventDefault();
    input.value = next;
    input.setSelectionRange(next.length, next.length);
  });
}
