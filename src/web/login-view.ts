import { byId, el } from "./dom.ts";
import type { LoginDriver } from "./login-driver.ts";

/** Wires the Log in form: Log in submits, Create account first shows "Password again", then submits. */
export function wireLoginForm(driver: LoginDriver): void {
  const form = byId<HTMLFormElement>("login");
  const name = byId<HTMLInputElement>("login-name");
  const password = byId<HTMLInputElement>("login-password");
  const again = byId<HTMLInputElement>("login-again");
  const againLabel = byId("login-again-label");
  const error = byId("login-error");
  let registering = false;
  const submit = (mode: "connect" | "register") => {
    const problem = driver.start({ mode, name: name.value, password: password.value, again: again.value });
    error.textContent = problem ?? "";
    if (problem) return;
    password.value = "";
    again.value = "";
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(registering ? "register" : "connect");
  });
  byId("login-register").addEventListener("click", () => {
    if (!registering) {
      registering = true;
      again.hidden = false;
      againLabel.hidden = false;
      again.required = true;
      byId("login-connect").textContent = "Create";
      error.textContent = "Type the password again to create the account.";
      return again.focus();
    }
    submit("register");
  });
}

/** Shows the character menu: one button per character, sending its name. */
export function renderCharacterMenu(characters: readonly string[], pick: (name: string) => void): void {
  byId("characters").replaceChildren(
    ...characters.map((name) =>
      el("li", {}, el("button", { type: "button", onclick: () => pick(name) }, name)),
    ),
  );
}
