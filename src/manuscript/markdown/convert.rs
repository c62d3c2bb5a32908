//! Event conversion: pulldown-cmark's events (with byte offsets) in;
//! blocks and inlines out, built on a stack of open frames. What a link,
//! raw HTML or an image may be is decided by the policies beside this
//! module; this one keeps the structure.

use super::html::{self, HtmlBlock};
use super::links::{self, Dest};
use super::{images, Cx, Input, MAX_NESTING};
use crate::diag::Diagnostic;
use crate::manuscript::cite;
use crate::manuscript::notes::NoteTable;
use crate::manuscript::LinkSite;
use crate::model::{Align, Block, Figure, Inline, Lang, Paragraph, Table};
use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::sync::Arc;

fn options() -> Options {
    Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES
}

enum Frame {
    Blocks(Vec<Block>),
    Quote(Vec<Block>),
    Item(Vec<Block>),
    NoteDef {
        label: String,
        offset: usize,
        blocks: Vec<Block>,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<Vec<Block>>,
    },
    Para {
        offset: usize,
        content: Vec<Inline>,
        /// Opened for bare text in a tight list item.
        implicit: bool,
        figures: Vec<Figure>,
        /// Images met in it, loaded or not: a paragraph with an image and
        /// text is reported even when the image is also missing.
        images: usize,
    },
    Heading {
        level: u8,
        explicit_id: Option<String>,
        offset: usize,
        content: Vec<Inline>,
    },
    Emph(Vec<Inline>),
    Strong(Vec<Inline>),
    Link {
        url: String,
        content: Vec<Inline>,
    },
    Lang {
        lang: Lang,
        offset: usize,
        content: Vec<Inline>,
    },
    Image {
        url: String,
        title: String,
        offset: usize,
        alt: Vec<Inline>,
    },
    Table {
        align: Vec<Align>,
        header: Vec<Vec<Inline>>,
        rows: Vec<Vec<Vec<Inline>>>,
        offset: usize,
    },
    Row {
        head: bool,
        cells: Vec<Vec<Inline>>,
    },
    Cell(Vec<Inline>),
    Code {
        offset: usize,
        text: String,
    },
    /// Raw HTML block.
    Html(HtmlBlock),
}

/// The converter's state while one input is read.
pub(super) struct Conv<'a, 'b, 'f> {
    pub(super) cx: &'b mut Cx<'a>,
    pub(super) input: &'b Input<'f>,
    pub(super) notes: Option<&'b mut NoteTable>,
    stack: Vec<Frame>,
    /// Merged text not yet interpreted, and its offset.
    pub(super) pending: String,
    pub(super) pending_at: usize,
    /// Level of the last heading (Markdown level; the title counts as 1).
    pub(super) last_level: u8,
    /// Start tags (and `<span>`s) beyond [`MAX_NESTING`] whose frames were
    /// not opened: their end tags are skipped too.
    flattened: usize,
    flattened_spans: usize,
}

