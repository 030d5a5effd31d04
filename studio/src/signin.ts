import { html, nothing } from "lit-html";

export function signInView(onSignIn: (key: string) => void, error: string | null) {
  const submit = (e: Event) => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem("key") as HTMLInputElement;
    if (input.value.trim()) onSignIn(input.value);
  };
  return html`
    <section class="card narrow">
      <h1>Sign in</h1>
      <p>Paste an API key of your workspace (<code>reelcut keys create</code> makes one), or open the one-time
        login link <code>reelcut serve</code> printed. The key stays in this tab only.</p>
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      <form @submit=${submit}>
        <label for="key">API key</label>
        <input id="key" name="key" type="password" autocomplete="off" required />
        <button type="submit">Sign in</button>
      </form>
    </section>
  `;
}
