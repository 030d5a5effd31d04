//! `index.html`: the clips side by side to watch and compare, with score, sub-scores,
//! reason and hooks. Self-contained (no scripts, no network), opened from disk.

use std::fmt::Write;

use crate::manifest::Manifest;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn page(manifest: &Manifest) -> String {
    let mut cards = String::new();
    for c in &manifest.clips {
        let s = &c.sub_scores;
        let mut bars = String::new();
        let mut named = vec![
            ("hook", s.hook),
            ("self-contained", s.self_contained),
            ("payoff", s.payoff),
            ("energy", s.energy),
            ("clarity", s.clarity),
        ];
        if let Some(r) = s.relevance {
            named.push(("relevance", r));
        }
        for (name, v) in named {
            let _ = write!(
                bars,
                r#"<div class="bar"><span>{name}</span><i style="width:{v:.0}%"></i><b>{v:.0}</b></div>"#
            );
        }
        let _ = write!(
            cards,
            r#"<article><video controls preload="metadata" poster="{thumb}" src="{video}"></video>
<h2><span class="score">{score}</span> {title}</h2>
<p class="meta">#{index} · {start:.1}–{end:.1} s · {dur:.1} s · {kind} · {layout} layout · <a href="{srt}">srt</a> · <a href="{vtt}">vtt</a></p>
<p class="reason">{reason}</p>{bars}
<p class="hooks">“{q}” — “{st}”</p><p class="tags">{tags}</p></article>
"#,
            thumb = escape(&c.thumbnail),
            video = escape(&c.video),
            score = c.virality_score,
            title = escape(&c.title),
            index = c.index,
            start = c.start,
            end = c.end,
            dur = c.duration_seconds,
            kind = escape(&c.duration_type),
            // Which framing the camera chose says why a clip looks the way it does.
            layout = c.crop_track.layout.name(),
            srt = escape(&c.srt),
            vtt = escape(&c.vtt),
            reason = escape(&c.reason),
            q = escape(&c.hooks.question),
            st = escape(&c.hooks.statement),
            tags = c.tags.iter().map(|t| format!("#{}", escape(t))).collect::<Vec<_>>().join(" "),
        );
    }
    let notes: String = manifest
        .notes
        .iter()
        .map(|n| format!("<p class=\"note\">{}</p>", escape(n)))
        .collect();
    let empty = if manifest.clips.is_empty() {
        "<p class=\"note\">No clips.</p>"
    } else {
        ""
    };
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>reelcut clips</title>
<style>
body{{font:15px/1.4 system-ui,sans-serif;background:#111;color:#eee;margin:24px}}
main{{display:grid;grid-template-columns:repeat(auto-fill,minmax(300px,1fr));gap:20px}}
article{{background:#1c1c1c;border-radius:10px;padding:12px}}
video{{width:100%;max-height:520px;background:#000;border-radius:6px}}
h2{{font-size:17px;margin:10px 0 4px}} .score{{background:#f5c400;color:#111;border-radius:4px;padding:0 6px}}
.meta,.tags{{color:#999;font-size:13px}} .reason{{font-style:italic}} a{{color:#8cf}}
.bar{{display:grid;grid-template-columns:110px 1fr 30px;align-items:center;gap:6px;font-size:12px}}
.bar i{{display:block;height:6px;background:#4caf50;border-radius:3px}} .note{{color:#fc6}}
</style></head><body><h1>{n} clips · {aspect} · {res} · {method}</h1>{notes}{empty}<main>
{cards}</main></body></html>
"#,
        n = manifest.clips.len(),
        aspect = escape(&manifest.aspect_ratio),
        res = escape(&manifest.resolution),
        method = escape(&manifest.method),
    )
}
