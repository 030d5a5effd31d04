// The studio in a real browser (playwright-core driving Debian's Chromium) against a
// real `reelcut serve` with a real worker (scripts/studio-test.sh starts both):
//   sign in → upload a talk → watch progress → open the best clip → play it to the end
//   → favourite → trim 2 s off the start → re-export as 1:1 → the new export plays,
// at a desktop and at a phone viewport; axe-core on every screen (no serious or
// critical violations); no console errors; and the job list of a workspace with 100
// jobs drawn in under a second. Screenshots of each step go to $STUDIO_SHOTS.
//
// Environment (test-only, so not REELCUT_ names): STUDIO_URL, STUDIO_KEY, STUDIO_VIDEO,
// STUDIO_LOGIN_URL (the link the working server printed),
// STUDIO_BUSY_URL + STUDIO_BUSY_KEY (a server holding 100 jobs), STUDIO_SHOTS.

import { chromium } from "playwright-core";
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const env = (name) => process.env[name] ?? assert.fail(`${name} is not set`);
const BASE = env("STUDIO_URL");
const KEY = env("STUDIO_KEY");
const VIDEO = env("STUDIO_VIDEO");
const SHOTS = env("STUDIO_SHOTS");
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
mkdirSync(SHOTS, { recursive: true });

const VIEWPORTS = [
  { name: "desktop", viewport: { width: 1280, height: 900 } },
  { name: "phone", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--autoplay-policy=no-user-gesture-required"],
});
const results = [];
try {
  results.push(await loginLink());
  for (const device of VIEWPORTS) results.push(await journey(device));
  results.push(await busyList());
} finally {
  await browser.close();
}
console.log(JSON.stringify(results, null, 2));

/** The whole journey at one viewport. */
async function journey({ name, ...options }) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = watchConsole(page);
  const shot = (step) => page.screenshot({ path: `${SHOTS}/${name}-${step}.png`, fullPage: true });
  const violations = [];
  const started = Date.now();

  await page.goto(BASE);
  await accessible(page, violations, "sign-in");
  await shot("01-sign-in");
  await page.getByLabel("API key").fill(KEY);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "New clips" }).waitFor();
  await accessible(page, violations, "start");

  await page.setInputFiles("#file", VIDEO);
  await page.getByLabel("Title").fill(`Studio test talk (${name})`);
  await shot("02-start");
  await page.getByRole("button", { name: "Find clips" }).click();
  await page.waitForURL(/#\/jobs\/[^/]+$/, { timeout: 120_000 });
  const jobId = page.url().split("/").pop();

  // Progress as the page shows it, until the job completes.
  const stages = new Set();
  const status = page.getByTestId("job-status");
  for (let i = 0; ; i++) {
    const text = (await status.textContent()) ?? "";
    stages.add(text.replace(/ · \d+%$/, ""));
    if (i === 2) await shot("03-progress");
    if (text === "completed") break;
    assert.ok(!/failed|cancelled/.test(text), `the job ended ${text}`);
    assert.ok(Date.now() - started < 15 * 60_000, "the job took over 15 minutes");
    await page.waitForTimeout(1000);
  }
  await page.locator(".clip-card").first().waitFor();
  await accessible(page, violations, "job");
  await shot("04-clips");

  // The best clip (the list is sorted by score).
  await page.locator(".clip-card a").first().click();
  const video = page.getByTestId("clip-video");
  await video.waitFor();
  await page.locator("canvas.wave").waitFor();
  await accessible(page, violations, "clip");
  await shot("05-clip");
  const played = await playToEnd(video);

  await page.getByTestId("favorite").click();
  await page.waitForSelector('[data-testid="favorite"][aria-pressed="true"]');
  await page.reload();
  await page.waitForSelector('[data-testid="favorite"][aria-pressed="true"]');
  await shot("06-favourite");

  // Trim 2 s off the start, snapping to words, and re-export square.
  await page.getByLabel("Snap to whole sentences").uncheck();
  const before = await page.getByTestId("trim-summary").textContent();
  await page.getByLabel("Start in seconds").fill("2");
  await page.getByLabel("Start in seconds").dispatchEvent("change");
  await page.waitForFunction((b) => document.querySelector('[data-testid="trim-summary"]').textContent !== b, before);
  const trimmedStart = Number(await page.getByLabel("Start in seconds").inputValue());
  assert.ok(trimmedStart > 1.2 && trimmedStart < 3, `the start snapped to ${trimmedStart} s`);
  await page.locator('select[name="ratio"]').selectOption("square");
  await page.locator('select[name="resolution"]').selectOption("480p");
  await shot("07-trim");
  await page.getByRole("button", { name: "Re-export" }).click();
  const version = page.locator('.versions li[data-status="completed"]').first();
  await version.waitFor({ timeout: 10 * 60_000 });
  const exported = page.getByTestId("export-video").first();
  const size = await exported.evaluate(async (v) => {
    if (v.readyState < 1) await new Promise((r) => v.addEventListener("loadedmetadata", r, { once: true }));
    return { width: v.videoWidth, height: v.videoHeight, duration: v.duration };
  });
  assert.equal(size.width, size.height, "the export is square");
  assert.ok(Math.abs(played.duration - trimmedStart - size.duration) < 0.6,
    `the export lasts ${size.duration} s; the clip ${played.duration} s less the ${trimmedStart} s trimmed`);
  await accessible(page, violations, "versions");
  await shot("08-export");
  const exportPlayed = await playToEnd(exported);

  await context.close();
  assert.deepEqual(violations, [], "serious accessibility violations");
  assert.deepEqual(errors, [], "console errors");
  return { viewport: name, jobId, stages: [...stages], clip: played, trimmedStart, export: { ...size, ended: exportPlayed.ended },
           seconds: Math.round((Date.now() - started) / 1000) };
}

