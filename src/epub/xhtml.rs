//! XHTML serialisation of the model: escaping, inlines and blocks.
//!
//! Every string from the model passes through [`text`] or [`attr`], so a
//! title like `<b>&"'` comes out as text, and characters XML 1.0 forbids
//! (C0 controls) never reach a content document. Links to anchors in other
//! documents are resolved through the [`Layout`]'s anchor map.

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{
    Align, Block, Book, Chapter, Figure, GlossaryEntry, Inline, Lang, NoteKind, Table,
    TimelineEntry,
};

use super::layout::Layout;

/// Whether `c` may appear in an XML 1.0 document.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends `s` escaped as XML character data.
pub fn push_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// Appends `s` escaped for a double-quoted attribute value.
pub fn push_attr(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// `s` escaped as character data.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_text(&mut out, s);
    out
}

/// `s` escaped as an attribute value.
pub fn attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_attr(&mut out, s);
    out
}

/// `xml:lang="…" lang="…"`, the pair every language change carries.
pub fn lang_attrs(lang: Lang) -> String {
    format!(r#"xml:lang="{0}" lang="{0}""#, lang.tag())
}

/// Whether an external link may reach the book: the reader already
/// refuses other schemes; this keeps the writer safe on its own.
fn safe_scheme(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s))
}

/// Human name of a note series, for labels and accessible names.
pub fn note_kind_name(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Author => "Note",
        NoteKind::Editor => "Editor’s note",
        NoteKind::Source => "Source note",
    }
}

/// CSS class of a note series.
pub fn note_kind_class(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Author => "note-author",
        NoteKind::Editor => "note-editor",
        NoteKind::Source => "note-source",
    }
}

/// Writes the content of one chapter's document: knows the chapter (for
/// note references), the document's own file (for relative links) and
/// the layout (for cross-document anchors).
pub struct Writer<'a> {
    pub book: &'a Book,
    pub layout: &'a Layout<'a>,
    /// The chapter whose notes `NoteRef` indexes, if any.
    pub chapter: Option<&'a Chapter>,
    /// OEBPS-relative path of the document being written.
    pub file: &'a str,
    pub diags: &'a mut Diagnostics,
    pub out: String,
}

impl<'a> Writer<'a> {
    pub fn new(
        book: &'a Book,
        layout: &'a Layout<'a>,
        chapter: Option<&'a Chapter>,
        file: &'a str,
        diags: &'a mut Diagnostics,
    ) -> Self {
        Writer {
            book,
            layout,
            chapter,
            file,
            diags,
            out: String::with_capacity(16 * 1024),
        }
    }

    pub fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    pub fn text(&mut self, s: &str) {
        push_text(&mut self.out, s);
    }

    /// A warning located in the current chapter's source file.
    fn warn(&mut self, code: &'static str, message: String) {
        let mut d = Diagnostic::warning(code, message);
        if let Some(file) = self.chapter.and_then(|c| c.file.as_ref()) {
            d = d.in_file(file);
        }
        self.diags.push(d);
    }

    /// Renders inlines in order.
    pub fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(t) => self.layout.exceptions.apply(t, &mut self.out, push_text),
            Inline::Lang { lang, content } => {
                let a = lang_attrs(*lang);
                self.raw(&format!("<span {a}>"));
                self.inlines(content);
                self.raw("</span>");
            }
            Inline::Emph(c) => self.wrap("em", c),
            Inline::Strong(c) => self.wrap("strong", c),
            Inline::Code(t) => {
                self.raw("<code>");
                self.text(t);
                self.raw("</code>");
            }
            Inline::LineBreak => self.raw("<br/>"),
            Inline::Link { url, content } => self.link(url, content),
            Inline::Cite { source, content } => {
                let anchor = format!("src-{source}");
                match self.layout.href(self.file, &anchor) {
                    Some(href) => {
                        self.raw(&format!(r#"<a class="cite" href="{}">"#, attr(&href)));
                        self.inlines(content);
                        self.raw("</a>");
                    }
                    None => self.wrap_class("span", "cite", content),
                }
            }
            Inline::NoteRef(i) => self.note_ref(*i),
        }
    }

    fn wrap(&mut self, tag: &str, content: &[Inline]) {
        self.raw(&format!("<{tag}>"));
        self.inlines(content);
        self.raw(&format!("</{tag}>"));
    }

