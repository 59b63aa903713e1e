//! Page layout: a document's blocks become items placed on A4 portrait pages. Pure: the
//! decisions (where lines and pages break, where a table's header repeats) depend only on
//! the blocks and the advance widths, so they are checked on fixed inputs.
//!
//! Coordinates are points from the top-left corner of the page; `y` grows downwards.
use super::text::{Metrics, break_lines, ellipsize, text_width};

pub const PAGE_W: f32 = 595.28;
pub const PAGE_H: f32 = 841.89;
pub const MARGIN_X: f32 = 56.0;
/// Where the content area starts and ends; the running header and footer sit outside it.
pub const TOP: f32 = 72.0;
pub const BOTTOM: f32 = PAGE_H - 66.0;
pub const WIDTH: f32 = PAGE_W - 2.0 * MARGIN_X;

pub const BODY: f32 = 10.5;
pub const SMALL: f32 = 8.5;
pub const TABLE: f32 = 9.5;
const LEADING: f32 = 1.5;
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;
const RULED_GAP: f32 = 26.0;
const SIGNATURE_ROW: f32 = 40.0;

/// The height of a [`Block::Signature`] of `n` labels.
pub fn signature_height(n: usize) -> f32 {
    n.div_ceil(2) as f32 * SIGNATURE_ROW
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

pub const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
pub const GREY: Rgb = Rgb(0.4, 0.4, 0.4);
pub const RULE: Rgb = Rgb(0.75, 0.75, 0.75);
pub const ACCENT: Rgb = Rgb(0.13, 0.33, 0.6);
pub const PALE: Rgb = Rgb(0.9, 0.93, 0.97);
pub const PROJECTED: Rgb = Rgb(0.66, 0.77, 0.9);
pub const TRACK: Rgb = Rgb(0.92, 0.92, 0.92);

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// One line of text; `y` is its baseline.
    Text { x: f32, y: f32, size: f32, color: Rgb, text: String },
    /// A filled rectangle (rules are thin ones); `y` is its top edge.
    Rect { x: f32, y: f32, w: f32, h: f32, color: Rgb },
    /// A picture of the document's (`Document::images`, by `key`); `y` is its top edge.
    Image { x: f32, y: f32, w: f32, h: f32, key: String },
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub items: Vec<Item>,
}

impl Page {
    /// The page's lines of text, in the order they were placed.
    pub fn texts(&self) -> Vec<&str> {
        self.items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.as_str()),
                Item::Rect { .. } | Item::Image { .. } => None,
            })
            .collect()
    }
}

/// A table: column titles, relative column widths, and rows of cells that wrap.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub widths: Vec<f32>,
    pub rows: Vec<Vec<String>>,
}

/// One bar of a progress chart: `value` against `target`, with where a steady pace would be
/// by now (`marker`) and where the current pace ends up (`projected`).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub target: f64,
    pub marker: Option<f64>,
    pub projected: Option<f64>,
    pub caption: String,
}

/// A photo as a document places it: its picture's key, its size in pixels, its caption.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    pub key: String,
    pub width: u32,
    pub height: u32,
    pub caption: String,
}

/// The tallest a photo is printed, in points, so two rows fit on a page with text around them.
const PHOTO_MAX_H: f32 = 200.0;
const PHOTO_GAP: f32 = 12.0;

/// The content of a document, top to bottom.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// The document's title, large and centred.
    Title(String),
    /// A centred line under the title.
    Subtitle(String),
    /// A section heading; never left alone at the foot of a page.
    Heading(String),
    Subheading(String),
    Paragraph(String),
    /// Small grey text: legends, notes on what a table leaves out.
    Note(String),
    /// Large centred text, e.g. a recovery key.
    Big(String),
    /// Label–value pairs, as a two-column table without a header.
    Fields(Vec<(String, String)>),
    Table(Table),
    Bars(Vec<Bar>),
    /// A ruled area of this many lines for handwritten notes.
    Ruled(usize),
    /// A ruled area down to the foot of the page, leaving `keep` points for what follows; at
    /// least `min` lines (on a new page if they do not fit).
    RuledFill {
        min: usize,
        keep: f32,
    },
    /// Signature lines, two to a row, each with its label.
    Signature(Vec<String>),
    /// Photos, two to a row, each scaled to its half of the width with its caption below.
    Photos(Vec<Picture>),
    Gap(f32),
    PageBreak,
}

