//! Storyboard + narration timings → a HyperFrames project (`index.html`, the narration
//! and the attached media), drawn in one style. The renderer in the compose room turns it
//! into frames; nothing here knows about browsers or encoders.
//!
//! Every text box is a `.fit` element: on load the page shrinks its type until it fits
//! its box (deterministic — the same layout every frame) and lists in
//! `window.__agentOverflow` any box that still does not, which tests read.

use std::fmt::Write as _;

use crate::plan::{Storyboard, Visual};
use crate::styles::{Entrance, Style, Transition};

/// Where each scene sits on the video's clock.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SceneTime {
    pub start: f64,
    pub duration: f64,
}

pub const COMPOSITION_ID: &str = "agent";
pub const NARRATION_FILE: &str = "narration.wav";
/// Seconds two scenes overlap while one hands over to the next.
const OVERLAP: f64 = 0.4;

/// The project's `index.html`.
pub fn index_html(board: &Storyboard, style: &Style, times: &[SceneTime], duration: f64, music: Option<&str>) -> String {
    let (w, h) = board.orientation.size();
    // One unit is a 1080th of the short side, so both orientations share the sizes.
    let u = w.min(h) as f64 / 1080.0;
    let mut body = String::new();
    let _ = writeln!(
        body,
        r#"<audio id="narration" class="clip" data-start="0" data-duration="{duration:.3}" data-track-index="0" src="{NARRATION_FILE}" data-volume="1"></audio>"#
    );
    if let Some(file) = music {
        // A bed under the voice: quiet enough that the words stay on top.
        let _ = writeln!(
            body,
            r#"<audio id="music" class="clip" data-start="0" data-duration="{duration:.3}" data-track-index="0" src="media/{}" data-volume="0.12"></audio>"#,
            attr(file)
        );
    }
    for (i, (scene, time)) in board.scenes.iter().zip(times).enumerate() {
        let last = i + 1 == times.len();
        let shown = if last { time.duration } else { time.duration + OVERLAP };
        let _ = writeln!(
            body,
            r#"<div id="scene-{i}" class="clip scene" data-start="{:.3}" data-duration="{:.3}" data-track-index="{}">{}</div>"#,
            time.start,
            shown.min(duration - time.start),
            i + 1,
            visual_html(&scene.visual, i)
        );
    }
    format!(
        r#"<!doctype html>
<html><head><meta charset="utf-8">
<script src="https://cdn.jsdelivr.net/npm/gsap@3.12.5/dist/gsap.min.js"></script>
<style>{css}</style></head>
<body>
<div id="root" data-composition-id="{COMPOSITION_ID}" data-start="0" data-width="{w}" data-height="{h}" data-duration="{duration:.3}" data-fps="30">
{body}</div>
<script>{script}</script>
</body></html>
"#,
        css = css(style, w, h, u),
        script = timeline_script(style, times, duration, u, w),
    )
}

fn css(s: &Style, w: u32, h: u32, u: f64) -> String {
    let case = if s.uppercase_headings { "uppercase" } else { "none" };
    format!(
        r#"
html,body{{margin:0;width:{w}px;height:{h}px;overflow:hidden;background:{bg}}}
#root{{position:relative;width:{w}px;height:{h}px;overflow:hidden;background:{bg}}}
.scene{{position:absolute;inset:0;background:{bg};color:{text};font-family:{body};display:flex;flex-direction:column;
  justify-content:center;align-items:center;box-sizing:border-box;padding:{pad}px;gap:{gap}px;overflow:hidden}}
.fit{{box-sizing:border-box;max-width:100%;overflow:hidden;text-align:center;overflow-wrap:break-word}}
.scene>*{{flex-shrink:0}}
h1,h2{{font-family:{head};font-weight:{hw};text-transform:{case};margin:0;line-height:1.08}}
h1{{font-size:{h1}px;max-height:{h1box}px}}
h2{{font-size:{h2}px;max-height:{h2box}px}}
.sub{{font-size:{small}px;opacity:.8;max-height:{smallbox}px}}
.label{{font-size:{small}px;color:{accent};letter-spacing:.08em;font-weight:700;max-height:{smallbox}px}}
.number{{font-family:{head};font-weight:{hw};font-size:{num}px;color:{accent};line-height:1;max-height:{numbox}px}}
ul{{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:{gap}px;width:100%}}
li{{background:{panel};border-left:{rule}px solid {accent};padding:{gap}px {pad2}px;font-size:{li}px;max-height:{libox}px;text-align:left}}
blockquote{{margin:0;font-family:{head};font-style:italic;font-size:{h2}px;max-height:{h1box}px}}
blockquote::before{{content:'\201C';color:{accent}}}
.vs{{display:flex;gap:{pad2}px;width:100%;align-items:stretch}}
.side{{flex:1;background:{panel};padding:{pad2}px;display:flex;flex-direction:column;gap:{gap}px;max-height:{sidebox}px}}
.side h2{{color:{accent}}}
.bars{{display:flex;align-items:flex-end;gap:{gap}px;width:100%;height:{chart}px}}
.bar{{flex:1;display:flex;flex-direction:column;justify-content:flex-end;align-items:center;gap:{rule}px;height:100%}}
.bar i{{display:block;width:100%;background:{accent};transform-origin:bottom}}
.bar span{{font-size:{small}px;max-height:{smallbox}px}}
.media{{position:absolute;inset:0;width:100%;height:100%;object-fit:cover}}
.media-caption{{position:absolute;left:{pad}px;right:{pad}px;bottom:{pad}px;background:{panel};padding:{gap}px {pad2}px;font-size:{li}px;max-height:{libox}px}}
.cta{{background:{accent};color:{bg_solid};padding:{gap}px {pad2}px;border-radius:{rule}px}}
"#,
        bg = s.background,
        bg_solid = if s.background.starts_with('#') { s.background } else { "#000" },
        text = s.text,
        accent = s.accent,
        panel = s.panel,
        head = s.heading_font,
        body = s.body_font,
        hw = s.heading_weight,
        pad = (90.0 * u).round(),
        pad2 = (40.0 * u).round(),
        gap = (22.0 * u).round(),
        rule = (10.0 * u).round(),
        h1 = (104.0 * u).round(),
        h1box = (560.0 * u).round(),
        h2 = (72.0 * u).round(),
        h2box = (420.0 * u).round(),
        small = (38.0 * u).round(),
        smallbox = (130.0 * u).round(),
        num = (260.0 * u).round(),
        numbox = (300.0 * u).round(),
        li = (46.0 * u).round(),
        libox = (140.0 * u).round(),
        sidebox = (620.0 * u).round(),
        chart = (520.0 * u).round(),
    )
}