    fn wrap_class(&mut self, tag: &str, class: &str, content: &[Inline]) {
        self.raw(&format!(r#"<{tag} class="{class}">"#));
        self.inlines(content);
        self.raw(&format!("</{tag}>"));
    }

    /// External links keep their URL (the reader only lets http, https and
    /// mailto through); `#id` links are resolved to the document that
    /// holds the anchor. An unresolvable anchor becomes plain text.
    fn link(&mut self, url: &str, content: &[Inline]) {
        let href = match url.strip_prefix('#') {
            Some(id) => match self.layout.href(self.file, id) {
                Some(h) => h,
                None => {
                    self.warn(
                        "epub-link-unresolved",
                        format!("link to #{id} has no target in the book; set as plain text"),
                    );
                    self.inlines(content);
                    return;
                }
            },
            None if safe_scheme(url) => url.to_string(),
            None => {
                self.warn(
                    "epub-link-unsafe",
                    format!("link to `{url}` is not http, https or mailto; set as plain text"),
                );
                self.inlines(content);
                return;
            }
        };
        self.raw(&format!(r#"<a href="{}">"#, attr(&href)));
        match content {
            // An address shown as itself may break where print breaks it.
            [Inline::Text(t)] if t == url => {
                let mut from = 0;
                for at in crate::typeset::text::url_breaks(t) {
                    self.text(&t[from..at]);
                    self.raw("<wbr/>");
                    from = at;
                }
                self.text(&t[from..]);
            }
            _ => self.inlines(content),
        }
        self.raw("</a>");
    }

    /// `<a epub:type="noteref">` to the chapter's aside, carrying the
    /// model's marker and the backlink target id.
    fn note_ref(&mut self, index: usize) {
        let Some(note) = self.chapter.and_then(|c| c.notes.get(index)) else {
            self.warn(
                "epub-note-missing",
                format!("note reference {index} has no note; left out"),
            );
            return;
        };
        let class = note_kind_class(note.kind);
        let label = format!("{} {}", note_kind_name(note.kind), note.marker);
        self.raw(&format!(
            r##"<a class="noteref {class}" epub:type="noteref" role="doc-noteref" id="{}" href="#{}" aria-label="{}">"##,
            attr(&note.ref_id),
            attr(&note.id),
            attr(&label),
        ));
        self.text(&note.marker);
        self.raw("</a>");
    }

    /// Renders blocks in order. Model heading level 1 becomes `h2` under
    /// the chapter's `h1`, so levels never skip.
    pub fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.block(block);
        }
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Paragraph(p) => {
                self.raw(if p.first {
                    r#"<p class="first">"#
                } else {
                    "<p>"
                });
                self.inlines(&p.content);
                self.raw("</p>\n");
            }
            Block::Heading {
                level, id, content, ..
            } => {
                let h = (*level as usize + 1).min(6);
                self.raw(&format!(r#"<h{h} id="{}">"#, attr(id)));
                self.inlines(content);
                self.raw(&format!("</h{h}>\n"));
            }
            Block::Quote(inner) => {
                self.raw("<blockquote>\n");
                self.blocks(inner);
                self.raw("</blockquote>\n");
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                if *ordered {
                    if *start != 1 {
                        self.raw(&format!(r#"<ol start="{start}">"#));
                    } else {
                        self.raw("<ol>");
                    }
                } else {
                    self.raw("<ul>");
                }
                self.raw("\n");
                for item in items {
                    self.raw("<li>");
                    self.blocks(item);
                    self.raw("</li>\n");
                }
                self.raw(if *ordered { "</ol>\n" } else { "</ul>\n" });
            }
            Block::Table(t) => self.table(t),
            Block::Rule => self.raw("<hr/>\n"),
            Block::Figure(f) => self.figure(f),
            Block::Timeline(entries) => self.timeline(entries),
            Block::Glossary(entries) => self.glossary(entries),
            Block::Bibliography => self.bibliography(),
            Block::CodeBlock { text, .. } => {
                self.raw("<pre><code>");
                self.text(text);
                self.raw("</code></pre>\n");
            }
        }
    }

    fn table(&mut self, t: &Table) {
        let class = |i: usize| match t.align.get(i) {
            Some(Align::Left) => r#" class="left""#,
            Some(Align::Center) => r#" class="center""#,
            Some(Align::Right) => r#" class="right""#,
            _ => "",
        };
        self.raw("<div class=\"table\"><table>\n");
        if !t.header.is_empty() {
            self.raw("<thead><tr>");
            for (i, cell) in t.header.iter().enumerate() {
                self.raw(&format!(r#"<th scope="col"{}>"#, class(i)));
                self.inlines(cell);
                self.raw("</th>");
            }
            self.raw("</tr></thead>\n");
        }
        self.raw("<tbody>\n");
        for row in &t.rows {
            self.raw("<tr>");
            for (i, cell) in row.iter().enumerate() {
                self.raw(&format!("<td{}>", class(i)));
                self.inlines(cell);
                self.raw("</td>");
            }
            self.raw("</tr>\n");
        }
        self.raw("</tbody></table></div>\n");
    }

    fn figure(&mut self, f: &Figure) {
        let src = self.layout.image_href(self.file, f);
        self.raw(&format!(
            r#"<figure><img src="{}" alt="{}"/>"#,
            attr(&src),
            attr(&f.alt)
        ));
        if !f.caption.is_empty() {
            self.raw("<figcaption>");
            self.inlines(&f.caption);
            self.raw("</figcaption>");
        }
        self.raw("</figure>\n");
    }

    /// The chronology: an ordered list, one item per event, the date in a
    /// `<time datetime>` on its own line so it reads on a narrow screen.
    fn timeline(&mut self, entries: &[TimelineEntry]) {
        self.raw("<ol class=\"chronology\">\n");
        for e in entries {
            self.raw(&format!(
                r#"<li id="{}"><p class="event-date"><time datetime="{}">"#,
                attr(&e.id),
                e.date.iso()
            ));
            self.text(&e.label);
            self.raw("</time></p><p class=\"event-text\">");
            self.inlines(&e.text);
            self.raw("</p></li>\n");
        }
        self.raw("</ol>\n");
    }

    /// The glossary as a definition list; the term is a `<dfn>`.
    fn glossary(&mut self, entries: &[GlossaryEntry]) {
        self.raw("<dl class=\"glossary\">\n");
        for e in entries {
            self.raw(&format!(r#"<dt id="{}"><dfn>"#, attr(&e.id)));
            self.inlines(&e.term);
            self.raw("</dfn></dt>\n<dd>");
            self.inlines(&e.definition);
            self.raw("</dd>\n");
        }
        self.raw("</dl>\n");
    }

    /// Every source of the book, in the model's order, each entry's
    /// inlines as the model built them.
    fn bibliography(&mut self) {
        let book = self.book;
        self.raw("<ul class=\"bibliography\">\n");
        for s in &book.sources {
            self.raw(&format!(r#"<li id="{}">"#, attr(&s.anchor())));
            self.inlines(&s.entry);
            self.raw("</li>\n");
        }
        self.raw("</ul>\n");
    }

    /// The chapter's notes as pop-up asides, each starting with a backlink
    /// (the marker) to its reference. Editor's notes carry a visible label
    /// and their own class.
    pub fn notes(&mut self) {
        let Some(chapter) = self.chapter else { return };
        if chapter.notes.is_empty() {
            return;
        }
        self.raw("<section class=\"notes\" aria-label=\"Notes\">\n<hr class=\"notes-rule\"/>\n");
        for note in &chapter.notes {
            let class = note_kind_class(note.kind);
            self.raw(&format!(
                r#"<aside class="note {class}" epub:type="footnote" role="doc-footnote" id="{}">"#,
                attr(&note.id)
            ));
            let back = format!(
                r##"<a class="backlink" role="doc-backlink" href="#{}" aria-label="Back to reference {}">{}</a> "##,
                attr(&note.ref_id),
                attr(&note.marker),
                text(&note.marker)
            );
            let label = match note.kind {
                NoteKind::Editor => "<span class=\"note-label\">Editor’s note:</span> ",
                _ => "",
            };
            match note.blocks.split_first() {
                Some((Block::Paragraph(p), rest)) => {
                    self.raw("<p>");
                    self.raw(&back);
                    self.raw(label);
                    self.inlines(&p.content);
                    self.raw("</p>");
                    self.blocks(rest);
                }
                _ => {
                    self.raw("<p>");
                    self.raw(&back);
                    self.raw(label);
                    self.raw("</p>");
                    self.blocks(&note.blocks);
                }
            }
            self.raw("</aside>\n");
        }
        self.raw("</section>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(text(r#"<b>&"'"#), r#"&lt;b&gt;&amp;"'"#);
        assert_eq!(attr(r#"<b>&"'"#), "&lt;b&gt;&amp;&quot;&apos;");
        assert_eq!(text("a\u{0}b\u{1b}c\u{FFFE}"), "abc");
        assert_eq!(text("Сергей\u{a0}Дуванов"), "Сергей\u{a0}Дуванов");
    }

    #[test]
    fn only_web_and_mail_links_are_safe() {
        assert!(safe_scheme("https://example.org/a?b=1&c=2"));
        assert!(safe_scheme("mailto:editor@example.org"));
        assert!(!safe_scheme("javascript:alert(1)"));
        assert!(!safe_scheme(" JavaScript:alert(1)"));
        assert!(!safe_scheme("file:///etc/passwd"));
        assert!(!safe_scheme("data:text/html,x"));
    }
}
