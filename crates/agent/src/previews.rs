//! What a style looks like before anyone uses it: the same short storyboard drawn in
//! each style (a title, a key point, a number, a list), produced like any agent video.
//! The styles endpoint serves these (rendered once, cached) and `reelcut agent
//! --preview-styles` lays their frames out on one contact sheet.

use crate::plan::{Orientation, Scene, Storyboard, Visual};
use crate::styles::Style;

/// The preview storyboard for `style`.
pub fn storyboard(style: &Style) -> Storyboard {
    let scene = |narration: &str, visual: Visual| Scene {
        narration: narration.to_string(),
        visual,
        duration: None,
    };
    Storyboard {
        title: style.name.to_string(),
        orientation: Orientation::Landscape,
        style_id: style.style_id.to_string(),
        voice_id: reelcut_voice::DEFAULT_VOICE.to_string(),
        target_duration: None,
        scenes: vec![
            scene(
                &format!("This is the {} style.", style.name),
                Visual::TitleCard {
                    title: style.name.to_string(),
                    subtitle: Some(style.tags.join(" · ")),
                },
            ),
            scene(
                "Every point gets a scene of its own.",
                Visual::KeyPoint {
                    text: "Every point gets a scene of its own".into(),
                    label: Some("1 / 3".into()),
                },
            ),
            scene(
                "Numbers are shown big.",
                Visual::BigNumber {
                    value: "42%".into(),
                    label: "Numbers are shown big".into(),
                },
            ),
            scene(
                "And lists build up, one item at a time.",
                Visual::BulletList {
                    heading: Some("Lists".into()),
                    items: vec!["One item".into(), "Then the next".into(), "Then the last".into()],
                },
            ),
        ],
        notes: Vec::new(),
    }
}

/// One row of the contact sheet: a frame from the middle of each scene, side by side,
/// each `width` pixels wide.
pub async fn sheet_row(
    tools: &reelcut_compose::RenderTools,
    video: &std::path::Path,
    scenes: &[(f64, f64)],
    width: u32,
    out: &std::path::Path,
) -> Result<(), crate::AgentError> {
    let mut invocation = reelcut_media::process::Invocation::ffmpeg(&tools.ffmpeg);
    let mut filter = String::new();
    for (i, (start, end)) in scenes.iter().enumerate() {
        // Late in the scene: its entrance has finished.
        let at = start + (end - start) * 0.7;
        invocation = invocation.args([
            std::ffi::OsString::from("-ss"),
            format!("{at:.2}").into(),
            "-i".into(),
            video.into(),
        ]);
        filter += &format!("[{i}:v]trim=end_frame=1,scale={width}:-2,setsar=1[f{i}];");
    }
    for i in 0..scenes.len() {
        filter += &format!("[f{i}]");
    }
    filter += &format!("hstack=inputs={}", scenes.len().max(2));
    if scenes.len() == 1 {
        filter = format!("[0:v]trim=end_frame=1,scale={width}:-2");
    }
    let invocation = invocation
        .args(["-filter_complex", &filter, "-frames:v", "1"])
        .args([out.as_os_str()]);
    crate::outputs::run(tools, invocation, "contact sheet").await
}

/// Rows stacked into one picture.
pub async fn stack_rows(
    tools: &reelcut_compose::RenderTools,
    rows: &[std::path::PathBuf],
    out: &std::path::Path,
) -> Result<(), crate::AgentError> {
    let mut invocation = reelcut_media::process::Invocation::ffmpeg(&tools.ffmpeg);
    for row in rows {
        invocation = invocation.args([std::ffi::OsStr::new("-i"), row.as_os_str()]);
    }
    let inputs: String = (0..rows.len()).map(|i| format!("[{i}:v]")).collect();
    let filter = format!("{inputs}vstack=inputs={}", rows.len());
    let invocation = invocation
        .args(["-filter_complex", &filter, "-frames:v", "1"])
        .args([out.as_os_str()]);
    crate::outputs::run(tools, invocation, "contact sheet").await
}
