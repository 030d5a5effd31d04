//! The evaluation set end to end (`evalset/{tune,heldout,blind}`, fifteen voiced talks
//! across genres, Piper and espeak-ng voices): whole passages found in the top K
//! (K = planted + 2), no word cut, every clip edge within 0.3 s of a sentence edge, no
//! clip off a sentence edge. Housekeeping in the top K is held to zero on the tuning
//! and held-out splits; the blind split, measured once after everything else was
//! settled, is held to what that measurement showed (one filler clip at rank K that
//! overlaps a talk's opening greeting) so it cannot get worse.

mod talkset;

use reelcut_media::Processes;
use reelcut_moments::Embedder;

async fn run(split: &str) -> talkset::Metrics {
    let embedder = Embedder::load(&reelcut_testkit::models_dir()).expect("MiniLM is installed");
    let dir = reelcut_testkit::tempdir();
    let processes = Processes::new(2);
    let mut total = talkset::Metrics::default();
    for script in talkset::evalset(split) {
        let talk = talkset::voice(script, dir.path());
        let track = talk.frame_track(&processes).await;
        let moments = reelcut_moments::find(&talk.transcript, Some(&track), &embedder, &talk.request()).unwrap();
        let m = talkset::evaluate(&talk, &moments);
        eprintln!(
            "{split}/{}: recall {:.2} precision {:.2} words cut {} worst edge {:.2} s housekeeping {}",
            talk.script.id,
            m.recall(),
            m.precision(),
            m.words_cut,
            m.worst_edge,
            m.housekeeping_in_top
        );
        total.add(&m);
    }
    assert_eq!(total.words_cut, 0, "{split}: words cut by clip edges");
    assert_eq!(total.off_sentence_edges, 0, "{split}: clip speech off sentence edges");
    assert!(
        total.worst_edge <= 0.3,
        "{split}: a clip edge {:.2} s from a sentence edge",
        total.worst_edge
    );
    total
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn held_out_passages_are_found_whole_and_cut_cleanly() {
    let m = run("heldout").await;
    assert!(m.recall() >= 0.9, "held-out recall@K {:.2}", m.recall());
    assert_eq!(m.housekeeping_in_top, 0, "held-out: housekeeping in the top K");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blind_passages_are_found_whole_and_cut_cleanly() {
    let m = run("blind").await;
    assert!(m.recall() >= 0.9, "blind recall@K {:.2}", m.recall());
    assert!(
        m.housekeeping_in_top <= 1,
        "blind: {} housekeeping clips in the top K",
        m.housekeeping_in_top
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tuning_passages_are_found_whole_and_cut_cleanly() {
    let m = run("tune").await;
    assert!(m.recall() >= 0.9, "tuning recall@K {:.2}", m.recall());
    assert_eq!(m.housekeeping_in_top, 0, "tuning: housekeeping in the top K");
}
