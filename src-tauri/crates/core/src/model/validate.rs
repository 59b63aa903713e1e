//! Field validation shared by every record: text rules, credit codes, phones, e-mails.
use crate::error::ErrorCode;
use serde::Serialize;

/// A field that failed validation, and why. `field` is a stable dotted name
/// (`employer.credit_code`) that the UI maps to a label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct ValidationError {
    pub field: &'static str,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    #[error("is required")]
    Required,
    #[error("is longer than {max} characters")]
    TooLong { max: usize },
    #[error("is shorter than {min} characters")]
    TooShort { min: usize },
    #[error("contains control or direction-override characters")]
    ForbiddenCharacter,
    #[error("must be 18 characters")]
    CreditCodeLength,
    #[error("contains a character that a credit code cannot hold")]
    CreditCodeCharacter,
    #[error("check character should be {expected}")]
    CreditCodeCheck { expected: char },
    #[error("is not a phone number")]
    Phone,
    #[error("is not an e-mail address")]
    Email,
    #[error("must be between {min} and {max}")]
    OutOfRange { min: i64, max: i64 },
    #[error("ends before it starts")]
    EndBeforeStart,
    #[error("is not a known time zone")]
    TimeZone,
    #[error("is not a valid date or time")]
    Date,
    #[error("refers to a record that does not exist")]
    UnknownReference,
    #[error("is not allowed in this state")]
    InvalidState,
    #[error("is a duplicate")]
    Duplicate,
    #[error("does not include the trip's leader")]
    NotAParticipant,
}

/// A validation error as a form shows it next to the field: `code` is the same
/// `validation.<problem>` code an IPC error carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
pub struct FieldError {
    pub field: String,
    pub code: ErrorCode,
}

impl From<&ValidationError> for FieldError {
    fn from(e: &ValidationError) -> FieldError {
        FieldError { field: e.field.to_string(), code: ErrorCode::from(&e.problem) }
    }
}

pub type Checked<T> = Result<T, ValidationError>;

pub(crate) fn fail<T>(field: &'static str, problem: Problem) -> Checked<T> {
    Err(ValidationError { field, problem })
}

/// Longest single-line text (names, titles, addresses).
pub const LINE_MAX: usize = 200;
/// Longest free text (notes, survey answers): generous, but bounded.
pub const TEXT_MAX: usize = 20_000;

/// Embeddings, overrides and isolates, which can make text display other than it reads.
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Invisible characters: marks, zero-width characters, separators and the byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{2060}' | '\u{FEFF}')
}

/// True when `s` holds nothing visible.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(|c| c.is_whitespace() || is_invisible(c))
}

fn check_chars(field: &'static str, s: &str, multiline: bool) -> Checked<()> {
    let bad = s.chars().any(|c| {
        is_direction_control(c)
            || (c.is_control() && !(multiline && (c == '\n' || c == '\t')))
            || (!multiline && is_invisible(c))
    });
    if bad {
        return fail(field, Problem::ForbiddenCharacter);
    }
    Ok(())
}

fn check_len(field: &'static str, s: &str, max: usize) -> Checked<()> {
    if s.chars().count() > max {
        return fail(field, Problem::TooLong { max });
    }
    Ok(())
}

/// A required single line of text: trimmed, non-empty, bounded, no control characters.
pub fn line(field: &'static str, s: &str) -> Checked<String> {
    let s = optional_line(field, s)?;
    if s.is_empty() {
        return fail(field, Problem::Required);
    }
    Ok(s)
}

/// An optional single line of text (empty is allowed).
pub fn optional_line(field: &'static str, s: &str) -> Checked<String> {
    let s = s.trim();
    check_len(field, s, LINE_MAX)?;
    check_chars(field, s, false)?;
    Ok(s.to_string())
}

