#[test]
fn dump() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    match quire::manuscript::read(&dir) {
        Ok(l) => {
            for d in l.diags.iter() {
                println!("{d}");
            }
            let mut f = quire::diag::Diagnostics::default();
            quire::check::book(&l.book, &l.facts, &mut f);
            for d in f.iter() {
                println!("CHECK {d}");
            }
            println!(
                "{:#?}",
                l.book
                    .chapters
                    .iter()
                    .map(|c| (
                        &c.id,
                        c.kind,
                        &c.toc_title,
                        &c.running_head,
                        c.blocks.len(),
                        c.notes.len()
                    ))
                    .collect::<Vec<_>>()
            );
            std::fs::write("/tmp/reader_dump.txt", format!("{:#?}", l.book)).unwrap();
        }
        Err(e) => {
            for d in e.iter() {
                println!("{d}");
            }
        }
    }
}

fn blocks_text(blocks: &[quire::model::Block], out: &mut String) {
    use quire::model::{plain_text, Block};
    for b in blocks {
        match b {
            Block::Paragraph(p) => {
                out.push_str(&format!(
                    "[P first={}] {}\n",
                    p.first,
                    plain_text(&p.content)
                ));
            }
            Block::Heading {
                level, id, content, ..
            } => out.push_str(&format!("[H{level} #{id}] {}\n", plain_text(content))),
            Block::Quote(b) => blocks_text(b, out),
            Block::List { items, .. } => {
                for i in items {
                    out.push_str("- ");
                    blocks_text(i, out)
                }
            }
            Block::Timeline(es) => {
                for e in es {
                    out.push_str(&format!(
                        "[T {} {}] {}\n",
                        e.id,
                        e.label,
                        plain_text(&e.text)
                    ))
                }
            }
            Block::Glossary(es) => {
                for e in es {
                    out.push_str(&format!(
                        "[G {}] {} :: {}\n",
                        e.id,
                        plain_text(&e.term),
                        plain_text(&e.definition)
                    ))
                }
            }
            other => out.push_str(&format!("{other:?}\n")),
        }
    }
}

#[test]
fn text() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let l = quire::manuscript::read(&dir).unwrap();
    let mut out = String::new();
    for c in &l.book.chapters {
        out.push_str(&format!(
            "==== {} {:?} title={:?}\n",
            c.id,
            c.kind,
            quire::model::plain_text(&c.title)
        ));
        blocks_text(&c.blocks, &mut out);
        for n in &c.notes {
            out.push_str(&format!(
                "  [{} {:?} {} {}] ",
                n.marker, n.kind, n.id, n.ref_id
            ));
            blocks_text(&n.blocks, &mut out);
        }
    }
    std::fs::write("/tmp/reader_text.txt", out).unwrap();
}
