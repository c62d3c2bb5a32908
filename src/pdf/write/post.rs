//! The one finishing pass over the assembled PDF ([`super::assemble`]), in
//! lopdf: what printpdf 0.12 lacks or gets wrong.
//!
//! - page boxes: MediaBox, CropBox, BleedBox and TrimBox (printpdf writes
//!   `[x y w h]`, which is only right at the origin);
//! - link annotations without borders: URIs, and internal links as
//!   explicit destinations to the anchor's page and height;
//! - nested bookmarks (printpdf's are flat and sorted by name);
//! - `/PageLabels` matching the printed folios (roman, then arabic);
//! - the document information dictionary, XMP metadata with valid dates,
//!   `/Lang`, and a deterministic `/ID`; every date comes from the build
//!   timestamp (`SOURCE_DATE_EPOCH`).

use super::draw::PageExtras;
use crate::diag::{Diagnostic, Diagnostics};
use crate::layout::{Layout, Numbering};
use crate::model::{iso_datetime, Book, Role};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use std::collections::{HashMap, HashSet};

/// Finishes `doc` and serialises it. Internal links whose anchor is on no
/// page are left out and reported in `warnings`.
pub fn finish(
    mut doc: Document,
    page_ids: &[ObjectId],
    book: &Book,
    layout: &Layout,
    extras: &[PageExtras],
    margin: f32,
    warnings: &mut Diagnostics,
) -> Result<Vec<u8>, Diagnostic> {
    let fail =
        |what: &str| Diagnostic::error("pdf-write", format!("cannot finish the PDF: {what}"));
    if page_ids.len() != layout.pages.len() || extras.len() != page_ids.len() {
        return Err(fail("page count mismatch"));
    }
    let d = &layout.design;
    let (w, h) = (d.width.0, d.height.0);
    let mut anchors: HashMap<&str, (usize, f32)> = HashMap::new();
    for (i, ex) in extras.iter().enumerate() {
        for (id, y) in &ex.anchors {
            anchors.entry(id.as_str()).or_insert((i, *y));
        }
    }
    let dest = |target: &str| -> Option<Object> {
        let id = target.strip_prefix('#')?;
        let (p, y) = anchors.get(id)?;
        Some(Object::Array(vec![
            Object::Reference(page_ids[*p]),
            "XYZ".into(),
            Object::Null,
            Object::Real(y.min(h + 2.0 * margin)),
            Object::Null,
        ]))
    };

    // Boxes and links.
    let rect = |a: f32, b: f32, c: f32, e: f32| {
        Object::Array(vec![a.into(), b.into(), c.into(), e.into()])
    };
    let bleed = d.bleed.0;
    let mut missing: Vec<String> = Vec::new();
    for (i, ex) in extras.iter().enumerate() {
        let mut annots = Vec::new();
        for l in &ex.links {
            let mut a = Dictionary::new();
            a.set("Type", "Annot");
            a.set("Subtype", "Link");
            a.set("Rect", rect(l.rect[0], l.rect[1], l.rect[2], l.rect[3]));
            a.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
            if l.target.starts_with('#') {
                let Some(dst) = dest(&l.target) else {
                    if !missing.contains(&l.target) {
                        missing.push(l.target.clone());
                    }
                    continue;
                };
                a.set("Dest", dst);
            } else {
                let mut act = Dictionary::new();
                act.set("S", "URI");
                act.set(
                    "URI",
                    Object::String(l.target.as_bytes().to_vec(), StringFormat::Literal),
                );
                a.set("A", act);
            }
            annots.push(Object::Reference(doc.add_object(a)));
        }
        let page = doc
            .get_dictionary_mut(page_ids[i])
            .map_err(|_| fail("a page is not a dictionary"))?;
        let (mw, mh) = (w + 2.0 * margin, h + 2.0 * margin);
        page.set("MediaBox", rect(0.0, 0.0, mw, mh));
        page.set("CropBox", rect(0.0, 0.0, mw, mh));
        page.set(
            "BleedBox",
            rect(
                margin - bleed,
                margin - bleed,
                margin + w + bleed,
                margin + h + bleed,
            ),
        );
        page.set("TrimBox", rect(margin, margin, margin + w, margin + h));
        if annots.is_empty() {
            page.remove(b"Annots");
        } else {
            page.set("Annots", Object::Array(annots));
        }
    }

    for target in missing {
        warnings.push(
            Diagnostic::warning(
                "pdf-link-target",
                format!("the PDF has no anchor `{target}`; the link is left out"),
            )
            .hint("link to a chapter, heading, note or source id that exists"),
        );
    }

    // Bookmarks, nested by level.
    let entries: Vec<(u8, String, Object)> = layout
        .outline
        .iter()
        .filter_map(|e| Some((e.level, e.title.clone(), dest(&format!("#{}", e.anchor))?)))
        .collect();
    let outlines_id = doc.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    // Parent of each entry: the nearest earlier entry with a lower level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, (level, _, _)) in entries.iter().enumerate() {
        while stack.last().is_some_and(|&j| entries[j].0 >= *level) {
            stack.pop();
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parent[i] == p).collect()
    };
    for (i, (_, title, dst)) in entries.iter().enumerate() {
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let mut item = Dictionary::new();
        item.set("Title", text_string(title));
        item.set(
            "Parent",
            Object::Reference(parent[i].map_or(outlines_id, |p| ids[p])),
        );
        if pos > 0 {
            item.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&n) = siblings.get(pos + 1) {
            item.set("Next", Object::Reference(ids[n]));
        }
        let kids = children(Some(i));
        if let (Some(&f), Some(&l)) = (kids.first(), kids.last()) {
            item.set("First", Object::Reference(ids[f]));
            item.set("Last", Object::Reference(ids[l]));
            // Top-level entries open (their children visible), deeper ones
            // closed: Count is the visible descendants, negative if closed.
            let n = kids.len() as i64;
            item.set("Count", if entries[i].0 == 0 { n } else { -n });
        }
        item.set("Dest", dst.clone());
        doc.objects.insert(ids[i], Object::Dictionary(item));
    }
    let top = children(None);
    let mut outlines = Dictionary::new();
    outlines.set("Type", "Outlines");
    if let (Some(&f), Some(&l)) = (top.first(), top.last()) {
        outlines.set("First", Object::Reference(ids[f]));
        outlines.set("Last", Object::Reference(ids[l]));
        let visible = top.len() as i64
            + top
                .iter()
                .filter(|&&t| entries[t].0 == 0)
                .map(|&t| children(Some(t)).len() as i64)
                .sum::<i64>();
        outlines.set("Count", visible);
    }
    doc.objects
        .insert(outlines_id, Object::Dictionary(outlines));

    // Page labels: a new range wherever the numbering changes.
    let mut nums = Vec::new();
    let mut prev = None;
    for (i, p) in layout.pages.iter().enumerate() {
        if prev == Some(p.numbering) {
            continue;
        }
        prev = Some(p.numbering);
        let mut range = Dictionary::new();
        match p.numbering {
            Numbering::Cover => range.set("P", text_string("Cover")),
            Numbering::Roman => {
                range.set("S", "r");
                range.set("St", p.number as i64);
            }
            Numbering::Arabic => {
                range.set("S", "D");
                range.set("St", p.number as i64);
            }
        }
        nums.push(Object::Integer(i as i64));
        nums.push(Object::Dictionary(range));
    }
    let mut labels = Dictionary::new();
    labels.set("Nums", Object::Array(nums));

    // Metadata.
    let meta = &book.meta;
    let authors: Vec<&str> = meta
        .contributors
        .iter()
        .filter(|c| c.role == Role::Author)
        .map(|c| c.name.as_str())
        .collect();
    let editors: Vec<&str> = meta
        .contributors
        .iter()
        .filter(|c| c.role == Role::Editor)
        .map(|c| c.name.as_str())
        .collect();
    let creators: Vec<&str> = if authors.is_empty() { editors } else { authors };
    let ts = book.build.timestamp;
    let producer = format!("recto {}", book.build.version);
    let mut info = Dictionary::new();
    info.set("Title", text_string(&meta.title));
    info.set("Author", text_string(&creators.join("; ")));
    info.set("Subject", text_string(&meta.description));
    info.set("Keywords", text_string(&meta.keywords.join(", ")));
    info.set("Creator", text_string(&producer));
    info.set("Producer", text_string(&producer));
    info.set("CreationDate", text_string(&pdf_date(ts)));
    info.set("ModDate", text_string(&pdf_date(ts)));
    let info_id = doc.add_object(info);
    let xmp = xmp(book, &creators, &producer);
    let mut xmp_stream = Stream::new(
        {
            let mut d = Dictionary::new();
            d.set("Type", "Metadata");
            d.set("Subtype", "XML");
            d
        },
        xmp.into_bytes(),
    );
    xmp_stream.allows_compression = false;
    let xmp_id = doc.add_object(xmp_stream);
    let labels_id = doc.add_object(labels);

    let lang = meta.lang.tag();
    let screen = d.screen();
    let catalog = doc.catalog_mut().map_err(|_| fail("no catalog"))?;
    catalog.set("Outlines", Object::Reference(outlines_id));
    catalog.set("PageMode", "UseOutlines");
    catalog.set(
        "PageLayout",
        if screen { "OneColumn" } else { "TwoPageRight" },
    );
    catalog.set("PageLabels", Object::Reference(labels_id));
    catalog.set("Metadata", Object::Reference(xmp_id));
    catalog.set(
        "Lang",
        Object::String(lang.as_bytes().to_vec(), StringFormat::Literal),
    );
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", true);
    catalog.set("ViewerPreferences", prefs);

    // The same book builds to the same /ID.
    let id_seed = format!(
        "{}\u{0}{}\u{0}{}\u{0}{}",
        meta.identifier,
        meta.title,
        book.build.timestamp,
        layout.pages.len()
    );
    save(doc, info_id, &id_seed).map_err(|e| fail(&e.to_string()))
}

