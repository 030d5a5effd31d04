//! A composition that names Inter, Montserrat and Playfair Display renders in those
//! fonts (vendored from npm's @fontsource packages), not in a system fallback: the ink
//! width of a line on the rendered frame matches the width the font file itself gives
//! for the same text, and differs from what DejaVu (the fallback) would give.

mod common;

use std::path::Path;

const TEXT: &str = "Hamburgefonstiv";
const SIZE: f64 = 96.0;

/// A WOFF 1.0 file as a plain sfnt (each table inflated when it was compressed).
fn sfnt_from_woff(woff: &[u8]) -> Vec<u8> {
    let u32_at = |o: usize| u32::from_be_bytes(woff[o..o + 4].try_into().unwrap());
    assert_eq!(&woff[0..4], b"wOFF", "a WOFF 1.0 file");
    let flavor = u32_at(4);
    let count = u16::from_be_bytes([woff[12], woff[13]]) as usize;
    let mut tables = Vec::new();
    for i in 0..count {
        let e = 44 + 20 * i;
        let (tag, offset, comp, orig) = (u32_at(e), u32_at(e + 4) as usize, u32_at(e + 8) as usize, u32_at(e + 12) as usize);
        let raw = &woff[offset..offset + comp];
        let data = if comp < orig {
            let mut out = Vec::with_capacity(orig);
            std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(raw), &mut out).unwrap();
            out
        } else {
            raw.to_vec()
        };
        tables.push((tag, data));
    }
    let mut out = Vec::new();
    out.extend(flavor.to_be_bytes());
    out.extend((count as u16).to_be_bytes());
    out.extend([0u8; 6]); // searchRange, entrySelector, rangeShift: not read
    let mut offset = 12 + 16 * count;
    for (tag, data) in &tables {
        out.extend(tag.to_be_bytes());
        out.extend(0u32.to_be_bytes());
        out.extend((offset as u32).to_be_bytes());
        out.extend((data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    for (_, data) in &tables {
        out.extend(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    out
}

/// Ink width of `text` at `size` px: advances of all but the last glyph, plus the last
/// glyph's right edge, minus the first glyph's left edge (no kerning; the test's word
/// has little).
fn ink_width(font: &[u8], text: &str, size: f64) -> f64 {
    let face = ttf_parser::Face::parse(font, 0).unwrap();
    let scale = size / face.units_per_em() as f64;
    let glyphs: Vec<_> = text.chars().map(|c| face.glyph_index(c).unwrap()).collect();
    let advances: f64 = glyphs[..glyphs.len() - 1]
        .iter()
        .map(|g| face.glyph_hor_advance(*g).unwrap() as f64)
        .sum();
    let first = face.glyph_bounding_box(glyphs[0]).unwrap();
    let last = face.glyph_bounding_box(*glyphs.last().unwrap()).unwrap();
    (advances + last.x_max as f64 - first.x_min as f64) * scale
}

#[tokio::test]
async fn compositions_render_in_the_vendored_fonts_they_name() {
    let tools = common::tools();
    let fonts = tools
        .fonts_dir
        .clone()
        .expect("vendored fonts missing: run scripts/vendor.sh fonts (set-up does)");
    let lines = [
        ("Inter", "inter", 400, [255u8, 0, 0], "DejaVuSans.ttf"),
        ("Montserrat", "montserrat", 700, [0, 255, 0], "DejaVuSans-Bold.ttf"),
        ("Playfair Display", "playfair-display", 400, [0, 0, 255], "DejaVuSerif.ttf"),
    ];
    let mut body = String::new();
    for (i, (family, _, weight, rgb, _)) in lines.iter().enumerate() {
        body += &format!(
            r#"<div style="position:absolute;left:100px;top:{}px;font-family:'{family}';font-weight:{weight};font-size:{SIZE}px;white-space:nowrap;color:rgb({},{},{})">{TEXT}</div>"#,
            80 + i * 300,
            rgb[0],
            rgb[1],
            rgb[2]
        );
    }
    let dir = common::project(&[("index.html", common::page("", &body, 0.2).as_bytes())]);
    let rendered = common::render_dir(dir.path(), common::options(10)).await.expect("renders");
    let frame = common::frame(&rendered.outcome.video, 1);
    for (family, slug, weight, rgb, fallback) in lines {
        let woff = std::fs::read(fonts.join(format!("{slug}-latin-{weight}-normal.woff"))).unwrap();
        let expected = ink_width(&sfnt_from_woff(&woff), TEXT, SIZE);
        let dejavu = ink_width(
            &std::fs::read(Path::new("/usr/share/fonts/truetype/dejavu").join(fallback)).unwrap(),
            TEXT,
            SIZE,
        );
        let (x0, _, x1, _) = frame.find(rgb).unwrap_or_else(|| panic!("{family}: no text on the frame"));
        let measured = (x1 - x0) as f64;
        eprintln!("{family}: {measured:.0} px on the frame, {expected:.1} px from the font file, {dejavu:.1} px in DejaVu");
        assert!(
            (expected - dejavu).abs() / expected > 0.04,
            "{family} and DejaVu are too alike for this test"
        );
        assert!(
            (measured - expected).abs() / expected < 0.025,
            "{family}: {measured} px, the font gives {expected:.1}"
        );
    }
}
