// The start screen: a new job (a file dropped or chosen, or a URL, with its settings)
// and the job list with live progress, cancel and retry.

import { html, nothing } from "lit-html";
import { api, explain, putFile, type Job, type Options } from "./api";
import { Poller, stageLabel, when } from "./format";
import { update, type Screen } from "./main";

const DURATIONS = ["30", "60", "180", "long"];
const RATIOS = ["portrait", "square", "landscape"];

export class JobsScreen implements Screen {
  jobs: Job[] | null = null;
  options: Options | null = null;
  file: File | null = null;
  uploaded: number | null = null;
  busy = false;
  error: string | null = null;
  listError: string | null = null;
  loadedIn: number | null = null;
  private poller: Poller;

  constructor() {
    const started = performance.now();
    api.options().then((o) => ((this.options = o), update())).catch(() => undefined);
    this.poller = new Poller(async () => {
      try {
        this.jobs = await api.jobs();
        this.listError = null;
      } catch (e) {
        this.listError = (e as Error).message;
      }
      if (this.loadedIn === null) this.loadedIn = performance.now() - started;
      update();
      return true;
    }, 2000);
    this.poller.start();
  }

  stop(): void {
    this.poller.stop();
  }

  private pick(file: File | undefined): void {
    this.file = file ?? null;
    this.uploaded = null;
    update();
  }

  private async submit(form: HTMLFormElement): Promise<void> {
    const data = new FormData(form);
    const url = String(data.get("url") ?? "").trim();
    if (!this.file && !url) {
      this.error = "Choose a video file or paste a URL.";
      return update();
    }
    this.busy = true;
    this.error = null;
    update();
    try {
      let video: unknown = { type: "url", url };
      if (this.file) {
        const upload = (await api.directUpload(this.file)).data;
        await putFile(upload.upload_url, upload.upload_headers, this.file, (f) => ((this.uploaded = f), update()));
        await api.completeUpload(upload.asset_id);
        video = { type: "asset_id", asset_id: upload.asset_id };
      }
      const language = String(data.get("language") ?? "");
      const prompt = String(data.get("prompt") ?? "").trim();
      const created = await api.create({
        video,
        title: String(data.get("title") ?? "").trim() || this.file?.name || undefined,
        input_language: language || undefined,
        output_settings: {
          duration_types: data.getAll("durations").map(String),
          aspect_ratio: String(data.get("ratio")),
          caption_style: String(data.get("caption_style")),
          prompt: prompt || undefined,
        },
      });
      location.hash = `#/jobs/${created.data.ai_clipping_id}`;
    } catch (e) {
      this.error = explain(e);
    } finally {
      this.busy = false;
      update();
    }
  }

  view() {
    return html`
      <div class="columns">
        <section class="card" aria-labelledby="new-job">
          <h1 id="new-job">New clips</h1>
          ${this.form()}
        </section>
        <section class="card wide" aria-labelledby="jobs-title">
          <h2 id="jobs-title">Jobs</h2>
          ${this.listError ? html`<p class="error" role="alert">${this.listError}</p>` : nothing}
          ${this.jobs === null ? html`<p>Loading…</p>` : this.list(this.jobs)}
          ${this.loadedIn !== null ? html`<p class="muted" data-testid="list-loaded" data-ms=${this.loadedIn.toFixed(0)}></p>` : nothing}
        </section>
      </div>
    `;
  }

  private form() {
    const drop = (e: DragEvent) => {
      e.preventDefault();
      this.pick(e.dataTransfer?.files[0]);
    };
    const styles = this.options?.caption_styles ?? ["bold"];
    return html`
      <form @submit=${(e: Event) => (e.preventDefault(), this.submit(e.target as HTMLFormElement))}>
        <div class="drop" @dragover=${(e: Event) => e.preventDefault()} @drop=${drop}>
          <label for="file">Video file</label>
          <input id="file" type="file" accept="video/*" @change=${(e: Event) => this.pick((e.target as HTMLInputElement).files?.[0])} />
          <p class="muted">or drop it here${this.file ? html` — <strong>${this.file.name}</strong>` : nothing}</p>
          ${this.uploaded !== null
            ? html`<progress aria-label="Upload progress" max="1" value=${this.uploaded}></progress>
                <span data-testid="upload-percent">${Math.round(this.uploaded * 100)}%</span>`
            : nothing}
        </div>
        <label for="url">or a video URL</label>
        <input id="url" name="url" type="url" placeholder="https://…" />
        <label for="title">Title</label>
        <input id="title" name="title" type="text" />
        <fieldset>
          <legend>Clip lengths</legend>
          ${DURATIONS.map(
            (d) => html`<label class="inline"><input type="checkbox" name="durations" value=${d} ?checked=${d === "30" || d === "60"} />
              ${d === "long" ? "3–10 min" : `~${d} s`}</label>`,
          )}
        </fieldset>
        <label for="ratio">Ratio</label>
        <select id="ratio" name="ratio">${RATIOS.map((r) => html`<option value=${r}>${r}</option>`)}</select>
        <label for="caption_style">Caption style</label>
        <select id="caption_style" name="caption_style">
          ${styles.map((s) => html`<option value=${s} ?selected=${s === "bold"}>${s}</option>`)}
        </select>
        <label for="prompt">What to look for (optional)</label>
        <input id="prompt" name="prompt" type="text" maxlength="500" placeholder="e.g. the pricing discussion" />
        <label for="language">Spoken language</label>
        <select id="language" name="language">
          <option value="">detect</option>
          ${["en", "es", "fr", "de", "it", "pt", "nl", "ja", "zh"].map((l) => html`<option value=${l}>${l}</option>`)}
        </select>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
        <button type="submit" ?disabled=${this.busy}>${this.busy ? "Starting…" : "Find clips"}</button>
      </form>
    `;
  }

  private list(jobs: Job[]) {
    if (jobs.length === 0) return html`<p>No jobs yet.</p>`;
    const act = async (what: Promise<unknown>) => {
      try {
        await what;
      } catch (e) {
        this.listError = (e as Error).message;
      }
      update();
    };
    return html`<ul class="jobs" aria-label="Jobs">
      ${jobs.map(
        (j) => html`<li class="job" data-status=${j.status} data-job=${j.id}>
          <a href="#/jobs/${j.id}">${j.title ?? j.id}</a>
          <span class="status ${j.status}">${stageLabel(j.status, j.stage, j.progress)}</span>
          ${j.status === "running" || j.status === "pending"
            ? html`<progress aria-label="Progress of ${j.title ?? j.id}" max="100" value=${j.progress}></progress>`
            : nothing}
          <span class="muted">${j.status === "completed" ? `${j.clip_count} clips · ` : ""}${when(j.created_at)}</span>
          ${j.failure_message ? html`<span class="error">${j.failure_message}</span>` : nothing}
          ${j.status === "running" || j.status === "pending"
            ? html`<button class="small" @click=${() => act(api.cancel(j.id))}>Cancel</button>`
            : html`<button class="small" @click=${() => act(api.retry(j.id))}>Retry</button>`}
        </li>`,
      )}
    </ul>`;
  }
}
