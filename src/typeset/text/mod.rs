//! The text engine: turns a paragraph of the document model into justified,
//! hyphenated lines (shaping, hyphenation, Knuth–Plass line breaking).
//!
//! Build one [`TextEngine`] per book (it loads the hyphenation patterns and
//! the book's exception list once) and call [`TextEngine::set_paragraph`]
//! for each paragraph with its style and measure. The engine knows nothing
//! about pages: it returns [`Line`]s whose coordinates are relative to the
//! left edge of the measure and the line's baseline. Draw them with
//! the PDF writer's `FontEmbedder::emit_line`, or paint them on a cover.
//!
//! Pipeline per paragraph, one file per stage:
//! 1. `collect` flattens the inline tree into one string with attribute runs;
//! 2. `prepare` builds boxes, glue and penalties: `shape` shapes each word
//!    (rustybuzz, kerning and ligatures, per-character font fallback),
//!    `breakpoints` finds the break opportunities inside it (UAX #14,
//!    `hyphenate`, URL rules), and `cache` remembers both per word;
//! 3. `knuth_plass` picks the breaks (first with spaces at most 1.5× normal,
//!    then with letterspacing, then 2×, then an emergency pass);
//! 4. `finalize` positions the glyphs of each line.
//!
//! Use from the page engine:
//!
//! ```text
//! let engine = TextEngine::new(&book.hyphenation);        // once per book
//! let mut fonts = FontEmbedder::new();                    // once per PDF
//! let set = engine.set_paragraph(&p.content, &chapter.notes, &style, measure, &loc);
//! diagnostics.extend(set.warnings);                       // loose lines, missing glyphs
//! for line in &set.lines {                                // line.note_refs, .anchors, .links
//!     fonts.emit_line(line, left, baseline_y, &mut content); // a pdf_writer::Content
//! }
//! let font_resources = fonts.embed(&mut lopdf_doc)?;      // after the last emit_line
//! ```
//!
//! Justified lines are exactly `measure` wide plus any hanging punctuation
//! (`Line::width` says how wide); the last line of a paragraph and lines
//! ended by `Inline::LineBreak` keep natural spaces. Word spaces stay within
//! 1.5× normal where the paragraph allows it; otherwise up to 0.03 em of
//! letterspacing per glyph gap is added before spaces may grow to 2×.

mod breakpoints;
mod cache;
mod collect;
mod finalize;
pub mod hyphenate;
pub mod knuth_plass;
mod line;
mod prepare;
mod shape;

pub use breakpoints::url_breaks;
pub use line::{ClusterText, Glyph, GlyphRun, Line, LineItem, LinkSpan};

use std::sync::{Mutex, OnceLock};

use crate::config::HyphenationConfig;
use crate::diag::Diagnostic;
use crate::model::{Inline, Lang, Note};
use crate::typeset::fonts::Family;
use crate::units::{Em, Pt};

use hyphenate::Hyphenation;
use knuth_plass::{break_items_in, Kind, Params, INFINITY};
use prepare::SPACE_STRETCH;

/// How a paragraph is aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alignment {
    Justify,
    Left,
    Center,
    Right,
}

/// Everything the engine needs to set one paragraph, besides its content.
#[derive(Debug, Clone)]
pub struct ParaStyle {
    pub family: Family,
    pub size: Pt,
    /// Baseline-to-baseline distance.
    pub leading: Pt,
    /// First-line indent (may be zero).
    pub indent: Pt,
    pub align: Alignment,
    pub hyphenate: bool,
    /// Base language of the paragraph; `Inline::Lang` spans override it.
    pub lang: Lang,
    /// Sets all text bold / italic (headings, standfirsts).
    pub bold: bool,
    pub italic: bool,
    /// Fill colour for the whole paragraph, RGB 0..=1.
    pub color: Option<[f32; 3]>,
}