/** `reelcut serve`'s login link signs in once; opened again it asks for a key. */
async function loginLink() {
  const link = env("STUDIO_LOGIN_URL");
  const first = await browser.newContext();
  const page = await first.newPage();
  const errors = watchConsole(page);
  await page.goto(link);
  await page.getByRole("heading", { name: "New clips" }).waitFor();
  assert.ok(!page.url().includes("login="), "the token leaves the address bar");
  await page.screenshot({ path: `${SHOTS}/login-link.png` });
  await first.close();
  const second = await browser.newContext();
  const again = await second.newPage();
  const failed = [];
  again.on("console", (m) => m.type() === "error" && failed.push(m.text()));
  await again.goto(link);
  await again.getByRole("alert").filter({ hasText: "login link has been used" }).waitFor();
  await again.getByLabel("API key").waitFor();
  await second.close();
  assert.deepEqual(errors, []);
  // The refused exchange is a 401 the browser itself logs; nothing else may appear.
  assert.ok(failed.every((m) => m.includes("401")), failed.join("\n"));
  return { loginLink: { firstUse: "signed in", secondUse: "refused" } };
}

/** The job list with 100 jobs: time from navigation to all rows drawn. */
async function busyList() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript((key) => sessionStorage.setItem("reelcut.key", key), env("STUDIO_BUSY_KEY"));
  const page = await context.newPage();
  const errors = watchConsole(page);
  const times = [];
  for (let run = 0; run < 3; run++) {
    await page.goto(`${env("STUDIO_BUSY_URL")}/?run=${run}`);
    await page.waitForFunction(() => document.querySelectorAll(".job").length === 100);
    times.push(await page.evaluate(() => performance.now()));
  }
  await page.screenshot({ path: `${SHOTS}/busy-list.png` });
  const violations = [];
  await accessible(page, violations, "busy list");
  await context.close();
  assert.deepEqual(errors, []);
  assert.deepEqual(violations, []);
  const worst = Math.max(...times);
  assert.ok(worst < 1000, `100 jobs drawn in ${worst} ms`);
  return { busyList: { jobs: 100, ms: times.map(Math.round) } };
}

function watchConsole(page) {
  const errors = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}

/** Plays a video element (muted, at 4× so the test does not wait the clip's length). */
async function playToEnd(video) {
  return video.evaluate(async (v) => {
    v.muted = true;
    v.playbackRate = 4;
    const ended = new Promise((r) => v.addEventListener("ended", r, { once: true }));
    await v.play();
    await ended;
    return { ended: v.ended, duration: v.duration, width: v.videoWidth, height: v.videoHeight };
  }, null, { timeout: 120_000 });
}

async function accessible(page, violations, screen) {
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => (await window.axe.run(document)).violations);
  for (const v of found.filter((v) => v.impact === "serious" || v.impact === "critical")) {
    violations.push(`${screen}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  }
}
