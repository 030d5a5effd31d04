//! A search (WayinVideo's Find Moments, `RankBy::Relevance`): one talk that mixes the
//! dev set's strong passages about sleep, money and startups with ordinary talk. Asked
//! about sleep, the three sleep passages come first and whole (recall@3 ≥ 0.9), though
//! the money and startup passages are as strong as clips; asked about money, the money
//! ones do.

mod talkset;

use reelcut_media::Processes;
use reelcut_moments::{DurationType, Embedder, RankBy, Request};
use talkset::{Paragraph, Script};

/// The dev set's paragraphs of one kind from one talk.
fn paragraphs(talk: &str, kind: &str) -> Vec<Paragraph> {
    let script = talkset::scripts().into_iter().find(|s| s.id == talk).expect("a dev-set talk");
    script.paragraphs.into_iter().filter(|p| p.kind == kind).collect()
}

/// Strong passages of three topics, interleaved with ordinary talk; the `topic`'s are
/// the planted ones, the others decoys.
fn mixed_talk(topic: &str) -> Script {
    let strong = |talk: &str| -> Vec<Paragraph> {
        paragraphs(talk, "planted")
            .into_iter()
            .map(|mut p| {
                p.kind = if talk == topic { "planted" } else { "decoy" }.into();
                p
            })
            .collect()
    };
    let (sleep, money, startup) = (strong("sleep"), strong("money"), strong("startup"));
    let mut filler = paragraphs("money", "ordinary").into_iter().chain(paragraphs("startup", "ordinary"));
    let mut next_filler = || filler.next().expect("enough ordinary talk");
    let order = [
        &money[0],
        &sleep[0],
        &startup[0],
        &sleep[1],
        &money[1],
        &startup[1],
        &sleep[2],
        &money[2],
        &startup[2],
    ];
    let mut out = vec![next_filler()];
    for passage in order {
        out.push(passage.clone());
        out.push(next_filler());
    }
    Script {
        id: format!("search-{topic}"),
        title: "Three topics in one talk".into(),
        durations: vec!["30".into(), "60".into()],
        paragraphs: out,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_search_finds_the_passages_about_its_topic_first() {
    let embedder = Embedder::load(&reelcut_testkit::models_dir()).expect("MiniLM is installed");
    let dir = reelcut_testkit::tempdir();
    let processes = Processes::new(2);
    let (mut found, mut asked) = (0, 0);
    for (topic, query) in [("sleep", "sleep"), ("money", "investing and saving money")] {
        let talk = talkset::voice(mixed_talk(topic), dir.path());
        let track = talk.frame_track(&processes).await;
        let request = Request {
            durations: vec![DurationType::S30, DurationType::S60],
            prompt: Some(query.into()),
            max_clips: None,
            rank_by: RankBy::Relevance,
        };
        let moments = reelcut_moments::find(&talk.transcript, Some(&track), &embedder, &request).unwrap();
        for m in &moments.moments {
            eprintln!(
                "{query}: #{} {:.1}-{:.1} [{}] {}",
                m.rank, m.start, m.end, m.virality_score, m.title
            );
        }
        assert_eq!(talk.planted.len(), 3);
        let top: Vec<(f64, f64)> = moments.moments.iter().take(3).map(|m| (m.start, m.end)).collect();
        let hits = talk
            .planted
            .iter()
            .filter(|&&p| top.iter().any(|&c| talkset::matches(c, p)))
            .count();
        eprintln!(
            "{query}: {hits}/3 of its passages in the top 3 ({} clips offered)",
            moments.moments.len()
        );
        found += hits;
        asked += 3;
    }
    let recall = found as f64 / asked as f64;
    assert!(recall >= 0.9, "recall@3 {recall:.2}");
}