impl ParaStyle {
    /// Justified, hyphenated body text in the serif family.
    pub fn body(size: Pt, leading: Pt, indent: Pt, lang: Lang) -> ParaStyle {
        ParaStyle {
            family: Family::Serif,
            size,
            leading,
            indent,
            align: Alignment::Justify,
            hyphenate: true,
            lang,
            bold: false,
            italic: false,
            color: None,
        }
    }
}

/// Where a paragraph came from, for warnings such as a loose line.
#[derive(Debug, Clone, Default)]
pub struct SourceLoc {
    pub file: Option<std::path::PathBuf>,
    pub line: u32,
}

/// The lines of one paragraph plus what the engine noticed while setting it.
#[derive(Debug, Clone, Default)]
pub struct SetParagraph {
    pub lines: Vec<Line>,
    pub warnings: Vec<Diagnostic>,
    /// The breaking pass that succeeded: 1 = word spaces ≤ 1.5×, 2 = the
    /// same with letterspacing, 3 = spaces ≤ 2×, 4 = emergency (ragged
    /// text: 1 or 2). For statistics and tests.
    pub pass: u8,
}

/// A word wider than the measure gets a line of its own that sticks out:
/// callers compare [`Line::width`] with the measure to report it.
///
/// Word spaces wider than this multiple of the normal space make a line
/// "loose": reported as a warning.
pub const LOOSE_SPACE: f32 = 2.0;

/// Letterspacing allowed per glyph gap at adjustment ratio 1, when a
/// paragraph cannot be set with word spaces of at most 1.5× alone.
pub const TRACK_STRETCH: Em = Em(0.03);
/// Shrink of a word space, as a fraction of it, in the emergency pass
/// (otherwise 0.2).
pub const EMERGENCY_SHRINK: f32 = 0.3;
pub const TRACK_SHRINK: Em = Em(0.01);

/// The text engine for one book: hyphenation patterns and exceptions.
///
/// It may set paragraphs on several threads at once: each call borrows a
/// workspace (word cache and buffers) from a pool, one per concurrent
/// caller, so threads never wait for each other while shaping. The caches
/// only remember pure results (shaped words, hyphenation points), so which
/// workspace a paragraph gets never changes its lines.
pub struct TextEngine {
    hyph: Hyphenation,
    workspaces: Mutex<Vec<prepare::Workspace>>,
}

impl TextEngine {
    /// Loads the hyphenation patterns and the book's exception words.
    pub fn new(config: &HyphenationConfig) -> TextEngine {
        TextEngine {
            hyph: Hyphenation::new(&config.exceptions),
            workspaces: Mutex::new(Vec::new()),
        }
    }

    /// The hyphenation dictionaries and exceptions in use.
    pub fn hyphenation(&self) -> &Hyphenation {
        &self.hyph
    }

