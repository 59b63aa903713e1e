//! Writes laid-out pages as a PDF with the report font embedded as a subset.
use super::font::Font;
use super::layout::{Item, PAGE_H, Page, Rgb};
use printpdf::{
    Color, ImageCompression, ImageOptimizationOptions, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Pt, RawImage, RawImageData, RawImageFormat, Rect, TextItem, TextMatrix, XObjectId,
    XObjectTransform,
};
use std::collections::{BTreeMap, HashMap};

fn color(c: Rgb) -> Color {
    Color::Rgb(printpdf::Rgb { r: c.0, g: c.1, b: c.2, icc_profile: None })
}

/// Each picture of `images` (JPEG by key) the pages show, added to `doc` once, with its size in
/// pixels. One that does not decode is left out (a document copy is made by the app itself).
fn add_images(
    doc: &mut PdfDocument,
    pages: &[Page],
    images: &BTreeMap<String, Vec<u8>>,
) -> HashMap<String, (XObjectId, f32, f32)> {
    let mut added = HashMap::new();
    for page in pages {
        for item in &page.items {
            let Item::Image { key, .. } = item else { continue };
            if added.contains_key(key) {
                continue;
            }
            let decoded = images
                .get(key)
                .and_then(|jpeg| image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg).ok());
            if let Some(rgb) = decoded.map(|d| d.to_rgb8()) {
                let (w, h) = rgb.dimensions();
                let raw = RawImage {
                    width: w as usize,
                    height: h as usize,
                    data_format: RawImageFormat::RGB8,
                    pixels: RawImageData::U8(rgb.into_raw()),
                    tag: Vec::new(),
                };
                added.insert(key.clone(), (doc.add_image(&raw), w as f32, h as f32));
            }
        }
    }
    added
}

/// The PDF of `pages`, with the pictures of `images` they show; `progress(done, total)` is
/// called as each page is written.
pub fn write(
    pages: &[Page],
    title: &str,
    font: &Font,
    images: &BTreeMap<String, Vec<u8>>,
    progress: &mut dyn FnMut(usize, usize),
) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    let font_id = doc.add_font(&font.parsed);
    let pictures = add_images(&mut doc, pages, images);
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
        for item in &page.items {
            if let Item::Image { x, y, w, h, key } = item
                && let Some((id, px_w, px_h)) = pictures.get(key)
            {
                // At 72 dpi a pixel is a point: scaled from there to the placed size.
                ops.push(Op::UseXobject {
                    id: id.clone(),
                    transform: XObjectTransform {
                        translate_x: Some(Pt(*x)),
                        translate_y: Some(Pt(PAGE_H - y - h)),
                        scale_x: Some(w / px_w),
                        scale_y: Some(h / px_h),
                        dpi: Some(72.0),
                        ..Default::default()
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
    // Photos as JPEG (DCTDecode) at their document copy's size: never scaled down again or
    // turned grey.
    let photos = ImageOptimizationOptions {
        quality: Some(0.85),
        max_image_size: None,
        auto_optimize: Some(false),
        format: Some(ImageCompression::Jpeg),
        ..Default::default()
    };
    let options = PdfSaveOptions { subset_fonts: true, image_optimization: Some(photos), ..Default::default() };
    let bytes = doc.with_pages(out).save(&options, &mut Vec::new());
    progress(total, total);
    bytes
}
