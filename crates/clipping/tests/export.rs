//! Exports re-render without reprocessing: a German talk (espeak-ng over a real face)
//! is clipped, then clips 0 and 2 are exported as 4:5 at 2160p in another caption look,
//! with English captions under the German ones (Whisper's translate task, offline) and
//! a humorous hook at the end. The outputs have the asked size, the hook and the second
//! caption line are on the frames, and only load/translate/render ran.

use std::path::Path;

use reelcut_captions::{Display, Style};
use reelcut_clipping::export::{ExportJob, ExportOptions, Frame, HookChoice, HookPosition};
use reelcut_clipping::{Aspect, ClipJob, ClipOptions, LayoutChoice};
use reelcut_llm::Tone;
use reelcut_media::Processes;
use reelcut_moments::{DurationType, Request};
use reelcut_testkit::{models_dir, tempdir, Motion};
use tokio_util::sync::CancellationToken;

const TALK: &str = "Warum scheitern die meisten guten Vorsätze schon im ersten Monat? Es liegt nicht an fehlender Willenskraft. \
Wir versuchen einfach, zu viel auf einmal zu ändern. Als ich jeden Tag laufen, lesen und meditieren wollte, hielt ich genau neun Tage durch. \
Dann habe ich eine einzige Gewohnheit gewählt und sie winzig gemacht, zwei Minuten am Tag, und sie hielt ein ganzes Jahr. \
Die Lektion ist einfach: Fang so klein an, dass du nicht nein sagen kannst. \
Danach haben wir über den Kalender für nächste Woche gesprochen und ein paar Termine verschoben. \
Hier ist etwas, das dir niemand über Schlaf erzählt. Dein Körper weiß nicht, dass Wochenende ist. \
Zwei Stunden länger schlafen am Samstag ist wie ein Flug über zwei Zeitzonen, jede Woche hin und zurück. \
Die Lösung klingt langweilig, aber sie wirkt: Steh jeden Tag zur gleichen Zeit auf. Regelmäßigkeit schlägt Dauer, und das hat alles für mich verändert. \
Und noch etwas über Arbeit. Die meisten Meetings könnten eine kurze Nachricht sein. \
Wir haben alle wöchentlichen Meetings für einen Monat gestrichen, und niemand hat sie vermisst. \
Die Teams waren schneller, weil sie den ganzen Vormittag am Stück arbeiten konnten. \
Mein Rat: Streich ein Meeting pro Woche und schau, was passiert.";

fn settings(cache: &Path) -> reelcut_core::Settings {
    reelcut_core::Settings {
        models_dir: models_dir(),
        cache_dir: cache.to_path_buf(),
        ..Default::default()
    }
}

fn frame_png(video: &Path, at: f64, out: &Path) -> image::RgbImage {
    reelcut_testkit::ffmpeg(&[
        "-ss",
        &format!("{at:.2}"),
        "-i",
        video.to_str().unwrap(),
        "-frames:v",
        "1",
        out.to_str().unwrap(),
    ]);
    image::open(out).unwrap().to_rgb8()
}

/// Pixels in rows `from`…`to` (fractions of the height) that `hit` accepts.
fn count(img: &image::RgbImage, from: f64, to: f64, hit: impl Fn(&image::Rgb<u8>) -> bool) -> usize {
    let h = img.height() as f64;
    let rows = (from * h) as u32..(to * h) as u32;
    img.enumerate_pixels().filter(|(_, y, p)| rows.contains(y) && hit(p)).count()
}

fn white(p: &image::Rgb<u8>) -> bool {
    p.0.iter().all(|&c| c > 235)
}