impl Block {
    /// The same block with `f` applied to every text in it.
    pub fn map_text(&self, f: &dyn Fn(&str) -> String) -> Block {
        let all = |v: &[String]| v.iter().map(|s| f(s)).collect::<Vec<_>>();
        match self {
            Block::Title(t) => Block::Title(f(t)),
            Block::Subtitle(t) => Block::Subtitle(f(t)),
            Block::Heading(t) => Block::Heading(f(t)),
            Block::Subheading(t) => Block::Subheading(f(t)),
            Block::Paragraph(t) => Block::Paragraph(f(t)),
            Block::Note(t) => Block::Note(f(t)),
            Block::Big(t) => Block::Big(f(t)),
            Block::Fields(fields) => Block::Fields(fields.iter().map(|(l, v)| (f(l), f(v))).collect()),
            Block::Table(t) => Block::Table(Table {
                header: all(&t.header),
                widths: t.widths.clone(),
                rows: t.rows.iter().map(|r| all(r)).collect(),
            }),
            Block::Bars(bars) => Block::Bars(
                bars.iter().map(|b| Bar { label: f(&b.label), caption: f(&b.caption), ..b.clone() }).collect(),
            ),
            Block::Signature(labels) => Block::Signature(all(labels)),
            Block::Photos(pictures) => {
                Block::Photos(pictures.iter().map(|p| Picture { caption: f(&p.caption), ..p.clone() }).collect())
            }
            Block::Ruled(_) | Block::RuledFill { .. } | Block::Gap(_) | Block::PageBreak => self.clone(),
        }
    }
}

fn line_height(size: f32) -> f32 {
    size * LEADING
}

/// The baseline of a line of `size` text whose line box starts at `top`.
fn baseline(top: f32, size: f32) -> f32 {
    top + (line_height(size) - size) / 2.0 + size * 0.88
}

struct Layout<'a> {
    m: &'a dyn Metrics,
    pages: Vec<Page>,
    y: f32,
}