/// Converts block Markdown into blocks (see [`super::blocks`]).
pub(super) fn blocks(cx: &mut Cx, input: &Input, notes: Option<&mut NoteTable>) -> Vec<Block> {
    let mut conv = Conv {
        cx,
        input,
        notes,
        stack: vec![Frame::Blocks(Vec::new())],
        pending: String::new(),
        pending_at: 0,
        last_level: 1,
        flattened: 0,
        flattened_spans: 0,
    };
    let parser = Parser::new_ext(input.text, options()).into_offset_iter();
    for (event, range) in parser {
        conv.event(event, range.start, range.end);
    }
    conv.flush();
    conv.close_implicit();
    while conv.stack.len() > 1 {
        let f = conv.stack.pop();
        if let Some(f) = f {
            conv.close_frame(f, input.text.len());
        }
    }
    match conv.stack.pop() {
        Some(Frame::Blocks(b)) => b,
        _ => Vec::new(),
    }
}
impl Conv<'_, '_, '_> {
    pub(super) fn abs(&self, offset: usize) -> usize {
        self.input.base + offset
    }

    pub(super) fn error(&mut self, d: Diagnostic, offset: usize) {
        let d = self.input.file.at(d, self.abs(offset));
        self.cx.diags.push(d);
    }

    /// The language of the innermost `<span lang>` or the input's.
    pub(super) fn lang(&self) -> Lang {
        self.stack
            .iter()
            .rev()
            .find_map(|f| match f {
                Frame::Lang { lang, .. } => Some(*lang),
                _ => None,
            })
            .unwrap_or(self.input.lang)
    }

    fn event(&mut self, event: Event, start: usize, end: usize) {
        match event {
            Event::Text(t) => {
                if matches!(self.stack.last(), Some(Frame::Code { .. })) {
                    if let Some(Frame::Code { text, .. }) = self.stack.last_mut() {
                        text.push_str(&t);
                    }
                    return;
                }
                if matches!(self.stack.last(), Some(Frame::Html(_))) {
                    return;
                }
                // `<!--` left as text (not `\<!--` or `&lt;!--`) opens a
                // comment that never closes within its paragraph.
                if let Some(i) = html::unclosed_comment(self.input.text, start, end) {
                    self.error(html::comment_unclosed_inline(), i);
                }
                if self.pending.is_empty() {
                    self.pending_at = start;
                }
                self.pending.push_str(&t);
            }
            Event::SoftBreak => {
                if self.pending.is_empty() {
                    self.pending_at = start;
                }
                self.pending.push(' ');
            }
            _ => {
                self.flush();
                self.structural(event, start, end);
            }
        }
    }

    /// Where a literal `<!--` starts in the source of a text event at
    /// `start..end` (it may run past `end`: `<` can be an event of its own).
    fn structural(&mut self, event: Event, start: usize, end: usize) {
        match event {
            Event::Start(tag) => self.start(tag, start),
            Event::End(tag) => self.end(tag, end),
            Event::Code(c) => self.push_inline(Inline::Code(c.to_string()), start),
            Event::HardBreak => self.push_inline(Inline::LineBreak, start),
            Event::Rule => self.push_block(Block::Rule),
            Event::FootnoteReference(label) => self.note_ref(&label, start),
            Event::InlineHtml(html) => self.inline_html(&html, start),
            Event::Html(html) => {
                let problem = match self.stack.last_mut() {
                    Some(Frame::Html(block)) => block.feed(&html, start),
                    _ => Some(html::stray(&html)),
                };
                if let Some(d) = problem {
                    self.error(d, start);
                }
            }
            Event::TaskListMarker(_) | Event::InlineMath(_) | Event::DisplayMath(_) => {}
            Event::Text(_) | Event::SoftBreak => {}
        }
    }

    /// Whether another frame would nest too deep; reports it the first
    /// time.
    fn too_deep(&mut self, at: usize) -> bool {
        if self.stack.len() < MAX_NESTING {
            return false;
        }
        if self.flattened == 0 && self.flattened_spans == 0 {
            self.error(
                Diagnostic::error(
                    "nesting-too-deep",
                    format!("the text nests more than {MAX_NESTING} levels deep"),
                )
                .hint("flatten the nested quotes, lists or emphasis"),
                at,
            );
        }
        true
    }

    fn start(&mut self, tag: Tag, at: usize) {
        if self.too_deep(at) {
            self.flattened += 1;
            return;
        }
        match tag {
            Tag::Paragraph => {
                self.close_implicit();
                self.stack.push(Frame::Para {
                    offset: at,
                    content: Vec::new(),
                    implicit: false,
                    figures: Vec::new(),
                    images: 0,
                })
            }
            Tag::Heading { level, id, .. } => {
                self.close_implicit();
                let level = heading_level(level);
                self.stack.push(Frame::Heading {
                    level,
                    explicit_id: id.map(|s| s.to_string()),
                    offset: at,
                    content: Vec::new(),
                })
            }
            Tag::BlockQuote(_) => {
                self.close_implicit();
                self.stack.push(Frame::Quote(Vec::new()))
            }
            Tag::CodeBlock(_) => {
                self.close_implicit();
                self.stack.push(Frame::Code {
                    offset: at,
                    text: String::new(),
                })
            }
            Tag::HtmlBlock => {
                self.close_implicit();
                self.stack.push(Frame::Html(HtmlBlock::new(at)))
            }
            Tag::List(start) => {
                self.close_implicit();
                self.stack.push(Frame::List {
                    ordered: start.is_some(),
                    start: start.unwrap_or(1),
                    items: Vec::new(),
                })
            }
            Tag::Item => self.stack.push(Frame::Item(Vec::new())),
            Tag::FootnoteDefinition(label) => {
                self.close_implicit();
                self.stack.push(Frame::NoteDef {
                    label: label.to_string(),
                    offset: at,
                    blocks: Vec::new(),
                })
            }
            Tag::Table(aligns) => {
                self.close_implicit();
                self.stack.push(Frame::Table {
                    align: aligns.iter().map(|a| align(*a)).collect(),
                    header: Vec::new(),
                    rows: Vec::new(),
                    offset: at,
                })
            }
            Tag::TableHead => self.stack.push(Frame::Row {
                head: true,
                cells: Vec::new(),
            }),
            Tag::TableRow => self.stack.push(Frame::Row {
                head: false,
                cells: Vec::new(),
            }),
            Tag::TableCell => self.stack.push(Frame::Cell(Vec::new())),
            Tag::Emphasis => {
                self.ensure_inline_container(at);
                self.stack.push(Frame::Emph(Vec::new()))
            }
            Tag::Strong => {
                self.ensure_inline_container(at);
                self.stack.push(Frame::Strong(Vec::new()))
            }
            Tag::Link {
                link_type,
                dest_url,
                ..
            } => {
                self.ensure_inline_container(at);
                let url = match links::destination(&dest_url, link_type) {
                    // Kept as plain text: an empty string marks it.
                    Dest::Empty(d) => {
                        self.error(d, at);
                        String::new()
                    }
                    Dest::Href { href, anchor } => {
                        if anchor.is_some() {
                            self.link_site(&href, at);
                        }
                        href
                    }
                    Dest::Chapter { path, fragment } => {
                        let mut url = super::from_file(&self.input.file.rel, &path);
                        if let Some(f) = fragment {
                            url.push('#');
                            url.push_str(&f);
                        }
                        self.link_site(&url, at);
                        url
                    }
                    Dest::Refused(d) => {
                        self.error(d, at);
                        "#".to_string()
                    }
                };
                self.stack.push(Frame::Link {
                    url,
                    content: Vec::new(),
                })
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.ensure_inline_container(at);
                self.stack.push(Frame::Image {
                    url: dest_url.to_string(),
                    title: title.to_string(),
                    offset: at,
                    alt: Vec::new(),
                })
            }
            Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => {
                // Not enabled; never emitted.
                self.stack.push(Frame::Emph(Vec::new()))
            }
        }
    }

    fn end(&mut self, tag: TagEnd, at: usize) {
        if self.flattened > 0 {
            self.flattened -= 1;
            return;
        }
        // Any end tag while a `<span>` is innermost means it was never closed.
        {
            while let Some(Frame::Lang { offset, .. }) = self.stack.last() {
                let offset = *offset;
                self.error(html::span_unclosed(), offset);
                if let Some(f) = self.stack.pop() {
                    self.close_frame(f, at);
                }
            }
        }
        if matches!(
            tag,
            TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition | TagEnd::List(_)
        ) {
            self.close_implicit();
        }
        if let Some(f) = self.stack.pop() {
            self.close_frame(f, at);
        }
    }

    /// Pops a finished frame and hands its result to the frame below.
    fn close_frame(&mut self, frame: Frame, end: usize) {
        match frame {
            Frame::Blocks(b) => self.stack.push(Frame::Blocks(b)),
            Frame::Quote(b) => self.push_block(Block::Quote(b)),
            Frame::Item(b) => {
                if let Some(Frame::List { items, .. }) = self.stack.last_mut() {
                    items.push(b);
                }
            }
            Frame::List {
                ordered,
                start,
                items,
            } => self.push_block(Block::List {
                ordered,
                start,
                items,
            }),
            Frame::NoteDef {
                label,
                offset,
                blocks,
            } => {
                let line = self.input.file.line(self.abs(offset));
                match self.notes.as_deref_mut() {
                    Some(notes) => {
                        if let Some(d) = notes.define(&label, blocks, line) {
                            self.error(d, offset);
                        }
                    }
                    None => self.error(
                        Diagnostic::error("note-not-allowed", "footnotes are not allowed here"),
                        offset,
                    ),
                }
            }
            Frame::Para {
                offset,
                content,
                figures,
                images,
                ..
            } => {
                if images == 0 {
                    let line = self.input.file.line(self.abs(offset));
                    let first = self.container_wants_first();
                    let mut content = content;
                    cite::punctuate(&mut content);
                    self.push_block(Block::Paragraph(Paragraph {
                        content,
                        line,
                        first,
                    }));
                } else if crate::model::plain_text(&content).trim().is_empty() {
                    for f in figures {
                        self.push_block(Block::Figure(f));
                    }
                } else {
                    self.error(images::not_alone(), offset);
                }
            }
            Frame::Heading {
                level,
                explicit_id,
                offset,
                content,
            } => self.finish_heading(level, explicit_id, offset, content),
            Frame::Emph(c) => self.push_inline(Inline::Emph(c), end),
            Frame::Strong(c) => self.push_inline(Inline::Strong(c), end),
            Frame::Link { url, content } if url.is_empty() => {
                for inline in content {
                    self.push_inline(inline, end);
                }
            }
            Frame::Link { url, content } => self.push_inline(Inline::Link { url, content }, end),
            Frame::Lang { lang, content, .. } => {
                self.push_inline(Inline::Lang { lang, content }, end)
            }
            Frame::Image {
                url,
                title,
                offset,
                alt,
            } => self.finish_image(url, title, offset, alt),
            Frame::Table {
                align,
                header,
                rows,
                offset,
            } => {
                let line = self.input.file.line(self.abs(offset));
                self.push_block(Block::Table(Table {
                    align,
                    header,
                    rows,
                    line,
                }))
            }
            Frame::Row { head, cells } => {
                if let Some(Frame::Table { header, rows, .. }) = self.stack.last_mut() {
                    if head {
                        *header = cells;
                    } else {
                        rows.push(cells);
                    }
                }
            }
            Frame::Cell(c) => {
                if let Some(Frame::Row { cells, .. }) = self.stack.last_mut() {
                    cells.push(c);
                }
            }
            Frame::Code { offset, text } => {
                let line = self.input.file.line(self.abs(offset));
                self.push_block(Block::CodeBlock { text, line })
            }
            Frame::Html(block) => {
                let offset = block.offset;
                let (unclosed, tail) = block.finish();
                if let Some(d) = unclosed {
                    self.error(d, offset);
                }
                if let Some((at, text)) = tail {
                    self.reread(&text, at);
                }
            }
        }
    }

    /// Reads `text` (found at offset `at`) as Markdown into the current
    /// container: the rest of a line after a block comment.
    fn reread(&mut self, text: &str, at: usize) {
        let events: Vec<_> = Parser::new_ext(text, options())
            .into_offset_iter()
            .map(|(e, r)| (e.into_static(), r))
            .collect();
        for (event, range) in events {
            self.event(event, at + range.start, at + range.end);
        }
        self.flush();
        self.close_implicit();
    }

    /// A paragraph is "first" (set without indent) at the start of its
    /// container or after anything but a paragraph.
    fn container_wants_first(&self) -> bool {
        match self.stack.last() {
            Some(Frame::Blocks(b) | Frame::Quote(b) | Frame::Item(b))
            | Some(Frame::NoteDef { blocks: b, .. }) => {
                !matches!(b.last(), Some(Block::Paragraph(_)))
            }
            _ => true,
        }
    }

    fn finish_image(&mut self, url: String, title: String, offset: usize, alt: Vec<Inline>) {
        let alt = crate::model::plain_text(&alt).trim().to_string();
        if alt.is_empty() {
            self.error(images::alt_missing(&url), offset);
        }
        match self.stack.last_mut() {
            Some(Frame::Para { images, .. }) => *images += 1,
            _ => self.error(images::not_alone(), offset),
        }
        let (rel, image) =
            images::load(self.cx.root, self.cx.shown_root, &self.input.file.rel, &url);
        self.cx.facts.files.push(rel.clone());
        let image = match image {
            Ok(image) => image,
            Err(d) => {
                self.error(d, offset);
                return;
            }
        };
        let line = self.input.file.line(self.abs(offset));
        let figure = Figure {
            src: rel.into(),
            data: Arc::new(image.data),
            media_type: image.media_type,
            alt,
            caption: if title.is_empty() {
                Vec::new()
            } else {
                vec![Inline::Text(title)]
            },
            line,
        };
        if let Some(Frame::Para { figures, .. }) = self.stack.last_mut() {
            figures.push(figure);
        }
    }

    fn inline_html(&mut self, html: &str, at: usize) {
        match html::inline(html) {
            html::Inline::Comment => {}
            html::Inline::SpanClose if self.flattened_spans > 0 => self.flattened_spans -= 1,
            html::Inline::SpanClose => {
                if matches!(self.stack.last(), Some(Frame::Lang { .. })) {
                    if let Some(f) = self.stack.pop() {
                        self.close_frame(f, at);
                    }
                } else {
                    self.error(html::span_unbalanced(), at);
                }
            }
            html::Inline::SpanOpen(_) if self.too_deep(at) => self.flattened_spans += 1,
            html::Inline::SpanOpen(lang) => {
                let lang = match lang {
                    Ok(lang) => lang,
                    Err(d) => {
                        self.error(d, at);
                        // Keep the structure balanced for the closing tag:
                        // read the span in the surrounding language.
                        self.lang()
                    }
                };
                self.ensure_inline_container(at);
                self.stack.push(Frame::Lang {
                    lang,
                    offset: at,
                    content: Vec::new(),
                });
            }
            html::Inline::Break => self.push_inline(Inline::LineBreak, at),
            html::Inline::Refused(d) => self.error(d, at),
        }
    }

    /// Records an internal link (`#id`, `file.md#id`) at `at`, to be
    /// resolved once the book is read.
    fn link_site(&mut self, url: &str, at: usize) {
        let (line, column) = self.input.file.position(self.abs(at));
        let context = (!self.input.chapter.is_empty())
            .then(|| self.input.file.rel.to_string_lossy().into_owned());
        self.cx.facts.links.push(LinkSite {
            url: url.to_string(),
            context,
            file: self.input.file.shown.clone(),
            line,
            column,
        });
    }

    fn note_ref(&mut self, label: &str, at: usize) {
        let (line, col) = self.input.file.position(self.abs(at));
        match self.notes.as_deref_mut() {
            Some(notes) => {
                let (index, problem) = notes.reference(label, line, col);
                if let Some(d) = problem {
                    self.error(d, at);
                }
                self.push_inline(Inline::NoteRef(index), at);
            }
            None => self.error(
                Diagnostic::error(
                    "note-not-allowed",
                    format!("a note reference `[^{label}]` is not allowed here"),
                ),
                at,
            ),
        }
    }

    /// Interprets the merged text run: citations become [`Inline::Cite`],
    /// a literal `[^label]` (a reference pulldown-cmark left as text because
    /// it has no definition) is reported, and the run is checked for
    /// characters the fonts lack and for untagged Cyrillic.
    fn ensure_inline_container(&mut self, at: usize) {
        if matches!(
            self.stack.last(),
            Some(Frame::Blocks(_) | Frame::Quote(_) | Frame::Item(_) | Frame::NoteDef { .. })
        ) {
            self.stack.push(Frame::Para {
                offset: at,
                content: Vec::new(),
                implicit: true,
                figures: Vec::new(),
                images: 0,
            });
        }
    }

    pub(super) fn push_inline(&mut self, inline: Inline, at: usize) {
        self.ensure_inline_container(at);
        match self.stack.last_mut() {
            Some(
                Frame::Para { content, .. }
                | Frame::Heading { content, .. }
                | Frame::Emph(content)
                | Frame::Strong(content)
                | Frame::Link { content, .. }
                | Frame::Lang { content, .. }
                | Frame::Cell(content),
            ) => content.push(inline),
            Some(Frame::Image { alt, .. }) => alt.push(inline),
            _ => {}
        }
    }

    fn close_implicit(&mut self) {
        if matches!(self.stack.last(), Some(Frame::Para { implicit: true, .. })) {
            if let Some(f) = self.stack.pop() {
                self.close_frame(f, 0);
            }
        }
    }

    pub(super) fn push_block(&mut self, block: Block) {
        self.close_implicit();
        match self.stack.last_mut() {
            Some(Frame::Blocks(b) | Frame::Quote(b) | Frame::Item(b))
            | Some(Frame::NoteDef { blocks: b, .. }) => b.push(block),
            _ => {}
        }
    }
}
fn heading_level(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn align(a: Alignment) -> Align {
    match a {
        Alignment::None => Align::None,
        Alignment::Left => Align::Left,
        Alignment::Center => Align::Center,
        Alignment::Right => Align::Right,
    }
}
