//! `recto init DIR`: the scaffold checks and builds cleanly at once, and
//! init never overwrites anything.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn recto(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("recto-init-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Every file under `dir` with its bytes, sorted by path.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                out.push((e.path(), std::fs::read(e.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn the_scaffold_checks_and_builds_cleanly() {
    let top = scratch("ok");
    let book = top.join("my-new-book");
    let init = recto(&["init".as_ref(), book.as_os_str()]);
    assert_eq!(init.status.code(), Some(0), "{init:?}");
    let listed = String::from_utf8_lossy(&init.stdout);
    for f in [
        "book.toml",
        "introduction.md",
        "chapter-1.md",
        "timeline.toml",
        "sources.toml",
    ] {
        assert!(book.join(f).is_file(), "{f} missing");
        assert!(listed.contains(f), "{f} not listed: {listed}");
    }
    let text = std::fs::read_to_string(book.join("book.toml")).unwrap();
    assert!(text.contains("title = \"My New Book\""), "{text}");
    // Two chapters with a footnote each.
    for f in ["introduction.md", "chapter-1.md"] {
        let t = std::fs::read_to_string(book.join(f)).unwrap();
        assert!(t.contains("[^") && t.contains("]: "), "{f} has no footnote");
    }

    let check = recto(&[
        "--message-format".as_ref(),
        "json".as_ref(),
        "check".as_ref(),
        "--manuscript".as_ref(),
        book.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.lines().any(|l| l.starts_with('{')),
        "diagnostics (warnings count too): {stderr}"
    );

    let out = top.join("dist");
    let build = recto(&[
        "--message-format".as_ref(),
        "json".as_ref(),
        "build".as_ref(),
        "--manuscript".as_ref(),
        book.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert_eq!(build.status.code(), Some(0), "{stderr}");
    assert!(!stderr.lines().any(|l| l.starts_with('{')), "{stderr}");
    let _ = std::fs::remove_dir_all(top);
}

#[test]
fn init_refuses_a_non_empty_folder_and_changes_nothing() {
    let top = scratch("busy");
    std::fs::create_dir_all(&top).unwrap();
    std::fs::write(top.join("book.toml"), "mine").unwrap();
    let before = snapshot(&top);
    let r = recto(&[
        "--message-format".as_ref(),
        "json".as_ref(),
        "init".as_ref(),
        top.as_os_str(),
    ]);
    assert_eq!(r.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(stderr.contains("\"code\":\"init-not-empty\""), "{stderr}");
    assert!(!stderr.contains("panicked"));
    assert_eq!(snapshot(&top), before);

    // A file in place of the folder.
    let file = top.join("book.toml");
    let r = recto(&["init".as_ref(), file.as_os_str()]);
    assert_eq!(r.status.code(), Some(2));
    assert_eq!(snapshot(&top), before);

    // Running init twice: the second run refuses and keeps the first.
    let book = top.join("again");
    assert_eq!(
        recto(&["init".as_ref(), book.as_os_str()]).status.code(),
        Some(0)
    );
    let first = snapshot(&book);
    assert_eq!(
        recto(&["init".as_ref(), book.as_os_str()]).status.code(),
        Some(2)
    );
    assert_eq!(snapshot(&book), first);
    let _ = std::fs::remove_dir_all(top);
}
