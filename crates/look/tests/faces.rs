//! CenterFace on a real photo (scikit-image's astronaut, 512×512): one face, where the
//! face is, with landmarks inside the box.

use reelcut_look::FaceDetector;

#[test]
fn finds_the_astronauts_face() {
    let image = image::open(reelcut_testkit::fixture("astronaut.png")).unwrap().to_rgb8();
    let (w, h) = (image.width() as usize, image.height() as usize);
    let mut detector = FaceDetector::load(&reelcut_testkit::models_dir()).unwrap();
    let faces = detector.detect(image.as_raw(), w, h).unwrap();
    assert_eq!(faces.len(), 1, "{faces:?}");
    let f = faces[0];
    let (cx, cy) = f.centre();
    // Her face is in the upper middle of the picture, about 100 px wide.
    assert!((160.0..=260.0).contains(&cx) && (60.0..=180.0).contains(&cy), "{f:?}");
    assert!((60.0..=160.0).contains(&f.width()), "{f:?}");
    for (x, y) in f.landmarks {
        assert!(x >= f.x0 - 5.0 && x <= f.x1 + 5.0 && y >= f.y0 - 5.0 && y <= f.y1 + 5.0, "{f:?}");
    }
}