impl Layout<'_> {
    fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = TOP;
    }

    fn room(&self) -> f32 {
        BOTTOM - self.y
    }

    fn page_is_empty(&self) -> bool {
        self.pages.last().is_none_or(|p| p.items.is_empty())
    }

    /// Starts a new page unless `h` fits (or the page is still empty).
    fn need(&mut self, h: f32) {
        if h > self.room() && !self.page_is_empty() {
            self.new_page();
        }
    }

    fn push(&mut self, item: Item) {
        if let Some(page) = self.pages.last_mut() {
            page.items.push(item);
        }
    }

    fn text(&mut self, x: f32, top: f32, size: f32, color: Rgb, text: String) {
        self.push(Item::Text { x, y: baseline(top, size), size, color, text });
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        self.push(Item::Rect { x, y, w, h, color });
    }

    /// Wrapped lines, each placed where it fits; `centre` centres them.
    fn lines(&mut self, text: &str, size: f32, color: Rgb, centre: bool) {
        let lh = line_height(size);
        for line in break_lines(text, self.m, size, WIDTH) {
            self.need(lh);
            let x = if centre { MARGIN_X + (WIDTH - text_width(&line, self.m, size)) / 2.0 } else { MARGIN_X };
            let top = self.y;
            self.text(x, top, size, color, line);
            self.y += lh;
        }
    }

    /// Keeps a heading with the start of what follows it (`next`).
    fn heading(&mut self, text: &str, size: f32, rule: bool, next: Option<&Block>) {
        let lines = break_lines(text, self.m, size, WIDTH);
        let h = lines.len() as f32 * line_height(size) + 6.0;
        let start = match next {
            Some(Block::RuledFill { min, keep }) => *min as f32 * RULED_GAP + 6.0 + keep,
            Some(Block::Ruled(n)) => (*n).min(3) as f32 * RULED_GAP,
            Some(Block::Signature(_)) => SIGNATURE_ROW,
            Some(Block::Bars(_)) => line_height(BODY) + 26.0,
            // A heading stays with the first row of photos (at most this tall).
            Some(Block::Photos(_)) => PHOTO_MAX_H + line_height(SMALL),
            _ => 3.0 * line_height(BODY),
        };
        self.need(h + start);
        self.y += 4.0;
        for line in lines {
            let top = self.y;
            self.text(MARGIN_X, top, size, ACCENT, line);
            self.y += line_height(size);
        }
        if rule {
            let y = self.y;
            self.rect(MARGIN_X, y, WIDTH, 0.8, ACCENT);
        }
        self.y += 4.0;
    }

    /// Column widths in points from relative widths.
    fn columns(widths: &[f32]) -> Vec<f32> {
        let total: f32 = widths.iter().sum::<f32>().max(f32::EPSILON);
        widths.iter().map(|w| w / total * WIDTH).collect()
    }

    fn cell_lines(&self, cells: &[String], cols: &[f32]) -> Vec<Vec<String>> {
        cols.iter()
            .enumerate()
            .map(|(i, w)| {
                let text = cells.get(i).map(String::as_str).unwrap_or("");
                break_lines(text, self.m, TABLE, (w - 2.0 * CELL_PAD_X).max(TABLE))
            })
            .collect()
    }

    /// Draws one row (or part of one) at the cursor: its cells' lines, then its rule.
    fn row(&mut self, cells: &[Vec<String>], cols: &[f32], fill: Option<Rgb>, colors: &[Rgb]) {
        let lh = line_height(TABLE);
        let n = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let h = n as f32 * lh + 2.0 * CELL_PAD_Y;
        let top = self.y;
        if let Some(fill) = fill {
            self.rect(MARGIN_X, top, WIDTH, h, fill);
        }
        let mut x = MARGIN_X;
        for (i, (lines, w)) in cells.iter().zip(cols).enumerate() {
            let color = colors.get(i).copied().unwrap_or(BLACK);
            for (k, line) in lines.iter().enumerate() {
                if !line.is_empty() {
                    self.text(x + CELL_PAD_X, top + CELL_PAD_Y + k as f32 * lh, TABLE, color, line.clone());
                }
            }
            x += w;
        }
        self.y += h;
        let y = self.y;
        self.rect(MARGIN_X, y - 0.5, WIDTH, 0.5, RULE);
    }

    fn row_height(cells: &[Vec<String>]) -> f32 {
        cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * line_height(TABLE) + 2.0 * CELL_PAD_Y
    }

    /// A table whose rows split across pages, with its header (if any) repeated on each.
    fn table(&mut self, header: Option<&[String]>, widths: &[f32], rows: &[Vec<String>], colors: &[Rgb]) {
        let cols = Self::columns(widths);
        let header = header.map(|h| self.cell_lines(h, &cols));
        let header_h = header.as_deref().map_or(0.0, Self::row_height);
        let header_colors = vec![ACCENT; cols.len()];
        let lh = line_height(TABLE);
        let draw_header = |l: &mut Self| {
            if let Some(h) = &header {
                l.row(h, &cols, Some(PALE), &header_colors);
            }
        };
        let first = rows.first().map(|r| Self::row_height(&self.cell_lines(r, &cols))).unwrap_or(0.0);
        self.need(header_h + first.min(3.0 * lh + 2.0 * CELL_PAD_Y));
        draw_header(self);
        for row in rows {
            let mut cells = self.cell_lines(row, &cols);
            loop {
                let h = Self::row_height(&cells);
                if h <= self.room() {
                    self.row(&cells, &cols, None, colors);
                    break;
                }
                let fits_fresh = h <= BOTTOM - TOP - header_h;
                let n = ((self.room() - 2.0 * CELL_PAD_Y) / lh).floor();
                if fits_fresh || n < 1.0 {
                    // Move the whole row over (or, for a row taller than a page, start it at the top).
                    self.new_page();
                    draw_header(self);
                    if fits_fresh {
                        continue;
                    }
                }
                // A row taller than a page: what fits here, the rest on the next page.
                let n = (((self.room() - 2.0 * CELL_PAD_Y) / lh).floor() as usize).max(1);
                let rest: Vec<Vec<String>> =
                    cells.iter_mut().map(|c| if c.len() > n { c.split_off(n) } else { Vec::new() }).collect();
                self.row(&cells, &cols, None, colors);
                cells = rest;
                if cells.iter().all(Vec::is_empty) {
                    break;
                }
                self.new_page();
                draw_header(self);
            }
        }
        self.y += 6.0;
    }

    /// Photos two to a row: each fits its half of the width and [`PHOTO_MAX_H`], keeping its
    /// proportions, with its caption (one line) under it; a row never splits across pages.
    fn photos(&mut self, pictures: &[Picture]) {
        let cell = (WIDTH - PHOTO_GAP) / 2.0;
        let caption_h = line_height(SMALL);
        for row in pictures.chunks(2) {
            let sizes: Vec<(f32, f32)> = row
                .iter()
                .map(|p| {
                    let (w, h) = (p.width.max(1) as f32, p.height.max(1) as f32);
                    let scale = (cell / w).min(PHOTO_MAX_H / h);
                    (w * scale, h * scale)
                })
                .collect();
            let tallest = sizes.iter().map(|s| s.1).fold(0.0, f32::max);
            self.need(tallest + caption_h + PHOTO_GAP);
            let top = self.y;
            for (i, (p, (w, h))) in row.iter().zip(sizes).enumerate() {
                let x = MARGIN_X + i as f32 * (cell + PHOTO_GAP) + (cell - w) / 2.0;
                self.push(Item::Image { x, y: top + tallest - h, w, h, key: p.key.clone() });
                if !p.caption.is_empty() {
                    let caption = ellipsize(&p.caption, self.m, SMALL, cell);
                    let cx =
                        MARGIN_X + i as f32 * (cell + PHOTO_GAP) + (cell - text_width(&caption, self.m, SMALL)) / 2.0;
                    self.text(cx, top + tallest + 2.0, SMALL, GREY, caption);
                }
            }
            self.y += tallest + caption_h + PHOTO_GAP;
        }
    }

    fn bars(&mut self, bars: &[Bar]) {
        let lh = line_height(BODY);
        let bar_h = 12.0;
        for bar in bars {
            self.need(lh + bar_h + 12.0);
            let top = self.y;
            let caption_w = text_width(&bar.caption, self.m, SMALL);
            let label = ellipsize(&bar.label, self.m, BODY, WIDTH - caption_w - 8.0);
            self.text(MARGIN_X, top, BODY, BLACK, label);
            let caption = ellipsize(&bar.caption, self.m, SMALL, WIDTH);
            let cx = MARGIN_X + WIDTH - text_width(&caption, self.m, SMALL);
            self.text(cx, top + (lh - line_height(SMALL)), SMALL, GREY, caption);
            let y = top + lh + 2.0;
            let scale = |v: f64| -> f32 {
                let share = if bar.target > 0.0 { (v / bar.target).clamp(0.0, 1.0) } else { 1.0 };
                share as f32 * WIDTH
            };
            self.rect(MARGIN_X, y, WIDTH, bar_h, TRACK);
            if let Some(p) = bar.projected.filter(|p| *p > bar.value) {
                self.rect(MARGIN_X, y, scale(p), bar_h, PROJECTED);
            }
            self.rect(MARGIN_X, y, scale(bar.value), bar_h, ACCENT);
            if let Some(m) = bar.marker {
                let x = (MARGIN_X + scale(m) - 0.75).min(MARGIN_X + WIDTH - 1.5);
                self.rect(x, y - 3.0, 1.5, bar_h + 6.0, BLACK);
            }
            self.y = y + bar_h + 12.0;
        }
    }

    fn ruled(&mut self, n: usize) {
        for _ in 0..n {
            self.need(RULED_GAP);
            self.y += RULED_GAP;
            let y = self.y;
            self.rect(MARGIN_X, y - 0.5, WIDTH, 0.5, RULE);
        }
        self.y += 6.0;
    }

    fn signature(&mut self, labels: &[String]) {
        let half = WIDTH / 2.0;
        for pair in labels.chunks(2) {
            let h = SIGNATURE_ROW;
            self.need(h);
            let top = self.y + 18.0;
            for (i, label) in pair.iter().enumerate() {
                let x = MARGIN_X + i as f32 * half;
                let label = ellipsize(label, self.m, BODY, half * 0.45);
                let w = text_width(&label, self.m, BODY);
                self.text(x, top, BODY, BLACK, label);
                let line_y = top + line_height(BODY) - 2.0;
                self.rect(x + w + 4.0, line_y, half - w - 24.0, 0.6, BLACK);
            }
            self.y += h;
        }
    }

    fn block(&mut self, block: &Block, next: Option<&Block>) {
        match block {
            Block::Title(t) => {
                self.y += 8.0;
                self.lines(t, 22.0, BLACK, true);
                self.y += 4.0;
            }
            Block::Subtitle(t) => self.lines(t, 13.0, GREY, true),
            Block::Heading(t) => self.heading(t, 14.0, true, next),
            Block::Subheading(t) => self.heading(t, 11.5, false, next),
            Block::Paragraph(t) => {
                self.lines(t, BODY, BLACK, false);
                self.y += 4.0;
            }
            Block::Note(t) => {
                self.lines(t, SMALL, GREY, false);
                self.y += 4.0;
            }
            Block::Big(t) => {
                self.y += 6.0;
                self.lines(t, 20.0, BLACK, true);
                self.y += 6.0;
            }
            Block::Fields(fields) => {
                let label_w = fields
                    .iter()
                    .map(|(l, _)| text_width(l, self.m, TABLE) + 2.0 * CELL_PAD_X + 2.0)
                    .fold(90.0, f32::max)
                    .min(WIDTH * 0.3);
                let rows: Vec<Vec<String>> = fields.iter().map(|(l, v)| vec![l.clone(), v.clone()]).collect();
                self.table(None, &[label_w, WIDTH - label_w], &rows, &[GREY, BLACK]);
            }
            Block::Table(t) => self.table(Some(&t.header), &t.widths, &t.rows, &[]),
            Block::Bars(bars) => self.bars(bars),
            Block::Ruled(n) => self.ruled(*n),
            Block::RuledFill { min, keep } => {
                let fit = |l: &Self| ((l.room() - keep - 6.0) / RULED_GAP).floor().max(0.0) as usize;
                if fit(self) < *min {
                    self.new_page();
                }
                let n = fit(self).max(*min);
                self.ruled(n);
            }
            Block::Signature(labels) => self.signature(labels),
            Block::Photos(pictures) => self.photos(pictures),
            Block::Gap(h) => {
                if *h >= self.room() {
                    self.new_page();
                } else {
                    self.y += h;
                }
            }
            Block::PageBreak => {
                if !self.page_is_empty() {
                    self.new_page();
                }
            }
        }
    }
}

