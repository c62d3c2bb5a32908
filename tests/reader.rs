//! The reader's model of the bundled manuscript and of small variants of
//! the `ok` fixture: ids, notes, reading order, encodings, containment.

mod common;

use recto::model::{plain_text, Block, Book, ChapterKind, Inline, Matter, NoteKind};
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bundled() -> Book {
    match recto::driver::load(&root().join("manuscript")) {
        Ok(recto::driver::Loaded {
            book,
            diags: warnings,
            ..
        }) => {
            assert!(warnings.is_empty(), "warnings: {:#?}", warnings.0);
            book
        }
        Err(d) => panic!("{:#?}", d.0),
    }
}

/// Copies the fixture `name` into a fresh temporary folder.
fn scratch(name: &str, tag: &str) -> PathBuf {
    let dst = std::env::temp_dir().join(format!("recto-reader-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dst);
    common::copy_dir(&root().join("tests/fixtures/check").join(name), &dst, &[]);
    dst
}

fn visit_inlines(inlines: &[Inline], f: &mut dyn FnMut(&Inline)) {
    for i in inlines {
        f(i);
        match i {
            Inline::Lang { content, .. }
            | Inline::Emph(content)
            | Inline::Strong(content)
            | Inline::Link { content, .. }
            | Inline::Cite { content, .. } => visit_inlines(content, f),
            _ => {}
        }
    }
}

fn visit_blocks(blocks: &[Block], f: &mut dyn FnMut(&Inline)) {
    for b in blocks {
        match b {
            Block::Paragraph(p) => visit_inlines(&p.content, f),
            Block::Heading { content, .. } => visit_inlines(content, f),
            Block::Quote(inner) => visit_blocks(inner, f),
            Block::List { items, .. } => items.iter().for_each(|i| visit_blocks(i, f)),
            Block::Table(t) => t
                .header
                .iter()
                .chain(t.rows.iter().flatten())
                .for_each(|c| visit_inlines(c, f)),
            Block::Timeline(es) => es.iter().for_each(|e| visit_inlines(&e.text, f)),
            Block::Glossary(es) => es.iter().for_each(|e| {
                visit_inlines(&e.term, f);
                visit_inlines(&e.definition, f)
            }),
            _ => {}
        }
    }
}

#[test]
fn reading_order_and_generated_front_matter() {
    let book = bundled();
    let kinds: Vec<ChapterKind> = book.chapters.iter().map(|c| c.kind).collect();
    assert_eq!(
        &kinds[..4],
        &[
            ChapterKind::HalfTitle,
            ChapterKind::TitlePage,
            ChapterKind::Copyright,
            ChapterKind::Contents
        ]
    );
    assert!(book.chapters[..4].iter().all(|c| c.matter == Matter::Front));
    assert_eq!(book.parts.len(), 2);
    assert_eq!(book.parts[0].label, "Part I");
    assert_eq!(book.parts[1].label, "Part II");
    // Articles come in date order and belong to the second part.
    let articles: Vec<_> = book
        .chapters
        .iter()
        .filter(|c| c.kind == ChapterKind::Article)
        .collect();
    assert_eq!(articles.len(), 2);
    assert!(articles[0].date < articles[1].date);
    assert!(articles.iter().all(|a| a.part == Some(1)));
    assert_eq!(book.chapters.last().map(|c| c.matter), Some(Matter::Back));
    // The colophon names the tool, its version, the build date and the fonts.
    let copyright = book
        .chapters
        .iter()
        .find(|c| c.kind == ChapterKind::Copyright)
        .unwrap();
    let mut text = String::new();
    visit_blocks(&copyright.blocks, &mut |i| {
        if let Inline::Text(t) = i {
            text.push_str(t);
        }
    });
    assert!(text.contains(&format!("recto {}", env!("CARGO_PKG_VERSION"))));
    assert!(text.contains(&book.build.date.long()));
    assert!(text.contains("Noto Serif") && text.contains("Open Font License"));
}

#[test]
fn ids_are_unique_and_notes_referenced_once() {
    let book = bundled();
    let mut ids = HashSet::new();
    let mut claim = |id: &str| assert!(ids.insert(id.to_string()), "duplicate id {id}");
    for p in &book.parts {
        claim(&p.id);
    }
    for c in &book.chapters {
        claim(&c.id);
        for n in &c.notes {
            claim(&n.id);
            claim(&n.ref_id);
        }
        for b in &c.blocks {
            match b {
                Block::Heading { id, .. } => claim(id),
                Block::Timeline(es) => es.iter().for_each(|e| claim(&e.id)),
                Block::Glossary(es) => es.iter().for_each(|e| claim(&e.id)),
                _ => {}
            }
        }
    }
    for s in &book.sources {
        claim(&s.anchor());
    }

    let source_ids: HashSet<&str> = book.sources.iter().map(|s| s.id.as_str()).collect();
    for c in &book.chapters {
        let mut refs: HashMap<usize, usize> = HashMap::new();
        let mut count = |i: &Inline| match i {
            Inline::NoteRef(n) => *refs.entry(*n).or_default() += 1,
            Inline::Cite { source, .. } => assert!(source_ids.contains(source.as_str())),
            _ => {}
        };
        visit_inlines(&c.title, &mut count);
        visit_blocks(&c.blocks, &mut count);
        for n in &c.notes {
            visit_blocks(&n.blocks, &mut count);
        }
        for i in 0..c.notes.len() {
            assert_eq!(
                refs.get(&i),
                Some(&1),
                "{}: note {i} referenced {:?} times",
                c.id,
                refs.get(&i)
            );
        }
        assert!(refs.keys().all(|&k| k < c.notes.len()));
        // Markers run 1, 2, 3 / a, b, c / *, †, ‡ in order within each series.
        for (kind, first) in [
            (NoteKind::Author, "1"),
            (NoteKind::Editor, "a"),
            (NoteKind::Source, "*"),
        ] {
            if let Some(n) = c.notes.iter().find(|n| n.kind == kind) {
                assert_eq!(n.marker, first, "{}", c.id);
            }
        }
    }
}

#[test]
fn articles_have_source_notes_and_running_heads() {
    let book = bundled();
    for c in book
        .chapters
        .iter()
        .filter(|c| c.kind == ChapterKind::Article)
    {
        assert!(
            matches!(c.title.last(), Some(Inline::NoteRef(0))),
            "{}",
            c.id
        );
        assert_eq!(c.notes[0].kind, NoteKind::Source);
        assert_eq!(c.running_head, c.authors.join(" and "));
        assert!(!c.toc_title.is_empty());
        // A paragraph after a heading, a list or at the start is "first".
        if let Some(Block::Paragraph(p)) = c.blocks.first() {
            assert!(p.first);
        }
        for w in c.blocks.windows(2) {
            if let (Block::Heading { .. } | Block::List { .. }, Block::Paragraph(p)) =
                (&w[0], &w[1])
            {
                assert!(p.first);
            }
            if let (Block::Paragraph(_), Block::Paragraph(p)) = (&w[0], &w[1]) {
                assert!(!p.first);
            }
        }
    }
    let editorial = book
        .chapters
        .iter()
        .find(|c| c.editorial_title)
        .expect("an editorial title");
    let mut note = String::new();
    visit_blocks(&editorial.notes[0].blocks, &mut |i| {
        if let Inline::Text(t) = i {
            note.push_str(t);
        }
    });
    assert!(note.contains("The title is the editors’"), "{note}");
}

#[test]
fn loading_is_deterministic() {
    let a = format!("{:?}", bundled());
    let b = format!("{:?}", bundled());
    assert_eq!(a, b);
}

#[test]
fn crlf_and_bom_read_like_lf() {
    let dir = scratch("ok", "crlf");
    let intro = dir.join("intro.md");
    let text = std::fs::read_to_string(&intro).unwrap();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(text.replace('\n', "\r\n").into_bytes());
    std::fs::write(&intro, bytes).unwrap();
    let crlf = recto::driver::load(&dir)
        .expect("CRLF with a BOM loads")
        .book;
    let lf = recto::driver::load(&root().join("tests/fixtures/check/ok"))
        .unwrap()
        .book;
    let flat = |b: &Book| {
        let mut s = String::new();
        for c in &b.chapters {
            s.push_str(&plain_text(&c.title));
            visit_blocks(&c.blocks, &mut |i| {
                if let Inline::Text(t) = i {
                    s.push_str(t)
                }
            });
            for b in &c.blocks {
                if let Block::Heading { line, .. } = b {
                    s.push_str(&format!("@{line}"));
                }
            }
        }
        s
    };
    assert_eq!(flat(&crlf), flat(&lf));
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_manuscript_are_refused() {
    let dir = scratch("ok", "symlink");
    let outside = std::env::temp_dir().join(format!("recto-outside-{}.png", std::process::id()));
    std::fs::copy(dir.join("images/dot.png"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("images/escape.png")).unwrap();
    let intro = dir.join("intro.md");
    let text = std::fs::read_to_string(&intro).unwrap();
    std::fs::write(&intro, text.replace("images/dot.png", "images/escape.png")).unwrap();
    let err = recto::driver::load(&dir).expect_err("a symlink out is an error");
    let d = err
        .iter()
        .find(|d| d.code == "path-outside")
        .expect("path-outside");
    assert!(d.file.as_ref().unwrap().ends_with("intro.md"));
    assert!(d.line > 0);
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&outside);
}

#[test]
fn a_bad_file_never_panics() {
    // Every prefix of a chapter (cut mid-syntax, mid-UTF-8) gives a book or
    // diagnostics, never a panic.
    let dir = scratch("ok", "prefix");
    let intro = dir.join("intro.md");
    let full = std::fs::read(&intro).unwrap();
    for cut in (0..full.len()).step_by(7) {
        std::fs::write(&intro, &full[..cut]).unwrap();
        let _ = recto::driver::load(&dir);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn adversarial_markdown_never_panics() {
    let dir = scratch("ok", "adversarial");
    let intro = dir.join("intro.md");
    let head = "+++\ntitle = \"T\"\n+++\n\n";
    let bodies = [
        "</span> first",
        "<span lang=\"ru\">open\n\nnext paragraph</span>",
        "## <span lang=\"ru\">заголовок</span> ![img](images/dot.png)",
        "| a | <span lang=\"kk\">б</span> |\n|---|---|\n| [^n] | [@src-a] |\n\n[^n]: x",
        "- item [^a]\n\n  [^a]: nested def\n- *emph <span lang=\"ru\">x* y</span>",
        "> quote [^q]\n>\n> [^q]: in quote",
        "[^x]: defined\n\n[^x]: twice\n\n[^x]",
        "text [@] [@ ] [@a;] [^] [^ x] `code [@src-a]`",
        "<span lang=\"\">empty</span> <span>no lang</span> <span lang=ru>bare</span>",
        "<!-- comment --> <br> <br/> <BR />",
        "![alt](images/dot.png)![alt](images/dot.png)",
        "[link](<>) [l](#) [m](mailto:a@b.c) [x](HTTPS://EXAMPLE.ORG) [j]( JavaScript:alert(1))",
        "```\ncode\n```\n\n    indented\n\n---\n\n***",
        "\"'\"'\"' -- --- ... ---- ''' \"\"\"",
        "1. a\n   1. b\n      1. c [^deep]\n\n[^deep]: deep",
        "## A {#intro}\n\n## B {#intro}\n\n###### way too deep",
    ];
    for body in bodies {
        std::fs::write(
            &intro,
            format!("{head}{body}\n\nText citing [@src-a].\n\nNote.[^n1]\n\n[^n1]: [@src-b]\n"),
        )
        .unwrap();
        let _ = recto::driver::load(&dir);
    }
    let book_toml = dir.join("book.toml");
    let full = std::fs::read(&book_toml).unwrap();
    for cut in (0..full.len()).step_by(5) {
        std::fs::write(&book_toml, &full[..cut]).unwrap();
        let _ = recto::driver::load(&dir);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