/// Optional free text: line endings normalised, trailing space trimmed, bounded.
pub fn text(field: &'static str, s: &str) -> Checked<String> {
    // Refuse absurd input before copying it; the exact bound applies to the normalised text.
    if s.len() > TEXT_MAX * 8 {
        return fail(field, Problem::TooLong { max: TEXT_MAX });
    }
    let s = s.replace("\r\n", "\n").replace('\r', "\n");
    let s = s.trim_end().trim_start_matches('\n');
    check_len(field, s, TEXT_MAX)?;
    check_chars(field, s, true)?;
    Ok(s.to_string())
}

/// A list of short labels (majors, abilities): each cleaned as a line, empties dropped, deduplicated.
pub fn labels(field: &'static str, items: &[String]) -> Checked<Vec<String>> {
    const MAX_ITEMS: usize = 50;
    let mut out: Vec<String> = Vec::new();
    for item in items {
        let item = optional_line(field, item)?;
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    if out.len() > MAX_ITEMS {
        return fail(field, Problem::OutOfRange { min: 0, max: MAX_ITEMS as i64 });
    }
    Ok(out)
}

pub fn range(field: &'static str, value: i64, min: i64, max: i64) -> Checked<()> {
    if value < min || value > max {
        return fail(field, Problem::OutOfRange { min, max });
    }
    Ok(())
}

/// An Ed25519 public key in hex, as a device or a paired school publishes it.
pub fn signing_key(field: &'static str, key: &str) -> Checked<()> {
    match crate::crypto::unhex(key) {
        Some(k) if k.len() == 32 => Ok(()),
        _ => fail(field, Problem::InvalidState),
    }
}

/// An age (X25519) recipient, `age1…`, as a device or a paired school publishes it.
pub fn recipient(field: &'static str, recipient: &str) -> Checked<()> {
    if !recipient.starts_with("age1") || recipient.parse::<age::x25519::Recipient>().is_err() {
        return fail(field, Problem::InvalidState);
    }
    Ok(())
}

/// Folds full-width ASCII (ＡＢＣ１２３, full-width space) to half-width.
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// The 31 characters of a unified social credit code (GB 32100-2015), in value order.
const CREDIT_CODE_ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn credit_value(c: char) -> Option<u32> {
    CREDIT_CODE_ALPHABET.find(c).map(|i| i as u32)
}

/// The check character for the first 17 characters of a credit code.
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    let mut sum = 0;
    let mut count = 0;
    for (c, w) in first17.chars().zip(CREDIT_CODE_WEIGHTS) {
        sum += credit_value(c)? * w;
        count += 1;
    }
    if count != 17 || first17.chars().count() != 17 {
        return None;
    }
    let check = (31 - sum % 31) % 31;
    CREDIT_CODE_ALPHABET.chars().nth(check as usize)
}

/// Normalises (width, case, spaces and hyphens) and validates a unified social credit code.
pub fn credit_code(field: &'static str, raw: &str) -> Checked<String> {
    let code: String =
        fold_width(raw).chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    if code.chars().count() != 18 {
        return fail(field, Problem::CreditCodeLength);
    }
    if code.chars().any(|c| credit_value(c).is_none()) {
        return fail(field, Problem::CreditCodeCharacter);
    }
    let (body, check) = code.split_at(17);
    let expected =
        credit_code_check_char(body).ok_or(ValidationError { field, problem: Problem::CreditCodeCharacter })?;
    if !check.starts_with(expected) {
        return fail(field, Problem::CreditCodeCheck { expected });
    }
    Ok(code)
}

