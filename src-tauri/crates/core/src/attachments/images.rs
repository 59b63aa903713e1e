//! Photos: decoded within limits, turned upright, scaled into a thumbnail and a copy for
//! documents, and their metadata dropped from what leaves the store.
use crate::model::{FileType, Photo};
use image::{DynamicImage, ImageDecoder, ImageReader, Limits, metadata::Orientation};
use img_parts::{Bytes, ImageEXIF};
use std::io::Cursor;

/// The longest side of a thumbnail, in pixels (a strip or a gallery shows them at half that,
/// sharp on a high-density screen).
pub const THUMB_SIDE: u32 = 320;
/// The longest side of the copy documents print: 1600 px is 13.5 cm at 300 dpi, more than a
/// sheet's photo ever takes.
pub const DOC_SIDE: u32 = 1600;
/// The most pixels along either side a photo may have: larger is no camera's, but a crafted
/// file's (a decompression bomb).
const MAX_SIDE: u32 = 16_384;
/// The most memory one decode may take: a 64-megapixel photo fits, a bomb does not.
const MAX_ALLOC: u64 = 192 * 1024 * 1024;

/// A picture encoded as JPEG, and its size.
#[derive(Debug, Clone)]
pub struct Encoded {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// What a photo is shown and printed as.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub photo: Photo,
    pub thumb: Encoded,
    pub doc: Encoded,
}

/// Why a picture could not be decoded: damaged, cut short, or larger than the limits.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadImage(String);

fn bad(e: impl std::fmt::Display) -> BadImage {
    BadImage(e.to_string())
}

fn format(file_type: FileType) -> Option<image::ImageFormat> {
    match file_type {
        FileType::Jpeg => Some(image::ImageFormat::Jpeg),
        FileType::Png => Some(image::ImageFormat::Png),
        _ => None,
    }
}

/// Decodes a photo (never more than the limits allow), turns it as its EXIF orientation
/// says, and makes its thumbnail and document copy.
pub fn render(bytes: &[u8], file_type: FileType) -> Result<Rendered, BadImage> {
    let format = format(file_type).ok_or_else(|| bad("not a picture this build decodes"))?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits.clone());
    let mut decoder = reader.into_decoder().map_err(bad)?;
    // The pixels' buffer counts against the limit before it is allocated (as `decode` does).
    limits.reserve(decoder.total_bytes()).map_err(bad)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let image = DynamicImage::from_decoder(decoder).map_err(bad)?;
    let (width, height) = (image.width(), image.height());
    let sideways = matches!(
        orientation,
        Orientation::Rotate90 | Orientation::Rotate270 | Orientation::Rotate90FlipH | Orientation::Rotate270FlipH
    );
    let photo = if sideways { Photo { width: height, height: width } } else { Photo { width, height } };
    // Scaled first and turned after, so only the small copies are ever turned.
    let doc = if width.max(height) > DOC_SIDE {
        image.resize(DOC_SIDE, DOC_SIDE, image::imageops::FilterType::Triangle)
    } else {
        image
    };
    let thumb = doc.thumbnail(THUMB_SIDE, THUMB_SIDE);
    let upright = |mut image: DynamicImage| {
        image.apply_orientation(orientation);
        image
    };
    Ok(Rendered { photo, thumb: encode(&upright(thumb), 80)?, doc: encode(&upright(doc), 85)? })
}

/// JPEG at `quality`, as RGB (a PNG's transparency laid on white).
fn encode(image: &DynamicImage, quality: u8) -> Result<Encoded, BadImage> {
    let rgb = if image.color().has_alpha() {
        let rgba = image.to_rgba8();
        image::RgbImage::from_fn(image.width(), image.height(), |x, y| {
            let [r, g, b, a] = rgba.get_pixel(x, y).0;
            let over_white = |c: u8| ((c as u32 * a as u32 + 255 * (255 - a as u32)) / 255) as u8;
            image::Rgb([over_white(r), over_white(g), over_white(b)])
        })
    } else {
        image.to_rgb8()
    };
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality).encode_image(&rgb).map_err(bad)?;
    Ok(Encoded { bytes, width: rgb.width(), height: rgb.height() })
}