/// The last step of every PDF recto writes (the book and the wrap cover):
/// points the trailer at the information dictionary `info`, sets a
/// deterministic `/ID` from `id_seed` ([`file_id`]) and version 1.7, then
/// drops unreachable objects, numbers the rest in order, compresses the
/// streams and serialises.
pub fn save(mut doc: Document, info: ObjectId, id_seed: &str) -> lopdf::Result<Vec<u8>> {
    let id = file_id(id_seed);
    doc.trailer.set("Info", Object::Reference(info));
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), StringFormat::Hexadecimal),
            Object::String(id, StringFormat::Hexadecimal),
        ]),
    );
    doc.version = "1.7".into();
    prune_unreachable(&mut doc);
    renumber(&mut doc);
    compress_streams(&mut doc);
    let mut out = Vec::new();
    doc.save_to(&mut out)?;
    Ok(out)
}

/// Drops the objects not reachable from the trailer, like lopdf's
/// `prune_objects`, but in linear time: a hash set of the ids seen and a
/// work list, where lopdf searches a growing list for every reference
/// (quadratic in the object count: seconds for a 1,000-page book).
fn prune_unreachable(doc: &mut Document) {
    let mut seen: HashSet<ObjectId> = HashSet::with_capacity(doc.objects.len());
    let mut todo = Vec::new();
    for (_, v) in doc.trailer.iter() {
        collect_refs(v, &mut todo);
    }
    while let Some(id) = todo.pop() {
        if seen.insert(id) {
            if let Some(o) = doc.objects.get(&id) {
                collect_refs(o, &mut todo);
            }
        }
    }
    doc.objects.retain(|id, _| seen.contains(id));
}

