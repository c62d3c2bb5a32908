//! Draws laid-out pages into content streams (pdf-writer's builder), and
//! collects what the finishing step needs: link areas and anchor
//! positions in PDF space, and the images each page draws.

use super::DrawnPage;
use crate::cover::canvas::Canvas;
use crate::layout::design::LINK_BLUE;
use crate::layout::image::PdfImage;
use crate::layout::{Item, Layout, PageKind};
use crate::pdf::embed::FontEmbedder;
use crate::typeset::text::{Line, LineItem};
use crate::units::Pt;
use pdf_writer::types::LineCapStyle;
use pdf_writer::{Content, Name};
use printpdf::{DictItem, ExternalStream, ExternalXObject, PdfDocument, XObject, XObjectId};
use std::collections::BTreeMap;
use std::sync::Arc;

/// A link area on a page, in PDF coordinates.
#[derive(Debug, Clone)]
pub struct LinkArea {
    pub rect: [f32; 4],
    /// Absolute URL, or `#id`.
    pub target: String,
}

/// What the finishing step needs of one page besides its content.
#[derive(Debug, Clone, Default)]
pub struct PageExtras {
    pub links: Vec<LinkArea>,
    /// Anchor ids with the PDF y of the top of their line.
    pub anchors: Vec<(String, f32)>,
}

/// Resource-name prefix of the figures' images.
pub const IMAGE_PREFIX: &str = "QI";

/// The figures' images drawn so far, each embedded once however often it
/// is drawn, named `QI0`, `QI1`, … in order of first use.
#[derive(Default)]
pub struct Images {
    list: Vec<Arc<PdfImage>>,
}

impl Images {
    /// The resource name of `image`, registering it on first use.
    fn name(&mut self, image: &Arc<PdfImage>) -> String {
        let i = match self.list.iter().position(|im| Arc::ptr_eq(im, image)) {
            Some(i) => i,
            None => {
                self.list.push(image.clone());
                self.list.len() - 1
            }
        };
        format!("{IMAGE_PREFIX}{i}")
    }

    /// Adds every registered image to `doc` as an image XObject: samples
    /// (Flate-compressed by the finishing pass) or the JPEG file as a
    /// `DCTDecode` stream, with a soft mask for transparency.
    pub fn embed(&self, doc: &mut PdfDocument) {
        let stream = |im: &PdfImage| {
            let mut dict = BTreeMap::new();
            let name = |n: &str| DictItem::Name(n.as_bytes().to_vec());
            dict.insert("Type".to_string(), name("XObject"));
            dict.insert("Subtype".to_string(), name("Image"));
            dict.insert("Width".to_string(), DictItem::Int(im.width.into()));
            dict.insert("Height".to_string(), DictItem::Int(im.height.into()));
            dict.insert("BitsPerComponent".to_string(), DictItem::Int(8));
            dict.insert("ColorSpace".to_string(), name(im.color_space));
            if let Some(f) = im.filter {
                dict.insert("Filter".to_string(), name(f));
            }
            if im.invert {
                let n = if im.color_space == "DeviceCMYK" { 4 } else { 1 };
                let decode = (0..n)
                    .flat_map(|_| [DictItem::Int(1), DictItem::Int(0)])
                    .collect();
                dict.insert("Decode".to_string(), DictItem::Array(decode));
            }
            (dict, im.filter.is_none())
        };
        for (i, im) in self.list.iter().enumerate() {
            let (mut dict, compress) = stream(im);
            if let Some(alpha) = &im.alpha {
                let mask = PdfImage {
                    color_space: "DeviceGray",
                    filter: None,
                    invert: false,
                    data: Vec::new(),
                    alpha: None,
                    ..**im
                };
                let (mdict, _) = stream(&mask);
                dict.insert(
                    "SMask".to_string(),
                    DictItem::Stream {
                        stream: ExternalStream {
                            dict: mdict,
                            content: alpha.clone(),
                            compress: true,
                        },
                    },
                );
            }
            doc.resources.xobjects.map.insert(
                XObjectId(format!("{IMAGE_PREFIX}{i}")),
                XObject::External(ExternalXObject {
                    stream: ExternalStream {
                        dict,
                        content: im.data.clone(),
                        compress,
                    },
                    width: None,
                    height: None,
                    dpi: None,
                }),
            );
        }
    }
}

/// Size of the media box around a trim of `w` × `h`: the bleed, plus room
/// for crop marks when they are on.
pub fn media_margin(layout: &Layout) -> Pt {
    let d = &layout.design;
    if d.crop_marks {
        d.bleed + Pt(18.0)
    } else {
        d.bleed
    }
}

