// The trim timeline: the clip's waveform (decoded in the browser from the clip's own
// MP4) with its words laid on it, and a start and an end that snap to words — or to
// whole sentences — leaving room tone around them as reelcut's own cuts do.

import { html } from "lit-html";
import type { Word } from "./api";
import { seconds } from "./format";

/** Room tone kept before the first word and after the last (as `reelcut clip` cuts). */
const LEAD = 0.15;
const TAIL = 0.18;
/** Never closer than this to a neighbouring word. */
const GUARD = 0.05;

export class Trim {
  start: number;
  end: number;
  sentences = true;
  peaks: Float32Array | null = null;

  constructor(
    readonly words: Word[],
    readonly window: { start: number; end: number },
    private readonly changed: () => void,
  ) {
    this.start = window.start;
    this.end = window.end;
  }

  get trimmed(): boolean {
    return Math.abs(this.start - this.window.start) > 0.01 || Math.abs(this.end - this.window.end) > 0.01;
  }

  /** Words that may open the clip: every word, or a sentence's first. */
  private openers(): number[] {
    return this.words.map((_, i) => i).filter((i) => !this.sentences || i === 0 || this.words[i - 1].sentence_end);
  }
  private closers(): number[] {
    return this.words.map((_, i) => i).filter((i) => !this.sentences || this.words[i].sentence_end || i === this.words.length - 1);
  }

  /** Moves the start to the opener nearest `at` (seconds into the clip's window). */
  setStart(at: number): void {
    const t = this.window.start + at;
    const lastEnd = this.closers().map((i) => this.words[i].end).filter((e) => e < this.end).pop() ?? this.end;
    const i = nearest(this.openers().filter((k) => this.words[k].start < lastEnd), (k) => this.words[k].start, t);
    if (i === null) return;
    const before = i > 0 ? this.words[i - 1].end + GUARD : this.window.start;
    this.start = round(Math.max(this.window.start, before, this.words[i].start - LEAD));
    this.changed();
  }

  setEnd(at: number): void {
    const t = this.window.start + at;
    const i = nearest(this.closers().filter((k) => this.words[k].end > this.start + 0.5), (k) => this.words[k].end, t);
    if (i === null) return;
    const after = i + 1 < this.words.length ? this.words[i + 1].start - GUARD : this.window.end;
    this.end = round(Math.min(this.window.end, after, this.words[i].end + TAIL));
    this.changed();
  }

  /** Decodes the clip's sound into `buckets` peak values (silently none if it cannot). */
  async loadPeaks(url: string, buckets = 600): Promise<void> {
    try {
      const bytes = await (await fetch(url)).arrayBuffer();
      const audio = await new OfflineAudioContext(1, 1, 44100).decodeAudioData(bytes);
      const data = audio.getChannelData(0);
      const step = Math.max(1, Math.floor(data.length / buckets));
      const peaks = new Float32Array(buckets);
      for (let b = 0; b < buckets; b++) {
        let max = 0;
        for (let i = b * step; i < Math.min(data.length, (b + 1) * step); i++) max = Math.max(max, Math.abs(data[i]));
        peaks[b] = max;
      }
      this.peaks = peaks;
      this.changed();
    } catch {
      this.peaks = null;
    }
  }

  /** Draws waveform, words and the kept span on the canvas. */
  draw(canvas: HTMLCanvasElement | null): void {
    const g = canvas?.getContext("2d");
    if (!canvas || !g) return;
    const { width, height } = canvas;
    const span = this.window.end - this.window.start;
    const x = (t: number) => ((t - this.window.start) / span) * width;
    g.clearRect(0, 0, width, height);
    g.fillStyle = "#e8ecf3";
    g.fillRect(0, 0, width, height);
    g.fillStyle = "#cfe0ff";
    g.fillRect(x(this.start), 0, x(this.end) - x(this.start), height);
    if (this.peaks) {
      g.fillStyle = "#3a4a66";
      const w = width / this.peaks.length;
      this.peaks.forEach((p, i) => g.fillRect(i * w, (height / 2) * (1 - p), Math.max(1, w - 0.5), height * p));
    }
    for (const word of this.words) {
      g.fillStyle = word.sentence_end ? "#b3261e" : "#6b7a99";
      g.fillRect(x(word.end), height - (word.sentence_end ? 14 : 6), 1.5, word.sentence_end ? 14 : 6);
    }
  }

  view() {
    const span = this.window.end - this.window.start;
    const rel = (t: number) => (t - this.window.start).toFixed(2);
    const value = (e: Event) => Number((e.target as HTMLInputElement).value);
    return html`
      <fieldset class="trim">
        <legend>Trim</legend>
        <canvas class="wave" width="900" height="80" role="img"
          aria-label="Waveform of the clip with word ends marked; the kept part is highlighted"></canvas>
        <div class="trim-row">
          <label>Start (s into the clip)
            <input type="range" min="0" max=${span.toFixed(2)} step="0.01" .value=${rel(this.start)}
              @change=${(e: Event) => this.setStart(value(e))} aria-label="Start slider" /></label>
          <input type="number" name="trim-start" aria-label="Start in seconds" min="0" max=${span.toFixed(2)} step="0.01"
            .value=${rel(this.start)} @change=${(e: Event) => this.setStart(value(e))} />
        </div>
        <div class="trim-row">
          <label>End (s into the clip)
            <input type="range" min="0" max=${span.toFixed(2)} step="0.01" .value=${rel(this.end)}
              @change=${(e: Event) => this.setEnd(value(e))} aria-label="End slider" /></label>
          <input type="number" name="trim-end" aria-label="End in seconds" min="0" max=${span.toFixed(2)} step="0.01"
            .value=${rel(this.end)} @change=${(e: Event) => this.setEnd(value(e))} />
        </div>
        <label class="inline"><input type="checkbox" .checked=${this.sentences}
          @change=${(e: Event) => ((this.sentences = (e.target as HTMLInputElement).checked), this.changed())} />
          Snap to whole sentences (otherwise to words)</label>
        <p class="muted" data-testid="trim-summary">Keeps ${seconds(this.end - this.start)} of ${seconds(span)}:
          “${this.words.filter((w) => w.start >= this.start && w.end <= this.end).map((w) => w.text).slice(0, 12).join(" ")}…”</p>
      </fieldset>
    `;
  }
}

function nearest(candidates: number[], at: (i: number) => number, t: number): number | null {
  let best: number | null = null;
  for (const i of candidates) if (best === null || Math.abs(at(i) - t) < Math.abs(at(best) - t)) best = i;
  return best;
}

function round(t: number): number {
  return Math.round(t * 1000) / 1000;
}