/// Pushes every reference inside `o` (arrays, dictionaries, stream
/// dictionaries) onto `out`.
fn collect_refs(o: &Object, out: &mut Vec<ObjectId>) {
    match o {
        Object::Array(items) => items.iter().for_each(|x| collect_refs(x, out)),
        Object::Dictionary(d) => d.iter().for_each(|(_, v)| collect_refs(v, out)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, v)| collect_refs(v, out)),
        Object::Reference(id) => out.push(*id),
        _ => {}
    }
}

/// Numbers the objects 1, 2, 3… in their current order and rewrites every
/// reference, as lopdf's `renumber_objects` does, in linear time (one
/// map lookup per reference). When the page tree's order disagrees with
/// the pages' ids, lopdf's version, which also reorders pages, is used.
fn renumber(doc: &mut Document) {
    let pages: Vec<ObjectId> = doc.page_iter().collect();
    if pages.windows(2).any(|w| w[0] >= w[1]) {
        doc.renumber_objects();
        return;
    }
    let map: HashMap<ObjectId, ObjectId> = (1u32..)
        .zip(doc.objects.keys())
        .map(|(n, id)| (*id, (n, id.1)))
        .collect();
    let objects = std::mem::take(&mut doc.objects);
    doc.objects = objects
        .into_iter()
        .map(|(id, mut o)| {
            remap_refs(&mut o, &map);
            (map.get(&id).copied().unwrap_or(id), o)
        })
        .collect();
    for (_, v) in doc.trailer.iter_mut() {
        remap_refs(v, &map);
    }
    doc.max_id = doc.objects.keys().map(|id| id.0).max().unwrap_or(0);
}

