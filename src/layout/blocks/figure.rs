//! Figures: the image scaled into the text block, its caption below, on
//! whole grid lines.
//!
//! In: a figure block. Out: one slot (or a warning and a caption-only slot
//! when the image cannot be embedded).

use super::*;

impl<'a> Builder<'_, 'a> {
    /// Figures, one slot kept on one page, a blank line above and below.
    /// The image is centred at its natural size (1 px = 0.75 pt, a CSS
    /// pixel, as the EPUB shows it), scaled down to the measure and to
    /// 60 % of the text block; its height is then trimmed to whole grid
    /// lines so that its top meets the cap height of its first line and
    /// its bottom the baseline of its last. The caption follows on the
    /// next grid line, in the note size and italic, centred. An image the
    /// PDF cannot embed is reported and its caption (or alt text) stands
    /// alone.
    pub(super) fn figure(&mut self, f: &'a Figure, env: Env) {
        let d = self.ctx.d;
        let l = d.leading;
        let mut items = Vec::new();
        // Baselines of the caption's first line and of the figure's last,
        // from the slot's first.
        let mut caption_y = Pt::ZERO;
        let mut last = Pt::ZERO;
        let image = match prepare(&f.data, f.media_type) {
            Ok(image) => Some(image),
            Err(e) => {
                self.ctx.warnings.push(
                    Diagnostic::warning(
                        "pdf-figure",
                        format!("the PDF leaves out figure `{}`: {e}", f.src.display()),
                    )
                    .at(self.ch.file.clone().unwrap_or_default(), f.line, 0)
                    .hint("save the image as a PNG or a baseline JPEG"),
                );
                None
            }
        };
        if let Some(image) = image {
            let cap = d.body_size * 0.7;
            let block = l * (d.lines - 1) as f32 + d.body_size;
            let (pw, ph) = (image.width as f32 * 0.75, image.height as f32 * 0.75);
            let scale = (env.measure.0 / pw).min(block.0 * 0.6 / ph).min(1.0);
            let (mut w, mut h) = (Pt(pw * scale), Pt(ph * scale));
            let n = ((h - cap).0 / l.0).floor().max(0.0) as u32 + 1;
            if h > cap {
                let fitted = cap + l * (n - 1) as f32;
                w = w * (fitted / h);
                h = fitted;
            }
            items.push(Item::Image {
                x: env.x + (env.measure - w) / 2.0,
                y: l * (n - 1) as f32 - h,
                width: w,
                height: h,
                image: Arc::new(image),
            });
            last = l * (n - 1) as f32;
            caption_y = last + l;
        }
        let mut caption = f.caption.clone();
        if caption.is_empty() && items.is_empty() {
            caption.push(Inline::Text(f.alt.clone()));
        }
        let mut s = d.note();
        s.italic = true;
        s.align = Alignment::Center;
        s.hyphenate = false;
        s.lang = self.ch.lang;
        let lines = if caption.is_empty() {
            Vec::new()
        } else {
            self.ctx
                .set(&caption, &self.ch.notes, &s, env.measure, &self.loc(f.line))
        };
        let mut notes = Vec::new();
        for (i, line) in lines.into_iter().enumerate() {
            last = caption_y + s.leading * i as f32;
            notes.extend(line.note_refs.iter().copied());
            items.push(Item::Line {
                x: env.x,
                y: last,
                line,
            });
        }
        if items.is_empty() {
            return;
        }
        let height = ((last.0 / l.0) - 1e-3).ceil().max(0.0) as u32 + 1;
        self.pending = self.pending.max(1);
        self.push(Slot {
            before: 1,
            height,
            items,
            notes,
            keep_next: false,
            hyphenated: false,
        });
        self.pending = 1;
    }
}
