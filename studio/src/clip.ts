// One clip: the player (captions burned in, the SRT/VTT as a track to toggle), its
// score with the named sub-scores and the reason, title, hooks, tags and transcript,
// favourite, downloads — and the editor: trim on the timeline, another ratio, layout,
// caption look, second language or hook, re-exported beside the original.

import { html, nothing } from "lit-html";
import { api, explain, type Clip, type Export, type JobDetail, type Options } from "./api";
import { Poller, seconds, stageLabel } from "./format";
import { update, type Screen } from "./main";
import { Trim } from "./timeline";

const RATIOS = ["portrait", "square", "4:5", "landscape", "original"];
const LAYOUTS = ["auto", "fill", "fit", "split", "pip", "screen_first", "grid"];
const RESOLUTIONS = ["480p", "720p", "1080p", "1440p", "2160p"];

export class ClipScreen implements Screen {
  detail: JobDetail | null = null;
  options: Options | null = null;
  trim: Trim | null = null;
  captionsTrack = false;
  message: string | null = null;
  error: string | null = null;
  exporting = false;
  private poller: Poller;

  constructor(
    readonly jobId: string,
    readonly index: number,
  ) {
    api.options().then((o) => ((this.options = o), update())).catch(() => undefined);
    this.poller = this.watch();
  }

  /** Reloads the job (and so its versions) while an export of this clip is running. */
  private watch(): Poller {
    const poller = new Poller(async () => {
      try {
        this.detail = await api.job(this.jobId);
      } catch (e) {
        this.error = explain(e);
      }
      if (!this.trim && this.clip) void this.loadTrim(this.clip);
      update();
      return this.versions().some((e) => e.status === "pending" || e.status === "running");
    });
    poller.start();
    return poller;
  }

  stop(): void {
    this.poller.stop();
  }

  get clip(): Clip | undefined {
    return this.detail?.clips.find((c) => c.index === this.index);
  }

  /** Exports that drew this clip, newest first. */
  versions(): Export[] {
    const position = this.clip?.position;
    return (this.detail?.exports ?? []).filter((e) => !e.options.clips || (position !== undefined && e.options.clips.includes(position)));
  }

  private async loadTrim(clip: Clip): Promise<void> {
    const words = await api.words(this.jobId, this.index);
    this.trim = new Trim(words.words, { start: words.start, end: words.end }, () => {
      update();
      this.trim?.draw(document.querySelector<HTMLCanvasElement>("canvas.wave"));
    });
    update();
    this.trim.draw(document.querySelector<HTMLCanvasElement>("canvas.wave"));
    if (clip.video_url) void this.trim.loadPeaks(clip.video_url);
  }

  private async favorite(clip: Clip): Promise<void> {
    const updated = await api.favorite(clip.id, !clip.favorite);
    clip.favorite = updated.favorite;
    update();
  }

