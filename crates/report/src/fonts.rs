//! The report's typeface, Liberation Sans (SIL OFL 1.1, `assets/fonts/`), embedded in
//! the binary and subset into every PDF.

use printpdf::ParsedFont;

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

/// The parsed faces, with text measurement.
pub struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
    italic: ParsedFont,
}

impl Fonts {
    pub fn load() -> Fonts {
        let parse = |b: &[u8]| {
            ParsedFont::from_bytes(b, 0, &mut Vec::new()).expect("the bundled fonts parse")
        };
        Fonts {
            regular: parse(REGULAR),
            bold: parse(BOLD),
            italic: parse(ITALIC),
        }
    }

    pub fn face(&self, face: Face) -> &ParsedFont {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
            Face::Italic => &self.italic,
        }
    }

    /// The width of `text` in points at `size`, from the font's advance widths.
    pub fn width(&self, face: Face, text: &str, size: f32) -> f32 {
        let f = self.face(face);
        let upem = f32::from(f.pdf_font_metrics.units_per_em.max(1));
        let units: f32 = text
            .chars()
            .map(|c| {
                f.lookup_glyph_index(c as u32)
                    .map_or(0.0, |g| f32::from(f.get_horizontal_advance(g)))
            })
            .sum();
        units / upem * size
    }

    /// Greedy word wrap to `max` points. A word longer than a line is broken by
    /// characters, so nothing is ever drawn outside its box.
    pub fn wrap(&self, face: Face, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for paragraph in text.split('\n') {
            let mut cur = String::new();
            for word in paragraph.split_whitespace() {
                let candidate = if cur.is_empty() {
                    word.to_string()
                } else {
                    format!("{cur} {word}")
                };
                if self.width(face, &candidate, size) <= max {
                    cur = candidate;
                    continue;
                }
                if !cur.is_empty() {
                    lines.push(std::mem::take(&mut cur));
                }
                // The word alone: break it by characters if it is still too wide.
                for c in word.chars() {
                    let mut next = cur.clone();
                    next.push(c);
                    if self.width(face, &next, size) > max && !cur.is_empty() {
                        lines.push(std::mem::take(&mut cur));
                        cur.push(c);
                    } else {
                        cur = next;
                    }
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
