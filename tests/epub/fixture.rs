//! A small hand-built book that exercises every part of the model the
//! EPUB writer renders: parts, front and back matter, notes of all three
//! series, a foreign-language span, a chronology, a glossary, sources, and
//! a title full of XML-special characters.

use recto::model::*;

fn t(s: &str) -> Inline {
    Inline::Text(s.to_string())
}

fn para(content: Vec<Inline>, first: bool) -> Block {
    Block::Paragraph(Paragraph {
        content,
        line: 1,
        first,
    })
}

fn note(id: &str, kind: NoteKind, marker: &str, text: &str) -> Note {
    Note {
        id: id.to_string(),
        ref_id: format!("{id}-ref"),
        kind,
        marker: marker.to_string(),
        blocks: vec![para(vec![t(text)], true)],
        line: 1,
    }
}

fn chapter(id: &str, kind: ChapterKind, matter: Matter, title: Vec<Inline>) -> Chapter {
    let toc_title = plain_text(&title);
    Chapter {
        id: id.to_string(),
        file: None,
        matter,
        kind,
        part: None,
        title,
        subtitle: None,
        editorial_title: false,
        authors: vec![],
        translator: None,
        date: None,
        source: None,
        lang: Lang::En,
        running_head: toc_title.clone(),
        toc_title,
        blocks: vec![],
        notes: vec![],
    }
}

/// A 2×2 PNG for the figure.
fn tiny_png() -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, 2, 2);
    enc.set_color(png::ColorType::Grayscale);
    let mut w = enc.write_header().expect("png header");
    w.write_image_data(&[0, 255, 255, 0]).expect("png data");
    w.finish().expect("png end");
    out
}

pub const FIGURE_ALT: &str = "A chequered square";

pub const HOSTILE_TITLE: &str = "Fish & <Chips> \"quoted\" 'single'";

