//! Markdown to model: walks pulldown-cmark's event stream (with byte
//! offsets) and builds blocks and inlines on a stack of open frames.
//!
//! Text events are merged before they are interpreted, because
//! pulldown-cmark splits text at `[`, quotes and the like; only merged text
//! can be scanned for citations (`[@id]`) and stray note labels. Raw HTML is
//! refused except `<span lang="…">` and `<br>`.
//!
//! Nesting is limited to [`MAX_NESTING`] open frames: deeper structure is
//! reported once and flattened into the deepest allowed frame, so the model
//! never gets deep enough to overflow a recursive walk over it.

use super::cite;
use super::ids::{slug, Ids};
use super::image;
use super::notes::NoteTable;
use super::source::{self, SourceFile};
use super::Facts;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Align, Block, Figure, Inline, Lang, Paragraph, Source, Table};
use pulldown_cmark::{Alignment, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// What the converter needs from the rest of the book.
pub struct Cx<'a> {
    pub root: &'a Path,
    pub shown_root: &'a Path,
    pub sources: &'a [Source],
    pub source_index: &'a HashMap<String, usize>,
    /// The book's language, for citation titles.
    pub book_lang: Lang,
    pub ids: &'a mut Ids,
    pub diags: &'a mut Diagnostics,
    pub facts: &'a mut Facts,
}

/// One Markdown text to convert: a chapter body, a note or a data string.
pub struct Input<'f> {
    pub file: &'f SourceFile,
    /// Byte offset of `text` inside `file.text` (front matter skipped).
    pub base: usize,
    pub text: &'f str,
    /// Id of the chapter, prefix of heading ids.
    pub chapter: &'f str,
    pub lang: Lang,
}

/// The deepest nesting of open frames (quotes, lists and their items,
/// emphasis, links, spans…) a text may have; a list item inside a list
/// counts two.
pub const MAX_NESTING: usize = 48;

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
    /// Raw HTML block: its content is discarded (reported once). A block
    /// that opens with a comment keeps what follows the comment's end on
    /// its line (`tail`: source offset and text), read again as Markdown.
    Html {
        reported: bool,
        offset: usize,
        comment: bool,
        closed: bool,
        tail: Option<(usize, String)>,
    },
}

struct Conv<'a, 'b, 'f> {
    cx: &'b mut Cx<'a>,
    input: &'b Input<'f>,
    notes: Option<&'b mut NoteTable>,
    stack: Vec<Frame>,
    pending: String,
    pending_at: usize,
    /// Level of the last heading (Markdown level; the title counts as 1).
    last_level: u8,
    /// Start tags (and `<span>`s) beyond [`MAX_NESTING`] whose frames were
    /// not opened: their end tags are skipped too.
    flattened: usize,
    flattened_spans: usize,
}

