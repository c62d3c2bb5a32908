//! Reads a built EPUB the way a reading system does: unzips it, parses
//! every XHTML, OPF and NCX file as XML, and resolves links between them.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Cursor, Read};

pub const OPS: &str = "http://www.idpf.org/2007/ops";
pub const XML: &str = "http://www.w3.org/XML/1998/namespace";

/// The files of an EPUB by their path in the archive.
pub struct Epub {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Archive entry names in stored order.
    pub order: Vec<String>,
}

impl Epub {
    pub fn open(bytes: &[u8]) -> Epub {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("EPUB is a zip");
        let mut files = BTreeMap::new();
        let mut order = Vec::new();
        for i in 0..archive.len() {
            let mut f = archive.by_index(i).expect("zip entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("zip entry reads");
            order.push(f.name().to_string());
            files.insert(f.name().to_string(), data);
        }
        Epub { files, order }
    }

    pub fn text(&self, name: &str) -> &str {
        std::str::from_utf8(
            self.files
                .get(name)
                .unwrap_or_else(|| panic!("{name} in EPUB")),
        )
        .expect("UTF-8")
    }

    /// Every XHTML file (content documents and the nav document).
    pub fn xhtml_files(&self) -> Vec<&str> {
        self.files
            .keys()
            .filter(|k| k.ends_with(".xhtml"))
            .map(String::as_str)
            .collect()
    }

    /// Every `id` attribute of every XHTML file.
    pub fn ids(&self) -> HashMap<String, HashSet<String>> {
        let mut out = HashMap::new();
        for name in self.xhtml_files() {
            let text = self.text(name);
            let doc = parse(text, name);
            let ids = doc
                .descendants()
                .filter_map(|n| n.attribute("id"))
                .map(str::to_string)
                .collect();
            out.insert(name.to_string(), ids);
        }
        out
    }
}

/// Parses XML, allowing the HTML doctype.
pub fn parse<'a>(text: &'a str, name: &str) -> roxmltree::Document<'a> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, opts)
        .unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"))
}

/// Resolves `href` written in `from` to (archive path, fragment).
pub fn resolve(from: &str, href: &str) -> (String, Option<String>) {
    let (path, frag) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    if path.is_empty() {
        return (from.to_string(), frag);
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in path.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." => {}
            s => parts.push(s),
        }
    }
    (parts.join("/"), frag)
}

/// Checks that `href` in `from` points at an existing file and, if it has
/// a fragment, at an existing id there.
pub fn target_exists(ids: &HashMap<String, HashSet<String>>, from: &str, href: &str) -> bool {
    let (file, frag) = resolve(from, href);
    match (ids.get(&file), frag) {
        (Some(set), Some(f)) => set.contains(&f),
        (Some(_), None) => true,
        (None, _) => false,
    }
}
