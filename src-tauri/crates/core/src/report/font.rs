//! The font reports are set in: Noto Sans SC Regular (SIL Open Font License 1.1, see
//! `assets/fonts/OFL.txt`), kept zlib-compressed (6.3 MB; see `assets/fonts/README.md`).
//! It is a file of its own, not part of the program: the package installs it beside the binaries
//! ([`installed_beside`]), and a program run from a checkout (the tests, `make run`, the bench)
//! reads the copy in the source tree. It is read and parsed once, when the first report is made;
//! only the glyphs a document uses are embedded (the PDF writer subsets it).
use super::text::Metrics;
use crate::error::{Error, Result};
use printpdf::ParsedFont;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The font file's name.
pub const FILE: &str = "NotoSansSC-Regular.ttf.zlib";
/// The copy in the source tree.
const IN_SOURCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/fonts/NotoSansSC-Regular.ttf.zlib");
/// More than the font file is (6.3 MB), and than it inflates to (10.6 MB): anything larger is not
/// our font, and a damaged stream is refused, not followed.
const FILE_MAX: u64 = 16 << 20;

/// Where a package puts the font, given where the program is: `/usr/share/visitdesk/fonts/`
/// beside `/usr/bin/` (the .deb: `src-tauri/tauri.conf.json`, bundle.linux.deb.files), or a
/// `fonts` folder beside the program (Windows installers; `docs/WINDOWS.md`).
pub fn installed_beside(program: &Path) -> Vec<PathBuf> {
    let Some(dir) = program.parent() else { return Vec::new() };
    let mut places = vec![dir.join("fonts").join(FILE)];
    if let Some(prefix) = dir.parent() {
        places.insert(0, prefix.join("share/visitdesk/fonts").join(FILE));
    }
    places
}

static PROGRAM: OnceLock<PathBuf> = OnceLock::new();

/// Tells the core where the running program is (`std::env::current_exe`), so reports find the
/// font the package installed beside it. The app and the CLI call it once, at start.
pub fn program_at(program: PathBuf) {
    let _ = PROGRAM.set(program);
}

/// The places looked in, in order: beside the program, then the source tree.
fn places() -> Vec<PathBuf> {
    let mut places = PROGRAM.get().map(|p| installed_beside(p)).unwrap_or_default();
    places.push(PathBuf::from(IN_SOURCE));
    places
}

/// The first of `places` that holds a font, parsed.
fn load(places: &[PathBuf]) -> Result<Font> {
    let Some(path) = places.iter().find(|p| p.is_file()) else {
        let looked = places.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        return Err(Error::FontMissing(format!("the report font {FILE} is in none of: {looked}")));
    };
    let unreadable = |why: String| Error::FontMissing(format!("the report font {} {why}", path.display()));
    let size = std::fs::metadata(path).map_err(|e| unreadable(format!("cannot be read: {e}")))?.len();
    if size > FILE_MAX {
        return Err(unreadable(format!("is {size} bytes, not a font")));
    }
    let bytes = std::fs::read(path).map_err(|e| unreadable(format!("cannot be read: {e}")))?;
    let parsed = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&bytes, FILE_MAX as usize)
        .ok()
        .and_then(|ttf| ParsedFont::from_bytes(&ttf, 0, &mut Vec::new()))
        .ok_or_else(|| unreadable("is damaged".into()))?;
    let units_per_em = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
    let mut font = Font { parsed, units_per_em, missing: '?' };
    if font.has(MISSING) {
        font.missing = MISSING;
    }
    Ok(font)
}

/// What a character missing from the font is shown as, so it is never dropped silently.
pub const MISSING: char = '□';

pub struct Font {
    pub parsed: ParsedFont,
    units_per_em: f32,
    /// The font's own stand-in for missing characters: □ when it has one, else '?'.
    missing: char,
}

/// The report font, read and parsed once per process. A missing or damaged file fails each
/// report asked for (`report.font_missing`) until it is put back.
pub fn font() -> Result<&'static Font> {
    static FONT: OnceLock<Font> = OnceLock::new();
    if let Some(font) = FONT.get() {
        return Ok(font);
    }
    let font = load(&places())?;
    Ok(FONT.get_or_init(|| font))
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
    fn the_installed_font_is_found_beside_the_program_and_a_missing_one_is_a_typed_error() {
        assert_eq!(
            installed_beside(Path::new("/usr/bin/visitdesk")),
            [PathBuf::from("/usr/share/visitdesk/fonts").join(FILE), PathBuf::from("/usr/bin/fonts").join(FILE)]
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        let nowhere = [dir.path().join("a").join(FILE), dir.path().join(FILE)];
        let e = load(&nowhere).err().expect("no font anywhere");
        assert_eq!(e.code(), "report.font_missing");
        assert!(e.to_string().contains(&dir.path().join(FILE).display().to_string()), "{e}");
        // The first place holding a file is the one read: one that is not a font is refused, and
        // the real font put in an earlier place is found there.
        std::fs::write(&nowhere[1], b"not a font").unwrap();
        let e = load(&nowhere).err().expect("a damaged font");
        assert!(e.to_string().contains("is damaged"), "{e}");
        std::fs::copy(IN_SOURCE, &nowhere[0]).unwrap();
        assert!(load(&nowhere).unwrap().has('访'));
    }

    #[test]
    fn widths_come_from_the_font() {
        let f = font().unwrap();
        assert!((f.advance('访') - 1.0).abs() < 0.01);
        assert!(f.advance('i') < f.advance('M'));
    }
}
