//! Compressing the PDF's streams with Flate, on all cores.
//!
//! lopdf's own pass (`Document::compress`) uses the slowest, best level and
//! one thread; it took about a third of the whole PDF build. The default
//! level gives files a few percent larger at a fraction of the time, and
//! streams compress independently, so they are shared out over scoped
//! threads. Each stream's bytes depend only on its content, so the output
//! stays deterministic.

use flate2::write::ZlibEncoder;
use flate2::Compression;
use lopdf::{Document, Object, Stream};
use std::io::Write;
use std::sync::Mutex;

/// Compresses every stream that allows it and has no filter yet, keeping
/// the original where compression would not save anything.
pub fn compress(doc: &mut Document) {
    let mut streams: Vec<&mut Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.allows_compression && s.dict.get(b"Filter").is_err() => Some(s),
            _ => None,
        })
        .collect();
    // Largest first, so no thread is left with one big font at the end.
    streams.sort_by_key(|s| std::cmp::Reverse(s.content.len()));
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(streams.len());
    if threads <= 1 {
        streams.into_iter().for_each(compress_one);
        return;
    }
    let queue = Mutex::new(streams.into_iter());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let next = queue.lock().ok().and_then(|mut q| q.next());
                match next {
                    Some(stream) => compress_one(stream),
                    None => break,
                }
            });
        }
    });
}

fn compress_one(s: &mut Stream) {
    let mut encoder = ZlibEncoder::new(
        Vec::with_capacity(s.content.len() / 2),
        Compression::default(),
    );
    if encoder.write_all(&s.content).is_err() {
        return;
    }
    let Ok(compressed) = encoder.finish() else {
        return;
    };
    // Same rule as lopdf: only when it saves more than the filter entry.
    if compressed.len() + 19 < s.content.len() {
        s.dict.set("Filter", "FlateDecode");
        s.set_content(compressed);
    }
}
