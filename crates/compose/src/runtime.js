// reelcut's HyperFrames runtime. Installed before any page script runs
// (Page.addScriptToEvaluateOnNewDocument); the renderer drives it through
// window.__reelcut: init() → finalize() → attachFrames() → seek(t) per frame (whether it may
// have changed a pixel); overflow() once a second of video.
//
// Why it is in the page and not in Rust: timing depends on the live DOM (nested
// compositions are inlined from <template>s, relative starts refer to other clips), and
// GSAP timelines, CSS animations and WAAPI can only be seeked from inside the page.
//
// __RC_VARIABLES__ is replaced by the renderer with the caller's variables (JSON).
(() => {
  "use strict";
  const CALLER_VARIABLES = __RC_VARIABLES__;
  // A fixed wall clock at t = 0 (2026-01-01T00:00:00Z), so `new Date()` is the same in
  // every render and every frame at the same t.
  const EPOCH_MS = 1767225600000;
  const EPS = 1e-6;
  let nowMs = 0;

  // ---- frozen clock -------------------------------------------------------------------
  const RealDate = Date;
  function FrozenDate(...args) {
    if (!new.target) return new RealDate(EPOCH_MS + nowMs).toString();
    return args.length === 0 ? new RealDate(EPOCH_MS + nowMs) : new RealDate(...args);
  }
  FrozenDate.prototype = RealDate.prototype;
  FrozenDate.now = () => EPOCH_MS + nowMs;
  FrozenDate.parse = RealDate.parse;
  FrozenDate.UTC = RealDate.UTC;
  window.Date = FrozenDate;
  Object.defineProperty(performance, "now", { value: () => nowMs, configurable: true });

  // requestAnimationFrame runs on seek, with the frozen time (in a begin-frame-controlled
  // tab it would otherwise only run when a frame is issued).
  let rafQueue = [];
  let nextId = 1;
  window.requestAnimationFrame = (cb) => { const id = nextId++; rafQueue.push([id, cb]); return id; };
  window.cancelAnimationFrame = (id) => { rafQueue = rafQueue.filter(([i]) => i !== id); };
  // Timers run on composition time too, so a script that animates with setTimeout is
  // as deterministic as one that uses GSAP.
  const realSetTimeout = window.setTimeout.bind(window);
  let timers = [];
  const addTimer = (cb, delay, args, every) => {
    const id = nextId++;
    const d = Math.max(0, Number(delay) || 0);
    timers.push({ id, due: nowMs + d, cb, args, every: every ? Math.max(1, d) : 0 });
    return id;
  };
  window.setTimeout = (cb, delay, ...args) => addTimer(cb, delay, args, false);
  window.setInterval = (cb, delay, ...args) => addTimer(cb, delay, args, true);
  window.clearTimeout = window.clearInterval = (id) => { timers = timers.filter((t) => t.id !== id); };
  function runTimers() {
    for (let guard = 0; guard < 10000; guard++) {
      timers.sort((a, b) => a.due - b.due || a.id - b.id);
      const t = timers[0];
      if (!t || t.due > nowMs + EPS) return;
      if (t.every) t.due += t.every; else timers.shift();
      try { typeof t.cb === "function" ? t.cb(...t.args) : null; } catch (e) { console.error(e); }
    }
  }

  // Media is driven by the renderer, never by page scripts.
  HTMLMediaElement.prototype.play = function () { return Promise.resolve(); };

  // ---- variables ------------------------------------------------------------------------
  window.__timelines = window.__timelines || {};
  const rootEl = () => document.querySelector("[data-composition-id]");
  function declaredVariables() {
    const el = rootEl();
    const raw = el && el.getAttribute("data-composition-variables");
    if (!raw) return [];
    try { const v = JSON.parse(raw); return Array.isArray(v) ? v : []; } catch (_) { return []; }
  }
  function variables() {
    const out = {};
    for (const v of declaredVariables()) if (v && v.id) out[v.id] = v.default;
    return Object.assign(out, CALLER_VARIABLES);
  }
  window.__hyperframes = Object.assign(window.__hyperframes || {}, { getVariables: variables });

  function applyVariables() {
    const vars = variables();
    for (const [id, value] of Object.entries(vars)) {
      if (value === null || typeof value === "object") continue;
      document.documentElement.style.setProperty("--" + id, String(value));
    }
    for (const el of document.querySelectorAll("[data-var-text]")) {
      const v = vars[el.getAttribute("data-var-text")];
      if (v !== undefined && v !== null) el.textContent = String(v);
    }
    for (const el of document.querySelectorAll("[data-var-src]")) {
      const v = vars[el.getAttribute("data-var-src")];
      if (v !== undefined && v !== null) el.setAttribute("src", String(v));
    }
  }

  // ---- nested compositions ------------------------------------------------------------
  function fetchText(url) {
    const xhr = new XMLHttpRequest();
    xhr.open("GET", url, false);
    xhr.send();
    if (xhr.status !== 200) throw new Error(`composition ${url}: HTTP ${xhr.status}`);
    return xhr.responseText;
  }
  function loadScript(old) {
    return new Promise((resolve) => {
      const s = document.createElement("script");
      for (const a of old.attributes) s.setAttribute(a.name, a.value);
      if (old.src) { s.onload = s.onerror = () => resolve(); } else { s.textContent = old.textContent; }
      old.replaceWith(s);
      if (!old.src) resolve();
    });
  }
  async function inlineCompositions() {
    for (let depth = 0; depth < 16; depth++) {
      const hosts = [...document.querySelectorAll("[data-composition-src]:not([data-rc-inlined])")];
      if (!hosts.length) return;
      for (const host of hosts) {
        host.setAttribute("data-rc-inlined", "");
        const src = host.getAttribute("data-composition-src");
        const doc = new DOMParser().parseFromString(fetchText(new URL(src, location.href).href), "text/html");
        const template = doc.querySelector("template");
        const fragment = template ? document.importNode(template.content, true) : document.importNode(doc.body, true);
        const inner = fragment.querySelector("[data-composition-id]");
        if (inner) {
          for (const a of ["data-duration", "data-width", "data-height"]) {
            if (inner.hasAttribute(a) && !host.hasAttribute("data-rc-child-" + a.slice(5))) {
              host.setAttribute("data-rc-child-" + a.slice(5), inner.getAttribute(a));
            }
          }
          // The host is the nested composition from here on: its clip timing applies,
          // and the inner root's id names the host (timelines register under it).
          inner.removeAttribute("data-start");
          host.setAttribute("data-rc-inner-id", inner.getAttribute("data-composition-id"));
          inner.removeAttribute("data-composition-id");
        }
        for (const style of doc.head.querySelectorAll("style, link[rel=stylesheet]")) {
          document.head.appendChild(document.importNode(style, true));
        }
        host.appendChild(fragment);
        for (const s of [...host.querySelectorAll("script")]) await loadScript(s);
      }
    }
  }

  // ---- timing ---------------------------------------------------------------------------
  let clips = [];        // {el, comp, start, end}
  let comps = new Map(); // composition element → {host clip or null, playbackStart}
  let media = [];        // {key, el, kind, ...}
  let duration = 0;
  let videoFrames = new Map(); // key → {img, prefix, count}

  const num = (el, name, dflt) => {
    const v = el.getAttribute(name);
    if (v === null || v.trim() === "") return dflt;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`${describe(el)}: ${name}="${v}" is not a number`);
    return n;
  };
  const describe = (el) => el.id ? `#${el.id}` : `<${el.tagName.toLowerCase()}>`;
  const compOf = (el) => {
    const parent = el.parentElement && el.parentElement.closest("[data-composition-id]");
    return parent || rootEl();
  };
  const isTimed = (el) => el !== rootEl() && (el.classList.contains("clip") || el.hasAttribute("data-composition-src")
    || ((el.tagName === "VIDEO" || el.tagName === "AUDIO") && el.hasAttribute("data-start")));

  async function init() {
    await inlineCompositions();
    applyVariables();
    const root = rootEl();
    if (!root) throw new Error("no element with data-composition-id: not a HyperFrames composition");
    // A layout starts loading every web font the text uses; a composition that sizes
    // its text waits on the same promise, so it has measured in the real faces by then.
    document.body.offsetHeight;
    await document.fonts.ready;
    media = [];
    let key = 0;
    for (const el of document.querySelectorAll("video, audio")) {
      if (!isTimed(el)) continue;
      el.pause(); el.muted = true; el.removeAttribute("autoplay");
      const src = el.getAttribute("src") || (el.querySelector("source") || { getAttribute: () => null }).getAttribute("src");
      const m = {
        key: String(key++), el, kind: el.tagName.toLowerCase(),
        src: src ? new URL(src, location.href).href : null,
        media_start: num(el, "data-media-start", 0),
        rate: Math.min(5, Math.max(0.1, num(el, "data-playback-rate", 1))),
        volume: Math.min(1, Math.max(0, num(el, "data-volume", 1))),
        has_audio: el.tagName === "AUDIO" || el.getAttribute("data-has-audio") === "true",
      };
      el.setAttribute("data-rc-media", m.key);
      media.push(m);
    }
    const fps = num(root, "data-fps", null);
    return {
      id: root.getAttribute("data-composition-id"),
      width: num(root, "data-width", null), height: num(root, "data-height", null), fps,
      media: media.map(({ el, ...m }) => m),
    };
  }

  // durations: media key → the source's length in seconds (from ffprobe).
  function finalize(durations) {
    const root = rootEl();
    const timed = [...document.querySelectorAll("*")].filter(isTimed);
    const byId = new Map(timed.filter((el) => el.id).map((el) => [el.id, el]));
    const resolved = new Map();
    const resolving = new Set();
    const ownDuration = (el) => {
      let d = num(el, "data-duration", null);
      if (d === null && el.hasAttribute("data-rc-media")) {
        const m = media[Number(el.getAttribute("data-rc-media"))];
        const src = durations[m.key];
        if (typeof src === "number") d = Math.max(0, (src - m.media_start) / m.rate);
      }
      if (d === null) d = num(el, "data-rc-child-duration", null);
      return d;
    };
    const timing = (el) => {
      if (resolved.has(el)) return resolved.get(el);
      if (resolving.has(el)) throw new Error(`${describe(el)}: data-start refers to itself through other clips`);
      resolving.add(el);
      const raw = (el.getAttribute("data-start") || "0").trim();
      let start;
      const m = /^([A-Za-z_][\w-]*)\s*(?:([+-])\s*(\d+(?:\.\d+)?))?$/.exec(raw);
      if (m && !/^\d/.test(raw)) {
        const ref = byId.get(m[1]);
        if (!ref) throw new Error(`${describe(el)}: data-start="${raw}" names no clip`);
        const r = timing(ref);
        if (!Number.isFinite(r.end)) throw new Error(`${describe(el)}: data-start="${raw}" refers to a clip without a duration`);
        const off = m[3] ? Number(m[3]) * (m[2] === "-" ? -1 : 1) : 0;
        start = r.end + off;
      } else {
        start = Number(raw);
        if (!Number.isFinite(start)) throw new Error(`${describe(el)}: data-start="${raw}" is neither seconds nor a clip id`);
      }
      const d = ownDuration(el);
      const t = { start, end: d === null ? Infinity : start + d };
      resolving.delete(el);
      resolved.set(el, t);
      return t;
    };
    clips = timed.map((el) => ({ el, comp: compOf(el), ...timing(el) }));
    comps = new Map([[root, { host: null, playbackStart: 0 }]]);
    for (const c of clips) {
      if (c.el.hasAttribute("data-composition-id")) {
        comps.set(c.el, { host: c, playbackStart: num(c.el, "data-playback-start", 0) });
      }
    }
    duration = num(root, "data-duration", null);
    if (duration === null) {
      const ends = clips.filter((c) => c.comp === root && Number.isFinite(c.end)).map((c) => c.end);
      if (!ends.length) throw new Error("the composition has no data-duration and no clip with a known end");
      duration = Math.max(...ends);
    }
    for (const c of clips) if (!Number.isFinite(c.end)) c.end = Math.max(c.start, duration + 1e9);
    return {
      duration,
      clips: clips.filter((c) => c.el.id).map((c) => ({ id: c.el.id, ...globalWindow(c) })),
      media: media.map((m) => {
        const c = clips.find((c) => c.el === m.el);
        const w = globalWindow(c);
        // Where the source is at the first audible instant (a clip cut off by its
        // parent's window starts part-way in).
        const localStart = toLocal(c.comp, w.start);
        const source_start = m.media_start + Math.max(0, localStart - c.start) * m.rate;
        const { el, ...rest } = m;
        return { ...rest, start: w.start, end: w.end, source_start, local_start: c.start };
      }),
    };
  }

  // Composition-local time of global time t.
  function toLocal(comp, t) {
    const info = comps.get(comp);
    if (!info || !info.host) return t;
    return toLocal(info.host.comp, t) - info.host.start + info.playbackStart;
  }
  // The global window [start, end) in which a clip is on screen, clipped by its parents.
  function globalWindow(c) {
    let start = c.start, end = c.end, comp = c.comp;
    for (;;) {
      const info = comps.get(comp);
      if (!info || !info.host) break;
      const h = info.host;
      start = Math.max(h.start, start + h.start - info.playbackStart);
      end = Math.min(h.end, end + h.start - info.playbackStart);
      comp = h.comp;
    }
    return { start: Math.min(start, duration), end: Math.min(Math.max(start, end), duration) };
  }

  // frames: media key → {prefix, count, fps}; frame k is the source at local time k/fps.
  function attachFrames(frames) {
    for (const [key, f] of Object.entries(frames)) {
      const video = document.querySelector(`[data-rc-media="${key}"]`);
      if (!video) continue;
      const img = document.createElement("img");
      for (const a of video.attributes) if (!["src", "autoplay", "controls", "loop", "muted", "preload"].includes(a.name)) img.setAttribute(a.name, a.value);
      img.style.objectFit = getComputedStyle(video).objectFit || "contain";
      video.replaceWith(img);
      const c = clips.find((c) => c.el === video);
      if (c) c.el = img;
      videoFrames.set(key, { img, clip: c, ...f });
    }
    return true;
  }

  // Whether a seek can have changed a pixel, so an unchanged frame is not drawn and
  // encoded by the browser again: the DOM changed (GSAP writes inline styles, clips
  // show and hide, video frames swap their src — anything a script does to the page),
  // an animation's progress moved, or the page has something that changes without
  // either (a canvas, an iframe, a playing video, SVG animation, an image still
  // loading), which is then drawn every frame. Records that pile up between seeks
  // count too.
  let mutated = false;
  const mutations = new MutationObserver(() => { mutated = true; });
  let watching = false;
  const animationState = () => document.getAnimations().map((a) => {
    const timing = a.effect && a.effect.getComputedTiming ? a.effect.getComputedTiming() : {};
    return `${timing.progress}:${timing.currentIteration}`;
  }).join(",");
  const alwaysChanges = () =>
    document.querySelector("canvas, iframe, video, svg animate, svg animateTransform, svg animateMotion, svg set") !== null
    || [...document.images].some((img) => !img.complete);

  async function seek(t) {
    if (!watching) {
      mutations.observe(document.documentElement, { subtree: true, attributes: true, childList: true, characterData: true });
      watching = true;
    }
    const before = animationState();
    nowMs = t * 1000;
    for (const c of clips) {
      const local = toLocal(c.comp, t);
      const on = local >= c.start - EPS && local < c.end - EPS;
      if (on === c.el.hasAttribute("data-rc-off")) {
        if (on) c.el.removeAttribute("data-rc-off"); else c.el.setAttribute("data-rc-off", "");
      }
    }
    for (const [id, tl] of Object.entries(window.__timelines)) {
      if (!tl || typeof tl.seek !== "function") continue;
      const comp = [...comps.keys()].find((el) => el.getAttribute("data-composition-id") === id
        || el.getAttribute("data-rc-inner-id") === id) || rootEl();
      tl.pause();
      tl.seek(Math.max(0, toLocal(comp, t)), false);
    }
    if (window.gsap && typeof window.gsap.updateRoot === "function") window.gsap.updateRoot(t);
    for (const a of document.getAnimations()) {
      const target = a.effect && a.effect.target;
      const comp = target ? (target.closest("[data-composition-id]") || rootEl()) : rootEl();
      a.pause();
      a.currentTime = Math.max(0, toLocal(comp, t)) * 1000;
    }
    runTimers();
    const due = rafQueue; rafQueue = [];
    for (const [, cb] of due) { try { cb(nowMs); } catch (e) { console.error(e); } }
    const loads = [];
    for (const f of videoFrames.values()) {
      if (!f.clip) continue;
      const local = toLocal(f.clip.comp, t) - f.clip.start;
      const k = Math.min(f.count - 1, Math.max(0, Math.round(local * f.fps)));
      const src = `${f.prefix}${String(k).padStart(6, "0")}.jpg`;
      if (f.img.getAttribute("src") !== src) {
        f.img.setAttribute("src", src);
        loads.push(f.img.decode().catch(() => {}));
      }
    }
    await Promise.all(loads);
    await document.fonts.ready;
    const changed = mutations.takeRecords().length > 0 || mutated || animationState() !== before || alwaysChanges();
    mutated = false;
    return changed;
  }

  // Text that does not fit, on screen now: an element with its own text whose content
  // is wider than its box, or taller by more than a third of a line (glyphs may reach a
  // little past a tight line box; a line that does not fit is a whole line taller), or
  // whose box lies partly outside the nearest ancestor that clips. Layout positions
  // (offsetTop/Left), not painted ones, so entrance and transition transforms in
  // flight do not count.
  const clipOf = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const o = getComputedStyle(a);
      if (o.overflowX !== "visible" || o.overflowY !== "visible") return a;
    }
    return null;
  };
  // el's layout position in anc's padding box, when anc is on its offsetParent chain.
  const offsetIn = (el, anc) => {
    let x = 0, y = 0;
    for (let e = el; e; e = e.offsetParent) {
      x += e.offsetLeft; y += e.offsetTop;
      if (e.offsetParent === anc) return { x, y };
    }
    return null;
  };
  function overflow() {
    const found = [];
    for (const el of document.body.querySelectorAll("*")) {
      const text = [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
      if (!text || el.closest("[data-rc-off]") || el.clientWidth === 0) continue;
      const cs = getComputedStyle(el);
      if (cs.visibility === "hidden" || cs.display === "none") continue;
      const size = parseFloat(cs.fontSize) || 16;
      const wide = el.scrollWidth - el.clientWidth;
      const tall = el.scrollHeight - el.clientHeight;
      let outside = 0;
      const clip = clipOf(el);
      const at = clip && offsetIn(el, clip);
      if (at) {
        outside = Math.max(-at.x, -at.y, at.x + el.offsetWidth - clip.clientWidth, at.y + el.offsetHeight - clip.clientHeight, 0);
      }
      if (wide <= 1 && tall <= 0.3 * size && outside <= 1) continue;
      const name = el.id ? "#" + el.id : el.tagName.toLowerCase() + (el.className ? "." + String(el.className).trim().split(/\s+/).join(".") : "");
      found.push({ element: name, text: text.slice(0, 60), wider_px: Math.max(0, wide), taller_px: Math.max(0, tall), outside_px: outside });
    }
    return found;
  }

  // Off-screen clips: hidden, descendants included, whatever their own styles say.
  const style = document.createElement("style");
  style.textContent = "[data-rc-off], [data-rc-off] * { visibility: hidden !important; }";
  document.addEventListener("DOMContentLoaded", () => document.head.appendChild(style));

  // Frozen and not writable: a composition's own script that assigns window.__reelcut
  // (by accident or not) cannot replace what the renderer drives.
  Object.defineProperty(window, "__reelcut", {
    value: Object.freeze({ init, finalize, attachFrames, seek, overflow }),
    writable: false,
    configurable: false,
    enumerable: false,
  });
})();
