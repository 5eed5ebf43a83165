import { el } from "./dom.ts";
import type { SpanAction, SpanSpec } from "./markup-spec.ts";

/** What a click on a linked span does. */
export type ActOn = (action: SpanAction) => void;

/** The DOM of spans: classes and custom properties only (the CSP forbids inline styles), text as text. */
export function spanElements(spans: readonly SpanSpec[], act: ActOn): Node[] {
  return spans.map((spec) => {
    const node = spec.action
      ? el("button", {
          type: "button",
          class: `link ${spec.action.kind}`,
          title: spec.action.kind === "exit" ? `Go ${spec.action.name}` : `Page ${spec.action.name}`,
        })
      : el("span");
    if (spec.classes.length > 0) node.className = [node.className, ...spec.classes].join(" ").trim();
    for (const [name, value] of Object.entries(spec.vars)) node.style.setProperty(name, value);
    node.textContent = spec.text;
    if (spec.action) {
      const action = spec.action;
      node.addEventListener("click", () => act(action));
    }
    return node;
  });
}