/// Converts a chapter body (or any block Markdown) into blocks. Footnote
/// references and definitions go to `notes`; without a table they are errors.
pub fn blocks(cx: &mut Cx, input: &Input, notes: Option<&mut NoteTable>) -> Vec<Block> {
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

/// Converts inline Markdown (a data file's string) into inlines: the
/// content of its paragraphs, joined by a space.
pub fn inlines(cx: &mut Cx, input: &Input) -> Vec<Inline> {
    let mut out = Vec::new();
    for b in blocks(cx, input, None) {
        match b {
            Block::Paragraph(p) => {
                if !out.is_empty() {
                    out.push(Inline::Text(" ".into()));
                }
                out.extend(p.content);
            }
            _ => {
                let d =
                    Diagnostic::error("block-in-inline", "only inline Markdown is allowed here")
                        .hint("remove headings, lists and block quotes from this value");
                cx.diags.push(input.file.at(d, input.base));
            }
        }
    }
    out
}

impl Conv<'_, '_, '_> {
    fn abs(&self, offset: usize) -> usize {
        self.input.base + offset
    }

    fn error(&mut self, d: Diagnostic, offset: usize) {
        let d = self.input.file.at(d, self.abs(offset));
        self.cx.diags.push(d);
    }

    /// The language of the innermost `<span lang>` or the input's.
    fn lang(&self) -> Lang {
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
                if matches!(self.stack.last(), Some(Frame::Html { .. })) {
                    return;
                }
                // `<!--` left as text (not `\<!--` or `&lt;!--`) opens a
                // comment that never closes within its paragraph.
                if let Some(i) = self.unclosed_comment(start, end) {
                    self.error(
                        Diagnostic::error("html-comment-unclosed", "this HTML comment is never closed")
                            .hint("end the comment with `-->` in the same paragraph, or write `\\<!--` to print it"),
                        i,
                    );
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
    fn unclosed_comment(&self, start: usize, end: usize) -> Option<usize> {
        let src = self.input.text;
        let window = src.get(start..(end + 3).min(src.len()))?;
        let i = window.find("<!--")?;
        let escaped = start + i > 0 && src.as_bytes()[start + i - 1] == b'\\';
        (i < end - start && !escaped).then_some(start + i)
    }

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
                if let Some(Frame::Html {
                    reported,
                    comment,
                    closed,
                    tail,
                    ..
                }) = self.stack.last_mut()
                {
                    // A comment block is dropped, never reported; the text
                    // after its `-->` is kept.
                    if !*reported && html.trim_start().starts_with("<!--") {
                        *reported = true;
                        *comment = true;
                    }
                    if *comment {
                        if !*closed {
                            // The search starts after `<!--` so `<!-->` is not an end.
                            let from = if tail.is_none() && html.trim_start().starts_with("<!--") {
                                html.find("<!--").map_or(0, |i| i + 4)
                            } else {
                                0
                            };
                            if let Some(i) = html[from..].find("-->") {
                                *closed = true;
                                let rest = &html[from + i + 3..];
                                if !rest.trim().is_empty() {
                                    *tail = Some((start + from + i + 3, rest.to_string()));
                                }
                            } else {
                                *tail = None;
                            }
                        }
                        return;
                    }
                    if *reported {
                        return;
                    }
                    *reported = true;
                }
                let tag = html.trim();
                self.error(
                    Diagnostic::error(
                        "html-not-allowed",
                        format!("raw HTML is not allowed: `{}`", short(tag)),
                    )
                    .hint("only <span lang=\"…\">…</span> and <br> may appear in a manuscript"),
                    start,
                );
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
                self.stack.push(Frame::Html {
                    reported: false,
                    offset: at,
                    comment: false,
                    closed: false,
                    tail: None,
                })
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
                let url = if dest_url.trim().is_empty() {
                    // Kept as plain text: an empty string marks it.
                    self.error(
                        Diagnostic::warning("link-empty", "this link has no destination")
                            .hint("its text is set as plain text; give the link an address, or drop the brackets"),
                        at,
                    );
                    String::new()
                } else if link_type == LinkType::Email {
                    self.check_url(&format!("mailto:{dest_url}"), at)
                } else {
                    self.check_url(&dest_url, at)
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
                self.error(
                    Diagnostic::error("html-unclosed", "`<span>` is not closed")
                        .hint("close it with </span> in the same paragraph"),
                    offset,
                );
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
                ..
            } => {
                if figures.is_empty() {
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
                    self.error(
                        Diagnostic::error(
                            "image-inline",
                            "an image must stand in a paragraph of its own",
                        )
                        .hint("put a blank line before and after the image"),
                        offset,
                    );
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
            Frame::Html {
                offset,
                comment,
                closed,
                tail,
                ..
            } => {
                if comment && !closed {
                    self.error(
                        Diagnostic::error("html-comment-unclosed", "this HTML comment is never closed")
                            .hint("end the comment with `-->`; everything after `<!--` is hidden until then"),
                        offset,
                    );
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

    fn finish_heading(
        &mut self,
        level: u8,
        explicit_id: Option<String>,
        offset: usize,
        content: Vec<Inline>,
    ) {
        let line = self.input.file.line(self.abs(offset));
        let level = if level == 1 {
            self.error(
                Diagnostic::warning(
                    "heading-h1",
                    "a `#` heading in the chapter body is set as a section (`##`)",
                )
                .hint("a chapter has one title; use `##` for its sections"),
                offset,
            );
            2
        } else {
            level
        };
        if level > self.last_level + 1 {
            self.error(
                Diagnostic::error(
                    "heading-skip",
                    format!(
                        "heading level {} follows level {}: a level is skipped",
                        "#".repeat(level as usize),
                        "#".repeat(self.last_level as usize)
                    ),
                )
                .hint(format!(
                    "use `{}` here",
                    "#".repeat(self.last_level as usize + 1)
                )),
                offset,
            );
        }
        self.last_level = level;
        let id = match explicit_id {
            Some(id) => {
                let valid = id.starts_with(|c: char| c.is_ascii_alphabetic())
                    && id
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                if !valid {
                    self.error(
                        Diagnostic::error("id-invalid", format!("`{id}` is not a valid id"))
                            .hint("an id starts with a letter and uses only a-z, 0-9, - and _"),
                        offset,
                    );
                }
                if !self.cx.ids.claim_exact(&id) {
                    self.error(
                        Diagnostic::error(
                            "duplicate-id",
                            format!("the id `{id}` is used twice in the book"),
                        )
                        .hint("give this heading a different `{#id}`"),
                        offset,
                    );
                }
                id
            }
            None => {
                let base = format!(
                    "{}-{}",
                    self.input.chapter,
                    slug(&crate::model::plain_text(&content), "section")
                );
                self.cx.ids.claim(&base)
            }
        };
        self.push_block(Block::Heading {
            level: level.saturating_sub(1).max(1),
            id,
            content,
            line,
        });
    }

    fn finish_image(&mut self, url: String, title: String, offset: usize, alt: Vec<Inline>) {
        let alt = crate::model::plain_text(&alt).trim().to_string();
        if alt.is_empty() {
            self.error(
                Diagnostic::error(
                    "image-alt-missing",
                    format!("the image `{url}` has no alternative text"),
                )
                .hint("describe the image: ![a map of Kazakhstan](images/map.png)"),
                offset,
            );
        }
        // As CommonMark renderers, mdBook and Pandoc do: from the chapter's
        // folder, still inside the manuscript.
        let rel = from_chapter(&self.input.file.rel, &url);
        self.cx.facts.files.push(rel.clone());
        let real = match source::resolve(self.cx.root, self.cx.shown_root, &rel) {
            Ok(r) => r,
            Err(d) => {
                let mut d = Diagnostic { file: None, ..d };
                if d.code == "file-missing" {
                    d.message = format!(
                        "the image `{url}` is not there: `{}` cannot be opened",
                        self.cx.shown_root.join(&rel).display()
                    );
                    d.hint = Some("image paths are relative to the chapter's own folder".into());
                }
                self.error(d, offset);
                return;
            }
        };
        let data = match source::read_limited(&real, &url, source::MAX_IMAGE_BYTES) {
            Ok(d) => d,
            Err(d) => {
                self.error(d, offset);
                return;
            }
        };
        let media_type = match image::inspect(&data) {
            Ok(info) => info.media_type,
            Err(problem) => {
                let d = match problem {
                    image::Problem::Format => Diagnostic::error(
                        "image-format",
                        format!("`{url}` is neither PNG nor JPEG"),
                    )
                    .hint("convert the image to PNG or JPEG (SVG is not accepted: it can carry script)"),
                    image::Problem::Corrupt(why) => Diagnostic::error(
                        "image-corrupt",
                        format!("`{url}` is a damaged image: {why}"),
                    )
                    .hint("export the image again from its source"),
                    image::Problem::TooLarge { width, height } => Diagnostic::error(
                        "image-too-large",
                        format!(
                            "`{url}` is {width} × {height} pixels, more than the limit of {} pixels a side and {} megapixels",
                            image::MAX_SIDE,
                            image::MAX_PIXELS / 1_000_000
                        ),
                    )
                    .hint("scale the image down; 2,000 pixels a side is plenty for print at 300 dpi"),
                };
                self.error(d, offset);
                return;
            }
        };
        let line = self.input.file.line(self.abs(offset));
        let figure = Figure {
            src: rel.into(),
            data: Arc::new(data),
            media_type,
            alt,
            caption: if title.is_empty() {
                Vec::new()
            } else {
                vec![Inline::Text(title)]
            },
            line,
        };
        match self.stack.last_mut() {
            Some(Frame::Para { figures, .. }) => figures.push(figure),
            _ => self.error(
                Diagnostic::error(
                    "image-inline",
                    "an image must stand in a paragraph of its own",
                ),
                offset,
            ),
        }
    }

    /// Accepts http(s), mailto and `#anchor` links; refuses script-capable
    /// schemes and relative file links.
    fn check_url(&mut self, url: &str, at: usize) -> String {
        let lower: String = url
            .trim()
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect::<String>()
            .to_ascii_lowercase();
        let ok = lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("mailto:")
            || (lower.starts_with('#') && lower.len() > 1);
        if ok {
            if let Some(anchor) = url.strip_prefix('#') {
                let (line, col) = self.input.file.position(self.abs(at));
                self.cx.facts.anchors.push((
                    anchor.to_string(),
                    self.input.file.shown.clone(),
                    line,
                    col,
                ));
            }
            if lower.starts_with("http") {
                return match url::Url::parse(url.trim()) {
                    Ok(u) => strict(u.as_str()),
                    Err(e) => {
                        self.error(
                            Diagnostic::error(
                                "link-invalid",
                                format!("the link `{}` is not a valid address: {e}", short(url)),
                            )
                            .hint("check the address; spaces and brackets are fine, a broken host is not"),
                            at,
                        );
                        "#".to_string()
                    }
                };
            }
            return url.to_string();
        }
        let unsafe_scheme = ["javascript:", "data:", "vbscript:", "file:"]
            .iter()
            .any(|s| lower.starts_with(s));
        let d = if unsafe_scheme {
            Diagnostic::error(
                "link-unsafe",
                format!("the link `{}` uses a forbidden scheme", short(url)),
            )
            .hint("links may only be http(s), mailto or #anchors")
        } else {
            Diagnostic::error(
                "link-scheme",
                format!("the link `{}` is not absolute", short(url)),
            )
            .hint("use a full https:// address, or #id for a place in this book")
        };
        self.error(d, at);
        "#".to_string()
    }

    fn inline_html(&mut self, html: &str, at: usize) {
        let tag = html.trim();
        if tag.starts_with("<!--") && tag.ends_with("-->") {
            return;
        }
        let lower = tag.to_ascii_lowercase();
        if lower == "</span>" && self.flattened_spans > 0 {
            self.flattened_spans -= 1;
            return;
        }
        if lower.starts_with("<span") && parse_span(tag).is_some() && self.too_deep(at) {
            self.flattened_spans += 1;
            return;
        }
        if lower == "</span>" {
            if matches!(self.stack.last(), Some(Frame::Lang { .. })) {
                if let Some(f) = self.stack.pop() {
                    self.close_frame(f, at);
                }
            } else {
                self.error(
                    Diagnostic::error(
                        "html-unbalanced",
                        "`</span>` without a matching `<span lang>`",
                    ),
                    at,
                );
            }
            return;
        }
        if matches!(lower.as_str(), "<br>" | "<br/>" | "<br />") {
            self.push_inline(Inline::LineBreak, at);
            return;
        }
        if let Some(lang) = parse_span(tag) {
            match lang {
                Ok(tagtext) => match Lang::parse(&tagtext) {
                    Some(lang) => {
                        self.ensure_inline_container(at);
                        self.stack.push(Frame::Lang {
                            lang,
                            offset: at,
                            content: Vec::new(),
                        });
                        return;
                    }
                    None => {
                        self.error(
                            Diagnostic::error(
                                "lang-unknown",
                                format!("unknown language tag `{tagtext}`"),
                            )
                            .hint(format!("known tags: {}", Lang::KNOWN.join(", "))),
                            at,
                        );
                        // Keep the structure balanced: read the span in the
                        // surrounding language.
                        self.ensure_inline_container(at);
                        let lang = self.lang();
                        self.stack.push(Frame::Lang {
                            lang,
                            offset: at,
                            content: Vec::new(),
                        });
                        return;
                    }
                },
                Err(attr) => {
                    let message = if attr.is_empty() {
                        "a <span> needs a lang attribute".to_string()
                    } else {
                        format!("attribute `{attr}` is not allowed on <span>")
                    };
                    self.error(
                        Diagnostic::error("html-not-allowed", message)
                            .hint("a span takes exactly one attribute: lang=\"…\""),
                        at,
                    );
                    // Keep the structure balanced for the closing tag.
                    self.ensure_inline_container(at);
                    let lang = self.lang();
                    self.stack.push(Frame::Lang {
                        lang,
                        offset: at,
                        content: Vec::new(),
                    });
                    return;
                }
            }
        }
        self.error(
            Diagnostic::error(
                "html-not-allowed",
                format!("raw HTML is not allowed: `{}`", short(tag)),
            )
            .hint("only <span lang=\"…\">…</span> and <br> may appear in a manuscript"),
            at,
        );
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
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.pending);
        let at = self.pending_at;
        let lang = self.lang();
        let base = self.abs(at);
        let exact = self.input.file.text.get(base..base + text.len()) == Some(text.as_str());
        let locate = |i: usize| if exact { base + i } else { base };
        {
            let file = self.input.file;
            let diags = &mut *self.cx.diags;
            super::text::text_run(
                &text,
                lang,
                self.input.lang,
                &mut |d: Diagnostic, i: usize| diags.push(file.at(d, locate(i))),
            );
        }
        let mut rest = 0;
        let mut out: Vec<Inline> = Vec::new();
        let mut i = 0;
        let bytes = text.as_bytes();
        // The next `]` at or after `i`, relative to `i`: found once per
        // bracket rather than once per `[`, so the scan stays linear.
        let mut next_close: Option<usize> = None;
        let mut close_after = |i: usize| -> Option<usize> {
            if next_close.is_none_or(|c| c < i) {
                next_close = text[i..].find(']').map(|c| c + i);
                if next_close.is_none() {
                    next_close = Some(usize::MAX);
                }
            }
            next_close.filter(|&c| c != usize::MAX).map(|c| c - i)
        };
        while i < bytes.len() {
            if bytes[i] == b'[' && bytes.get(i + 1) == Some(&b'^') {
                if let Some(close) = close_after(i) {
                    let label = &text[i + 2..i + close];
                    if !label.is_empty() && !label.contains(char::is_whitespace) {
                        let defined = self.notes.as_deref().is_some_and(|n| n.is_defined(label));
                        let d = if defined {
                            Diagnostic::error(
                                "note-syntax",
                                format!("`[^{label}]` was not read as a note reference"),
                            )
                        } else {
                            Diagnostic::error(
                                "note-undefined",
                                format!("note `[^{label}]` is referenced but never defined"),
                            )
                            .hint(format!(
                                "add a definition `[^{label}]: …` at the end of the chapter"
                            ))
                        };
                        let d = self.input.file.at(d, locate(i));
                        self.cx.diags.push(d);
                    }
                }
            }
            if bytes[i] == b'[' && bytes.get(i + 1) == Some(&b'@') {
                if let Some(close) = close_after(i) {
                    let inner = &text[i + 1..i + close];
                    if let Some(ids) = cite::parse_keys(inner) {
                        if i > rest {
                            out.push(Inline::Text(text[rest..i].to_string()));
                        }
                        let (line, col) = self.input.file.position(locate(i));
                        for (k, id) in ids.iter().enumerate() {
                            if k > 0 {
                                out.push(Inline::Text("; ".into()));
                            }
                            self.cx.facts.cites.push((
                                id.to_string(),
                                self.input.file.shown.clone(),
                                line,
                                col,
                            ));
                            match self.cx.source_index.get(*id) {
                                Some(&s) => {
                                    out.push(cite::inline(&self.cx.sources[s], self.cx.book_lang))
                                }
                                None => {
                                    let d = Diagnostic::error("source-unknown", format!("unknown source `{id}`"))
                                        .hint(match super::tomlerr::nearest(
                                            id,
                                            &self.cx.source_index.keys().cloned().collect::<Vec<_>>(),
                                        ) {
                                            Some(n) => format!("did you mean `{n}`? Sources are listed in sources.toml"),
                                            None => "add it to sources.toml".to_string(),
                                        });
                                    self.cx.diags.push(self.input.file.at(d, locate(i)));
                                    out.push(Inline::Text(id.to_string()));
                                }
                            }
                        }
                        i += close + 1;
                        rest = i;
                        continue;
                    }
                }
            }
            i += 1;
        }
        if rest < text.len() {
            out.push(Inline::Text(text[rest..].to_string()));
        }
        for inline in out {
            self.push_inline(inline, at);
        }
    }

    /// Makes sure the top of the stack takes inlines, opening an implicit
    /// paragraph in a block container (tight list items, notes).
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
            });
        }
    }

    fn push_inline(&mut self, inline: Inline, at: usize) {
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

    fn push_block(&mut self, block: Block) {
        self.close_implicit();
        match self.stack.last_mut() {
            Some(Frame::Blocks(b) | Frame::Quote(b) | Frame::Item(b))
            | Some(Frame::NoteDef { blocks: b, .. }) => b.push(block),
            _ => {}
        }
    }
}

/// Parses `<span lang="xx">`: `Some(Ok(tag))`, `Some(Err(attr))` for any
/// other attribute, `None` if it is not a span open tag.
fn parse_span(tag: &str) -> Option<Result<String, String>> {
    let inner = tag.strip_prefix('<')?.strip_suffix('>')?;
    let mut rest = inner.strip_prefix("span")?;
    if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let mut lang = None;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let value = if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            let q = r.chars().next()?;
            if q == '"' || q == '\'' {
                let end = r[1..].find(q)?;
                rest = &r[end + 2..];
                r[1..end + 1].to_string()
            } else {
                let end = r.find(char::is_whitespace).unwrap_or(r.len());
                rest = &r[end..];
                r[..end].to_string()
            }
        } else {
            String::new()
        };
        if name.eq_ignore_ascii_case("lang") && lang.is_none() {
            lang = Some(value);
        } else {
            return Some(Err(name.to_string()));
        }
    }
    Some(lang.ok_or_else(String::new))
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

/// The first 60 characters of `s`, for messages.
fn short(s: &str) -> String {
    let first_line = s.lines().next().unwrap_or("");
    let mut out: String = first_line.chars().take(60).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// `url` relative to the folder of the chapter file `chapter` (both
/// relative to the manuscript), with `.` and `..` folded; a `..` that
/// leaves the manuscript is kept for [`source::resolve`] to refuse.
fn from_chapter(chapter: &Path, url: &str) -> String {
    let mut parts: Vec<String> = chapter
        .parent()
        .map(|p| {
            p.components()
                .filter_map(|c| match c {
                    std::path::Component::Normal(n) => Some(n.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    if url.starts_with('/') {
        return url.to_string();
    }
    for seg in url.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| p != "..") => {
                parts.pop();
            }
            s => parts.push(s.to_string()),
        }
    }
    parts.join("/")
}

/// A URL serialised by the URL standard (`url`), with the characters that
/// standard leaves but RFC 3986 forbids (`|`, `[`, `]`, `^`, `` ` ``, `{`,
/// `}`, `\\`) also percent-encoded after the host, as EPUB and PDF
/// readers require: the result is 7-bit ASCII.
fn strict(url: &str) -> String {
    let host_end = url
        .find("://")
        .map(|i| i + 3)
        .and_then(|i| url[i..].find(['/', '?', '#']).map(|j| i + j))
        .unwrap_or(url.len());
    let mut out = String::with_capacity(url.len());
    out.push_str(&url[..host_end]);
    for c in url[host_end..].chars() {
        match c {
            '|' | '[' | ']' | '^' | '`' | '{' | '}' | '\\' => {
                out.push_str(&format!("%{:02X}", c as u32))
            }
            c if !c.is_ascii() => {
                let mut b = [0; 4];
                for byte in c.encode_utf8(&mut b).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn span_tags() {
        assert_eq!(parse_span("<span lang=\"ru\">"), Some(Ok("ru".into())));
        assert_eq!(
            parse_span("<span lang='kk-Latn'>"),
            Some(Ok("kk-Latn".into()))
        );
        assert_eq!(
            parse_span("<span onclick=\"x()\">"),
            Some(Err("onclick".into()))
        );
        assert_eq!(parse_span("<spanx>"), None);
        assert_eq!(parse_span("<span>"), Some(Err(String::new())));
        assert_eq!(parse_span("<script>"), None);
    }
}