/// Draws every page: per page, the drawn page (media box, content stream,
/// images used) and its extras.
/// Coordinates are trim coordinates (x right, y down from the trim's
/// top-left corner) turned into PDF space around the media margin.
pub fn draw_pages(
    layout: &Layout,
    fonts: &mut FontEmbedder,
    images: &mut Images,
    cover: Option<&Canvas>,
) -> Vec<(DrawnPage, PageExtras)> {
    let d = &layout.design;
    let m = media_margin(layout);
    let (width, total_h) = (d.width + m * 2.0, d.height + m * 2.0);
    // Trim coordinates (x right, y down) to PDF coordinates.
    let px = |x: Pt| (x + m).0;
    let py = |y: Pt| (total_h - m - y).0;
    let mut out = Vec::with_capacity(layout.pages.len());
    for page in &layout.pages {
        let mut c = Content::with_capacity(16 * 1024);
        let mut ex = PageExtras::default();
        let mut images_used: Vec<String> = Vec::new();
        if page.kind == PageKind::Cover {
            if let Some(canvas) = cover {
                c.save_state();
                c.transform([1.0, 0.0, 0.0, 1.0, m.0, m.0]);
                crate::pdf::cover::draw(canvas, fonts, &mut c);
                c.restore_state();
            }
        }
        for item in &page.items {
            match item {
                Item::Line { x, y, line } => {
                    let coloured;
                    let line = if d.screen() && !line.links.is_empty() {
                        coloured = colour_links(line);
                        &coloured
                    } else {
                        line
                    };
                    fonts.emit_line(line, Pt(px(*x)), Pt(py(*y)), &mut c);
                    for l in &line.links {
                        ex.links.push(LinkArea {
                            rect: [
                                px(*x + l.x0),
                                py(*y + line.descent),
                                px(*x + l.x1),
                                py(*y - line.ascent),
                            ],
                            target: l.target.clone(),
                        });
                    }
                    for a in &line.anchors {
                        ex.anchors.push((a.clone(), py(*y - line.ascent * 2.0)));
                    }
                    for it in &line.items {
                        if let LineItem::Rule {
                            x: rx,
                            width,
                            dy,
                            thickness,
                        } = it
                        {
                            rule(&mut c, px(*x + *rx), py(*y - *dy), width.0, thickness.0);
                        }
                    }
                }
                Item::Rule {
                    x,
                    y,
                    width,
                    thickness,
                } => rule(&mut c, px(*x), py(*y), width.0, thickness.0),
                Item::Image {
                    x,
                    y,
                    width,
                    height,
                    image,
                } => {
                    let id = images.name(image);
                    // The image fills the unit square; scale and place it.
                    c.save_state();
                    c.transform([width.0, 0.0, 0.0, height.0, px(*x), py(*y + *height)]);
                    c.x_object(Name(id.as_bytes()));
                    c.restore_state();
                    if !images_used.contains(&id) {
                        images_used.push(id);
                    }
                }
                Item::Leader { x, y, width } => leader(&mut c, px(*x), py(*y), width.0),
                Item::Anchor { id, y } => ex.anchors.push((id.clone(), py(*y))),
                Item::Start { .. } => {}
                Item::Link {
                    x0,
                    y0,
                    x1,
                    y1,
                    target,
                } => ex.links.push(LinkArea {
                    rect: [px(*x0), py(*y1), px(*x1), py(*y0)],
                    target: target.clone(),
                }),
            }
        }
        if d.crop_marks {
            crop_marks(&mut c, m.0, d.width.0, d.height.0, d.bleed.0);
        }
        let page = DrawnPage {
            width,
            height: total_h,
            content: c.finish().into_vec(),
            images: images_used,
        };
        out.push((page, ex));
    }
    out
}

/// The screen profile colours linked text: every glyph run that lies
/// inside a link span.
fn colour_links(line: &Line) -> Line {
    let mut l = line.clone();
    for it in &mut l.items {
        if let LineItem::Glyphs(run) = it {
            let (Some(first), Some(last)) = (run.glyphs.first(), run.glyphs.last()) else {
                continue;
            };
            let (a, b) = (run.x + first.x, run.x + last.x);
            if line
                .links
                .iter()
                .any(|s| a.0 >= s.x0.0 - 0.5 && b.0 <= s.x1.0 + 0.5)
            {
                run.color = Some(LINK_BLUE);
            }
        }
    }
    l
}

/// A black filled rectangle `thickness` high, centred on `y`.
fn rule(c: &mut Content, x: f32, y: f32, width: f32, thickness: f32) {
    c.set_fill_gray(0.0);
    c.rect(x, y - thickness / 2.0, width, thickness);
    c.fill_nonzero();
}

/// Dot leaders: a dashed line of zero-length dashes with round caps,
/// the dots aligned to a 4.5 pt pitch measured from the right end so
/// that leaders in a column line up.
fn leader(c: &mut Content, x: f32, y: f32, width: f32) {
    let pitch = 4.5;
    let n = (width / pitch).floor();
    if n < 1.0 {
        return;
    }
    let start = x + width - n * pitch;
    c.save_state();
    c.set_stroke_gray(0.0);
    c.set_line_width(0.9);
    c.set_line_cap(LineCapStyle::RoundCap);
    c.set_dash_pattern([0.0, pitch], 0.0);
    stroke(c, start + pitch / 2.0, y + 1.0, x + width, y + 1.0);
    c.restore_state();
}

/// A stroked line segment from (`x0`, `y0`) to (`x1`, `y1`).
pub fn stroke(c: &mut Content, x0: f32, y0: f32, x1: f32, y1: f32) {
    c.move_to(x0, y0);
    c.line_to(x1, y1);
    c.stroke();
}

/// Crop marks at the four corners of a trim of `w` × `h` whose lower-left
/// corner is at (`m`, `m`), starting outside the bleed so they never print
/// on the page.
pub fn crop_marks(c: &mut Content, m: f32, w: f32, h: f32, bleed: f32) {
    let gap = bleed + 3.0;
    c.save_state();
    c.set_stroke_gray(0.0);
    c.set_line_width(0.25);
    for (cx, sx) in [(m, -1.0), (m + w, 1.0)] {
        for (cy, sy) in [(m, -1.0), (m + h, 1.0)] {
            stroke(c, cx + sx * gap, cy, cx + sx * m, cy);
            stroke(c, cx, cy + sy * gap, cx, cy + sy * m);
        }
    }
    c.restore_state();
}
