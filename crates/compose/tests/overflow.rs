//! Text that does not fit its box is measured in the page while the render runs: a box
//! too small for its words is reported with when it was first on screen, one that
//! appears later is reported at its time, a box partly outside the frame that clips it
//! is reported by how far, and boxes that fit (or size to their text, or are only moved
//! by a transform in flight) are not.

mod common;

use common::*;

const BODY: &str = r##"<div id="fits" style="position:absolute;left:100px;top:100px;width:600px;height:120px;color:#fff;font:48px sans-serif">Short line</div>
<div id="grows" style="position:absolute;left:100px;top:300px;width:400px;color:#fff;font:48px sans-serif">A box with no height grows to hold every one of its many words</div>
<div id="spills" style="position:absolute;left:900px;top:100px;width:300px;height:60px;color:#fff;font:48px sans-serif">Far too many words for this small box</div>
<div id="wide" style="position:absolute;left:900px;top:400px;width:200px;height:200px;white-space:nowrap;color:#fff;font:48px sans-serif">Unbreakable_long_label</div>
<div id="frame" style="position:absolute;left:1300px;top:700px;width:400px;height:200px;overflow:hidden">
  <div id="cut-off" style="position:absolute;left:0;top:150px;width:400px;height:100px;color:#fff;font:40px sans-serif">Half hidden</div>
  <div id="moving" style="position:absolute;left:0;top:0;width:400px;height:100px;color:#fff;font:40px sans-serif;transform:translateX(900px)">In flight</div>
</div>
<div id="later" class="clip" data-start="1.5" data-duration="1" style="position:absolute;left:100px;top:800px;width:250px;height:50px;color:#fff;font:40px sans-serif">This caption arrives late and does not fit</div>"##;

#[tokio::test(flavor = "multi_thread")]
async fn text_that_overflows_its_box_is_reported_with_when() {
    let dir = project(&[("index.html", page("", BODY, 3.0).as_bytes())]);
    let r = render_dir(dir.path(), options(10)).await.unwrap();
    let seen: Vec<(&str, f64)> = r.outcome.overflow.iter().map(|o| (o.element.as_str(), o.at_s)).collect();
    assert_eq!(
        seen,
        vec![("#spills", 0.0), ("#wide", 0.0), ("#cut-off", 0.0), ("#later", 2.0)],
        "{:#?}",
        r.outcome.overflow
    );
    assert_eq!(r.outcome.overflow[2].outside_px, 50.0);
    let spills = &r.outcome.overflow[0];
    assert!(spills.taller_px > 60.0, "{spills:?}");
    assert!(spills.text.starts_with("Far too many words"));
    assert!(r.outcome.overflow[1].wider_px > 100.0, "{:?}", r.outcome.overflow[1]);
}