/// Rewrites the references inside `o` through `map`; others are kept.
fn remap_refs(o: &mut Object, map: &HashMap<ObjectId, ObjectId>) {
    match o {
        Object::Array(items) => items.iter_mut().for_each(|x| remap_refs(x, map)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, v)| remap_refs(v, map)),
        Object::Stream(s) => s.dict.iter_mut().for_each(|(_, v)| remap_refs(v, map)),
        Object::Reference(id) => {
            if let Some(new) = map.get(id) {
                *id = *new;
            }
        }
        _ => {}
    }
}

/// Deflate level for the streams: zlib's default. lopdf's own
/// `compress` uses the best level, which costs about three times the
/// instructions for a file a few percent smaller. libdeflate at this
/// level gives zlib-sized files for about 60 % of zlib-rs's
/// instructions (bundled book: 34M fewer).
const DEFLATE_LEVEL: u32 = 6;

/// Compresses every stream that allows it and has no filter yet (content
/// streams, fonts, ToUnicode maps; XMP is flagged out), keeping the
/// compressed form only where it is smaller, as lopdf's `compress` does,
/// but with libdeflate at [`DEFLATE_LEVEL`], one compressor per worker,
/// and on all cores: streams are independent, so the
/// bytes do not depend on how they are shared out.
pub fn compress_streams(doc: &mut Document) {
    let mut streams: Vec<&mut Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    let total: usize = streams.iter().map(|s| s.content.len()).sum();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8)
        .min(total / PARALLEL_BYTES + 1);
    if workers <= 1 {
        compress_all(&mut streams);
        return;
    }
    let per = streams.len().div_ceil(workers);
    std::thread::scope(|scope| {
        for chunk in streams.chunks_mut(per.max(1)) {
            scope.spawn(|| compress_all(chunk));
        }
    });
}

/// Content bytes per extra deflate worker: below this a thread costs
/// more than it saves.
const PARALLEL_BYTES: usize = 1 << 20;

