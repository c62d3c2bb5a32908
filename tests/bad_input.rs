//! The bad-input corpus: untrusted manuscripts that are wrong, huge or
//! malicious, run through the `recto` binary.
//!
//! Each folder of tests/bad_input/ holds the files that differ from
//! `_base/` (a small valid manuscript) and an `expect.toml`: the exit code,
//! and for failures the diagnostic code (optionally its file and line).
//! Cases that cannot sensibly be committed — symlinks, FIFOs, invalid UTF-8,
//! NUL bytes, files of many megabytes — are written by [`generated`] into a
//! temporary folder. Every case runs `recto build` with JSON diagnostics
//! under a time limit and must: exit as expected, report the expected code,
//! never panic, and write nothing when it fails.

mod common;

use serde::Deserialize;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// No case may take longer than this (a debug build, on a shared machine).
const TIME_LIMIT: Duration = Duration::from_secs(60);

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
struct Expect {
    exit: i32,
    code: Option<String>,
    /// Relative to the manuscript folder.
    file: Option<String>,
    line: Option<u64>,
    /// Files of `_base` that this case deletes.
    #[serde(default)]
    remove: Vec<String>,
}

struct Case {
    name: String,
    /// Files to copy over the base (the case folder), if committed.
    overlay: Option<PathBuf>,
    /// Changes made in the scratch folder (generated cases).
    setup: Option<fn(&Path, &Path)>,
    expect: Expect,
}

#[derive(Debug)]
struct Diag {
    file: String,
    line: u64,
    code: String,
    severity: String,
}

struct Run {
    exit: Option<i32>,
    stdout: String,
    stderr: String,
    diags: Vec<Diag>,
    elapsed: Duration,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_input")
}

/// A fresh scratch folder for one case: `<tmp>/recto-bad-<pid>-<name>/`
/// with the manuscript in `m/` (the base, overlaid) and outputs in `out/`.
fn scratch(case: &Case) -> (PathBuf, PathBuf, PathBuf) {
    let top = std::env::temp_dir().join(format!("recto-bad-{}-{}", std::process::id(), case.name));
    let _ = std::fs::remove_dir_all(&top);
    let m = top.join("m");
    common::copy_dir(&corpus_dir().join("_base"), &m, &["expect.toml"]);
    if let Some(overlay) = &case.overlay {
        common::copy_dir(overlay, &m, &["expect.toml"]);
    }
    for r in &case.expect.remove {
        std::fs::remove_file(m.join(r)).unwrap();
    }
    if let Some(setup) = case.setup {
        setup(&top, &m);
    }
    (top.clone(), m, top.join("out"))
}

/// Runs the binary with `args`, killing it after [`TIME_LIMIT`].
fn run(args: &[&std::ffi::OsStr]) -> Run {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_recto"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // Drain the pipes on threads so a chatty child cannot block on them.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_t = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let err_t = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    let exit = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if started.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&out_t.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_t.join().unwrap()).into_owned();
    let diags = stderr
        .lines()
        .filter(|l| l.starts_with('{'))
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|v| Diag {
            file: v["file"].as_str().unwrap_or("").to_string(),
            line: v["line"].as_u64().unwrap_or(0),
            code: v["code"].as_str().unwrap_or("").to_string(),
            severity: v["severity"].as_str().unwrap_or("").to_string(),
        })
        .collect();
    Run {
        exit,
        stdout,
        stderr,
        diags,
        elapsed,
    }
}

/// Every file under `dir` (relative paths), or nothing if it is missing.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        out.push(e.file_name().to_string_lossy().into_owned());
    }
    out.sort();
    out
}

