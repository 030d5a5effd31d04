//! `bench/api`'s fixture: in the store the settings name (`REELCUT_CONFIG`), a workspace
//! with an API key and one finished AI clipping job with ten clips, written through the
//! store's own queue calls (insert → claim → finish). Prints `KEY JOB_ID`.

use reelcut_core::{JobKind, JobStatus, Settings};
use reelcut_jobs::{ClipChoices, ClipCommand, Command, JobLabels, Service, VideoSource};
use reelcut_store::{Finish, NewClip};

#[tokio::main]
async fn main() {
    let env: std::collections::BTreeMap<String, String> = std::env::vars().collect();
    let settings = Settings::load(None, &env, &[]).expect("settings load");
    let service = Service::open(settings).await.expect("the store opens");
    let workspace = service.store.ensure_workspace("bench").await.unwrap();
    let key = service.store.create_api_key(&workspace.id).await.unwrap().secret;
    let video = VideoSource::Url {
        url: "https://example.com/talk.mp4".into(),
    };
    let command = Command::Clip(ClipCommand::new(video, ClipChoices::default()).unwrap());
    let labels = JobLabels {
        title: Some("Bench talk".into()),
        ..Default::default()
    };
    let job = service.enqueue(&workspace.id, &command, &labels).await.unwrap();
    let claimed = service
        .store
        .claim_job("bench", 60_000)
        .await
        .unwrap()
        .expect("the job is claimable");
    assert_eq!(claimed.job.kind(), Some(JobKind::AiClipping));
    let clips: Vec<NewClip> = (0..10)
        .map(|i| NewClip {
            id: reelcut_store::new_id(),
            idx: i,
            status: "completed".into(),
            duration_seconds: Some(42.5),
            aspect_ratio: Some("portrait".into()),
            title: Some(format!("Clip {i}: the part everyone shares")),
            virality_score: Some(80 - i),
            video_key: Some(format!("ws/{}/jobs/{}/{i}.mp4", workspace.id, job.id)),
            thumbnail_key: Some(format!("ws/{}/jobs/{}/{i}.jpg", workspace.id, job.id)),
            detail: serde_json::json!({ "index": i }),
        })
        .collect();
    let finish = Finish {
        status: JobStatus::Completed,
        error: None,
        clips: &clips,
        event: None,
    };
    assert!(service.store.finish_job(&claimed, finish).await.unwrap());
    println!("{key} {}", job.id);
}
