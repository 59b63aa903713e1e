//! Writes laid-out pages as a PDF with the report font embedded as a subset.
use super::font::Font;
use super::layout::{Item, PAGE_H, Page, Rgb};
use printpdf::{
    Color, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem, TextMatrix,
};

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb { r: c.0, g: c.1, b: c.2, icc_profile: None })
}

/// The PDF of `pages`; `progress(done, total)` is called as each page is written.
pub fn write(pages: &[Page], title: &str, font: &Font, progress: &mut dyn FnMut(usize, usize)) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    let font_id = doc.add_font(&font.parsed);
    let total = pages.len() + 1;
    let mut out = Vec::with_capacity(pages.len());
    for (n, page) in pages.iter().enumerate() {
        let mut ops = Vec::with_capacity(page.items.len() * 2 + 4);
        // Shapes first, so fills lie under the text.
        for item in &page.items {
            if let Item::Rect { x, y, w, h, color: c } = item {
                ops.push(Op::SetFillColor { col: color(*c) });
                ops.push(Op::DrawRectangle {
                    rectangle: Rect {
                        x: Pt(*x),
                        y: Pt(PAGE_H - y - h),
                        width: Pt(*w),
                        height: Pt(*h),
                        mode: Some(PaintMode::Fill),
                        winding_order: None,
                    },
                });
            }
        }
        ops.push(Op::StartTextSection);
        let mut current: Option<(f32, Rgb)> = None;
        for item in &page.items {
            if let Item::Text { x, y, size, color: c, text } = item {
                if current != Some((*size, *c)) {
                    ops.push(Op::SetFont { font: PdfFontHandle::External(font_id.clone()), size: Pt(*size) });
                    ops.push(Op::SetFillColor { col: color(*c) });
                    current = Some((*size, *c));
                }
                ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(*x), Pt(PAGE_H - y)) });
                ops.push(Op::ShowText { items: vec![TextItem::Text(text.clone())] });
            }
        }
        ops.push(Op::EndTextSection);
        out.push(PdfPage::new(Mm(210.0), Mm(297.0), ops));
        progress(n + 1, total);
    }
    let bytes = doc.with_pages(out).save(&PdfSaveOptions { subset_fonts: true, ..Default::default() }, &mut Vec::new());
    progress(total, total);
    bytes
}