/// Lays `blocks` out on pages (at least one).
pub fn paginate(blocks: &[Block], m: &dyn Metrics) -> Vec<Page> {
    let mut l = Layout { m, pages: Vec::new(), y: TOP };
    l.new_page();
    for (i, block) in blocks.iter().enumerate() {
        l.block(block, blocks.get(i + 1));
    }
    // A page break at the very end leaves no blank page.
    if l.pages.len() > 1 && l.page_is_empty() {
        l.pages.pop();
    }
    l.pages
}

/// What the running header and footer of every page say.
pub struct Running<'a> {
    pub school: &'a str,
    pub title: &'a str,
}

/// The footer's page number.
pub fn page_number(n: usize, total: usize) -> String {
    format!("第 {n} 页 / 共 {total} 页")
}

/// The mark of a document for internal use.
pub const CONFIDENTIAL: &str = "内部资料 注意保存";

/// Adds the running header (school, document title) and footer (confidentiality mark, page
/// N of M) to every page.
pub fn decorate(pages: &mut [Page], running: &Running<'_>, m: &dyn Metrics) {
    let total = pages.len();
    let header_y = TOP - 26.0;
    let footer_y = BOTTOM + 22.0;
    for (i, page) in pages.iter_mut().enumerate() {
        let school = ellipsize(running.school, m, SMALL, WIDTH * 0.48);
        let title = ellipsize(running.title, m, SMALL, WIDTH * 0.48);
        let number = page_number(i + 1, total);
        let right = |t: &str| MARGIN_X + WIDTH - text_width(t, m, SMALL);
        page.items.extend([
            Item::Text { x: MARGIN_X, y: header_y, size: SMALL, color: GREY, text: school },
            Item::Text { x: right(&title), y: header_y, size: SMALL, color: GREY, text: title },
            Item::Rect { x: MARGIN_X, y: header_y + 5.0, w: WIDTH, h: 0.5, color: RULE },
            Item::Rect { x: MARGIN_X, y: footer_y - 12.0, w: WIDTH, h: 0.5, color: RULE },
            Item::Text { x: MARGIN_X, y: footer_y, size: SMALL, color: GREY, text: CONFIDENTIAL.to_string() },
            Item::Text { x: right(&number), y: footer_y, size: SMALL, color: GREY, text: number },
        ]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::text::tests::Fixed;

    fn table(rows: usize) -> Block {
        Block::Table(Table {
            header: vec!["序号".into(), "用人单位".into()],
            widths: vec![1.0, 4.0],
            rows: (1..=rows).map(|i| vec![i.to_string(), format!("单位{i}")]).collect(),
        })
    }

    /// The first cell of every body row on each page (header rows say 序号).
    fn first_cells(pages: &[Page]) -> Vec<Vec<String>> {
        pages
            .iter()
            .map(|p| p.texts().iter().filter(|t| !t.starts_with("单位")).map(|t| t.to_string()).collect())
            .collect()
    }

    #[test]
    fn long_tables_split_with_the_header_repeated() {
        let pages = paginate(&[table(80)], &Fixed);
        let firsts = first_cells(&pages);
        // Each page starts with the header, then carries on where the last one stopped.
        assert_eq!(pages.len(), 3);
        for page in &firsts {
            assert_eq!(page[0], "序号");
        }
        let rows: Vec<(String, String)> =
            firsts.iter().map(|p| (p[2].clone(), p.last().cloned().unwrap_or_default())).collect();
        assert_eq!(
            rows,
            [("1".into(), "33".into()), ("34".into(), "66".into()), ("67".into(), "80".into())],
            "rows per page (golden)"
        );
        // No row is lost or repeated.
        let numbers: Vec<String> = firsts.iter().flat_map(|p| p[2..].to_vec()).collect();
        assert_eq!(numbers, (1..=80).map(|i| i.to_string()).collect::<Vec<_>>());
    }

    #[test]
    fn a_row_taller_than_a_page_continues_on_the_next() {
        let tall = "很长的内容".repeat(400);
        let rows = vec![vec!["说明".into(), tall.clone()]];
        let header = vec!["项目".into(), "内容".into()];
        let pages = paginate(&[Block::Table(Table { header, widths: vec![1.0, 4.0], rows })], &Fixed);
        // 39 characters to a line; 47 lines fit under the header on the first page (golden).
        let body: Vec<Vec<&str>> = pages.iter().map(|p| p.texts()[2..].to_vec()).collect();
        assert_eq!(body.iter().map(Vec::len).collect::<Vec<_>>(), [48, 5]);
        // The header repeats; the label is on the first page only; every character arrives in order.
        assert!(pages.iter().all(|p| p.texts()[..2] == ["项目", "内容"]));
        assert_eq!(body[0][0], "说明");
        let text: String = body.iter().flatten().filter(|t| **t != "说明").copied().collect();
        assert_eq!(text, tall);
        assert_eq!(body[0][1].chars().count(), 39);
        // Nothing is placed below the content area.
        for page in &pages {
            for item in &page.items {
                if let Item::Text { y, .. } = item {
                    assert!(*y <= BOTTOM, "text at {y}");
                }
            }
        }
    }

    #[test]
    fn headings_are_not_left_at_the_foot_of_a_page() {
        // Body lines of 10.5 pt at 1.5 leading fill the page; the heading must move over.
        let lh = line_height(BODY);
        let fill = ((BOTTOM - TOP) / lh) as usize - 2;
        let text = vec!["行"; fill].join("\n");
        let pages = paginate(
            &[Block::Paragraph(text), Block::Heading("第二节".into()), Block::Paragraph("正文".into())],
            &Fixed,
        );
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[1].texts(), ["第二节", "正文"]);
    }

    /// How many full-width rules each page has.
    fn rules(pages: &[Page]) -> Vec<usize> {
        pages
            .iter()
            .map(|p| {
                p.items.iter().filter(|i| matches!(i, Item::Rect { w, h, .. } if *w == WIDTH && *h == 0.5)).count()
            })
            .collect()
    }

    #[test]
    fn ruled_areas_fill_the_page_and_leave_room_for_signatures() {
        let signature = Block::Signature(vec!["签字".into(), "日期".into()]);
        let fill = Block::RuledFill { min: 3, keep: signature_height(2) };
        // On an empty page: (703.89 - 40 - 6) / 26 = 25 lines, then the signature on the same page.
        let pages = paginate(&[fill.clone(), signature.clone()], &Fixed);
        assert_eq!((pages.len(), rules(&pages)), (1, vec![25]));
        assert_eq!(pages[0].texts(), ["签字", "日期"]);
        // With two lines' room left, the minimum of three moves to a new page.
        let lh = line_height(BODY);
        let text = vec!["行"; ((BOTTOM - TOP - 40.0 - 6.0 - 2.0 * 26.0) / lh) as usize].join("\n");
        let pages = paginate(&[Block::Paragraph(text.clone()), fill.clone(), signature.clone()], &Fixed);
        assert_eq!(rules(&pages), [0, 25]);
        // A heading over the area goes with it.
        let pages = paginate(&[Block::Paragraph(text), Block::Subheading("补充记录".into()), fill, signature], &Fixed);
        assert_eq!(rules(&pages), [0, 24]);
        assert_eq!(pages[1].texts(), ["补充记录", "签字", "日期"]);
    }

    #[test]
    fn pages_carry_the_running_header_and_footer() {
        let mut pages = paginate(&[table(80)], &Fixed);
        decorate(&mut pages, &Running { school: "示例职业技术学院", title: "出访简报" }, &Fixed);
        let last = pages[2].texts();
        assert!(last.ends_with(&["示例职业技术学院", "出访简报", CONFIDENTIAL, "第 3 页 / 共 3 页"]));
        assert!(pages[0].texts().contains(&"第 1 页 / 共 3 页"));
    }

    #[test]
    fn page_breaks_do_not_leave_empty_pages() {
        let pages =
            paginate(&[Block::PageBreak, Block::Paragraph("一".into()), Block::PageBreak, Block::PageBreak], &Fixed);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].texts(), ["一"]);
        assert_eq!(paginate(&[], &Fixed).len(), 1);
    }
}
