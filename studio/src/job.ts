// One job: its progress while it runs, then its clips — sorted by score, length or
// time, filtered by score range and favourites (as ScaleReach filters) — as cards.

import { html, nothing } from "lit-html";
import { api, type Clip, type JobDetail } from "./api";
import { Poller, seconds, stageLabel } from "./format";
import { update, type Screen } from "./main";

type Sort = "score" | "duration" | "time";

export class JobScreen implements Screen {
  detail: JobDetail | null = null;
  error: string | null = null;
  sort: Sort = "score";
  minScore = 0;
  maxScore = 100;
  favoritesOnly = false;
  private poller: Poller;

  constructor(readonly id: string) {
    this.poller = new Poller(async () => {
      try {
        this.detail = await api.job(id);
        this.error = null;
      } catch (e) {
        this.error = (e as Error).message;
      }
      update();
      const status = this.detail?.job.status;
      return status === "pending" || status === "running";
    });
    this.poller.start();
  }

  stop(): void {
    this.poller.stop();
  }

  private shown(clips: Clip[]): Clip[] {
    const by: Record<Sort, (a: Clip, b: Clip) => number> = {
      score: (a, b) => b.score - a.score,
      duration: (a, b) => b.duration - a.duration,
      time: (a, b) => a.start - b.start,
    };
    return clips
      .filter((c) => c.score >= this.minScore && c.score <= this.maxScore && (!this.favoritesOnly || c.favorite))
      .sort(by[this.sort]);
  }

  view() {
    if (this.error && !this.detail) return html`<p class="error" role="alert">${this.error}</p>`;
    if (!this.detail) return html`<p>Loading…</p>`;
    const { job, clips } = this.detail;
    const set = (change: () => void) => (change(), update());
    const number = (e: Event) => Number((e.target as HTMLInputElement).value);
    return html`
      <nav aria-label="Breadcrumb"><a href="#/">Jobs</a> › ${job.title ?? job.id}</nav>
      <h1>${job.title ?? job.id}</h1>
      <p class="status ${job.status}" data-testid="job-status" aria-live="polite">${stageLabel(job.status, job.stage, job.progress)}</p>
      ${job.status === "running" || job.status === "pending"
        ? html`<progress aria-label="Job progress" max="100" value=${job.progress}></progress>
            <button class="small" @click=${() => api.cancel(job.id).then(update)}>Cancel</button>`
        : nothing}
      ${job.failure_message ? html`<p class="error" role="alert">${job.failure_message}</p>` : nothing}
      ${clips.length
        ? html`
            <form class="filters" aria-label="Sort and filter clips" @submit=${(e: Event) => e.preventDefault()}>
              <label>Sort by
                <select @change=${(e: Event) => set(() => (this.sort = (e.target as HTMLSelectElement).value as Sort))}>
                  <option value="score">score</option><option value="duration">length</option><option value="time">time in video</option>
                </select></label>
              <label>Score from <input type="number" min="0" max="100" .value=${String(this.minScore)}
                @change=${(e: Event) => set(() => (this.minScore = number(e)))} /></label>
              <label>to <input type="number" min="0" max="100" .value=${String(this.maxScore)}
                @change=${(e: Event) => set(() => (this.maxScore = number(e)))} /></label>
              <label class="inline"><input type="checkbox" .checked=${this.favoritesOnly}
                @change=${(e: Event) => set(() => (this.favoritesOnly = (e.target as HTMLInputElement).checked))} /> Favourites only</label>
            </form>
            <ul class="clips" aria-label="Clips">${this.shown(clips).map((c) => card(job.id, c))}</ul>`
        : job.status === "completed"
          ? html`<p>No whole passage fitted the lengths asked for.</p>`
          : nothing}
    `;
  }
}

function card(jobId: string, clip: Clip) {
  return html`<li class="clip-card" data-index=${clip.index}>
    <a href="#/jobs/${jobId}/clips/${clip.index}">
      ${clip.thumbnail_url ? html`<img src=${clip.thumbnail_url} alt="" loading="lazy" />` : nothing}
      <span class="score" title="Virality score">${clip.score}</span>
      <strong>${clip.title}</strong>
    </a>
    <span class="muted">${seconds(clip.duration)} · from ${seconds(clip.start)}${clip.favorite ? " · ★ favourite" : ""}</span>
  </li>`;
}