/// Deflates each of `streams` in turn with one reused compressor.
fn compress_all(streams: &mut [&mut Stream]) {
    let mut z = libdeflater::Compressor::new(
        libdeflater::CompressionLvl::new(DEFLATE_LEVEL as i32).unwrap_or_default(),
    );
    for stream in streams.iter_mut() {
        let mut packed = vec![0; z.zlib_compress_bound(stream.content.len())];
        let Ok(n) = z.zlib_compress(&stream.content, &mut packed) else {
            continue;
        };
        packed.truncate(n);
        if packed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
}

/// A PDF text string: literal if ASCII, else UTF-16BE with a byte order
/// mark.
pub fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        return Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut b = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        b.extend(u.to_be_bytes());
    }
    Object::String(b, StringFormat::Hexadecimal)
}

/// `D:YYYYMMDDHHmmSSZ`, the PDF date format, from Unix seconds (UTC).
pub fn pdf_date(ts: i64) -> String {
    let iso = iso_datetime(ts);
    let digits: String = iso.chars().filter(char::is_ascii_digit).collect();
    format!("D:{digits}Z")
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The XMP packet: Dublin Core title, creators, description, subjects and
/// language; XMP dates; PDF keywords and producer.
fn xmp(book: &Book, creators: &[&str], producer: &str) -> String {
    let m = &book.meta;
    let e = xml_escape;
    let lang = m.lang.tag();
    let date = iso_datetime(book.build.timestamp);
    let li = |items: &[String]| -> String {
        items
            .iter()
            .map(|s| format!("<rdf:li>{}</rdf:li>", e(s)))
            .collect()
    };
    let creators: Vec<String> = creators.iter().map(|s| s.to_string()).collect();
    let subjects: Vec<String> = m.subjects.iter().chain(&m.keywords).cloned().collect();
    let uuid = m.identifier.trim_start_matches("urn:uuid:");
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq>{creators}</rdf:Seq></dc:creator>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{desc}</rdf:li></rdf:Alt></dc:description>
<dc:subject><rdf:Bag>{subjects}</rdf:Bag></dc:subject>
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<dc:publisher><rdf:Bag><rdf:li>{publisher}</rdf:li></rdf:Bag></dc:publisher>
<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{rights}</rdf:li></rdf:Alt></dc:rights>
<dc:identifier>{ident}</dc:identifier>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<xmp:CreatorTool>{producer}</xmp:CreatorTool>
<pdf:Producer>{producer}</pdf:Producer>
<pdf:Keywords>{keywords}</pdf:Keywords>
<xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID>
<xmpMM:InstanceID>uuid:{uuid}</xmpMM:InstanceID>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        bom = '\u{feff}',
        title = e(&m.title),
        creators = li(&creators),
        desc = e(&m.description),
        subjects = li(&subjects),
        publisher = e(&m.publisher),
        rights = e(&m.rights),
        ident = e(&m.identifier),
        producer = e(producer),
        keywords = e(&m.keywords.join(", ")),
        uuid = e(uuid),
    )
}

/// A 16-byte file identifier: two 64-bit FNV-1a hashes of `seed` with
/// different offsets, so the same input gives the same `/ID`.
fn file_id(seed: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(16);
    for salt in [0xcbf2_9ce4_8422_2325u64, 0x6c62_272e_07bb_0142] {
        let mut h = salt;
        for b in seed.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        out.extend(h.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_and_valid() {
        assert_eq!(pdf_date(1_672_876_800), "D:20230105000000Z");
        assert_eq!(pdf_date(1_672_876_800 + 3723), "D:20230105010203Z");
        assert_eq!(pdf_date(0), "D:19700101000000Z");
    }

    #[test]
    fn non_ascii_strings_are_utf16() {
        match text_string("Дуванов") {
            Object::String(b, StringFormat::Hexadecimal) => assert_eq!(&b[..2], &[0xFE, 0xFF]),
            other => panic!("{other:?}"),
        }
    }
}
