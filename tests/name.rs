//! The tool's old name appears nowhere in the tree: not in code, docs,
//! workflows, the sample book or its covers. Lock files are left out (they
//! are written by cargo). "acquire" and "require" contain the letters but not
//! the word, so the search is for whole words only.

use std::path::{Path, PathBuf};

/// The old name, spelt so that this file does not contain it.
fn old_name() -> String {
    ["qu", "ire"].concat()
}

/// Tracked files when there is a git checkout; otherwise every file under
/// the root except build output.
fn tree_files(root: &Path) -> Vec<PathBuf> {
    let git = std::process::Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output();
    if let Ok(out) = git {
        if out.status.success() && !out.stdout.is_empty() {
            return out
                .stdout
                .split(|&b| b == 0)
                .filter(|p| !p.is_empty())
                .map(|p| root.join(String::from_utf8_lossy(p).as_ref()))
                .collect();
        }
    }
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if matches!(name.to_str(), Some("target" | ".git" | "dist")) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files
}

/// Byte offsets where `word` occurs as a whole word, ignoring case.
fn whole_word_hits(text: &str, word: &str) -> Vec<usize> {
    let lower = text.to_ascii_lowercase();
    // `_` separates words, so an environment variable named after the tool counts.
    let is_word = |c: u8| c.is_ascii_alphanumeric();
    let bytes = lower.as_bytes();
    lower
        .match_indices(word)
        .map(|(i, _)| i)
        .filter(|&i| {
            let before = i.checked_sub(1).map(|j| bytes[j]);
            let after = bytes.get(i + word.len()).copied();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
        .collect()
}

#[test]
fn the_old_name_is_gone() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let word = old_name();
    let mut found = Vec::new();
    let files = tree_files(root);
    assert!(files.len() > 50, "the tree walk found too few files");
    for path in files {
        if path.file_name().is_some_and(|n| n == "Cargo.lock") {
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        for at in whole_word_hits(&text, &word) {
            let line = text[..at].matches('\n').count() + 1;
            found.push(format!(
                "{}:{line}",
                path.strip_prefix(root).unwrap().display()
            ));
        }
    }
    assert!(found.is_empty(), "the old name is still in: {found:#?}");
}

#[test]
fn the_search_finds_whole_words_only() {
    let word = old_name();
    let text = format!(
        "acquire, require; {} build and {}_X",
        word,
        word.to_uppercase()
    );
    assert_eq!(whole_word_hits(&text, &word).len(), 2);
    assert_eq!(whole_word_hits(&format!("The {word}."), &word), vec![4]);
}
