//! Replays the fuzz seed corpus (fuzz/corpus/manuscript/, including any
//! crash reproducers added there) through the fuzz harness, so what the
//! fuzzer once found stays fixed without a nightly toolchain.

use recto::fuzzing::{run, Outcome};
use std::path::Path;

#[test]
fn seed_corpus_runs_without_panics() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/manuscript");
    let scratch = std::env::temp_dir().join(format!("recto-fuzz-seeds-{}", std::process::id()));
    let mut seeds: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 10, "the seed corpus is missing");
    let mut rendered = 0;
    for seed in &seeds {
        let data = std::fs::read(seed).unwrap();
        if let Outcome::Rendered(Ok(_)) = run(&data, &scratch) {
            rendered += 1;
        }
    }
    // Most seeds are valid manuscripts: they reach the renderers.
    assert!(
        rendered * 2 > seeds.len(),
        "{rendered} of {} rendered",
        seeds.len()
    );
    let _ = std::fs::remove_dir_all(scratch);
}