    /// Sets `content` into lines of width `measure`.
    ///
    /// `notes` are the chapter's notes, so note references print their
    /// markers (raised, smaller, linked to the note; the line lists the note
    /// in `note_refs` and the reference id in `anchors`). Justified lines
    /// fill the measure exactly, except that final punctuation may hang
    /// into the right margin by up to 70 % of its width. Loose lines and
    /// characters no bundled font has come back as warnings at `loc`.
    pub fn set_paragraph(
        &self,
        content: &[Inline],
        notes: &[Note],
        style: &ParaStyle,
        measure: Pt,
        loc: &SourceLoc,
    ) -> SetParagraph {
        let flat = collect::flatten(content, notes, style);
        let justify = style.align == Alignment::Justify;
        let mut ws = {
            let mut pool = self.workspaces.lock().unwrap_or_else(|e| e.into_inner());
            pool.pop().unwrap_or_default()
        };
        let prepare::Workspace {
            cache,
            prep,
            breaker,
        } = &mut ws;
        prepare::prepare(prep, &flat, style, &self.hyph, cache, !justify);
        if justify {
            prepare::set_glue_protrusion(prep, &flat.text);
        }
        let mut params = Params::justified(measure);
        // Passes: spaces ≤ 1.5×; then the same with a little letterspacing;
        // then spaces ≤ 2×; then whatever it takes.
        let passes: &[(Option<f32>, bool)] = if justify {
            &[
                (Some(1.0), false),
                (Some(1.0), true),
                (Some(2.0), true),
                (None, true),
            ]
        } else {
            params.extra_stretch = measure;
            params.min_last_line = Pt::ZERO;
            params.fitness_demerits = 0.0;
            &[(Some(1.0), false), (None, false)]
        };
        let mut breaks = None;
        let mut tracking = false;
        let mut pass = 0;
        for &(max_ratio, track) in passes {
            pass += 1;
            if track && !tracking {
                prep.set_tracking(TRACK_STRETCH, TRACK_SHRINK);
                tracking = true;
            }
            if justify && max_ratio.is_none() {
                // Last resort: spaces may shrink to 0.7× rather than overflow.
                prep.set_space_shrink(EMERGENCY_SHRINK);
            }
            params.max_ratio = max_ratio;
            breaks = break_items_in(breaker, &prep.items, &params);
            if breaks.is_some() {
                break;
            }
        }
        let breaks = breaks.unwrap_or_default();

        let mut out = SetParagraph {
            pass,
            ..SetParagraph::default()
        };
        let warn_at = |d: Diagnostic| match &loc.file {
            Some(f) => d.at(f, loc.line, 0),
            None => d,
        };
        let n = prep.items.len();
        let mut from = 0;
        for (k, b) in breaks.iter().enumerate() {
            let last = b.at == n - 1;
            let forced =
                prep.items[b.at].kind == Kind::Penalty && prep.items[b.at].penalty <= -INFINITY;
            let (mut line, span) = finalize::assemble(
                prep,
                &flat,
                style,
                from,
                b.at,
                b.ratio,
                justify || b.ratio < 0.0,
            );
            line.last = last;
            let slack = measure - line.width;
            let shift = match style.align {
                Alignment::Center => slack / 2.0,
                Alignment::Right => slack,
                _ => Pt::ZERO,
            };
            if shift != Pt::ZERO {
                for it in &mut line.items {
                    if let LineItem::Glyphs(r) = it {
                        r.x += shift;
                    }
                }
                for l in &mut line.links {
                    l.x0 += shift;
                    l.x1 += shift;
                }
                line.width += shift;
            }
            if let Some(span) = span {
                line.note_refs = flat
                    .note_refs
                    .iter()
                    .filter(|(p, _)| span.contains(p))
                    .map(|&(_, i)| i)
                    .collect();
                line.anchors = flat
                    .anchors
                    .iter()
                    .filter(|(p, _)| span.contains(p))
                    .map(|(_, a)| a.clone())
                    .collect();
            }
            let space = 1.0 + SPACE_STRETCH * b.ratio;
            if justify && !forced && space > LOOSE_SPACE {
                let what = if b.ratio >= INFINITY {
                    format!(
                        "line {} of this paragraph is one word that cannot fill the measure",
                        k + 1
                    )
                } else {
                    format!(
                        "line {} of this paragraph has word spaces {:.1}× the normal width",
                        k + 1,
                        space
                    )
                };
                out.warnings.push(warn_at(
                    Diagnostic::warning("loose-line", what)
                    .hint("rephrase it, or allow breaks in long words with [hyphenation] exceptions in book.toml"),
                ));
            }
            out.lines.push(line);
            // The next line starts at the first box after the break.
            from = b.at + 1;
            while from < n && prep.items[from].kind != Kind::Box {
                if prep.items[from].kind == Kind::Penalty && prep.items[from].penalty <= -INFINITY {
                    break;
                }
                from += 1;
            }
        }
        if !prep.missing.is_empty() {
            let chars: String = prep
                .missing
                .iter()
                .map(|c| format!("U+{:04X} '{}'", *c as u32, c))
                .collect::<Vec<_>>()
                .join(", ");
            out.warnings.push(warn_at(
                Diagnostic::warning("missing-glyph", format!("no bundled font has {chars}"))
                    .hint("replace the character, or use one the bundled Noto fonts cover"),
            ));
        }
        ws.trim();
        self.workspaces
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(ws);
        out
    }
}