/// The test book; `timestamp` is the build time in Unix seconds.
pub fn book() -> Book {
    let date = |s| Date::parse(s).expect("valid date");
    let mut chapters = vec![
        chapter(
            "half-title",
            ChapterKind::HalfTitle,
            Matter::Front,
            vec![t(HOSTILE_TITLE)],
        ),
        chapter(
            "title-page",
            ChapterKind::TitlePage,
            Matter::Front,
            vec![t(HOSTILE_TITLE)],
        ),
        chapter(
            "copyright",
            ChapterKind::Copyright,
            Matter::Front,
            vec![t("Copyright")],
        ),
        chapter(
            "contents",
            ChapterKind::Contents,
            Matter::Front,
            vec![t("Contents")],
        ),
    ];
    chapters[2].blocks = vec![para(vec![t("© 2026 The Editors.")], true)];

    let mut intro = chapter(
        "introduction",
        ChapterKind::Introduction,
        Matter::Body,
        vec![t("Editorial introduction")],
    );
    intro.part = Some(0);
    intro.blocks = vec![
        para(
            vec![
                t("The protests began in Zhanaozen"),
                Inline::NoteRef(0),
                t(" and the CSTO came; the slogan was “"),
                Inline::Lang {
                    lang: Lang::KkLatn,
                    content: vec![t("Shal ket")],
                },
                t("”, while Duvanov ("),
                Inline::Lang {
                    lang: Lang::Ru,
                    content: vec![t("Сергей Дуванов")],
                },
                t(") wrote later"),
                Inline::NoteRef(1),
                t(". See "),
                Inline::Cite {
                    source: "tass-1".into(),
                    content: vec![t("TASS, “Tokayev”, 5\u{a0}January 2022")],
                },
                t(" and the "),
                Inline::Link {
                    url: "#ev-1".into(),
                    content: vec![t("chronology")],
                },
                t("."),
            ],
            true,
        ),
        Block::Heading {
            level: 1,
            id: "what-happened".into(),
            content: vec![t("What happened")],
            line: 5,
        },
        para(vec![t("Text of the section.")], true),
        Block::Heading {
            level: 2,
            id: "in-almaty".into(),
            content: vec![t("In Almaty")],
            line: 7,
        },
        para(vec![Inline::Emph(vec![t("Subsection")]), t(" text.")], true),
        Block::Figure(Figure {
            src: "images/map.png".into(),
            data: std::sync::Arc::new(tiny_png()),
            media_type: "image/png",
            alt: FIGURE_ALT.into(),
            caption: vec![t("A map & a caption")],
            line: 9,
        }),
    ];
    intro.notes = vec![
        note(
            "introduction-n1",
            NoteKind::Author,
            "1",
            "An author's note.",
        ),
        note(
            "introduction-ed-a",
            NoteKind::Editor,
            "a",
            "The price rise was for LPG, not gasoline.",
        ),
    ];

    let mut chrono = chapter(
        "chronology",
        ChapterKind::Chronology,
        Matter::Body,
        vec![t("Chronology")],
    );
    chrono.part = Some(0);
    chrono.blocks = vec![Block::Timeline(vec![
        TimelineEntry {
            id: "ev-1".into(),
            date: date("2022-01-02"),
            label: "2\u{a0}January 2022".into(),
            text: vec![t("Protests begin in Zhanaozen.")],
            sources: vec!["tass-1".into()],
        },
        TimelineEntry {
            id: "ev-2".into(),
            date: date("2022-08"),
            label: "August 2022".into(),
            text: vec![t("Something in August.")],
            sources: vec!["tass-1".into()],
        },
    ])];

    let mut article = chapter(
        "duvanov",
        ChapterKind::Article,
        Matter::Body,
        vec![t("The winners will punish the losers"), Inline::NoteRef(0)],
    );
    article.part = Some(1);
    article.authors = vec!["Sergey Duvanov".into()];
    article.date = Some(date("2022-01-12"));
    article.source = Some("newizv".into());
    article.toc_title = "The winners will punish the losers".into();
    article.blocks = vec![
        para(
            vec![t("The events in Almaty"), Inline::NoteRef(1), t(".")],
            true,
        ),
        Block::Quote(vec![para(vec![t("A quotation.")], true)]),
        para(vec![t("More text.")], false),
    ];
    article.notes = vec![
        note(
            "duvanov-src",
            NoteKind::Source,
            "*",
            "Reprinted from Novye Izvestia.",
        ),
        note("duvanov-ed-a", NoteKind::Editor, "a", "Read “vanquished”."),
    ];

    let mut glossary = chapter(
        "glossary",
        ChapterKind::Glossary,
        Matter::Back,
        vec![t("Glossary")],
    );
    glossary.blocks = vec![Block::Glossary(vec![GlossaryEntry {
        id: "gl-akimat".into(),
        term: vec![t("akimat")],
        definition: vec![
            t("Local administration ("),
            Inline::Lang {
                lang: Lang::Kk,
                content: vec![t("әкімдік")],
            },
            t(")."),
        ],
    }])];

    let mut sources = chapter(
        "sources",
        ChapterKind::Bibliography,
        Matter::Back,
        vec![t("Sources")],
    );
    sources.blocks = vec![Block::Bibliography];

    chapters.extend([intro, chrono, article, glossary, sources]);

    let mut book = Book {
        meta: Meta {
            title: HOSTILE_TITLE.into(),
            subtitle: Some("Two accounts & a chronology".into()),
            contributors: vec![
                Contributor {
                    name: "The Editors".into(),
                    file_as: None,
                    role: Role::Editor,
                },
                Contributor {
                    name: "Sergey Duvanov".into(),
                    file_as: Some("Duvanov, Sergey".into()),
                    role: Role::Author,
                },
            ],
            lang: Lang::En,
            identifier: "urn:uuid:292ec1fa-124c-4169-83f4-3e4ce3953d7c".into(),
            isbn: None,
            publisher: "Meridian Editions".into(),
            rights: "CC BY 4.0".into(),
            description: "A test book.".into(),
            subjects: vec!["Kazakhstan -- History".into()],
            keywords: vec![],
            date: date("2026-11-22"),
            slug: "test-book".into(),
        },
        parts: vec![
            Part {
                id: "part-1".into(),
                label: "Part I".into(),
                title: vec![t("Context")],
            },
            Part {
                id: "part-2".into(),
                label: "Part II".into(),
                title: vec![t("Two accounts")],
            },
        ],
        chapters,
        sources: vec![
            Source {
                id: "tass-1".into(),
                title: "Tokayev appeals to the CSTO".into(),
                publisher: "TASS".into(),
                author: None,
                date: Some(date("2022-01-05")),
                url: Some("https://tass.com/world/1384183?a=1&b=2".into()),
                accessed: Some(date("2026-11-20")),
                lang: Lang::En,
                notes: vec![],
                citation: vec![],
                entry: vec![],
            },
            Source {
                id: "newizv".into(),
                title: "В Казахстане победители накажут побеждённых".into(),
                publisher: "Novye Izvestia".into(),
                author: Some("Sergey Duvanov".into()),
                date: Some(date("2022-01-12")),
                url: None,
                accessed: None,
                lang: Lang::Ru,
                notes: vec![t("The original address was not preserved.")],
                citation: vec![],
                entry: vec![],
            },
        ],
        build: BuildInfo {
            version: "0.1.0".into(),
            date: date("2026-11-22"),
            timestamp: 1_795_305_600,
        },
    };
    // The Sources entries, worded and sorted as the reader does it.
    recto::manuscript::cite::bibliography(&mut book.sources, Lang::En);
    book
}

/// The fixture's settings: default output settings with two hyphenation
/// exceptions.
pub fn settings() -> recto::config::Settings {
    recto::config::Settings {
        hyphenation: recto::config::HyphenationConfig {
            exceptions: vec!["Zha-na-ozen".into(), "CSTO".into()],
        },
        ..Default::default()
    }
}

/// Lays out `book` with `settings` and renders it with the EPUB renderer:
/// its outputs and the EPUB renderer's own warnings.
pub fn render(
    book: &Book,
    settings: &recto::config::Settings,
) -> (Vec<recto::render::Output>, recto::diag::Diagnostics) {
    use recto::render::Renderer;
    let mut layout_warnings = recto::diag::Diagnostics::default();
    let laid = match recto::driver::lay_out(book, settings, &mut layout_warnings) {
        Ok(l) => l,
        Err(d) => panic!("the book does not lay out: {:#?}", d.0),
    };
    let ctx = recto::render::RenderContext {
        book,
        settings,
        layout: &laid.layout,
        covers: &laid.covers,
    };
    let mut diags = recto::diag::Diagnostics::default();
    match recto::epub::EpubRenderer.render(&ctx, &mut diags) {
        Ok(outputs) => (outputs, diags),
        Err(d) => panic!("the EPUB does not build: {:#?}", d.0),
    }
}