/// Normalises and validates a Chinese phone number:
/// - a mobile, `13800138000` (spaces and hyphens dropped);
/// - a landline with its area code and an optional extension, `010-62751234` or
///   `0755-86012345-801` (also written `(0755)8601 2345`, `0755-8601-2345` or `…转801`);
/// - a 400/800 service number, `400-820-8820`.
///
/// A `+86` or `0086` prefix is accepted and dropped, restoring the trunk 0 of a landline.
pub fn phone(field: &'static str, raw: &str) -> Checked<String> {
    let bad = || ValidationError { field, problem: Problem::Phone };
    let mut s: String = fold_width(raw).trim().to_string();
    let international = ["+86", "0086"].iter().find(|p| s.starts_with(**p)).map(|p| p.len());
    if let Some(n) = international {
        s = s[n..].trim_start_matches([' ', '-']).to_string();
    }
    // Groups of digits, split at spaces, hyphens, brackets and 转 (extension).
    let groups: Vec<&str> = s.split([' ', '-', '(', ')', '转']).filter(|g| !g.is_empty()).collect();
    if groups.is_empty() || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad());
    }
    let mut digits: String = groups.concat();
    let mobile = digits.starts_with('1') && digits.len() == 11;
    if international.is_some() && !mobile && !digits.starts_with('0') {
        digits.insert(0, '0');
    }
    let n = digits.len();
    if digits.starts_with('1') {
        let ok = n == 11 && matches!(digits.as_bytes()[1], b'3'..=b'9');
        return if ok { Ok(digits) } else { Err(bad()) };
    }
    if digits.starts_with("400") || digits.starts_with("800") {
        return if n == 10 { Ok(format!("{}-{}-{}", &digits[..3], &digits[3..6], &digits[6..])) } else { Err(bad()) };
    }
    if !digits.starts_with('0') {
        return Err(bad());
    }
    // Beijing (010) and the 02x cities have three-digit area codes, the rest four.
    let area_len = if digits.starts_with("010") || digits.starts_with("02") { 3 } else { 4 };
    let (area, rest) = digits.split_at(area_len.min(n));
    if (7..=8).contains(&rest.len()) {
        return Ok(format!("{area}-{rest}"));
    }
    // An extension must be written apart, as the last group.
    let ext = groups.last().copied().unwrap_or_default();
    let local_len = rest.len().saturating_sub(ext.len());
    if groups.len() >= 2 && (1..=6).contains(&ext.len()) && (7..=8).contains(&local_len) {
        return Ok(format!("{area}-{}-{ext}", &rest[..local_len]));
    }
    Err(bad())
}

/// Validates an e-mail address: one `@`, a non-empty local part, a dotted domain, no spaces.
pub fn email(field: &'static str, raw: &str) -> Checked<String> {
    let s = fold_width(raw).trim().to_string();
    let ok = s.len() <= 254
        && s.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && local.len() <= 64
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && domain.split('.').all(|label| {
                    !label.is_empty()
                        && !label.starts_with('-')
                        && !label.ends_with('-')
                        && label.chars().all(|c| c.is_alphanumeric() || c == '-')
                })
                && local.chars().all(|c| !c.is_whitespace() && !c.is_control() && c != '<' && c != '>')
        });
    if !ok {
        return fail(field, Problem::Email);
    }
    Ok(s)
}

/// An optional value: empty text means absent; otherwise `check` must accept it.
pub fn optional(
    field: &'static str,
    raw: Option<&str>,
    check: fn(&'static str, &str) -> Checked<String>,
) -> Checked<Option<String>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => check(field, s).map(Some),
    }
}

/// Validates an IANA time-zone name such as `Asia/Shanghai`.
pub fn time_zone(field: &'static str, raw: &str) -> Checked<String> {
    raw.trim()
        .parse::<chrono_tz::Tz>()
        .map(|tz| tz.name().to_string())
        .map_err(|_| ValidationError { field, problem: Problem::TimeZone })
}