/// Sets `content` with an engine that has no exception words. Prefer
/// building one [`TextEngine`] per book; see [`TextEngine::set_paragraph`].
pub fn set_paragraph(
    content: &[Inline],
    notes: &[Note],
    style: &ParaStyle,
    measure: Pt,
    loc: &SourceLoc,
) -> SetParagraph {
    static ENGINE: OnceLock<TextEngine> = OnceLock::new();
    ENGINE
        .get_or_init(|| TextEngine::new(&HyphenationConfig::default()))
        .set_paragraph(content, notes, style, measure, loc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NoteKind;

    const TEXT: &str = "On January 2, a serious uprising broke out in Zhanaozen, a city of oil workers in the west of the country, reminiscent of the police shootings of striking workers in 2011. From January 3 to 5, protests engulfed the entire country; the most massive action took place in the largest city, Almaty, where economic demands were replaced by political ones and protesters began to seize and destroy administrative buildings.";

    fn style() -> ParaStyle {
        ParaStyle::body(Pt(10.0), Pt(13.0), Pt(15.0), Lang::En)
    }

    fn engine(exceptions: &[&str]) -> TextEngine {
        TextEngine::new(&HyphenationConfig {
            exceptions: exceptions.iter().map(|s| s.to_string()).collect(),
        })
    }

    /// The text of a line's glyphs, without spaces.
    fn line_text(line: &Line) -> String {
        let mut s = String::new();
        for it in &line.items {
            if let LineItem::Glyphs(r) = it {
                for g in &r.glyphs {
                    s.push_str(&g.text);
                }
            }
        }
        s
    }

    fn set(e: &TextEngine, content: Vec<Inline>, measure: f32) -> SetParagraph {
        e.set_paragraph(&content, &[], &style(), Pt(measure), &SourceLoc::default())
    }

    #[test]
    fn justified_lines_fill_the_measure_and_keep_the_words() {
        let measure = Pt::from_mm(116.0).0;
        let out = set(&engine(&[]), vec![Inline::Text(TEXT.into())], measure);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        assert!(out.lines.len() >= 5);
        let n = out.lines.len();
        let mut joined = String::new();
        for (i, line) in out.lines.iter().enumerate() {
            assert_eq!(line.last, i == n - 1);
            let w = line.width.0;
            if i < n - 1 {
                // Full measure, plus at most a little hanging punctuation.
                assert!(w >= measure - 0.01 && w <= measure + 3.0, "line {i}: {w}");
            } else {
                assert!(w < measure);
            }
            let t = line_text(line);
            if line.hyphenated {
                assert!(t.ends_with('-'));
                joined.push_str(&t[..t.len() - 1]);
            } else {
                // An explicit hyphen ending a line is drawn as U+2010.
                joined.push_str(&t.replace('\u{2010}', "-"));
            }
        }
        let expected: String = TEXT.chars().filter(|c| *c != ' ').collect();
        assert_eq!(joined, expected);
    }

    #[test]
    fn russian_spans_hyphenate_and_kazakh_spans_do_not() {
        let word = "достопримечательности";
        let para = |lang| {
            let mut v = Vec::new();
            for _ in 0..12 {
                v.push(Inline::Text("see ".into()));
                v.push(Inline::Lang {
                    lang,
                    content: vec![Inline::Text(word.into())],
                });
                v.push(Inline::Text(" and ".into()));
            }
            v
        };
        let e = engine(&[]);
        let ru = set(&e, para(Lang::Ru), 150.0);
        assert!(ru.lines.iter().any(|l| l.hyphenated));
        let kk = set(&e, para(Lang::Kk), 150.0);
        assert!(kk.lines.iter().all(|l| !l.hyphenated));
        for l in &kk.lines {
            let t = line_text(l);
            // Kazakh words are never split: each occurrence is whole.
            assert_eq!(
                t.matches(word).count(),
                t.matches("до").count().min(t.matches(word).count())
            );
            assert!(!t.ends_with('-'));
        }
    }

    #[test]
    fn exceptions_decide_where_names_break() {
        let text = "Kazakhstan Kazakhstan Kazakhstan Kazakhstan Kazakhstan Kazakhstan Kazakhstan Kazakhstan";
        let e = engine(&["Ka-zakh-stan"]);
        for m in [90.0, 110.0, 130.0, 150.0] {
            let out = set(&e, vec![Inline::Text(text.into())], m);
            for l in out.lines.iter().filter(|l| l.hyphenated) {
                let t = line_text(l);
                assert!(t.ends_with("Ka-") || t.ends_with("Kazakh-"), "{t}");
            }
        }
        let never = engine(&["Kazakhstan"]);
        let out = set(&never, vec![Inline::Text(text.into())], 130.0);
        assert!(out.lines.iter().all(|l| !l.hyphenated));
    }

    #[test]
    fn urls_and_code_never_get_hyphens() {
        let url =
            "https://www.example.org/news/2022/01/kazakhstan-protests-continue-across-the-country";
        let code = "configuration_management_transformation";
        let content = vec![
            Inline::Text("See ".into()),
            Inline::Link {
                url: url.into(),
                content: vec![Inline::Text(url.into())],
            },
            Inline::Text(" or ".into()),
            Inline::Code(code.into()),
            Inline::Text(" now.".into()),
        ];
        let out = set(&engine(&[]), content, 120.0);
        assert!(out.lines.len() > 2);
        // No inserted hyphens: the lines give back the text exactly.
        let joined: String = out.lines.iter().map(line_text).collect();
        assert_eq!(joined, format!("See{url}or{code}now."));
        assert!(out.lines.iter().all(|l| !l.hyphenated));
        // A line that ends inside the URL ends after '/' or before '-' or
        // '.': never in the URL's own hyphen.
        let mut breaks = 0;
        for pair in out.lines.windows(2) {
            let (t, next) = (line_text(&pair[0]), line_text(&pair[1]));
            let inside = url.contains(&t[t.len().saturating_sub(6)..]) && !url.ends_with(&t);
            if inside && !t.ends_with("See") {
                breaks += 1;
                assert!(!t.ends_with('-'), "{t} | {next}");
                assert!(
                    t.ends_with('/') || next.starts_with('-') || next.starts_with('.'),
                    "{t} | {next}"
                );
            }
        }
        assert!(breaks >= 1);
        // The link area covers the URL on every line it touches.
        let linked: Vec<_> = out.lines.iter().flat_map(|l| l.links.iter()).collect();
        assert!(linked.len() >= 2);
        assert!(linked.iter().all(|l| l.target == url && l.x1 > l.x0));
    }

    #[test]
    fn note_references_are_raised_markers_on_their_line() {
        let note = Note {
            id: "fn-1".into(),
            ref_id: "fnref-1".into(),
            kind: NoteKind::Author,
            marker: "1".into(),
            blocks: Vec::new(),
            line: 1,
        };
        let content = vec![
            Inline::Text("A short paragraph with a note".into()),
            Inline::NoteRef(0),
            Inline::Text(" and more words after it.".into()),
        ];
        let e = engine(&[]);
        let out = e.set_paragraph(
            &content,
            &[note],
            &style(),
            Pt(300.0),
            &SourceLoc::default(),
        );
        assert_eq!(out.lines.len(), 1);
        let l = &out.lines[0];
        assert_eq!(l.note_refs, vec![0]);
        assert_eq!(l.anchors, vec!["fnref-1".to_string()]);
        assert!(l.links.iter().any(|k| k.target == "#fn-1"));
        let raised = l
            .items
            .iter()
            .any(|it| matches!(it, LineItem::Glyphs(r) if r.dy.0 > 0.0 && r.size.0 < 10.0));
        assert!(raised);
    }

    #[test]
    fn loose_lines_are_reported_with_their_source() {
        // The first line can only hold "Incomprehensibilities and".
        let content = vec![Inline::Text(
            "Incomprehensibilities and notwithstanding".into(),
        )];
        let loc = SourceLoc {
            file: Some("chapter.md".into()),
            line: 7,
        };
        let e = engine(&["Incomprehensibilities", "notwithstanding"]);
        let out = e.set_paragraph(&content, &[], &style(), Pt(160.0), &loc);
        let w = out
            .warnings
            .iter()
            .find(|d| d.code == "loose-line")
            .expect("a warning");
        assert_eq!(w.location().as_deref(), Some("chapter.md:7"));
    }

    #[test]
    fn centred_lines_are_ragged_and_centred() {
        let mut st = style();
        st.align = Alignment::Center;
        st.indent = Pt::ZERO;
        st.hyphenate = false;
        let e = engine(&[]);
        let content = vec![Inline::Text(TEXT.into())];
        let out = e.set_paragraph(&content, &[], &st, Pt(250.0), &SourceLoc::default());
        assert!(out.lines.len() > 3);
        for l in &out.lines {
            assert!(!l.hyphenated);
            let LineItem::Glyphs(first) = &l.items[0] else {
                panic!("glyphs expected")
            };
            let left = first.x.0 + first.glyphs[0].x.0;
            let right = 250.0 - l.width.0;
            // Equal margins on both sides, to within a glyph's side bearing.
            assert!(
                left > 0.0 && (left - right).abs() < 1.5,
                "{left} vs {right}"
            );
        }
    }

    #[test]
    fn odd_input_never_panics() {
        let e = engine(&["", "-", "a-", "-b"]);
        let texts = [
            "",
            " ",
            "   \u{a0}  ",
            "\u{ad}\u{ad}",
            "word",
            "e\u{301}\u{302}\u{303} combining",
            "emoji \u{1F600} and arabic \u{0627}\u{0644}\u{0639}\u{0631}\u{0628}\u{064A}\u{0629}",
            "https://",
            "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z",
            "supercalifragilisticexpialidocious-supercalifragilisticexpialidocious",
        ];
        for t in texts {
            for measure in [0.0, 1.0, 20.0, 300.0] {
                for align in [Alignment::Justify, Alignment::Left, Alignment::Center] {
                    let mut st = style();
                    st.align = align;
                    let content = vec![
                        Inline::Text(t.into()),
                        Inline::LineBreak,
                        Inline::NoteRef(3),
                        Inline::Emph(vec![Inline::Text(t.into())]),
                        Inline::LineBreak,
                    ];
                    let out =
                        e.set_paragraph(&content, &[], &st, Pt(measure), &SourceLoc::default());
                    for l in &out.lines {
                        assert!(l.width.0.is_finite());
                    }
                }
            }
        }
    }

    #[test]
    fn soft_hyphens_are_the_only_breaks_and_copy_as_nothing() {
        let word = "anti\u{ad}dis\u{ad}es\u{ad}tab\u{ad}lish\u{ad}ment\u{ad}ari\u{ad}an\u{ad}ism";
        let text = format!("{w} {w} {w} {w}", w = word);
        let out = set(&engine(&[]), vec![Inline::Text(text)], 120.0);
        let plain = word.replace('\u{ad}', "");
        let mut joined = String::new();
        for l in &out.lines {
            let t = line_text(l);
            assert!(!t.contains('\u{ad}'));
            if l.hyphenated {
                let part = t.trim_end_matches('-');
                // The line ends at one of the soft hyphens of the word.
                let at_shy = word
                    .match_indices('\u{ad}')
                    .map(|(i, _)| word[..i].replace('\u{ad}', ""))
                    .any(|prefix| part.ends_with(&prefix));
                assert!(at_shy, "{t}");
                joined.push_str(part);
            } else {
                joined.push_str(&t);
            }
        }
        assert!(out.lines.iter().any(|l| l.hyphenated));
        assert_eq!(joined, plain.repeat(4));
    }

    #[test]
    fn punctuation_hangs_into_both_margins() {
        let measure = Pt::from_mm(116.0).0;
        let text = "“Quoted words open this paragraph,” said the editor, “and quoted words, commas, and full stops, hang into the margins.” Then the paragraph goes on, “quoting” more and more, so that some lines begin with quotation marks, “like this one”, and others end with commas, full stops, or hyphens.";
        let mut st = style();
        st.indent = Pt::ZERO;
        let e = engine(&[]);
        let out = e.set_paragraph(
            &[Inline::Text(text.into())],
            &[],
            &st,
            Pt(measure),
            &SourceLoc::default(),
        );
        let mut hung_left = 0;
        for l in &out.lines[..out.lines.len() - 1] {
            let LineItem::Glyphs(first) = &l.items[0] else {
                panic!()
            };
            let x0 = first.x.0 + first.glyphs[0].x.0;
            let t = line_text(l);
            if t.starts_with('“') {
                assert!(x0 < 0.0 && x0 > -3.0, "{t}: {x0}");
                hung_left += 1;
            } else {
                assert!(x0.abs() < 1e-3, "{t}: {x0}");
            }
            if t.ends_with(',') || t.ends_with('.') || t.ends_with('-') {
                assert!(l.width.0 > measure && l.width.0 < measure + 3.0, "{t}");
            } else if t.chars().last().is_some_and(|c| c.is_alphanumeric()) {
                assert!((l.width.0 - measure).abs() < 0.01, "{t}");
            }
        }
        assert!(hung_left >= 1);
        assert!(out.warnings.is_empty());
    }

    #[test]
    fn a_word_wider_than_the_measure_sticks_out_for_the_caller_to_report() {
        let e = engine(&["Pneumonoultramicroscopicsilicovolcanoconiosis"]);
        let content = vec![Inline::Text(
            "a Pneumonoultramicroscopicsilicovolcanoconiosis b".into(),
        )];
        let out = e.set_paragraph(&content, &[], &style(), Pt(100.0), &SourceLoc::default());
        // The word gets a line of its own, wider than the measure; the other
        // lines fit.
        let wide: Vec<_> = out.lines.iter().filter(|l| l.width.0 > 100.5).collect();
        assert_eq!(wide.len(), 1);
        assert_eq!(
            line_text(wide[0]),
            "Pneumonoultramicroscopicsilicovolcanoconiosis"
        );
    }

    #[test]
    fn explicit_hyphens_ending_a_line_copy_as_u2010() {
        let words = [
            "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
        ];
        let text = words.repeat(3).join("-");
        let mut st = style();
        st.hyphenate = false;
        let content = vec![Inline::Text(text.clone())];
        let out = engine(&[]).set_paragraph(&content, &[], &st, Pt(120.0), &SourceLoc::default());
        assert!(out.lines.len() > 2);
        let mut joined = String::new();
        for l in &out.lines {
            let t = line_text(l);
            assert!(!l.hyphenated);
            if !l.last {
                assert!(t.ends_with('\u{2010}'), "{t}");
            }
            assert!(!t[..t.len() - 3].contains('\u{2010}'), "{t}");
            joined.push_str(&t.replace('\u{2010}', "-"));
        }
        assert_eq!(joined, text);
    }
}
