//! Line breaking for mixed Chinese and Latin text. Pure functions over advance widths, so the
//! decisions can be checked on fixed inputs without a font.
//!
//! - A line may break between any two CJK characters, and at spaces in Latin text.
//! - Kinsoku (禁则): no line starts with closing punctuation (，。、；：？！）》」 …) and none
//!   ends with opening punctuation (（《「 …).
//! - A word wider than the line (a long name, a URL) is broken between characters, so nothing
//!   runs off the page.
//! - Spaces at a break are dropped; hard line breaks (`\n`) are kept.

/// Advance widths of the characters a text is set in.
pub trait Metrics {
    /// The advance of `c` in em (1.0 is the font size).
    fn advance(&self, c: char) -> f32;
}

/// Characters that may not start a line.
pub const NO_LINE_START: &str = "，。、；：？！）》」』】〕〉’”…‥·・％﹐﹑﹒﹔﹕﹖﹗,.;:?!)]}%";
/// Characters that may not end a line.
pub const NO_LINE_END: &str = "（《「『【〔〈‘“([{";

/// Where a word too long for a line (a URL, a path) is best broken: after one of these. Not
/// after a hyphen: text extraction takes a hyphen at the end of a line for a hyphenation
/// and drops it.
const SOFT_BREAK_AFTER: &str = "/_.?&=#";

/// CJK ideographs, kana, hangul, CJK and full-width punctuation, and the symbol that stands
/// in for missing characters: each is a unit of its own between which a line may break.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF       // radicals
        | 0x3000..=0x30FF     // CJK punctuation, kana
        | 0x3100..=0x31FF     // bopomofo, kana extensions
        | 0x3200..=0x9FFF     // enclosed, compatibility, ext. A, unified ideographs
        | 0xAC00..=0xD7AF     // hangul
        | 0xF900..=0xFAFF     // compatibility ideographs
        | 0xFE30..=0xFE4F     // compatibility forms
        | 0xFF00..=0xFFEF     // full-width forms
        | 0x20000..=0x3FFFF   // ideographs beyond the BMP
        | 0x25A1              // □, the stand-in for a missing character
    )
}

/// The width of `text` set at `size` points.
pub fn text_width(text: &str, m: &dyn Metrics, size: f32) -> f32 {
    text.chars().map(|c| m.advance(c)).sum::<f32>() * size
}

/// Whether a line may break between `prev` and `next` (ignoring spaces, handled apart).
fn may_break_between(prev: char, next: char) -> bool {
    if NO_LINE_START.contains(next) || NO_LINE_END.contains(prev) {
        return false;
    }
    is_cjk(prev) || is_cjk(next)
}

/// A piece of a paragraph that is never broken except when it alone is wider than the line.
#[derive(Debug, PartialEq)]
enum Piece {
    Word(String),
    Space,
}

/// Splits one paragraph (no `\n`) into words and spaces at its break opportunities.
fn pieces(paragraph: &str) -> Vec<Piece> {
    let chars: Vec<char> = paragraph.chars().collect();
    let mut out: Vec<Piece> = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            // A space before closing punctuation is no break: the line would start with it.
            let next = chars[i..].iter().find(|c| **c != ' ');
            if !word.is_empty() && next.is_some_and(|n| NO_LINE_START.contains(*n)) {
                word.push(c);
                continue;
            }
            if !word.is_empty() {
                out.push(Piece::Word(std::mem::take(&mut word)));
            }
            if out.last().is_some_and(|p| *p != Piece::Space) {
                out.push(Piece::Space);
            }
            continue;
        }
        if word.chars().last().is_some_and(|prev| prev != ' ' && may_break_between(prev, c)) {
            out.push(Piece::Word(std::mem::take(&mut word)));
        }
        word.push(c);
    }
    if !word.is_empty() {
        out.push(Piece::Word(word));
    }
    out
}

/// Breaks `text` into lines no wider than `max` points at `size` points.
pub fn break_lines(text: &str, m: &dyn Metrics, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let paragraph = paragraph.trim_end_matches('\r');
        let mut line = String::new();
        let mut line_width = 0.0;
        let mut pending_space = false;
        let space = m.advance(' ') * size;
        for piece in pieces(paragraph) {
            let word = match piece {
                Piece::Space => {
                    pending_space = !line.is_empty();
                    continue;
                }
                Piece::Word(w) => w,
            };
            let w = text_width(&word, m, size);
            let gap = if pending_space { space } else { 0.0 };
            if line_width + gap + w <= max {
                if pending_space {
                    line.push(' ');
                }
                line.push_str(&word);
                line_width += gap + w;
            } else if w <= max {
                lines.push(std::mem::take(&mut line));
                line = word;
                line_width = w;
            } else {
                // Wider than a line: start it on a line of its own and break between characters.
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                line_width = 0.0;
                for c in word.chars() {
                    let cw = m.advance(c) * size;
                    if line_width + cw > max && !line.is_empty() {
                        // Prefer to break after a URL's separator in the second half of the line;
                        // never leave a hyphen at the end.
                        let soft = line
                            .char_indices()
                            .filter(|(i, s)| *i > line.len() / 2 && SOFT_BREAK_AFTER.contains(*s))
                            .map(|(i, s)| i + s.len_utf8())
                            .next_back()
                            .or_else(|| line.strip_suffix('-').map(str::len).filter(|n| *n > 0));
                        let rest = soft.map(|i| line.split_off(i)).unwrap_or_default();
                        lines.push(std::mem::replace(&mut line, rest));
                        line_width = text_width(&line, m, size);
                    }
                    line.push(c);
                    line_width += cw;
                }
            }
            pending_space = false;
        }
        lines.push(line);
    }
    lines
}