/// The second caption line's pale yellow (RGB 255, 240, 160).
fn second_line_colour(p: &image::Rgb<u8>) -> bool {
    let [r, g, b] = p.0;
    r > 225 && (205..=255).contains(&g) && (110..=205).contains(&b) && r as i32 - b as i32 > 45
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_redraws_chosen_clips_without_reprocessing() {
    let dir = tempdir();
    let speech = dir.path().join("talk.wav");
    reelcut_testkit::speak(TALK, "de", 150, &speech);
    let face = reelcut_testkit::astronaut_face(dir.path());
    let video = dir.path().join("talk.mp4");
    let motion = Motion {
        width: 960,
        height: 540,
        picture_width: 300,
        picture_height: 300,
        swing: 120.0,
        period_s: 20.0,
    };
    reelcut_testkit::talking_head(&speech, &face, &motion, &video);
    let (clips_dir, cache) = (dir.path().join("clips"), dir.path().join("cache"));
    let settings = settings(&cache);
    let processes = Processes::new(4);
    let run = reelcut_clipping::run(ClipJob {
        settings: &settings,
        processes: &processes,
        input: &video,
        out_dir: &clips_dir,
        options: &ClipOptions {
            moments: Request {
                durations: vec![DurationType::S30],
                prompt: None,
                max_clips: Some(3),
                rank_by: reelcut_moments::RankBy::Virality,
            },
            aspect: Aspect::Portrait,
            resolution: 480,
            caption_style: Some(Style::Bold),
            hook: false,
            layout: LayoutChoice::Auto,
            crop_overrides: Vec::new(),
        },
        cancel: CancellationToken::new(),
        progress: None,
    })
    .await
    .expect("clips");
    assert_eq!(run.language, "de");
    // The first and the last clip: a choice that skips any between them.
    assert!(run.clips.len() >= 2, "two clips to choose from: {:?}", run.notes);
    let last = run.clips.len() - 1;

    let out = dir.path().join("export");
    let options = ExportOptions {
        clips: Some(vec![0, last]),
        frame: Frame::Aspect(Aspect::FourFive),
        resolution: 2160,
        layout: LayoutChoice::Auto,
        caption_style: Some(Style::BoxHighlight),
        display: Display::Both,
        target_language: Some("en".into()),
        hook: Some(HookChoice {
            tone: Tone::Humorous,
            position: HookPosition::End,
            seconds: 3.0,
            keywords: None,
        }),
        trims: Vec::new(),
    };
    let export = reelcut_clipping::export::export(ExportJob {
        settings: &settings,
        processes: &processes,
        clips_dir: &clips_dir,
        input: None,
        out_dir: &out,
        options: &options,
        cancel: CancellationToken::new(),
        progress: None,
    })
    .await
    .expect("export");

    let stages: Vec<&str> = export.stages.iter().map(|s| s.stage.as_str()).collect();
    assert_eq!(stages, ["load", "translate", "render"], "no transcribe, moments or look work");
    assert_eq!(export.clips.len(), 2);
    assert_eq!(export.clips[0].start, run.clips[0].start);
    assert_eq!(export.clips[1].start, run.clips[last].start);
    for clip in &export.clips {
        let file = out.join(&clip.video);
        assert_eq!(reelcut_testkit::video_stream(&file, "stream=width,height"), "2160,2700");
        let hook = clip.hook_text.as_deref().expect("a hook");
        assert!(hook.contains("Yes, really."), "the humorous frame: {hook}");
        // Written from the English translation: English function words, no German ones.
        let line = hook.trim_end_matches(" Yes, really. We checked twice.");
        let words: Vec<String> = line.split_whitespace().map(reelcut_testkit::normalise).collect();
        let has = |list: &[&str]| words.iter().filter(|w| list.contains(&w.as_str())).count();
        let english = [
            "the", "is", "a", "to", "you", "and", "it", "of", "that", "i", "can", "not", "on", "we", "my", "your",
        ];
        let german = [
            "der", "die", "das", "und", "ist", "nicht", "ich", "wir", "zu", "es", "du", "dass", "ein", "eine",
        ];
        assert!(
            has(&english) >= 1 && has(&german) == 0,
            "the hook is written from the English translation: {hook}"
        );

        let length = reelcut_testkit::duration(&file);
        let early = frame_png(&file, 1.0, &dir.path().join(format!("{}-early.png", clip.index)));
        let late = frame_png(&file, length - 1.2, &dir.path().join(format!("{}-late.png", clip.index)));
        // The hook (black on a white box, near the top) shows at the end only.
        let (before, during) = (count(&early, 0.08, 0.3, white), count(&late, 0.08, 0.3, white));
        assert!(during > before + 20_000, "hook box at the end: {before} → {during} white pixels");
        // The translation's pale-yellow line sits under the captions.
        let mid = frame_png(&file, length / 2.0, &dir.path().join(format!("{}-mid.png", clip.index)));
        let second = count(&mid, 0.55, 1.0, second_line_colour);
        assert!(second > 2_000, "second caption line: {second} pixels");
    }
    assert!(out.join("clips.json").is_file() && out.join("index.html").is_file());
    assert!(clips_dir.join("clip-01.mp4").is_file(), "the original clips stay");
}
