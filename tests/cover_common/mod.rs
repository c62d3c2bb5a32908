//! A book built by hand with the bundled manuscript's metadata, for the
//! cover tests (covers need only the metadata and settings).

use recto::model::{Book, BuildInfo, Contributor, Date, Lang, Meta, Role};

pub fn book() -> Book {
    let contributor = |name: &str, role| Contributor {
        name: name.to_string(),
        file_as: None,
        role,
    };
    Book {
        meta: Meta {
            title: "January 2022 in Kazakhstan".into(),
            subtitle: Some("Two accounts, a chronology and their sources".into()),
            contributors: vec![
                contributor("The Meridian Editorial Group", Role::Editor),
                contributor("Sergey Duvanov", Role::Author),
                contributor("Correspondent from Kazakhstan", Role::Author),
            ],
            lang: Lang::En,
            identifier: "urn:uuid:292ec1fa-124c-4169-83f4-3e4ce3953d7c".into(),
            isbn: Some("978-0-00-000000-0".into()),
            publisher: "Meridian Editions".into(),
            rights: "CC BY 4.0".into(),
            description: "In January 2022 a protest against the price of car fuel in western \
                Kazakhstan became the deadliest crisis in the country’s independent history: \
                government buildings burned in Almaty, the president called in Russian-led \
                troops and ordered his forces to fire without warning, and at least 238 people \
                died. This book sets two contemporary accounts side by side, one by a veteran \
                Kazakh journalist and human-rights defender, one by a socialist correspondent \
                writing a year later, and frames them with an editorial introduction, a sourced \
                chronology, a glossary and annotated notes."
                .into(),
            subjects: vec![],
            keywords: vec![],
            date: Date {
                year: 2026,
                month: Some(11),
                day: Some(22),
            },
            slug: "january-2022-in-kazakhstan".into(),
        },
        parts: vec![],
        chapters: vec![],
        sources: vec![],
        build: BuildInfo {
            version: "test".into(),
            date: Date {
                year: 2026,
                month: Some(11),
                day: Some(22),
            },
            timestamp: 1_795_305_600,
        },
    }
}
