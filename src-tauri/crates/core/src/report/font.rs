//! The font reports are set in: Noto Sans SC Regular (SIL Open Font License 1.1, see
//! `assets/fonts/OFL.txt`), built into the binary (compressed, inflated once when the first report
//! is made) so the CLI and the app need no font files.
//! Only the glyphs a document uses are embedded (the PDF writer subsets it).
use super::text::Metrics;
use crate::error::{Error, Result};
use printpdf::ParsedFont;
use std::sync::OnceLock;

/// The font, zlib-compressed (`assets/fonts/README.md`): 4.3 MB off each binary.
const FONT_ZLIB: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-Regular.ttf.zlib");
/// More than the font inflates to (10.6 MB): a damaged stream is refused, not followed.
const FONT_MAX: usize = 16 << 20;

/// What a character missing from the font is shown as, so it is never dropped silently.
pub const MISSING: char = '□';

pub struct Font {
    pub parsed: ParsedFont,
    units_per_em: f32,
    /// The font's own stand-in for missing characters: □ when it has one, else '?'.
    missing: char,
}

/// The report font, parsed once per process.
pub fn font() -> Result<&'static Font> {
    static FONT: OnceLock<Option<Font>> = OnceLock::new();
    FONT.get_or_init(|| {
        let bytes = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(FONT_ZLIB, FONT_MAX).ok()?;
        let parsed = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())?;
        let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
        let mut font = Font { parsed, units_per_em, missing: '?' };
        if font.has(MISSING) {
            font.missing = MISSING;
        }
        Some(font)
    })
    .as_ref()
    .ok_or_else(|| Error::Invalid("the report font could not be read".into()))
}

/// Invisible joiners and variation selectors, which only shape the character before them.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

impl Font {
    pub fn has(&self, c: char) -> bool {
        self.parsed.lookup_glyph_index(c as u32).is_some_and(|g| g != 0)
    }

    /// `text` with every character the font lacks replaced by a visible stand-in (an emoji
    /// sequence joined by ZWJ becomes one stand-in per pictograph), tabs as spaces.
    pub fn visible(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut replaced = false;
        for c in text.chars() {
            match c {
                '\n' => out.push('\n'),
                '\t' => out.push(' '),
                '\r' => {}
                c if self.has(c) && !c.is_control() => out.push(c),
                c if replaced && is_joiner(c) => continue,
                _ => {
                    out.push(self.missing);
                    replaced = true;
                    continue;
                }
            }
            replaced = false;
        }
        out
    }
}

impl Metrics for Font {
    fn advance(&self, c: char) -> f32 {
        match self.parsed.lookup_glyph_index(c as u32) {
            Some(g) => f32::from(self.parsed.get_horizontal_advance(g)) / self.units_per_em,
            None => 1.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_characters_are_replaced_visibly() {
        let f = font().unwrap();
        assert!(f.has('访') && f.has('A') && f.has('7') && f.has(MISSING));
        assert_eq!(f.visible("访企 Visit 2022"), "访企 Visit 2022");
        // An emoji, a family joined by ZWJ, a flag, and a control character.
        assert_eq!(f.visible("好😀"), "好□");
        assert_eq!(f.visible("👨\u{200D}👩\u{200D}👧!"), "□□□!");
        assert_eq!(f.visible("a\u{7}b\tc"), "a□b c");
        // Mixed scripts the font covers stay as they are; it has no hangul.
        assert_eq!(f.visible("Ünïcødé Straße 日本語 한국어"), "Ünïcødé Straße 日本語 □□□");
    }

    #[test]
    fn widths_come_from_the_font() {
        let f = font().unwrap();
        assert!((f.advance('访') - 1.0).abs() < 0.01);
        assert!(f.advance('i') < f.advance('M'));
    }
}