fn visual_html(visual: &Visual, scene: usize) -> String {
    let fit = |tag: &str, class: &str, text: &str, n: usize| {
        format!(r#"<{tag} id="t{scene}-{n}" class="fit enter {class}">{}</{tag}>"#, esc(text))
    };
    match visual {
        Visual::TitleCard { title, subtitle } => {
            let mut out = fit("h1", "", title, 0);
            if let Some(s) = subtitle {
                out += &fit("div", "sub", s, 1);
            }
            out
        }
        Visual::KeyPoint { text, label } => {
            let mut out = label.as_deref().map(|l| fit("div", "label", l, 1)).unwrap_or_default();
            out += &fit("h2", "", text, 0);
            out
        }
        Visual::BulletList { heading, items } => {
            let mut out = heading.as_deref().map(|h| fit("h2", "", h, 0)).unwrap_or_default();
            out += "<ul>";
            for (n, item) in items.iter().enumerate() {
                out += &fit("li", "", item, n + 1);
            }
            out + "</ul>"
        }
        Visual::BigNumber { value, label } => fit("div", "number", value, 0) + &fit("div", "sub", label, 1),
        Visual::Quote { text, attribution } => {
            let mut out = fit("blockquote", "", text, 0);
            if let Some(a) = attribution {
                out += &fit("div", "sub", &format!("— {a}"), 1);
            }
            out
        }
        Visual::Comparison {
            left_title,
            left,
            right_title,
            right,
        } => format!(
            r#"<div class="vs"><div class="side enter">{}{}</div><div class="side enter">{}{}</div></div>"#,
            fit("h2", "", left_title, 0),
            fit("div", "sub", left, 1),
            fit("h2", "", right_title, 2),
            fit("div", "sub", right, 3)
        ),
        Visual::Chart { title, bars } => {
            let max = bars.iter().map(|b| b.value).fold(f64::MIN_POSITIVE, f64::max);
            let mut out = fit("h2", "", title, 0) + r#"<div class="bars">"#;
            for (n, b) in bars.iter().enumerate() {
                let pct = (b.value / max * 82.0).max(1.0);
                let _ = write!(
                    out,
                    r#"<div class="bar"><span class="fit">{}</span><i class="grow" style="height:{pct:.1}%"></i>{}</div>"#,
                    esc(&trim_number(b.value)),
                    fit("span", "", &b.label, n + 1)
                );
            }
            out + "</div>"
        }
        Visual::Media { file, caption } => {
            let mut out = format!(r#"<img class="media" src="media/{}" alt="">"#, attr(file));
            if let Some(c) = caption {
                out += &fit("div", "media-caption", c, 0);
            }
            out
        }
        Visual::CallToAction { text } => fit("h2", "cta", text, 0),
    }
}

fn timeline_script(s: &Style, times: &[SceneTime], duration: f64, u: f64, w: u32) -> String {
    let mut js = String::from(FIT_SCRIPT);
    js += "const tl = gsap.timeline({paused:true});\n";
    for (i, t) in times.iter().enumerate() {
        let at = t.start;
        let sel = format!("#scene-{i}");
        if i > 0 {
            let _ = writeln!(js, "{}", transition(s.transition, &sel, at, w));
        }
        let enter_at = at + if i > 0 { OVERLAP * 0.5 } else { 0.15 };
        let _ = writeln!(js, "{}", entrance(s.entrance, &format!("{sel} .enter"), enter_at, s.ease, u));
        let _ = writeln!(
            js,
            "tl.from('{sel} .grow', {{scaleY:0, duration:0.8, ease:'power2.out', stagger:0.12}}, {:.3});",
            enter_at + 0.2
        );
    }
    let _ = writeln!(js, "tl.set({{}}, {{}}, {duration:.3});");
    js += "window.__timelines = window.__timelines || {};\n";
    let _ = writeln!(js, "window.__timelines['{COMPOSITION_ID}'] = tl;");
    js
}

fn entrance(e: Entrance, targets: &str, at: f64, ease: &str, u: f64) -> String {
    let from = match e {
        Entrance::Rise => format!("{{y:{:.0}, opacity:0, duration:0.6, stagger:0.15, ease:'{ease}'}}", 40.0 * u),
        Entrance::Fade => format!("{{opacity:0, duration:0.9, stagger:0.2, ease:'{ease}'}}"),
        Entrance::Pop => format!("{{scale:0.6, opacity:0, duration:0.5, stagger:0.12, ease:'{ease}'}}"),
        Entrance::Slide => format!("{{x:{:.0}, opacity:0, duration:0.6, stagger:0.12, ease:'{ease}'}}", -120.0 * u),
        Entrance::Type => "{clipPath:'inset(0 100% 0 0)', duration:0.9, stagger:0.25, ease:'steps(24)'}".to_string(),
    };
    format!("tl.from('{targets}', {from}, {at:.3});")
}

fn transition(t: Transition, scene: &str, at: f64, w: u32) -> String {
    match t {
        Transition::Crossfade => format!("tl.from('{scene}', {{opacity:0, duration:{OVERLAP}, ease:'none'}}, {at:.3});"),
        Transition::Wipe => {
            format!("tl.from('{scene}', {{clipPath:'inset(0 100% 0 0)', duration:{OVERLAP}, ease:'power2.inOut'}}, {at:.3});")
        }
        Transition::Push => format!("tl.from('{scene}', {{x:{w}, duration:{OVERLAP}, ease:'power2.inOut'}}, {at:.3});"),
        Transition::Zoom => format!("tl.from('{scene}', {{scale:1.15, opacity:0, duration:{OVERLAP}, ease:'power2.out'}}, {at:.3});"),
        Transition::Cut => String::new(),
    }
}

/// Shrinks type until every scene's boxes fit the scene and each box's text fits the box,
/// then lists what still overflows. It measures in the fonts the boxes name, so it
/// waits for them: the layout it forces starts their loading, and the renderer awaits
/// the same `document.fonts.ready` before the first frame, after this (registered
/// earlier) has run. Positions are layout positions (offsetTop), which the entrance
/// transforms GSAP has already applied do not move.
const FIT_SCRIPT: &str = r#"
document.body.offsetHeight;
document.fonts.ready.then(function () {
  // A line's glyphs may reach a little past a tight line box (descenders): that is
  // not overflow; a line that does not fit is a whole line taller than the box.
  const over = (el) => {
    const size = parseFloat(getComputedStyle(el).fontSize);
    return el.scrollHeight > el.clientHeight + 0.3 * size || el.scrollWidth > el.clientWidth + 1;
  };
  const shrink = (el) => {
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size <= 12) return false;
    el.style.fontSize = size * 0.94 + 'px';
    return true;
  };
  // Content taller than the scene's padded box (it is centred, so it spills both ways).
  const crowded = (scene) => {
    const cs = getComputedStyle(scene);
    const kids = [...scene.children].filter((k) => k.offsetHeight > 0 && getComputedStyle(k).position !== 'absolute');
    if (!kids.length) return false;
    const top = Math.min(...kids.map((k) => k.offsetTop));
    const bottom = Math.max(...kids.map((k) => k.offsetTop + k.offsetHeight));
    return top < parseFloat(cs.paddingTop) - 1 || bottom > scene.clientHeight - parseFloat(cs.paddingBottom) + 1;
  };
  for (const scene of document.querySelectorAll('.scene')) {
    const boxes = [...scene.querySelectorAll('.fit')];
    while (crowded(scene) && boxes.map(shrink).some(Boolean)) {}
  }
  for (const el of document.querySelectorAll('.fit')) {
    while (over(el) && shrink(el)) {}
  }
  window.__agentOverflow = [...document.querySelectorAll('.fit')].filter(over).map((el) => el.id);
});
"#;

fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn attr(text: &str) -> String {
    esc(text).replace('"', "&quot;")
}
