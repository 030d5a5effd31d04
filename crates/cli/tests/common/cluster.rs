//! The deployment of `reelcut_testkit::cluster`, and the bucket as the test process
//! reaches it.

#[allow(unused_imports)] // not every suite that shares `common` starts a cluster
pub use reelcut_testkit::cluster::{postgres_database, Cluster};
use reelcut_testkit::garage::{self, Garage};

/// The bucket as the test process reaches it, for counting what is stored.
pub fn bucket(garage: &Garage) -> reelcut_store::Blobs {
    reelcut_store::Blobs::open(
        &garage.blob_url("scale"),
        &reelcut_core::S3Settings {
            endpoint: garage.endpoint(),
            region: garage::REGION.into(),
            path_style: true,
            access_key_id: garage::KEY_ID.into(),
            secret_access_key: garage::SECRET.into(),
        },
    )
    .unwrap()
}
