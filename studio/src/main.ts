// The studio: one page, hash routes (#/, #/jobs/ID, #/jobs/ID/clips/N), re-rendered
// with lit-html whenever its state changes. Each screen is a class that loads what it
// shows, polls while work is running, and stops when the route leaves it.

import { html, render, type TemplateResult } from "lit-html";
import { api, key, signIn, signOut } from "./api";
import { JobsScreen } from "./jobs";
import { JobScreen } from "./job";
import { ClipScreen } from "./clip";
import { signInView } from "./signin";
import "./style.css";

export interface Screen {
  view(): TemplateResult;
  stop(): void;
}

const root = document.getElementById("app")!;
let screen: Screen | null = null;

/** Draws the current screen again (screens call it when their state changes). */
export function update(): void {
  render(layout(screen ? screen.view() : signInView(onSignIn, loginError)), root);
}

function onSignIn(value: string): void {
  signIn(value);
  route();
}

function layout(body: TemplateResult): TemplateResult {
  return html`
    <header class="bar">
      <a class="brand" href="#/">reelcut studio</a>
      ${key()
        ? html`<button class="link" @click=${() => (signOut(), route())}>Sign out</button>`
        : null}
    </header>
    <main id="main">${body}</main>
  `;
}

let loginError: string | null = null;

function route(): void {
  screen?.stop();
  screen = null;
  // `reelcut serve`'s one-time login link (#login=TOKEN): traded for a key once.
  const token = new URLSearchParams(location.hash.slice(1)).get("login");
  if (token) {
    history.replaceState(null, "", location.pathname + "#/");
    api
      .login(token)
      .then((r) => signIn(r.key))
      .catch((e: Error) => (loginError = e.message))
      .finally(route);
    return;
  }
  if (key()) {
    const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] === "jobs" && parts[1] && parts[2] === "clips" && parts[3] !== undefined) {
      screen = new ClipScreen(parts[1], Number(parts[3]));
    } else if (parts[0] === "jobs" && parts[1]) {
      screen = new JobScreen(parts[1]);
    } else {
      screen = new JobsScreen();
    }
  }
  update();
  document.getElementById("main")?.focus?.();
}

window.addEventListener("hashchange", route);
route();
