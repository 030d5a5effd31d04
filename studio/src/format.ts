// Small shared formatting for every screen.

export function seconds(value: number): string {
  value = Math.round(value * 10) / 10;
  const m = Math.floor(value / 60);
  const s = value - m * 60;
  return m > 0 ? `${m}:${s.toFixed(1).padStart(4, "0")}` : `${s.toFixed(1)} s`;
}

export function when(ms: number): string {
  return new Date(ms).toLocaleString();
}

export function stageLabel(status: string, stage: string | null, progress: number): string {
  if (status === "running") return `${stage ?? "starting"} · ${progress}%`;
  return status;
}

/** Runs `tick` every `ms` until stopped; one tick at a time. */
export class Poller {
  private timer: number | null = null;
  private stopped = false;
  constructor(
    private readonly tick: () => Promise<boolean>,
    private readonly ms = 1500,
  ) {}
  start(): void {
    const run = async () => {
      if (this.stopped) return;
      const again = await this.tick().catch(() => true);
      if (again && !this.stopped) this.timer = window.setTimeout(run, this.ms);
    };
    void run();
  }
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
  }
}
