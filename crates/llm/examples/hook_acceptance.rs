//! The embedded text model measured on a fixed set (bench/llm/run.sh runs this): load
//! time, generation speed on this machine, and how often its hook lines pass the
//! checks that decide whether a model's line may go on screen — 13 tones for 20 clips
//! (the moments dev set's 9 planted passages and its first 11 ordinary paragraphs).
//!   cargo run --release -p reelcut-llm --example hook_acceptance -- MODELS_DIR [CLIPS]

use std::time::Instant;

use reelcut_llm::{embedded::Embedded, hooks, Backend, HookSource, Tone};

fn clips(limit: usize) -> Vec<Vec<String>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../moments/tests/devset/talks");
    let mut files: Vec<_> = std::fs::read_dir(dir).expect("the dev set").flatten().map(|e| e.path()).collect();
    files.sort();
    let talks: Vec<serde_json::Value> = files
        .iter()
        .map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap())
        .collect();
    let paragraphs = |kind: &str| -> Vec<Vec<String>> {
        talks
            .iter()
            .flat_map(|t| t["paragraphs"].as_array().unwrap().iter())
            .filter(|p| p["kind"] == kind)
            .map(|p| {
                p["sentences"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_string())
                    .collect()
            })
            .collect()
    };
    let mut set = paragraphs("planted");
    set.extend(paragraphs("ordinary"));
    set.truncate(limit);
    set
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let mut args = std::env::args().skip(1);
    let models = std::path::PathBuf::from(args.next().expect("MODELS_DIR"));
    let limit: usize = args.next().map_or(20, |n| n.parse().expect("a count"));
    let started = Instant::now();
    let mut model = Embedded::load(&models).expect("the embedded model");
    println!("load: {:.2} s", started.elapsed().as_secs_f64());

    let started = Instant::now();
    let g = model
        .chat(
            "You are a helpful assistant.",
            "Write three sentences about sleeping well.",
            96,
            0.0,
            1,
        )
        .expect("a generation");
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "speed: {} prompt + {} new tokens in {seconds:.2} s = {:.1} new tokens/s (prompt included in the time)",
        g.prompt_tokens,
        g.tokens,
        g.tokens as f64 / seconds
    );

    let backend = Backend::Embedded(std::sync::Arc::new(std::sync::Mutex::new(model)));
    if std::env::var_os("SHOW_RAW").is_some() {
        let first = &clips(1)[0];
        for tone in [Tone::Humorous, Tone::Serious] {
            let user = hooks::prompt(&first[0], None, tone);
            let raw = backend
                .complete(&reelcut_llm::Ask {
                    system: hooks::SYSTEM,
                    user: &user,
                    max_tokens: 32,
                    temperature: 0.2,
                    json: false,
                })
                .await;
            println!("raw {}: {raw:?}", tone.name());
        }
    }
    let (mut accepted, mut total) = (0, 0);
    let mut examples = Vec::new();
    let started = Instant::now();
    for (i, sentences) in clips(limit).iter().enumerate() {
        let source = HookSource {
            sentences,
            question: "",
            keywords: None,
        };
        for tone in Tone::all() {
            let written = hooks::write_with(&backend, &source, tone).await;
            total += 1;
            accepted += usize::from(written.by_model);
            if i < 2 {
                examples.push(format!(
                    "clip {i} {:<15} {} {}",
                    tone.name(),
                    if written.by_model { "model:" } else { "extractive:" },
                    written.text
                ));
            }
        }
    }
    println!(
        "acceptance: {accepted}/{total} = {:.0} % of hooks written by the model passed the checks ({:.1} s)",
        100.0 * accepted as f64 / total as f64,
        started.elapsed().as_secs_f64()
    );
    for e in examples {
        println!("  {e}");
    }
}