/// Runs one case; returns a description of what went wrong, if anything.
fn check_case(case: &Case) -> Result<(), String> {
    let (top, m, out) = scratch(case);
    let r = run(&[
        "--message-format".as_ref(),
        "json".as_ref(),
        "build".as_ref(),
        "--manuscript".as_ref(),
        m.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    let listing: Vec<String> = r
        .diags
        .iter()
        .map(|d| format!("{} {}:{} {}", d.severity, d.file, d.line, d.code))
        .collect();
    let fail = |why: String| {
        Err(format!(
            "{}: {why}\n  diagnostics: {listing:#?}\n  stderr (start): {}",
            case.name,
            r.stderr.chars().take(600).collect::<String>()
        ))
    };
    if r.stderr.contains("panicked") || r.stderr.contains("RUST_BACKTRACE") {
        return fail("the binary panicked".into());
    }
    let Some(exit) = r.exit else {
        return fail(format!(
            "no exit code after {:?} (hung and killed, or killed by a signal)",
            r.elapsed
        ));
    };
    let e = &case.expect;
    if exit != e.exit {
        return fail(format!("exit code {exit}, expected {}", e.exit));
    }
    if let Some(code) = &e.code {
        let want_file = e.file.as_ref().map(|f| m.join(f));
        let found = r.diags.iter().any(|d| {
            d.code == *code
                && d.severity == "error"
                && want_file.as_ref().is_none_or(|f| Path::new(&d.file) == f)
                && e.line.is_none_or(|l| d.line == l)
        });
        if !found {
            return fail(format!(
                "expected error {code} at {}:{}",
                e.file.as_deref().unwrap_or("?"),
                e.line.map_or("?".into(), |l| l.to_string())
            ));
        }
    }
    if exit != 0 {
        let written = files_under(&out);
        if !written.is_empty() {
            return fail(format!("a failed build wrote {written:?}"));
        }
        if r.diags.is_empty() {
            return fail("a failure without any diagnostic".into());
        }
    } else {
        let errors: Vec<&Diag> = r.diags.iter().filter(|d| d.severity == "error").collect();
        if !errors.is_empty() {
            return fail("exit 0 with errors".into());
        }
        for f in files_under(&out) {
            let len = std::fs::metadata(out.join(&f)).map_or(0, |m| m.len());
            if f.starts_with('.') || len == 0 {
                return fail(format!("left a temporary or empty file {f}"));
            }
        }
    }
    eprintln!("{}: exit {exit} in {:?}", case.name, r.elapsed);
    let _ = std::fs::remove_dir_all(top);
    Ok(())
}

/// The committed cases, from tests/bad_input/*/expect.toml.
fn committed() -> Vec<Case> {
    let mut cases = Vec::new();
    for e in std::fs::read_dir(corpus_dir()).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('_') || !e.file_type().unwrap().is_dir() {
            continue;
        }
        let text = std::fs::read_to_string(e.path().join("expect.toml"))
            .unwrap_or_else(|err| panic!("{name}/expect.toml: {err}"));
        let expect: Expect =
            toml::from_str(&text).unwrap_or_else(|err| panic!("{name}/expect.toml: {err}"));
        cases.push(Case {
            name,
            overlay: Some(e.path()),
            setup: None,
            expect,
        });
    }
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    cases
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

/// Adds `name` to the reading order of the base book.toml.
fn list_chapter(m: &Path, name: &str) {
    let p = m.join("book.toml");
    let text = std::fs::read_to_string(&p).unwrap().replace(
        "chapters = [\"intro.md\"]",
        &format!("chapters = [\"intro.md\", \"{name}\"]"),
    );
    write(&p, text);
}

const INTRO_HEAD: &str = "+++\ntitle = \"Introduction\"\n+++\n\nIt cites [@src-a].\n\n";

fn gen(name: &str, setup: fn(&Path, &Path), exit: i32, code: Option<&str>) -> Case {
    Case {
        name: name.into(),
        overlay: None,
        setup: Some(setup),
        expect: Expect {
            exit,
            code: code.map(String::from),
            ..Expect::default()
        },
    }
}

fn at(mut c: Case, file: &str, line: u64) -> Case {
    c.expect.file = Some(file.into());
    if line > 0 {
        c.expect.line = Some(line);
    }
    c
}

/// Cases written by the test itself.
fn generated() -> Vec<Case> {
    #[cfg(unix)]
    use std::os::unix::fs::symlink;
    let mut cases = vec![
        at(
            gen(
                "gen-invalid-utf8",
                |_, m| {
                    write(
                        &m.join("intro.md"),
                        [INTRO_HEAD.as_bytes(), b"Caf\xe9 au lait.\n"].concat(),
                    )
                },
                1,
                Some("invalid-utf8"),
            ),
            "intro.md",
            7,
        ),
        at(
            gen(
                "gen-invalid-utf8-book-toml",
                |_, m| {
                    let mut b = std::fs::read(m.join("book.toml")).unwrap();
                    b.extend(b"# \xff\xfe\n");
                    write(&m.join("book.toml"), b);
                },
                1,
                Some("invalid-utf8"),
            ),
            "book.toml",
            21,
        ),
        at(
            gen(
                "gen-nul-byte",
                |_, m| {
                    write(
                        &m.join("intro.md"),
                        [INTRO_HEAD.as_bytes(), b"Null\0byte.\n"].concat(),
                    )
                },
                1,
                Some("nul-byte"),
            ),
            "intro.md",
            7,
        ),
        at(
            gen(
                "gen-nul-byte-data",
                |_, m| write(&m.join("sources.toml"), b"[[source]]\0\n"),
                1,
                Some("nul-byte"),
            ),
            "sources.toml",
            1,
        ),
        gen(
            "gen-manuscript-is-a-file",
            |top, m| {
                std::fs::remove_dir_all(m).unwrap();
                write(&top.join("m"), "not a folder");
            },
            2,
            Some("manuscript-missing"),
        ),
        at(
            gen(
                "gen-text-too-large",
                |_, m| {
                    let mut t = INTRO_HEAD.as_bytes().to_vec();
                    t.resize(9 << 20, b'a');
                    write(&m.join("intro.md"), t);
                },
                1,
                Some("file-too-large"),
            ),
            "intro.md",
            0,
        ),
        at(
            gen(
                "gen-image-too-large",
                |_, m| {
                    let mut png = std::fs::read(m.join("images/dot.png")).unwrap();
                    png.resize(17 << 20, 0);
                    write(&m.join("images/big.png"), png);
                    write(
                        &m.join("intro.md"),
                        format!("{INTRO_HEAD}![A big dot](images/big.png)\n"),
                    );
                },
                1,
                Some("file-too-large"),
            ),
            "intro.md",
            7,
        ),
        // A 2 MB paragraph without a space: builds, or fails cleanly.
        gen(
            "gen-enormous-paragraph",
            |_, m| {
                let mut t = INTRO_HEAD.to_string();
                t.push_str(&"abcdefghij".repeat(200_000));
                t.push('\n');
                write(&m.join("intro.md"), t);
            },
            -1,
            None,
        ),
        // 5,000 notes in one chapter must build.
        gen(
            "gen-5000-notes",
            |_, m| {
                let mut t = INTRO_HEAD.to_string();
                for i in 1..=5000 {
                    t.push_str(&format!("Sentence {i}.[^{i}] "));
                    if i % 20 == 0 {
                        t.push_str("\n\n");
                    }
                }
                t.push_str("\n\n");
                for i in 1..=5000 {
                    t.push_str(&format!("[^{i}]: Note {i}.\n"));
                }
                write(&m.join("intro.md"), t);
            },
            0,
            None,
        ),
        gen(
            "gen-too-many-notes",
            |_, m| {
                let mut t = INTRO_HEAD.to_string();
                for i in 1..=10_001 {
                    t.push_str(&format!("N[^{i}] "));
                }
                t.push_str("\n\n");
                for i in 1..=10_001 {
                    t.push_str(&format!("[^{i}]: {i}.\n"));
                }
                write(&m.join("intro.md"), t);
            },
            1,
            Some("too-many-notes"),
        ),
    ];
    #[cfg(unix)]
    cases.extend([
        at(
            gen(
                "gen-symlink-chapter-outside",
                |top, m| {
                    write(&top.join("outside.md"), "+++\ntitle = \"Secret\"\n+++\n");
                    symlink(top.join("outside.md"), m.join("secret.md")).unwrap();
                    list_chapter(m, "secret.md");
                },
                1,
                Some("path-outside"),
            ),
            "book.toml",
            19,
        ),
        at(
            gen(
                "gen-symlink-folder-outside",
                |top, m| {
                    write(
                        &top.join("elsewhere/secret.md"),
                        "+++\ntitle = \"Secret\"\n+++\n",
                    );
                    symlink(top.join("elsewhere"), m.join("linked")).unwrap();
                    list_chapter(m, "linked/secret.md");
                },
                1,
                Some("path-outside"),
            ),
            "book.toml",
            19,
        ),
        gen(
            "gen-symlink-data-outside",
            |top, m| {
                let s = std::fs::read(m.join("sources.toml")).unwrap();
                write(&top.join("sources.toml"), s);
                std::fs::remove_file(m.join("sources.toml")).unwrap();
                symlink(top.join("sources.toml"), m.join("sources.toml")).unwrap();
            },
            1,
            Some("path-outside"),
        ),
        at(
            gen(
                "gen-symlink-image-outside",
                |top, m| {
                    std::fs::copy(m.join("images/dot.png"), top.join("dot.png")).unwrap();
                    symlink(top.join("dot.png"), m.join("images/link.png")).unwrap();
                    write(
                        &m.join("intro.md"),
                        format!("{INTRO_HEAD}![A dot](images/link.png)\n"),
                    );
                },
                1,
                Some("path-outside"),
            ),
            "intro.md",
            7,
        ),
        at(
            gen(
                "gen-symlink-to-dev-zero",
                |_, m| {
                    symlink("/dev/zero", m.join("zero.md")).unwrap();
                    list_chapter(m, "zero.md");
                },
                1,
                Some("path-outside"),
            ),
            "book.toml",
            19,
        ),
        // A link that stays inside the manuscript is fine.
        gen(
            "gen-symlink-inside",
            |_, m| {
                std::fs::rename(m.join("intro.md"), m.join("real-intro.txt")).unwrap();
                symlink("real-intro.txt", m.join("intro.md")).unwrap();
            },
            0,
            None,
        ),
        at(
            gen(
                "gen-fifo-chapter",
                |_, m| {
                    let status = Command::new("mkfifo")
                        .arg(m.join("pipe.md"))
                        .status()
                        .unwrap();
                    assert!(status.success());
                    list_chapter(m, "pipe.md");
                },
                1,
                Some("file-not-regular"),
            ),
            "pipe.md",
            0,
        ),
        at(
            gen(
                "gen-folder-as-chapter",
                |_, m| {
                    std::fs::create_dir_all(m.join("folder.md")).unwrap();
                    list_chapter(m, "folder.md");
                },
                1,
                Some("file-not-regular"),
            ),
            "folder.md",
            0,
        ),
    ]);
    cases
}

/// Runs `cases` on all cores; panics with every failure.
fn run_all(cases: Vec<Case>) {
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let queue = std::sync::Mutex::new(cases.into_iter());
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let next = queue.lock().unwrap().next();
                let Some(case) = next else { break };
                if let Err(e) = check_case(&case) {
                    failures.lock().unwrap().push(e);
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn corpus_has_at_least_30_cases() {
    let n = committed().len() + generated().len();
    assert!(n >= 30, "only {n} cases");
}

#[test]
fn committed_cases() {
    run_all(committed());
}

#[test]
fn generated_cases() {
    // The enormous paragraph may build or fail, but cleanly: it is checked
    // separately below, with any exit code 0 or 1 accepted.
    let (free, strict): (Vec<Case>, Vec<Case>) =
        generated().into_iter().partition(|c| c.expect.exit < 0);
    run_all(strict);
    for mut case in free {
        let first = {
            case.expect.exit = 0;
            check_case(&case)
        };
        if first.is_err() {
            case.expect.exit = 1;
            if let Err(e) = check_case(&case) {
                panic!("neither a clean build nor a clean failure:\n{e}");
            }
        }
    }
}

/// A failed build leaves the previous outputs byte-identical and no
/// temporary file behind.
#[test]
fn a_failed_build_leaves_dist_untouched() {
    let case = Case {
        name: "atomic".into(),
        overlay: None,
        setup: None,
        expect: Expect::default(),
    };
    let (top, m, out) = scratch(&case);
    let build = |m: &Path| {
        run(&[
            "build".as_ref(),
            "--quiet".as_ref(),
            "--manuscript".as_ref(),
            m.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ])
    };
    let first = build(&m);
    assert_eq!(first.exit, Some(0), "{}", first.stderr);
    // Something old to protect, whatever the renderers of this build are.
    write(&out.join("previous.txt"), "from an earlier build");
    let before: Vec<(String, Vec<u8>)> = files_under(&out)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap()))
        .collect();
    write(
        &m.join("intro.md"),
        format!("{INTRO_HEAD}A dangling note.[^missing]\n"),
    );
    let second = build(&m);
    assert_eq!(second.exit, Some(1), "{}", second.stderr);
    assert!(!second.stderr.contains("panicked"));
    let after: Vec<(String, Vec<u8>)> = files_under(&out)
        .into_iter()
        .map(|f| (f.clone(), std::fs::read(out.join(&f)).unwrap()))
        .collect();
    assert_eq!(
        before.iter().map(|b| &b.0).collect::<Vec<_>>(),
        after.iter().map(|a| &a.0).collect::<Vec<_>>(),
        "files appeared or vanished (temporary files left?)"
    );
    assert!(before == after, "an output changed");
    let _ = std::fs::remove_dir_all(top);
}

/// `--quiet` and a non-terminal stderr print no progress; the summary goes
/// to stdout unless `--quiet`.
#[test]
fn progress_is_quiet_off_a_terminal() {
    let case = Case {
        name: "quiet".into(),
        overlay: None,
        setup: None,
        expect: Expect::default(),
    };
    let (top, m, out) = scratch(&case);
    let args = |quiet: bool| {
        let mut a: Vec<&std::ffi::OsStr> = vec![
            "build".as_ref(),
            "--manuscript".as_ref(),
            m.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ];
        if quiet {
            a.push("--quiet".as_ref());
        }
        run(&a)
    };
    // Without a terminal, stderr holds diagnostics only: no spinner, no
    // carriage returns or escape sequences.
    let no_progress =
        |stderr: &str| !stderr.contains(['\r', '\u{1b}']) && !stderr.contains("rendering");
    let loud = args(false);
    assert_eq!(loud.exit, Some(0));
    assert!(no_progress(&loud.stderr), "stderr: {:?}", loud.stderr);
    // The summary names every file written, with its size.
    let written = files_under(&out);
    assert!(!written.is_empty());
    for f in &written {
        let line = loud.stdout.lines().find(|l| l.contains(f.as_str()));
        assert!(
            line.is_some_and(|l| l.starts_with("wrote ") && l.contains('(')),
            "{f} missing from the summary: {}",
            loud.stdout
        );
    }
    if written.iter().any(|f| f.ends_with(".pdf")) {
        assert!(loud.stdout.contains(" pages)"), "{}", loud.stdout);
    }
    let quiet = args(true);
    assert_eq!(quiet.exit, Some(0));
    assert!(no_progress(&quiet.stderr) && quiet.stdout.is_empty());
    let _ = std::fs::remove_dir_all(top);
}

/// Straight and typographic quotes compare equal (titles are polished).
fn unquote(s: &str) -> String {
    s.replace(['“', '”'], "\"").replace(['‘', '’'], "'")
}

/// The `title-special` case succeeds, and its `< > & " '` come out as text
/// in both outputs: every EPUB XML file parses, no `script` element exists,
/// the OPF metadata holds the exact strings; the PDF's metadata and text
/// hold them too.
#[test]
fn special_characters_are_escaped_in_both_outputs() {
    let expect: Expect = toml::from_str(
        &std::fs::read_to_string(corpus_dir().join("title-special/expect.toml")).unwrap(),
    )
    .unwrap();
    let case = Case {
        name: "title-special-outputs".into(),
        overlay: Some(corpus_dir().join("title-special")),
        setup: None,
        expect,
    };
    let (top, m, out) = scratch(&case);
    let r = run(&[
        "build".as_ref(),
        "--quiet".as_ref(),
        "--manuscript".as_ref(),
        m.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(r.exit, Some(0), "{}", r.stderr);
    let book: toml::Value =
        toml::from_str(&std::fs::read_to_string(m.join("book.toml")).unwrap()).unwrap();
    let title = book["book"]["title"].as_str().unwrap();
    let description = book["book"]["description"].as_str().unwrap();
    let creator = book["book"]["contributors"][0]["name"].as_str().unwrap();
    let chapter_title = "Q&A: 5 > 3 < 4, \"double\" and 'single'";

    let epub = std::fs::read(out.join("base.epub")).expect("an EPUB");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    let mut chapter_title_seen = false;
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().to_string();
        if !(name.ends_with(".xhtml") || name.ends_with(".opf") || name.ends_with(".ncx")) {
            continue;
        }
        let mut text = String::new();
        f.read_to_string(&mut text).unwrap();
        let opts = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let doc = roxmltree::Document::parse_with_options(&text, opts)
            .unwrap_or_else(|e| panic!("{name} is not well-formed XML: {e}"));
        for node in doc.descendants().filter(|n| n.is_element()) {
            assert_ne!(
                node.tag_name().name(),
                "script",
                "{name} has a script element"
            );
            for a in node.attributes() {
                assert!(
                    !a.name().starts_with("on"),
                    "{name}: attribute {}",
                    a.name()
                );
            }
        }
        let element_text = |tag: &str| {
            doc.descendants()
                .find(|n| n.tag_name().name() == tag)
                .and_then(|n| n.text())
                .map(str::to_string)
        };
        if name.ends_with(".opf") {
            assert_eq!(
                element_text("title").map(|t| unquote(&t)),
                Some(unquote(title))
            );
            assert_eq!(element_text("description").as_deref(), Some(description));
            assert_eq!(element_text("creator").as_deref(), Some(creator));
        }
        if name.ends_with(".xhtml") {
            let all: String = doc
                .descendants()
                .filter(|n| n.is_text())
                .filter_map(|n| n.text())
                .collect();
            chapter_title_seen |= unquote(&all).contains(chapter_title);
        }
    }
    assert!(
        chapter_title_seen,
        "the chapter title is missing from the XHTML"
    );

    let pdf = std::fs::read(out.join("base.pdf")).expect("a PDF");
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .and_then(|id| doc.get_dictionary(id))
        .unwrap();
    let pdf_title = match info.get(b"Title").unwrap() {
        lopdf::Object::String(b, _) if b.starts_with(&[0xFE, 0xFF]) => {
            let units: Vec<u16> = b[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        lopdf::Object::String(b, _) => String::from_utf8_lossy(b).into_owned(),
        other => panic!("Title is {other:?}"),
    };
    assert_eq!(unquote(&pdf_title), unquote(title));
    // The page text, as a PDF reader extracts it.
    let text = Command::new("pdftotext")
        .arg(out.join("base.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils, installed by .ci/install-tools.sh)");
    let text = unquote(&String::from_utf8_lossy(&text.stdout)).replace('\n', " ");
    assert!(text.contains("<script>alert(1)</script>"), "{text}");
    assert!(text.contains("O'Brien & <Sons> \"Ltd\""), "{text}");
    assert!(text.contains(chapter_title), "{text}");
    let _ = std::fs::remove_dir_all(top);
}
