//! Where a set line's text starts in its paragraph.
//!
//! In: a paragraph's text ([`crate::model::plain_text`]) and its set
//! lines. Out: for each line, the character offset of its first character
//! in that text, so a page can say where in the model its text starts.
//!
//! The lines' glyphs carry the text of their clusters; spaces are not
//! glyphs, note markers are raised runs, and a line-end hyphen the engine
//! added is no character of the text. So the text is walked line by line:
//! whitespace is skipped, each glyph character of the line (markers aside)
//! is matched against the next character of the text (a ligature's letters
//! one by one), and a character the text lacks here, such as an added
//! hyphen, is passed over.

use crate::typeset::text::{Line, LineItem};
use crate::units::Pt;

/// The character offset of each line's start in `text`.
pub(crate) fn line_offsets(text: &str, lines: &[Line]) -> Vec<usize> {
    let mut rest = text.chars().peekable();
    let mut pos = 0;
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        while rest.next_if(|t| t.is_whitespace()).is_some() {
            pos += 1;
        }
        out.push(pos);
        let glyphs = line
            .items
            .iter()
            .filter_map(|it| match it {
                LineItem::Glyphs(run) if run.dy == Pt::ZERO => Some(run),
                _ => None,
            })
            .flat_map(|run| run.glyphs.iter());
        for c in glyphs.flat_map(|g| g.text.chars()) {
            if !c.is_whitespace() {
                while rest.next_if(|t| t.is_whitespace()).is_some() {
                    pos += 1;
                }
            }
            if rest.next_if_eq(&c).is_some() {
                pos += 1;
            }
        }
    }
    out
}