  private async copy(text: string, what: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.message = `${what} copied.`;
    } catch {
      this.message = `Copy failed: select the ${what.toLowerCase()} and copy it.`;
    }
    update();
  }

  private async reexport(form: HTMLFormElement): Promise<void> {
    const position = this.clip!.position;
    const data = new FormData(form);
    const captions = data.get("captions") === "on";
    const language = String(data.get("language") ?? "");
    const hook = String(data.get("hook") ?? "");
    this.exporting = true;
    this.error = null;
    update();
    try {
      await api.export(this.jobId, {
        clip_indices: [position],
        aspect_ratio: String(data.get("ratio")),
        resolution: String(data.get("resolution")),
        layout: String(data.get("layout")),
        captions,
        caption_style: captions ? String(data.get("caption_style")) : undefined,
        caption_display: language ? "both" : undefined,
        target_language: language || undefined,
        hook: hook ? { style: hook } : undefined,
        trims: this.trim?.trimmed ? [{ clip_index: position, start: this.trim.start, end: this.trim.end }] : undefined,
      });
      this.message = "Export started: the new version appears below.";
      this.poller.stop();
      this.poller = this.watch();
    } catch (e) {
      this.error = explain(e);
    } finally {
      this.exporting = false;
      update();
    }
  }

  view() {
    const clip = this.clip;
    if (!this.detail) return this.error ? html`<p class="error" role="alert">${this.error}</p>` : html`<p>Loading…</p>`;
    if (!clip) return html`<p class="error" role="alert">This job has no clip ${this.index}.</p>`;
    const job = this.detail.job;
    return html`
      <nav aria-label="Breadcrumb"><a href="#/">Jobs</a> › <a href="#/jobs/${job.id}">${job.title ?? job.id}</a> › clip ${clip.index}</nav>
      <div class="columns">
        <section class="card player" aria-label="Player">
          <video data-testid="clip-video" controls playsinline preload="metadata" src=${clip.video_url ?? ""} crossorigin="anonymous">
            ${this.captionsTrack && clip.vtt_url
              ? html`<track kind="subtitles" srclang="en" label="Transcript" src=${clip.vtt_url} default />`
              : nothing}
          </video>
          <label class="inline"><input type="checkbox" .checked=${this.captionsTrack}
            @change=${(e: Event) => ((this.captionsTrack = (e.target as HTMLInputElement).checked), update())} />
            Show the subtitles as a track (captions are also burned in)</label>
          <p class="downloads">
            Download: <a href=${clip.video_url ?? "#"} download>MP4</a>
            <a href=${clip.srt_url ?? "#"} download>SRT</a>
            <a href=${clip.vtt_url ?? "#"} download>VTT</a>
          </p>
        </section>
        <section class="card wide" aria-labelledby="clip-title">${this.about(clip)}</section>
      </div>
      ${this.editor()}
      ${this.versionsView(clip)}
    `;
  }

  private about(clip: Clip) {
    return html`
      <h1 id="clip-title">${clip.title}</h1>
      <p><span class="score big" aria-label="Virality score ${clip.score} of 100">${clip.score}</span>
        ${seconds(clip.duration)} · ${clip.duration_type} s type · from ${seconds(clip.start)} to ${seconds(clip.end)}</p>
      <button data-testid="favorite" aria-pressed=${clip.favorite ? "true" : "false"} @click=${() => this.favorite(clip)}>
        ${clip.favorite ? "★ Favourite" : "☆ Mark as favourite"}</button>
      <button class="secondary" @click=${() => this.copy(clip.title, "Title")}>Copy title</button>
      <button class="secondary" @click=${() => this.copy(clip.description, "Description")}>Copy description</button>
      ${this.message ? html`<p role="status">${this.message}</p>` : nothing}
      <h2>Why it scored ${clip.score}</h2>
      <p>${clip.reason}</p>
      <dl class="bars">
        ${Object.entries(clip.sub_scores).map(
          ([name, value]) => html`<dt>${name.replace("_", " ")}</dt>
            <dd><meter min="0" max="100" value=${value} aria-label="${name} ${Math.round(value)}"></meter> ${Math.round(value)}</dd>`,
        )}
      </dl>
      <h2>Hooks</h2>
      <ul>${Object.entries(clip.hooks).filter(([, t]) => t).map(([kind, text]) => html`<li><strong>${kind}:</strong> ${text}</li>`)}</ul>
      <p class="tags">${clip.tags.map((t) => html`<span class="tag">#${t}</span>`)}</p>
      <details><summary>Transcript</summary><p>${clip.transcript}</p></details>
    `;
  }

  private editor() {
    const styles = this.options?.caption_styles ?? ["bold"];
    const tones = this.options?.hook_tones ?? [];
    const languages = this.options?.translations ?? [];
    return html`
      <section class="card" aria-labelledby="edit-title">
        <h2 id="edit-title">Edit and re-export</h2>
        <form @submit=${(e: Event) => (e.preventDefault(), this.reexport(e.target as HTMLFormElement))}>
          ${this.trim ? this.trim.view() : html`<p>Loading the words…</p>`}
          <div class="grid">
            ${select("ratio", "Ratio", RATIOS, "portrait")} ${select("resolution", "Resolution", RESOLUTIONS, "1080p")}
            ${select("layout", "Layout", LAYOUTS, "auto")} ${select("caption_style", "Caption style", styles, "bold")}
            ${select("hook", "Hook", ["", ...tones], "", "none")}
            ${select("language", "Second caption language", ["", ...languages], "", "none")}
          </div>
          <label class="inline"><input type="checkbox" name="captions" checked /> Burn captions in</label>
          ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
          <button type="submit" ?disabled=${this.exporting}>${this.exporting ? "Starting…" : "Re-export"}</button>
        </form>
      </section>
    `;
  }

  private versionsView(clip: Clip) {
    const versions = this.versions();
    if (!versions.length) return nothing;
    return html`<section class="card" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <ul class="versions">
        ${versions.map((e) => {
          const drawn = e.clips.find((c) => c.index === clip.index);
          return html`<li data-export=${e.id} data-status=${e.status}>
            <span class="status ${e.status}">${stageLabel(e.status, e.stage, e.progress)}</span>
            ${e.failure_message ? html`<span class="error">${e.failure_message}</span>` : nothing}
            ${drawn?.video_url
              ? html`<video data-testid="export-video" controls playsinline preload="metadata" src=${drawn.video_url}></video>
                  <span class="muted">${drawn.aspect_ratio} · ${drawn.width}×${drawn.height} · ${seconds(drawn.duration)}
                    (${seconds(drawn.start)}–${seconds(drawn.end)} of the video)</span>
                  <a href=${drawn.video_url} download>MP4</a>`
              : nothing}
          </li>`;
        })}
      </ul>
    </section>`;
  }
}

function select(name: string, label: string, values: string[], chosen: string, blank = "") {
  return html`<label>${label}
    <select name=${name}>
      ${values.map((v) => html`<option value=${v} ?selected=${v === chosen}>${v || blank}</option>`)}
    </select></label>`;
}
