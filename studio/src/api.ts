// The server, as the page calls it: v3's endpoints for what the page does (upload,
// start, cancel, export) and /studio/api for what it reads. The key lives in this tab's
// sessionStorage only.

const KEY = "reelcut.key";

export function key(): string | null {
  return sessionStorage.getItem(KEY);
}
export function signIn(value: string): void {
  sessionStorage.setItem(KEY, value.trim());
}
export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

/** An error as the API put it: its message, and the field it names. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly param?: string,
  ) {
    super(message);
  }
}

/** An error for the page to show: the API's message, naming its field. */
export function explain(e: unknown): string {
  return e instanceof ApiError && e.param ? `${e.message} (${e.param})` : (e as Error).message;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Authorization: `Bearer ${key() ?? ""}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const error = json?.error ?? {};
    throw new ApiError(error.message ?? `${response.status} ${response.statusText}`, response.status, error.param ?? undefined);
  }
  return json as T;
}

export interface Job {
  id: string;
  title: string | null;
  status: "pending" | "running" | "completed" | "failed" | "cancelled";
  stage: string | null;
  progress: number;
  created_at: number;
  source_duration: number | null;
  failure_message: string | null;
  clip_count: number;
}

export interface Clip {
  id: string;
  /** The clip's number in its job, from 1 (an export's clip keeps its original's). */
  index: number;
  /** Its position among the job's clips, from 0: what exports name. */
  position: number;
  status: string;
  start: number;
  end: number;
  duration: number;
  duration_type: string;
  aspect_ratio: string | null;
  width: number;
  height: number;
  title: string;
  score: number;
  sub_scores: Record<string, number>;
  reason: string;
  transcript: string;
  hooks: Record<string, string>;
  hook_text: string | null;
  tags: string[];
  description: string;
  favorite: boolean;
  video_url: string | null;
  thumbnail_url: string | null;
  srt_url: string | null;
  vtt_url: string | null;
}

export interface Export {
  id: string;
  status: Job["status"];
  progress: number;
  stage: string | null;
  created_at: number;
  failure_message: string | null;
  options: { clips?: number[] | null; frame?: unknown; trims?: { clip: number; start: number; end: number }[] };
  clips: Clip[];
}

export interface JobDetail {
  job: Job;
  clips: Clip[];
  exports: Export[];
}

export interface Word {
  text: string;
  start: number;
  end: number;
  sentence_end: boolean;
}

export interface Options {
  caption_styles: string[];
  hook_tones: string[];
  translations: string[];
}

export interface ExportRequest {
  clip_indices: number[];
  aspect_ratio: string;
  resolution: string;
  layout: string;
  captions: boolean;
  caption_style?: string;
  caption_display?: string;
  target_language?: string;
  hook?: { style: string };
  trims?: { clip_index: number; start: number; end: number }[];
}

export const api = {
  login: (token: string) => call<{ key: string; workspace: string }>("POST", "/studio/api/login", { token }),
  options: () => call<Options>("GET", "/studio/api/options"),
  jobs: (limit = 100) => call<Job[]>("GET", `/studio/api/jobs?limit=${limit}`),
  job: (id: string) => call<JobDetail>("GET", `/studio/api/jobs/${encodeURIComponent(id)}`),
  words: (id: string, index: number) =>
    call<{ start: number; end: number; words: Word[] }>("GET", `/studio/api/jobs/${encodeURIComponent(id)}/clips/${index}/words`),
  favorite: (clipId: string, favorite: boolean) => call<Clip>("PUT", `/studio/api/clips/${encodeURIComponent(clipId)}/favorite`, { favorite }),
  retry: (id: string) => call<Job>("POST", `/studio/api/jobs/${encodeURIComponent(id)}/retry`),
  cancel: (id: string) => call<unknown>("POST", `/v3/ai-clipping/${encodeURIComponent(id)}/cancel`),
  create: (body: unknown) => call<{ data: { ai_clipping_id: string } }>("POST", "/v3/ai-clipping", body),
  export: (id: string, body: ExportRequest) =>
    call<{ data: { export_id: string } }>("POST", `/v3/ai-clipping/${encodeURIComponent(id)}/exports`, body),
  directUpload: (file: File) =>
    call<{ data: { asset_id: string; upload_url: string; upload_headers: Record<string, string> } }>("POST", "/v3/assets/direct-uploads", {
      filename: file.name,
      content_type: file.type || "video/mp4",
      size_bytes: file.size,
    }),
  completeUpload: (assetId: string) => call<unknown>("POST", `/v3/assets/${encodeURIComponent(assetId)}/complete`, {}),
};

/** PUTs the file to its signed URL, reporting progress (0–1). */
export function putFile(url: string, headers: Record<string, string>, file: File, progress: (fraction: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => e.lengthComputable && progress(e.loaded / e.total);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let message = `upload failed (${xhr.status})`;
      try {
        message = JSON.parse(xhr.responseText).error.message ?? message;
      } catch {
        /* not JSON: keep the status line */
      }
      reject(new ApiError(message, xhr.status, "file"));
    };
    xhr.onerror = () => reject(new ApiError("the upload was interrupted", 0, "file"));
    xhr.send(file);
  });
}
