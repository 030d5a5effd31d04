//! Long on-screen text fits its box in every style, in both orientations, as measured in
//! the page while the render runs (the renderer's overflow check), not only by the
//! composition's own fitting script: every kind of scene, with more words than a
//! planner would usually put there.

use std::sync::Arc;

use reelcut_agent::composition::{index_html, SceneTime};
use reelcut_agent::plan::Bar;
use reelcut_agent::{Orientation, Scene, Storyboard, Visual};
use reelcut_compose::{Project, ProjectLimits, Quality, RenderOptions, RenderTools};
use reelcut_media::Processes;

const SCENE_S: f64 = 1.5;

fn long_board(style_id: &str, orientation: Orientation) -> Storyboard {
    let scene = |visual: Visual| Scene {
        narration: "Words.".into(),
        visual,
        duration: Some(SCENE_S),
    };
    let item = |n: usize| format!("Item {n}: write the decision down where the whole team can find it later");
    Storyboard {
        title: "Long text".into(),
        orientation,
        style_id: style_id.into(),
        voice_id: reelcut_voice::DEFAULT_VOICE.into(),
        target_duration: None,
        notes: Vec::new(),
        scenes: vec![
            scene(Visual::TitleCard {
                title: "Why every remote team should write its decisions down before the meeting ends".into(),
                subtitle: Some("A practical guide for managers, engineers and everyone in between".into()),
            }),
            scene(Visual::KeyPoint {
                text: "Teams that keep a written log of their decisions spend less time in meetings, onboard new \
                       people faster and argue less about what was agreed, because anyone can look it up later"
                    .into(),
                label: Some("3 / 8".into()),
            }),
            scene(Visual::BulletList {
                heading: Some("Eight habits of teams that ship on time".into()),
                items: (1..=8).map(item).collect(),
            }),
            scene(Visual::BigNumber {
                value: "1,250,000".into(),
                label: "messages a year that a team of forty sends when nothing is written down".into(),
            }),
            scene(Visual::Quote {
                text: "The faintest ink is better than the best memory, and a decision nobody wrote down is a \
                       decision the team will make again next quarter, probably differently"
                    .into(),
                attribution: Some("An engineering manager who learned it the hard way".into()),
            }),
            scene(Visual::Comparison {
                left_title: "Before the decision log".into(),
                left: "Three meetings to agree, two more to remember what was agreed, and a long thread".into(),
                right_title: "After the decision log".into(),
                right: "One meeting, one paragraph in the log, and a link anyone can find a year later".into(),
            }),
            scene(Visual::Chart {
                title: "Hours a week spent in meetings, by team, before and after".into(),
                bars: [
                    "Platform engineering",
                    "Customer support",
                    "Design and research",
                    "Sales operations",
                ]
                .iter()
                .enumerate()
                .map(|(i, l)| Bar {
                    label: l.to_string(),
                    value: 4.0 + 3.0 * i as f64,
                })
                .collect(),
            }),
            scene(Visual::CallToAction {
                text: "Start your team's decision log this week and share the first entry with everyone".into(),
            }),
        ],
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_text_fits_in_every_style_and_orientation() {
    let settings = reelcut_core::Settings::load(None, &std::env::vars().collect(), &[]).expect("settings");
    let tools = RenderTools::from_settings(&settings, Processes::new(2));
    let times: Vec<SceneTime> = (0..8)
        .map(|i| SceneTime {
            start: i as f64 * SCENE_S,
            duration: SCENE_S,
        })
        .collect();
    let duration = 8.0 * SCENE_S;
    let mut failures = Vec::new();
    for style in reelcut_agent::styles::with_tag(None) {
        for orientation in [Orientation::Landscape, Orientation::Portrait] {
            let board = long_board(style.style_id, orientation);
            board.validate().expect("a valid plan");
            let dir = reelcut_testkit::tempdir();
            std::fs::write(dir.path().join("index.html"), index_html(&board, style, &times, duration, None)).unwrap();
            let narration = dir.path().join(reelcut_agent::composition::NARRATION_FILE);
            let silence = format!("anullsrc=r=22050:cl=mono:d={duration}");
            reelcut_testkit::ffmpeg(&["-f", "lavfi", "-i", &silence, narration.to_str().unwrap()]);
            let project = Project::open(dir.path(), "index.html", ProjectLimits::default()).unwrap();
            let options = RenderOptions {
                fps: Some(4),
                quality: Quality::Draft,
                workers: 2,
                ..RenderOptions::default()
            };
            let (video, thumb) = (dir.path().join("v.mp4"), dir.path().join("t.jpg"));
            let r = reelcut_compose::render(&project, &options, &tools, &video, &thumb, Arc::new(|_, _| {}), Default::default())
                .await
                .expect("renders");
            // To look at them: AGENT_TEST_KEEP=/some/dir.
            if let Some(keep) = std::env::var_os("AGENT_TEST_KEEP") {
                let name = format!("fit-{}-{orientation:?}.mp4", style.style_id);
                std::fs::copy(&video, std::path::Path::new(&keep).join(name)).unwrap();
            }
            for o in r.overflow {
                failures.push(format!("{} {orientation:?}: {o:?}", style.style_id));
            }
        }
    }
    assert!(failures.is_empty(), "text overflows its box:\n{}", failures.join("\n"));
}