/// A photo's bytes without its metadata: EXIF (where GPS lives), XMP, IPTC and comments in a
/// JPEG; EXIF and text chunks in a PNG. The pixels are not re-encoded. The EXIF orientation
/// alone is kept, so the photo still shows upright. Anything else is returned as it is.
pub fn strip_metadata(bytes: Vec<u8>, file_type: FileType) -> Vec<u8> {
    let orientation = |exif: Option<Bytes>| exif.and_then(|e| Orientation::from_exif_chunk(&e));
    match file_type {
        FileType::Jpeg => match img_parts::jpeg::Jpeg::from_bytes(Bytes::from(bytes.clone())) {
            Ok(mut jpeg) => {
                let turn = orientation(jpeg.exif());
                // APP1 holds EXIF and XMP; APP13 IPTC; COM free comments.
                jpeg.segments_mut().retain(|s| !matches!(s.marker(), 0xE1 | 0xED | 0xFE));
                jpeg.set_exif(turn.map(orientation_exif));
                jpeg.encoder().bytes().to_vec()
            }
            Err(_) => bytes,
        },
        FileType::Png => match img_parts::png::Png::from_bytes(Bytes::from(bytes.clone())) {
            Ok(mut png) => {
                let turn = orientation(png.exif());
                png.chunks_mut().retain(|c| !matches!(&c.kind(), b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME"));
                png.set_exif(turn.map(orientation_exif));
                png.encoder().bytes().to_vec()
            }
            Err(_) => bytes,
        },
        _ => bytes,
    }
}

/// The smallest EXIF that says one thing, the orientation: a big-endian TIFF header and one
/// directory of one entry (tag 0x0112, a SHORT).
fn orientation_exif(orientation: Orientation) -> Bytes {
    let mut tiff = b"MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01".to_vec();
    tiff.extend_from_slice(&[0, orientation.to_exif(), 0, 0, 0, 0, 0, 0]);
    Bytes::from(tiff)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::photos::{exif_with_gps, jpeg, png_claiming, with_exif};

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn a_photo_is_turned_upright_and_scaled() {
        // 6 = shown turned 90° clockwise: 400×200 stored is 200×400 shown.
        let photo = with_exif(jpeg(2400, 1200), exif_with_gps(6));
        let r = render(&photo, FileType::Jpeg).unwrap();
        assert_eq!(r.photo, Photo { width: 1200, height: 2400 });
        assert_eq!((r.thumb.width, r.thumb.height), (160, 320));
        assert_eq!((r.doc.width, r.doc.height), (800, 1600));
        assert!(!contains(&r.thumb.bytes, b"GPSMARK") && !contains(&r.doc.bytes, b"GPSMARK"));
        // A small photo is not scaled up.
        let small = render(&jpeg(300, 200), FileType::Jpeg).unwrap();
        assert_eq!((small.doc.width, small.doc.height), (300, 200));
    }

    #[test]
    fn stripping_drops_the_gps_and_keeps_the_orientation_and_pixels() {
        let photo = with_exif(jpeg(64, 32), exif_with_gps(6));
        assert!(contains(&photo, b"GPSMARK"));
        let stripped = strip_metadata(photo.clone(), FileType::Jpeg);
        assert!(!contains(&stripped, b"GPSMARK"));
        let exif = img_parts::jpeg::Jpeg::from_bytes(Bytes::from(stripped.clone())).unwrap().exif().unwrap();
        assert_eq!(Orientation::from_exif_chunk(&exif), Some(Orientation::Rotate90));
        // Still shown upright, and the same pixels (nothing re-encoded).
        let before = render(&photo, FileType::Jpeg).unwrap();
        let after = render(&stripped, FileType::Jpeg).unwrap();
        assert_eq!(before.photo, after.photo);
        assert_eq!(before.thumb.bytes, after.thumb.bytes);
        // A PDF passes through as it is.
        assert_eq!(strip_metadata(b"%PDF-1.4 GPSMARK".to_vec(), FileType::Pdf), b"%PDF-1.4 GPSMARK");
    }

    #[test]
    fn hostile_pictures_are_refused_within_the_limits() {
        // A PNG that says it is 100,000 × 100,000 pixels: 30 GB decoded.
        let refused = |side| render(&png_claiming(side), FileType::Png).unwrap_err().to_string().to_lowercase();
        assert!(refused(100_000).contains("limit"), "{}", refused(100_000));
        // Within each side's limit, but 16,000 × 16,000 × 3 bytes is past the memory limit.
        assert!(refused(16_000).contains("limit"), "{}", refused(16_000));
        // The same file, a sane size, decodes: the refusals above are the limits'.
        assert!(render(&png_claiming(1), FileType::Png).is_ok());
        // A JPEG cut in half, and bytes that are no picture.
        let whole = jpeg(640, 480);
        // The decoder may fill in what is missing: then it is the photo's size, never more.
        if let Ok(cut) = render(&whole[..whole.len() / 2], FileType::Jpeg) {
            assert_eq!(cut.photo, Photo { width: 640, height: 480 });
        }
        assert!(render(b"\xFF\xD8\xFFnot really", FileType::Jpeg).is_err());
    }
}