/// Parses a calendar date: `2022-03-15`, `2022/3/15`, `2022.03.15` or `2022年3月15日`.
/// Impossible dates (2022-02-30) are refused.
pub fn date(field: &'static str, raw: &str) -> Checked<chrono::NaiveDate> {
    let s = fold_width(raw);
    let parts: Vec<&str> = s.trim().trim_end_matches('日').split(['-', '/', '.', '年', '月']).collect();
    let number = |p: &str| p.trim().parse::<u32>().ok();
    match parts.as_slice() {
        [y, m, d] if y.trim().len() == 4 => match (number(y), number(m), number(d)) {
            (Some(y), Some(m), Some(d)) => chrono::NaiveDate::from_ymd_opt(y as i32, m, d),
            _ => None,
        },
        _ => None,
    }
    .ok_or(ValidationError { field, problem: Problem::Date })
}

/// Parses a local date and time (`2022-03-15 09:30` or `2022-03-15T09:30`) in the zone `tz`
/// and returns the instant in UTC. A time that does not exist in the zone is refused.
pub fn local_time(field: &'static str, raw: &str, tz: &str) -> Checked<chrono::DateTime<chrono::Utc>> {
    use chrono::TimeZone;
    let zone: chrono_tz::Tz = tz.parse().map_err(|_| ValidationError { field, problem: Problem::TimeZone })?;
    let s = fold_width(raw);
    let (day, time) = s.trim().split_once([' ', 'T']).unwrap_or((s.trim(), "00:00"));
    let day = date(field, day)?;
    let time = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .or_else(|_| chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M:%S"))
        .map_err(|_| ValidationError { field, problem: Problem::Date })?;
    zone.from_local_datetime(&day.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok_or(ValidationError { field, problem: Problem::Date })
}

/// A name folded for duplicate detection: width, case, spaces, bracket style, and the
/// 有限责任公司/有限公司 and 股份有限公司 variants all compare equal.
pub fn name_key(name: &str) -> String {
    let folded: String = fold_width(name)
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .map(|c| match c {
            '（' | '【' | '[' | '〔' => '(',
            '）' | '】' | ']' | '〕' => ')',
            _ => c.to_lowercase().next().unwrap_or(c),
        })
        .collect();
    folded.replace("有限责任公司", "有限公司").replace("股份有限公司", "有限公司")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_codes_are_checked() {
        // Published sample codes with correct check characters.
        assert_eq!(credit_code("c", "91350100M000100Y43").unwrap(), "91350100M000100Y43");
        assert_eq!(credit_code("c", " 9135 0100-m000100y43 ").unwrap(), "91350100M000100Y43");
        assert_eq!(credit_code("c", "９１３５０１００Ｍ０００１００Ｙ４３").unwrap(), "91350100M000100Y43");
        assert_eq!(
            credit_code("c", "91350100M000100Y44").unwrap_err().problem,
            Problem::CreditCodeCheck { expected: '3' }
        );
        assert_eq!(credit_code("c", "91350100M000100Y4").unwrap_err().problem, Problem::CreditCodeLength);
        // I, O, S, V and Z are not in the alphabet.
        assert_eq!(credit_code("c", "91350100I000100Y43").unwrap_err().problem, Problem::CreditCodeCharacter);
    }

    #[test]
    fn every_body_has_exactly_one_valid_check_character() {
        let body = "91110108MA01AB2C3";
        let check = credit_code_check_char(body).unwrap();
        let valid: Vec<char> =
            CREDIT_CODE_ALPHABET.chars().filter(|c| credit_code("c", &format!("{body}{c}")).is_ok()).collect();
        assert_eq!(valid, vec![check]);
    }

    #[test]
    fn phones() {
        for (typed, stored) in [
            ("138 0013 8000", "13800138000"),
            ("138-0013-8000", "13800138000"),
            ("+86 13800138000", "13800138000"),
            ("010-62751234", "010-62751234"),
            ("010 6275 1234", "010-62751234"),
            ("(010)6275-1234", "010-62751234"),
            ("+86 10 6275 1234", "010-62751234"),
            ("0086 755 8601 2345", "0755-86012345"),
            ("0755-86012345-801", "0755-86012345-801"),
            ("0755-86012345转801", "0755-86012345-801"),
            ("(021)54321234", "021-54321234"),
            ("4008208820", "400-820-8820"),
            ("-13800138000", "13800138000"),
        ] {
            assert_eq!(phone("p", typed).unwrap(), stored, "{typed}");
        }
        for bad in
            ["12800138000", "1380013800", "abc", "", "010-123", "13800138000x", "075586012345801", "+1 415 555 0100"]
        {
            assert_eq!(phone("p", bad).unwrap_err().problem, Problem::Phone, "{bad}");
        }
    }

    #[test]
    fn emails() {
        assert!(email("e", "hr@huawei.com").is_ok());
        assert!(email("e", "zhang.san+jobs@mail.example.cn").is_ok());
        for bad in ["hr@", "@huawei.com", "hr@huawei", "hr huawei@x.cn", "a@b@c.cn", "hr@.cn", "hr@x..cn"] {
            assert_eq!(email("e", bad).unwrap_err().problem, Problem::Email, "{bad}");
        }
    }

    #[test]
    fn text_rules() {
        assert_eq!(line("n", "  华为  ").unwrap(), "华为");
        assert_eq!(line("n", "   ").unwrap_err().problem, Problem::Required);
        assert_eq!(line("n", "a\u{0}b").unwrap_err().problem, Problem::ForbiddenCharacter);
        assert_eq!(line("n", "a\nb").unwrap_err().problem, Problem::ForbiddenCharacter);
        assert_eq!(line("n", "evil\u{202E}gpj.exe").unwrap_err().problem, Problem::ForbiddenCharacter);
        assert_eq!(line("n", &"字".repeat(201)).unwrap_err().problem, Problem::TooLong { max: 200 });
        assert_eq!(text("t", "第一行\r\n第二行\n").unwrap(), "第一行\n第二行");
        assert_eq!(text("t", &"x".repeat(1_000_000)).unwrap_err().problem, Problem::TooLong { max: TEXT_MAX });
        assert_eq!(
            labels("m", &["计算机".into(), " ".into(), "计算机".into(), "自动化".into()]).unwrap(),
            ["计算机", "自动化"]
        );
    }

    #[test]
    fn names_fold_for_duplicates() {
        let a = name_key("深圳市 腾讯计算机系统有限公司（南山）");
        assert_eq!(a, name_key("深圳市腾讯计算机系统有限责任公司(南山)"));
        assert_eq!(name_key("ABC Ltd"), name_key("ａｂｃ　ltd"));
        assert_ne!(name_key("华为技术有限公司"), name_key("华为终端有限公司"));
    }

    #[test]
    fn dates_in_office_formats() {
        let d = chrono::NaiveDate::from_ymd_opt(2022, 3, 15).unwrap();
        for ok in ["2022-03-15", "2022/3/15", "2022.03.15", "2022年3月15日", "２０２２－０３－１５"] {
            assert_eq!(date("d", ok).unwrap(), d, "{ok}");
        }
        for bad in ["2022-02-30", "2022-13-01", "15/03/2022", "", "2022-03", "二〇二二年"] {
            assert_eq!(date("d", bad).unwrap_err().problem, Problem::Date, "{bad}");
        }
        let t = local_time("t", "2022-03-15 09:30", "Asia/Shanghai").unwrap();
        assert_eq!(t.to_rfc3339(), "2022-03-15T01:30:00+00:00");
        assert_eq!(local_time("t", "2022-03-15 25:00", "Asia/Shanghai").unwrap_err().problem, Problem::Date);
        // 02:30 on the spring-forward night does not exist in New York.
        assert_eq!(local_time("t", "2022-03-13 02:30", "America/New_York").unwrap_err().problem, Problem::Date);
    }

    #[test]
    fn time_zones() {
        assert_eq!(time_zone("z", "Asia/Shanghai").unwrap(), "Asia/Shanghai");
        assert_eq!(time_zone("z", "Mars/Base").unwrap_err().problem, Problem::TimeZone);
    }
}
