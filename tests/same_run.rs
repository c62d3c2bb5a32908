//! `recto check` and `recto build` are one run: the same stages, the same
//! diagnostics. Checked on the bundled book and on a copy whose title is
//! too long for the cover (a cover warning that `check` once reported and
//! `build` dropped), with the JSON diagnostics of the real binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The JSON diagnostics `recto` prints on stderr for `args`, one per line,
/// sorted, and its exit code.
fn diagnostics(args: &[&str]) -> (Vec<String>, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(["--message-format", "json", "--quiet"])
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("recto runs");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8 diagnostics");
    let mut lines: Vec<String> = stderr.lines().map(str::to_string).collect();
    for l in &lines {
        let v: serde_json::Value = serde_json::from_str(l).expect("each line is JSON");
        assert!(v["code"].is_string(), "{l}");
    }
    lines.sort();
    (lines, out.status.code().unwrap_or(-1))
}

fn same_in_check_and_build(manuscript: &Path, out: &Path) -> Vec<String> {
    let m = manuscript.to_str().unwrap();
    let (checked, check_code) = diagnostics(&["check", "--manuscript", m]);
    let (built, build_code) =
        diagnostics(&["build", "--manuscript", m, "--out", out.to_str().unwrap()]);
    assert_eq!(
        checked, built,
        "check and build report the same diagnostics"
    );
    assert_eq!(check_code, 0);
    assert_eq!(build_code, 0);
    checked
}

#[test]
fn bundled_book_reports_the_same_in_check_and_build() {
    let out = std::env::temp_dir().join(format!("recto-same-run-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    same_in_check_and_build(&root().join("manuscript"), &out);
    assert!(out.join("january-2022-in-kazakhstan.pdf").is_file());
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_title_too_long_for_the_cover_is_reported_by_both() {
    let base = std::env::temp_dir().join(format!("recto-long-title-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let m = base.join("manuscript");
    common::copy_dir(&root().join("manuscript"), &m, &[]);
    let toml = std::fs::read_to_string(m.join("book.toml")).unwrap();
    let long = "January 2022 in Kazakhstan: the Fuel Protests in Zhanaozen, Aktobe, \
                Uralsk and Almaty, the Days of Emergency Rule That Followed Them, and \
                What Became Known in the Weeks and Months Afterwards";
    let toml = toml.replacen(
        "title = \"January 2022 in Kazakhstan\"",
        &format!("title = \"{long}\""),
        1,
    );
    assert!(toml.contains(long));
    std::fs::write(m.join("book.toml"), toml).unwrap();
    let diags = same_in_check_and_build(&m, &base.join("dist"));
    assert!(
        diags.iter().any(|d| d.contains("\"cover-text-overflow\"")),
        "the cover reports the title that does not fit: {diags:#?}"
    );
    let _ = std::fs::remove_dir_all(&base);
}
