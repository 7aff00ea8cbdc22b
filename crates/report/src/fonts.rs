//! The report's typeface, Liberation Sans (SIL OFL 1.1, `assets/fonts/`), embedded in
//! the binary and subset into every PDF (by krilla, with a ToUnicode map, as PDF/A needs).
//! Text is measured here with the font's own advance widths (skrifa), so wrapped text
//! never leaves its box.

use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

/// The faces the report uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    Regular,
    Bold,
    Italic,
}

const REGULAR: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Bold.ttf");
const ITALIC: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Italic.ttf");

/// The font files, for other renderers (the Word version's chart images).
pub const FACES: [&[u8]; 3] = [REGULAR, BOLD, ITALIC];

/// One face: its bytes for the PDF and its metrics for measuring.
struct Loaded {
    font: FontRef<'static>,
    metrics: GlyphMetrics<'static>,
    units_per_em: f32,
    pdf: krilla::text::Font,
}

impl Loaded {
    fn new(bytes: &'static [u8]) -> Loaded {
        let font = FontRef::new(bytes).expect("the bundled fonts parse");
        Loaded {
            metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em: f32::from(
                font.metrics(Size::unscaled(), LocationRef::default())
                    .units_per_em
                    .max(1),
            ),
            font,
            pdf: krilla::text::Font::new(krilla::Data::from(bytes), 0)
                .expect("the bundled fonts load"),
        }
    }
}

/// The parsed faces, with text measurement.
pub struct Fonts {
    regular: Loaded,
    bold: Loaded,
    italic: Loaded,
}

impl Fonts {
    pub fn load() -> Fonts {
        Fonts {
            regular: Loaded::new(REGULAR),
            bold: Loaded::new(BOLD),
            italic: Loaded::new(ITALIC),
        }
    }

    fn loaded(&self, face: Face) -> &Loaded {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
            Face::Italic => &self.italic,
        }
    }

    /// The face as krilla draws it.
    pub fn pdf_font(&self, face: Face) -> krilla::text::Font {
        self.loaded(face).pdf.clone()
    }

    /// The glyphs of `text`, one per character, placed by the font's advance widths (no
    /// shaping: the report's Latin text needs none, and the widths drawn are exactly
    /// the widths measured by [`Fonts::width`]). A character the font lacks is its
    /// `.notdef` glyph, and stays in the text layer for copying and screen readers.
    pub fn glyphs(&self, face: Face, text: &str) -> Vec<krilla::text::KrillaGlyph> {
        let f = self.loaded(face);
        let charmap = f.font.charmap();
        text.char_indices()
            .map(|(i, c)| {
                let g = charmap.map(c).unwrap_or_default();
                let advance = f.metrics.advance_width(g).unwrap_or(0.0) / f.units_per_em;
                krilla::text::KrillaGlyph::new(
                    krilla::text::GlyphId::new(g.to_u32()),
                    advance,
                    0.0,
                    0.0,
                    0.0,
                    i..i + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }

    /// The width of `text` in points at `size`, from the font's advance widths.
    pub fn width(&self, face: Face, text: &str, size: f32) -> f32 {
        let f = self.loaded(face);
        let charmap = f.font.charmap();
        let units: f32 = text
            .chars()
            .map(|c| {
                charmap
                    .map(c)
                    .and_then(|g| f.metrics.advance_width(g))
                    .unwrap_or(0.0)
            })
            .sum();
        units / f.units_per_em * size
    }

    /// Greedy word wrap to `max` points. A word longer than a line is broken by
    /// characters, so nothing is ever drawn outside its box.
    pub fn wrap(&self, face: Face, text: &str, size: f32, max: f32) -> Vec<String> {
        // Widths add up glyph by glyph (no kerning), so a line's width is kept as it
        // grows instead of measuring it again for every word.
        let space = self.width(face, " ", size);
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut cur = String::new();
            let mut cur_w = 0.0;
            for word in paragraph.split_whitespace() {
                let word_w = self.width(face, word, size);
                let candidate_w = if cur.is_empty() {
                    word_w
                } else {
                    cur_w + space + word_w
                };
                if candidate_w <= max {
                    if !cur.is_empty() {
                        cur.push(' ');
                    }
                    cur.push_str(word);
                    cur_w = candidate_w;
                    continue;
                }
                if !cur.is_empty() {
                    lines.push(std::mem::take(&mut cur));
                }
                cur_w = 0.0;
                // The word alone: break it by characters if it is still too wide.
                for c in word.chars() {
                    let mut buf = [0u8; 4];
                    let c_w = self.width(face, c.encode_utf8(&mut buf), size);
                    if cur_w + c_w > max && !cur.is_empty() {
                        lines.push(std::mem::take(&mut cur));
                        cur_w = 0.0;
                    }
                    cur.push(c);
                    cur_w += c_w;
                }
            }
            lines.push(cur);
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_have_widths_and_wrapping_stays_inside() {
        let f = Fonts::load();
        for c in ['å', 'ä', 'ö', 'Å', 'Ä', 'Ö', 'é', '–', '”', '·'] {
            assert!(f.width(Face::Regular, &c.to_string(), 10.0) > 0.0, "{c}");
        }
        assert!(f.width(Face::Bold, "Grön", 10.0) > f.width(Face::Regular, "Grön", 10.0));
        let text = "Granskningen pågick under september och oktober 2023 och har bland annat omfattat intervjuer, observationer och granskning av akter. Aktgranskningsprotokollsammanställningen";
        for max in [60.0, 120.0, 300.0] {
            let lines = f.wrap(Face::Regular, text, 11.0, max);
            assert!(lines.len() > 1);
            for l in &lines {
                assert!(
                    f.width(Face::Regular, l, 11.0) <= max + 0.01,
                    "{l:?} wider than {max}"
                );
            }
            let joined: String = lines.concat().split_whitespace().collect();
            let original: String = text.split_whitespace().collect();
            assert_eq!(joined, original, "no text lost");
        }
        assert_eq!(
            f.wrap(Face::Regular, "a\n\nb", 11.0, 100.0),
            vec!["a", "", "b"]
        );
    }
}