/// `text` cut to fit `max` points on one line, ending in "…" when cut.
pub fn ellipsize(text: &str, m: &dyn Metrics, size: f32, max: f32) -> String {
    let text: String = text.chars().map(|c| if c == '\n' { ' ' } else { c }).collect();
    if text_width(&text, m, size) <= max {
        return text;
    }
    let room = max - m.advance('…') * size;
    let mut out = String::new();
    let mut w = 0.0;
    for c in text.chars() {
        w += m.advance(c) * size;
        if w > room {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Fixed metrics for golden tests: CJK characters 1 em, everything else half an em.
    pub struct Fixed;
    impl Metrics for Fixed {
        fn advance(&self, c: char) -> f32 {
            if is_cjk(c) { 1.0 } else { 0.5 }
        }
    }

    /// Lines of `text` at 10 pt, `ems` CJK characters wide.
    fn lines(text: &str, ems: f32) -> Vec<String> {
        break_lines(text, &Fixed, 10.0, ems * 10.0)
    }

    #[test]
    fn chinese_breaks_between_any_two_characters() {
        assert_eq!(lines("书记校长访企拓岗促就业专项行动", 6.0), ["书记校长访企", "拓岗促就业专", "项行动"]);
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // The comma would start line two: it goes back with the character before it.
        assert_eq!(lines("一二三四五，六七八", 5.0), ["一二三四", "五，六七八"]);
        assert_eq!(lines("一二三四五。", 5.0), ["一二三四", "五。"]);
        // Two closing marks in a row stay with the character before them.
        assert_eq!(lines("一二三四（五）。六", 5.0), ["一二三四", "（五）。六"]);
        for text in
            ["甲乙丙丁，戊己庚辛；壬癸：子丑？寅卯！辰巳）午未》申酉」戌亥、一二三。", "a，b。c、d；e：f？g！h）i》j」"]
        {
            for ems in [2.0, 3.0, 4.0, 5.0, 7.0] {
                for line in lines(text, ems).iter().skip(1) {
                    let first = line.chars().next().unwrap();
                    assert!(!"，。、；：？！）》」".contains(first), "{line:?} at {ems}");
                }
            }
        }
    }

    #[test]
    fn no_line_ends_with_opening_punctuation() {
        // 《 would end line one: it moves down with the title it opens.
        assert_eq!(lines("关于印发《通知》的函", 4.0), ["关于印发", "《通知》", "的函"]);
        assert_eq!(lines("一二三（四）", 4.0), ["一二三", "（四）"]);
        for ems in [2.0, 3.0, 4.0, 5.0] {
            for line in lines("甲（乙）丙《丁》戊「己」庚（辛）", ems) {
                let last = line.chars().last().unwrap();
                assert!(!"（《「".contains(last), "{line:?} at {ems}");
            }
        }
    }

    #[test]
    fn latin_breaks_at_spaces_and_mixes_with_chinese() {
        assert_eq!(lines("the quick brown fox jumps", 6.0), ["the quick", "brown fox", "jumps"]);
        // Latin words stay whole; Chinese around them breaks anywhere.
        assert_eq!(lines("熟悉Java和Python开发", 5.0), ["熟悉Java和", "Python开发"]);
        // A space before closing punctuation does not let it start a line.
        assert_eq!(lines("abc def ，ghi", 4.0), ["abc", "def ，", "ghi"]);
    }

    #[test]
    fn long_words_and_urls_are_broken_to_fit() {
        let url = "https://example.com/a/very/long/path";
        let got = lines(&format!("见 {url} 。"), 8.0);
        assert_eq!(got, ["见", "https://example.", "com/a/very/long/", "path 。"]);
        assert!(got.iter().all(|l| text_width(l, &Fixed, 10.0) <= 80.0), "{got:?}");
        // Long words break after a separator when there is one in the second half of the line.
        let got = lines("https://example.com/path/to/some-report-2022.pdf", 10.0);
        assert_eq!(got, ["https://example.com/", "path/to/some-report", "-2022.pdf"]);
        let got = lines("https://example.com/some_file_name_v2.pdf", 10.0);
        assert_eq!(got, ["https://example.com/", "some_file_name_v2.", "pdf"]);
        let got = lines("https://example.com/averylongnameofafile.pdf", 10.0);
        assert_eq!(got, ["https://example.com/", "averylongnameofafile", ".pdf"]);
        // No line of a broken word ends with a hyphen.
        let word = "aaaa-bbbb-cccc-dddd-eeee-ffff-gggg-hhhh";
        let got = lines(word, 2.5);
        assert_eq!(got.concat(), word);
        assert!(got.iter().all(|l| !l.ends_with('-') && l.len() <= 5), "{got:?}");
        // A name of one long ideograph run is broken too, and nothing is lost.
        let name = "超".repeat(25);
        let got = lines(&name, 10.0);
        assert_eq!(got.len(), 3);
        assert_eq!(got.concat(), name);
    }

    #[test]
    fn hard_breaks_and_empty_text_keep_their_lines() {
        assert_eq!(lines("一\n\n二", 5.0), ["一", "", "二"]);
        assert_eq!(lines("", 5.0), [""]);
        // Spaces at a break are dropped, leading ones too.
        assert_eq!(lines("  ab   cd  ", 2.0), ["ab", "cd"]);
    }

    #[test]
    fn ellipsizing_cuts_visibly() {
        assert_eq!(ellipsize("示例职业技术学院", &Fixed, 10.0, 100.0), "示例职业技术学院");
        assert_eq!(ellipsize("示例职业技术学院", &Fixed, 10.0, 50.0), "示例职业…");
    }
}
