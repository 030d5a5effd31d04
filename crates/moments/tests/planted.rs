//! The development set end to end: three ~10-minute voiced talks with planted strong
//! passages. Recall@K (K = planted + 2) must reach 0.8, every clip must start and end on
//! a sentence edge with no word cut, and the same input must give the same clips.

mod talkset;

use reelcut_media::Processes;
use reelcut_moments::Embedder;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn planted_passages_are_found_and_cut_cleanly() {
    let models = reelcut_testkit::models_dir();
    let embedder = Embedder::load(&models).expect("MiniLM is installed");
    let dir = reelcut_testkit::tempdir();
    let processes = Processes::new(2);
    let mut total = talkset::Metrics::default();
    for script in talkset::scripts() {
        let talk = talkset::voice(script, dir.path());
        let minutes = talk.transcript.duration / 60.0;
        assert!((8.0..=12.5).contains(&minutes), "{} lasts {minutes:.1} min", talk.script.id);
        let track = talk.frame_track(&processes).await;
        let request = talk.request();
        let moments = reelcut_moments::find(&talk.transcript, Some(&track), &embedder, &request).unwrap();
        let again = reelcut_moments::find(&talk.transcript, Some(&track), &embedder, &request).unwrap();
        assert_eq!(moments, again, "same input, same clips");
        let m = talkset::evaluate(&talk, &moments);
        for c in &moments.moments {
            eprintln!(
                "{} #{} {:.1}-{:.1} [{}] {} — {} | {}",
                talk.script.id,
                c.rank,
                c.start,
                c.end,
                c.virality_score,
                c.title,
                c.reason,
                talk.planted.iter().any(|&p| talkset::matches((c.start, c.end), p))
            );
        }
        eprintln!(
            "{}: recall {:.2} precision {:.2} planted {:?}",
            talk.script.id,
            m.recall(),
            m.precision(),
            talk.planted
        );
        assert!(
            m.found + 1 >= m.planted,
            "{}: found only {}/{} planted passages",
            talk.script.id,
            m.found,
            m.planted
        );
        total.add(&m);
    }
    assert!(total.recall() >= 0.8, "recall@K {:.2}", total.recall());
    assert_eq!(total.off_sentence_edges, 0, "clip edges off sentence boundaries");
    assert_eq!(total.words_cut, 0, "words cut by clip edges");
    assert!(
        total.mean_boundary_error() < 3.0,
        "mean boundary error {:.2} s",
        total.mean_boundary_error()
    );
}
