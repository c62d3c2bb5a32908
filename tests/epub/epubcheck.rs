//! Runs EPUBCheck on built EPUB bytes. The validator is found through
//! `RECTO_EPUBCHECK`, then `~/.cache/recto-tools/bin/epubcheck` (what
//! `.ci/install-tools.sh` installs), then `epubcheck` on PATH. A missing
//! validator fails the test: it never passes silently.

use std::path::{Path, PathBuf};
use std::process::Command;

fn find() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("RECTO_EPUBCHECK") {
        return Some(PathBuf::from(p));
    }
    let tools = std::env::var_os("RECTO_TOOLS")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache/recto-tools")));
    if let Some(t) = tools {
        let p = t.join("bin/epubcheck");
        if p.is_file() {
            return Some(p);
        }
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("epubcheck"))
        .find(|p| p.is_file())
}

/// EPUBCheck's counts and messages for one EPUB.
pub struct Report {
    pub fatal: usize,
    pub errors: usize,
    pub warnings: usize,
    pub messages: Vec<String>,
}

/// Writes `bytes` to a temporary file named `name` and validates it.
pub fn check(bytes: &[u8], name: &str) -> Report {
    let Some(epubcheck) = find() else {
        panic!(
            "EPUBCheck not found: run `.ci/install-tools.sh` (installs ~/.cache/recto-tools/bin/epubcheck) \
             or set RECTO_EPUBCHECK to the epubcheck command"
        );
    };
    let dir = std::env::temp_dir().join(format!("recto-epubcheck-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join(name);
    std::fs::write(&file, bytes).expect("write EPUB");
    // RECTO_EPUB_KEEP=DIR keeps a copy to look at.
    if let Some(keep) = std::env::var_os("RECTO_EPUB_KEEP") {
        let _ = std::fs::write(Path::new(&keep).join(name), bytes);
    }
    let json = dir.join(format!("{name}.json"));
    let out = Command::new(&epubcheck)
        .arg(&file)
        .arg("--json")
        .arg(&json)
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", epubcheck.display()));
    let report = std::fs::read_to_string(&json).unwrap_or_else(|e| {
        panic!(
            "EPUBCheck wrote no report ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let _ = std::fs::remove_dir_all(&dir);
    parse_report(&report)
}

/// Validates `bytes` (as [`check`]) and fails the test unless EPUBCheck
/// reports no fatal error, no error and no warning, listing its messages.
pub fn assert_clean(bytes: &[u8], name: &str) {
    let r = check(bytes, name);
    assert!(
        r.fatal + r.errors + r.warnings == 0,
        "EPUBCheck on {name}: {} fatal, {} errors, {} warnings\n{}",
        r.fatal,
        r.errors,
        r.warnings,
        r.messages.join("\n")
    );
}

/// Counts messages by severity in EPUBCheck's JSON report.
fn parse_report(json: &str) -> Report {
    let v: serde_json::Value = serde_json::from_str(json).expect("EPUBCheck JSON");
    let mut r = Report {
        fatal: 0,
        errors: 0,
        warnings: 0,
        messages: Vec::new(),
    };
    for m in v["messages"].as_array().into_iter().flatten() {
        let severity = m["severity"].as_str().unwrap_or("");
        match severity {
            "FATAL" => r.fatal += 1,
            "ERROR" => r.errors += 1,
            "WARNING" => r.warnings += 1,
            _ => continue,
        }
        let loc = m["locations"]
            .as_array()
            .and_then(|l| l.first())
            .map(|l| format!("{}:{}", l["path"].as_str().unwrap_or("?"), l["line"]))
            .unwrap_or_default();
        r.messages.push(format!(
            "{severity} {} {loc} {}",
            m["ID"].as_str().unwrap_or(""),
            m["message"].as_str().unwrap_or("")
        ));
    }
    r
}
