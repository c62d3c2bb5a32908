//! Publishing: the release workflow, the GitHub Action (action.yml and its
//! scripts in action/), the workflow `recto init` writes, the README's
//! workflows, and a binary that needs nothing beside it.
//!
//! The action's scripts run here for real: the release archive is made by
//! `.github/scripts/archive.sh` from the binary built here, "downloaded" by
//! `action/install.sh` through a stand-in `curl` that serves local files,
//! checked against SHA256SUMS, and then `action/build.sh` builds a new
//! `recto init` book with it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use yaml_rust2::{Yaml, YamlLoader};

const TARGETS: [&str; 5] = [
    "x86_64-unknown-linux-musl",
    "aarch64-unknown-linux-musl",
    "aarch64-apple-darwin",
    "x86_64-apple-darwin",
    "x86_64-pc-windows-msvc",
];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn yaml(text: &str, what: &str) -> Yaml {
    let mut docs = YamlLoader::load_from_str(text).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(docs.len(), 1, "{what}: one YAML document");
    let doc = docs.remove(0);
    assert!(doc.as_hash().is_some(), "{what}: a mapping at the top");
    doc
}

fn yaml_file(rel: &str) -> Yaml {
    yaml(&read(rel), rel)
}

fn s(y: &Yaml) -> &str {
    y.as_str().unwrap_or_else(|| panic!("not a string: {y:?}"))
}

fn list(y: &Yaml) -> &Vec<Yaml> {
    y.as_vec().unwrap_or_else(|| panic!("not a list: {y:?}"))
}

/// The `run` scripts of a job's steps, one after another.
fn run_scripts(job: &Yaml) -> String {
    list(&job["steps"])
        .iter()
        .filter_map(|st| st["run"].as_str())
        .collect()
}

/// The first of a job's steps that uses `action`.
fn step_using<'a>(job: &'a Yaml, action: &str) -> Option<&'a Yaml> {
    list(&job["steps"])
        .iter()
        .find(|st| st["uses"].as_str() == Some(action))
}

/// Every step of every job.
fn steps(workflow: &Yaml) -> Vec<&Yaml> {
    let jobs = workflow["jobs"].as_hash().expect("jobs");
    jobs.values().flat_map(|j| list(&j["steps"])).collect()
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("recto-publish-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// This repository on GitHub, `owner/name`, from Cargo.toml.
fn repository() -> &'static str {
    env!("CARGO_PKG_REPOSITORY")
        .strip_prefix("https://github.com/")
        .expect("Cargo.toml's repository is on GitHub")
}

fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

fn ok(out: &Output, what: &str) {
    assert!(
        out.status.success(),
        "{what}: {:?}\nstdout: {}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A README section: from its heading to the next heading of the same or a
/// higher level.
fn section<'a>(readme: &'a str, heading: &str) -> &'a str {
    let level = heading.chars().take_while(|&c| c == '#').count();
    let start = readme
        .find(&format!("\n{heading}\n"))
        .unwrap_or_else(|| panic!("README has no `{heading}` section"))
        + 1;
    let body = &readme[start + heading.len()..];
    let end = body
        .match_indices("\n#")
        .find(|(i, _)| {
            let rest = &body[i + 1..];
            let l = rest.chars().take_while(|&c| c == '#').count();
            l <= level && rest[l..].starts_with(' ')
        })
        .map_or(body.len(), |(i, _)| i);
    &body[..end]
}

/// The first fenced block of `lang` in `text`.
fn fenced<'a>(text: &'a str, lang: &str) -> &'a str {
    let open = format!("```{lang}\n");
    let start = text
        .find(&open)
        .unwrap_or_else(|| panic!("no ```{lang} block"))
        + open.len();
    &text[start..start + text[start..].find("```").unwrap()]
}

/// A file without its leading comment lines.
fn without_header(text: &str) -> String {
    text.lines()
        .skip_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Reads a GITHUB_OUTPUT file: `key=value` lines and `key<<DELIM` blocks.
fn outputs(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut map = BTreeMap::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some((k, delim)) = line.split_once("<<") {
            let mut value = Vec::new();
            for l in lines.by_ref() {
                if l == delim {
                    break;
                }
                value.push(l);
            }
            map.insert(k.to_string(), value.join("\n"));
        } else if let Some((k, v)) = line.split_once('=') {
            map.insert(k.to_string(), v.to_string());
        } else {
            panic!("not an output line: {line:?}");
        }
    }
    map
}

fn recto_init(dir: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_recto"))
        .arg("init")
        .arg(dir)
        .output()
        .unwrap();
    ok(&out, "recto init");
}

#[test]
fn workflows_and_the_action_parse() {
    for f in [
        ".github/workflows/ci.yml",
        ".github/workflows/release.yml",
        "docs/workflows/many-books.yml",
    ] {
        let w = yaml_file(f);
        assert!(!w["on"].is_badvalue(), "{f}: no `on`");
        for step in steps(&w) {
            assert!(
                step["uses"].as_str().is_some() || step["run"].as_str().is_some(),
                "{f}: a step with neither uses nor run: {step:?}"
            );
        }
    }

    let action = yaml_file("action.yml");
    assert_eq!(s(&action["runs"]["using"]), "composite");
    let inputs = &action["inputs"];
    for (name, default) in [
        ("manuscript", "."),
        ("out", "dist"),
        ("version", ""),
        ("formats", "all"),
        ("check-only", "false"),
    ] {
        assert_eq!(s(&inputs[name]["default"]), default, "input {name}");
        assert!(!s(&inputs[name]["description"]).is_empty());
    }
    for name in ["epub", "pdf", "cover", "files", "version"] {
        let value = s(&action["outputs"][name]["value"]);
        assert!(value.starts_with("${{ steps."), "output {name}: {value}");
    }
    // Each step runs one of the action's scripts, and that script exists.
    let runs = list(&action["runs"]["steps"]);
    assert_eq!(runs.len(), 2);
    for (step, script) in runs.iter().zip(["action/install.sh", "action/build.sh"]) {
        assert_eq!(s(&step["shell"]), "bash");
        assert!(s(&step["run"]).contains(script), "{step:?}");
        assert!(root().join(script).is_file(), "{script} missing");
        // Every input the script reads is passed to it.
        let text = read(script);
        let env = step["env"].as_hash().expect("env");
        for var in [
            "INPUT_MANUSCRIPT",
            "INPUT_OUT",
            "INPUT_FORMATS",
            "INPUT_CHECK_ONLY",
        ] {
            if text.contains(var) {
                assert!(env.contains_key(&Yaml::String(var.into())), "{var}");
            }
        }
    }
}

#[test]
fn the_release_workflow_builds_five_targets_and_publishes_archives_and_checksums() {
    let w = yaml_file(".github/workflows/release.yml");
    assert_eq!(list(&w["on"]["push"]["tags"])[0].as_str(), Some("v*"));
    let binaries = &w["jobs"]["binaries"];
    let mut targets: Vec<&str> = list(&binaries["strategy"]["matrix"]["include"])
        .iter()
        .map(|t| s(&t["target"]))
        .collect();
    targets.sort();
    let mut want = TARGETS.to_vec();
    want.sort();
    assert_eq!(targets, want);

    let runs = run_scripts(binaries);
    assert!(runs.contains("cargo build --release --locked --target ${{ matrix.target }}"));
    assert!(runs.contains(".github/scripts/archive.sh ${{ matrix.target }}"));
    assert!(runs.contains("statically linked"));
    let upload =
        step_using(binaries, "actions/upload-artifact@v4").expect("the archives are uploaded");
    assert_eq!(s(&upload["with"]["path"]), "archives/*");

    let publish = &w["jobs"]["publish"];
    let needs: Vec<&str> = list(&publish["needs"]).iter().map(s).collect();
    assert!(needs.contains(&"binaries"));
    let runs = run_scripts(publish);
    assert!(runs.contains("sha256sum * > SHA256SUMS"), "{runs}");
    assert!(runs.contains(".github/scripts/release-notes.sh"));
    let release = step_using(publish, "softprops/action-gh-release@v2").expect("a GitHub release");
    assert_eq!(s(&release["with"]["body_path"]), "release-notes.md");
    let files = s(&release["with"]["files"]);
    for f in ["release/*.tar.gz", "release/*.zip", "release/SHA256SUMS"] {
        assert!(files.lines().any(|l| l.trim() == f), "{f} not released");
    }
    assert_eq!(s(&publish["permissions"]["contents"]), "write");

    // The action downloads an archive for each target.
    let install = read("action/install.sh");
    for t in TARGETS {
        assert!(install.contains(&format!("target={t}")), "install.sh: {t}");
    }
    // …from this repository's releases when it cannot tell where it came from.
    assert!(install.contains(&format!("repo=\"{}\"", repository())));
}

#[test]
fn release_notes_come_from_the_changelog() {
    let script = root().join(".github/scripts/release-notes.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg(format!("v{}", version()))
        .output()
        .unwrap();
    ok(&out, "release-notes.sh");
    let notes = String::from_utf8(out.stdout).unwrap();
    let changelog = read("CHANGELOG.md");
    let heading = format!("## [{}]", version());
    assert!(changelog.contains(&heading));
    assert!(!notes.contains("## ["), "one section only: {notes}");
    assert!(notes.trim().len() > 20);
    assert!(changelog.contains(notes.trim()));
    let missing = Command::new("bash")
        .arg(&script)
        .arg("v999.0.0")
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
}

/// The binary built here without its debug information (a release build
/// has none), so that packing it stays quick.
fn stripped() -> &'static Path {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        let dir = scratch("stripped");
        let bin = dir.join("recto");
        let out = Command::new("strip")
            .arg("--strip-debug")
            .arg("-o")
            .arg(&bin)
            .arg(env!("CARGO_BIN_EXE_recto"))
            .output()
            .expect("strip (binutils) runs");
        ok(&out, "strip");
        bin
    })
}

/// Makes the release archive for `target` from the binary built here, in
/// `dir`, and returns its path.
fn archive(target: &str, dir: &Path) -> PathBuf {
    let out = Command::new("bash")
        .arg(root().join(".github/scripts/archive.sh"))
        .arg(target)
        .arg(stripped())
        .arg(dir)
        .output()
        .unwrap();
    ok(&out, "archive.sh");
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

#[test]
fn archives_hold_the_binary_licences_and_readme_where_binstall_looks() {
    let dir = scratch("archive");
    let target = "x86_64-unknown-linux-musl";
    let path = archive(target, &dir);

    // Cargo.toml's binstall metadata names this archive and this binary.
    let manifest: toml::Value = toml::from_str(&read("Cargo.toml")).unwrap();
    let bin = &manifest["package"]["metadata"]["binstall"];
    let render = |template: &str, suffix: &str| {
        template
            .replace("{ repo }", env!("CARGO_PKG_REPOSITORY"))
            .replace("{ name }", "recto")
            .replace("{ version }", version())
            .replace("{ target }", target)
            .replace("{ archive-suffix }", suffix)
            .replace("{ bin }", "recto")
            .replace("{ binary-ext }", "")
    };
    assert_eq!(bin["pkg-fmt"].as_str(), Some("tgz"));
    let url = render(bin["pkg-url"].as_str().unwrap(), ".tar.gz");
    assert_eq!(
        url.rsplit('/').next(),
        path.file_name().and_then(|n| n.to_str()),
        "{url}"
    );
    assert!(url.starts_with(&format!(
        "{}/releases/download/v{}/",
        env!("CARGO_PKG_REPOSITORY"),
        version()
    )));
    let windows = &bin["overrides"]["x86_64-pc-windows-msvc"];
    assert_eq!(windows["pkg-fmt"].as_str(), Some("zip"));
    let bin_dir = render(bin["bin-dir"].as_str().unwrap(), "");

    let listing = Command::new("tar")
        .arg("-tzvf")
        .arg(&path)
        .output()
        .unwrap();
    ok(&listing, "tar -t");
    let listing = String::from_utf8(listing.stdout).unwrap();
    let name = format!("recto-v{}-{target}", version());
    for f in [
        bin_dir.as_str(),
        &format!("{name}/README.md"),
        &format!("{name}/CHANGELOG.md"),
        &format!("{name}/LICENSE-MIT"),
        &format!("{name}/LICENSE-APACHE"),
        &format!("{name}/LICENSE-FONTS-OFL.txt"),
    ] {
        assert!(
            listing.lines().any(|l| l.ends_with(&format!(" {f}"))),
            "{f} not in the archive:\n{listing}"
        );
    }
    let exe = listing.lines().find(|l| l.ends_with("/recto")).unwrap();
    assert!(exe.starts_with("-rwxr-xr-x"), "{exe}");

    // The same binary gives the same archive.
    let again = archive(target, &dir.join("again"));
    assert_eq!(std::fs::read(&path).unwrap(), std::fs::read(again).unwrap());
    let _ = std::fs::remove_dir_all(dir);
}

/// A stand-in for `curl` that serves `$FAKE_RELEASES/TAG/FILE` for
/// `https://github.com/OWNER/REPO/releases/download/TAG/FILE`, answers the
/// latest-release redirect with `$FAKE_LATEST`, and logs every URL.
const FAKE_CURL: &str = r#"#!/usr/bin/env bash
out="" write="" url=""
while [ $# -gt 0 ]; do
  case $1 in
    -o) out=$2; shift ;;
    -w) write=$2; shift ;;
    --retry) shift ;;
    -*) ;;
    *) url=$1 ;;
  esac
  shift
done
echo "$url" >> "$FAKE_LOG"
if [ -n "$write" ]; then
  echo -n "${url%/latest}/tag/$FAKE_LATEST"
  exit 0
fi
tag=$(basename "$(dirname "$url")")
file="$FAKE_RELEASES/$tag/$(basename "$url")"
[ -f "$file" ] || exit 22
cp "$file" "$out"
"#;

struct FakeRelease {
    dir: PathBuf,
    path: String,
    log: PathBuf,
}

impl FakeRelease {
    /// A release v<version> holding the Linux x86_64 archive and SHA256SUMS.
    fn new(dir: &Path) -> FakeRelease {
        let tag = dir.join("releases").join(format!("v{}", version()));
        let path = archive("x86_64-unknown-linux-musl", &tag);
        let sums = Command::new("sha256sum")
            .arg(path.file_name().unwrap())
            .current_dir(&tag)
            .output()
            .unwrap();
        ok(&sums, "sha256sum");
        std::fs::write(tag.join("SHA256SUMS"), sums.stdout).unwrap();
        let bin = dir.join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let curl = bin.join("curl");
        std::fs::write(&curl, FAKE_CURL).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&curl, std::fs::Permissions::from_mode(0o755)).unwrap();
        FakeRelease {
            dir: dir.to_path_buf(),
            path: format!("{}:{}", bin.display(), std::env::var("PATH").unwrap()),
            log: dir.join("curl.log"),
        }
    }

    /// Runs action/install.sh as the action's first step on a Linux x86_64
    /// runner; returns its outcome and outputs.
    fn install(&self, run: &str, env: &[(&str, &str)]) -> (Output, BTreeMap<String, String>) {
        let temp = self.dir.join(run);
        std::fs::create_dir_all(&temp).unwrap();
        let github_output = temp.join("install.out");
        std::fs::write(&github_output, "").unwrap();
        let out = Command::new("bash")
            .arg(root().join("action/install.sh"))
            .env("PATH", &self.path)
            .env("FAKE_RELEASES", self.dir.join("releases"))
            .env("FAKE_LATEST", format!("v{}", version()))
            .env("FAKE_LOG", &self.log)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("RUNNER_TEMP", &temp)
            .env("GITHUB_OUTPUT", &github_output)
            .env("GITHUB_PATH", temp.join("path.out"))
            .env_remove("INPUT_VERSION")
            .env_remove("INPUT_BINARY")
            .envs(env.iter().copied())
            .output()
            .unwrap();
        (out, outputs(&github_output))
    }
}

/// Runs action/build.sh as the action's second step, in `cwd`.
fn build_step(
    cwd: &Path,
    recto: &str,
    env: &[(&str, &str)],
) -> (Output, BTreeMap<String, String>, String) {
    // The runner's files live outside the workspace.
    static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let runner = scratch(&format!("runner-{n}"));
    let github_output = runner.join("build.out");
    std::fs::write(&github_output, "").unwrap();
    let out = Command::new("bash")
        .arg(root().join("action/build.sh"))
        .current_dir(cwd)
        .env("RECTO", recto)
        .env("GITHUB_OUTPUT", &github_output)
        .env("GITHUB_STEP_SUMMARY", runner.join("summary.md"))
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let got = outputs(&github_output);
    let summary = std::fs::read_to_string(runner.join("summary.md")).unwrap_or_default();
    let _ = std::fs::remove_dir_all(runner);
    (out, got, summary)
}

#[test]
fn the_action_installs_a_verified_release_and_builds_the_init_book() {
    let dir = scratch("action");
    let fake = FakeRelease::new(&dir);
    let repo = repository();
    let archive_name = format!("recto-v{}-x86_64-unknown-linux-musl.tar.gz", version());

    // The ref the action was taken at (uses: owner/recto@vX.Y.Z) picks the release.
    let tag = format!("v{}", version());
    let (out, got) = fake.install(
        "ref",
        &[
            ("RECTO_ACTION_REPOSITORY", repo),
            ("RECTO_ACTION_REF", &tag),
        ],
    );
    ok(&out, "install.sh");
    assert_eq!(got["version"], tag);
    let log = std::fs::read_to_string(&fake.log).unwrap();
    assert!(
        log.contains(&format!(
            "https://github.com/{repo}/releases/download/{tag}/{archive_name}"
        )),
        "{log}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("verified"));
    let recto = got["recto"].clone();
    let v = Command::new(&recto).arg("--version").output().unwrap();
    ok(&v, "the installed recto");
    assert_eq!(
        String::from_utf8_lossy(&v.stdout).trim(),
        format!("recto {}", version())
    );
    let path_file = std::fs::read_to_string(dir.join("ref/path.out")).unwrap();
    assert_eq!(
        path_file.trim(),
        Path::new(&recto).parent().unwrap().to_str().unwrap()
    );

    // Without a ref (a composite action's quirk) the action's folder names it;
    // an explicit `latest` follows the latest-release redirect.
    let action_path = format!("/runner/_actions/{repo}/{tag}");
    let (out, got) = fake.install("path", &[("RECTO_ACTION_PATH", &action_path)]);
    ok(&out, "install.sh from the action's folder");
    assert_eq!(got["version"], tag);
    let (out, got) = fake.install("latest", &[("INPUT_VERSION", "latest")]);
    ok(&out, "install.sh latest");
    assert_eq!(got["version"], tag);
    // A binary already on the runner is used as it is.
    let given = stripped().to_str().unwrap();
    let (out, got) = fake.install("given", &[("INPUT_BINARY", given)]);
    ok(&out, "install.sh with a binary");
    assert_eq!(
        (got["recto"].as_str(), got["version"].as_str()),
        (given, tag.as_str())
    );
    let (out, _) = fake.install("missing", &[("INPUT_VERSION", "v0.0.0-nope")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("::error"));

    // The book: `recto init`, then the action's build step with the installed binary.
    let work = dir.join("work");
    std::fs::create_dir_all(&work).unwrap();
    recto_init(&work.join("my-book"));
    let (out, got, summary) = build_step(
        &work,
        &recto,
        &[("INPUT_MANUSCRIPT", "my-book"), ("INPUT_OUT", "dist")],
    );
    ok(&out, "build.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !stdout.contains("::error") && !stdout.contains("::warning"),
        "{stdout}"
    );
    for (key, magic) in [("epub", &b"PK"[..]), ("pdf", b"%PDF-"), ("cover", b"%PDF-")] {
        let f = work.join(&got[key]);
        let bytes = std::fs::read(&f).unwrap_or_else(|e| panic!("{key} {f:?}: {e}"));
        assert!(bytes.starts_with(magic), "{key}: {f:?}");
    }
    assert!(got["epub"].starts_with("dist/") && got["epub"].ends_with(".epub"));
    assert!(got["cover"].ends_with("-cover.pdf"));
    assert_eq!(got["cover"], got["pdf"].replace(".pdf", "-cover.pdf"));
    let files: Vec<&str> = got["files"].lines().collect();
    assert_eq!(files.len(), 3, "{files:?}");
    for key in ["epub", "pdf", "cover"] {
        assert!(files.contains(&got[key].as_str()));
    }
    let mut written: Vec<_> = std::fs::read_dir(work.join("dist"))
        .unwrap()
        .map(|e| format!("dist/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    written.sort();
    let mut listed: Vec<String> = files.iter().map(|f| f.to_string()).collect();
    listed.sort();
    assert_eq!(written, listed);
    assert!(summary.contains("wrote dist/"), "{summary}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_action_refuses_a_binary_whose_checksum_does_not_match() {
    let dir = scratch("tampered");
    let fake = FakeRelease::new(&dir);
    let sums = dir
        .join("releases")
        .join(format!("v{}", version()))
        .join("SHA256SUMS");
    let text = std::fs::read_to_string(&sums).unwrap();
    let flipped = if text.starts_with('0') { "1" } else { "0" };
    std::fs::write(&sums, format!("{flipped}{}", &text[1..])).unwrap();
    let (out, got) = fake.install("run", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("checksum mismatch"),
        "{out:?}"
    );
    assert!(!got.contains_key("recto"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_action_annotates_errors_and_check_only_writes_nothing() {
    let dir = scratch("findings");
    let recto = env!("CARGO_BIN_EXE_recto");
    recto_init(&dir.join("book"));

    let (out, got, _) = build_step(
        &dir,
        recto,
        &[
            ("INPUT_MANUSCRIPT", "book"),
            ("INPUT_CHECK_ONLY", "true"),
            ("INPUT_FORMATS", "epub, pdf"),
        ],
    );
    ok(&out, "check-only");
    assert!(!dir.join("dist").exists());
    assert_eq!(got["epub"], "");
    assert_eq!(got["files"], "");

    let (out, got, _) = build_step(
        &dir,
        recto,
        &[("INPUT_MANUSCRIPT", "book"), ("INPUT_FORMATS", "epub")],
    );
    ok(&out, "epub only");
    assert!(got["epub"].ends_with(".epub") && got["pdf"].is_empty());

    let chapter = dir.join("book/chapter-1.md");
    let mut text = std::fs::read_to_string(&chapter).unwrap();
    text.push_str("\nA reference to a missing note.[^missing]\n");
    std::fs::write(&chapter, text).unwrap();
    let (out, _, _) = build_step(&dir, recto, &[("INPUT_MANUSCRIPT", "book")]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("::error file=book/chapter-1.md,line=")
            && stderr.contains("title=note-undefined"),
        "{stdout}{stderr}"
    );

    // A manuscript at the top of the repository: annotations name its files
    // from there, without `./`.
    let (out, _, _) = build_step(&dir.join("book"), recto, &[("INPUT_MANUSCRIPT", "./")]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("::error file=chapter-1.md,line="),
        "{stderr}"
    );

    let (out, _, _) = build_step(&dir, recto, &[("INPUT_FORMATS", "docx")]);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn init_writes_a_workflow_that_uses_this_action_at_a_release_tag() {
    let dir = scratch("init");
    let book = dir.join("book");
    recto_init(&book);
    let text = std::fs::read_to_string(book.join(".github/workflows/book.yml")).unwrap();
    let w = yaml(&text, "book.yml");
    let action = format!("{}@v{}", repository(), version());
    assert!(
        repository().split('/').count() == 2 && !action.contains("https:"),
        "{action}"
    );
    let push = &w["on"]["push"];
    assert_eq!(list(&push["tags"])[0].as_str(), Some("v*"));
    assert!(!w["on"]["pull_request"].is_badvalue());

    let check = &w["jobs"]["check"];
    let release = &w["jobs"]["release"];
    let uses = |job: &Yaml| -> Vec<String> {
        list(&job["steps"])
            .iter()
            .filter_map(|st| st["uses"].as_str().map(String::from))
            .collect()
    };
    assert!(uses(check).contains(&action), "{text}");
    assert!(uses(check).contains(&"actions/upload-artifact@v4".to_string()));
    assert!(uses(release).contains(&action));
    assert!(s(&release["if"]).contains("refs/tags/v"));
    assert_eq!(s(&release["permissions"]["contents"]), "write");
    let runs = run_scripts(release);
    assert!(runs.contains("SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)"));
    assert!(runs.contains("sha256sum * > SHA256SUMS"));
    let gh = step_using(release, "softprops/action-gh-release@v2").expect("a release step");
    let files = s(&gh["with"]["files"]);
    for f in ["outputs.epub", "outputs.pdf", "outputs.cover", "SHA256SUMS"] {
        assert!(files.contains(f), "{f}: {files}");
    }

    // With the workflow in it (and the build's dist/), the book is clean.
    let recto = env!("CARGO_BIN_EXE_recto");
    for _ in 0..2 {
        let (out, _, _) = build_step(&book, recto, &[]);
        ok(&out, "build.sh in the book's own folder");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("::"), "{stderr}");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_readme_shows_the_workflows_that_are_tested() {
    let readme = read("README.md");

    // The short workflow is the one `recto init` writes.
    let publish = section(&readme, "## Publish your book from GitHub");
    let dir = scratch("readme");
    recto_init(&dir.join("book"));
    let written = std::fs::read_to_string(dir.join("book/.github/workflows/book.yml")).unwrap();
    assert_eq!(fenced(publish, "yaml"), without_header(&written));
    let _ = std::fs::remove_dir_all(&dir);

    // Every input of action.yml is documented.
    let action = yaml_file("action.yml");
    for (name, _) in action["inputs"].as_hash().unwrap() {
        assert!(
            publish.contains(&format!("`{}`", s(name))),
            "input {name:?}"
        );
    }
    for (name, _) in action["outputs"].as_hash().unwrap() {
        assert!(
            publish.contains(&format!("`{}`", s(name))),
            "output {name:?}"
        );
    }

    // The action's commands are the README's, word for word.
    let script = read("action/build.sh");
    let commands: Vec<String> = script
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| l.find("run --message-format").map(|i| &l[i..]))
        .map(|c| {
            c.trim_end_matches(')')
                .replacen("run ", "recto ", 1)
                .replace("\"$manuscript\"", "DIR")
                .replace("\"$outdir\"", "OUT")
                .replace("\"$format\"", "FORMAT")
        })
        .collect();
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert!(commands[0].contains(" check ") && commands[1].contains(" build "));
    let documented = fenced(publish, "sh");
    for c in &commands {
        assert!(documented.lines().any(|l| l.starts_with(c.as_str())), "{c}");
    }
    // …and the options they use are in the command-line reference.
    let cli = section(&readme, "## Command line");
    for opt in ["--message-format", "--manuscript", "--out", "--format"] {
        assert!(cli.contains(opt), "{opt}");
    }

    // "Many books" is docs/workflows/many-books.yml.
    let many = section(publish, "### Many books");
    let file = read("docs/workflows/many-books.yml");
    assert_eq!(fenced(many, "yaml"), file);
    let w = yaml(&file, "many-books.yml");
    let book = &w["jobs"]["book"];
    assert!(s(&book["strategy"]["matrix"]["book"]).contains("needs.list.outputs.books"));
    let action = format!("{}@v{}", repository(), version());
    assert!(list(&book["steps"])
        .iter()
        .any(|st| st["uses"].as_str() == Some(action.as_str())));

    // Installing: cargo install, cargo binstall and the archives.
    let install = section(&readme, "## Installing recto");
    for needle in ["cargo install recto", "cargo binstall recto", "SHA256SUMS"] {
        assert!(install.contains(needle), "{needle}");
    }
}

/// The "Many books" matrix: its list step, run in a publisher's repository,
/// finds each book, and each one builds with the action's build step.
#[test]
fn the_many_books_matrix_finds_and_builds_every_book() {
    let dir = scratch("many");
    for name in ["first-book", "second-book"] {
        recto_init(&dir.join("books").join(name));
    }
    std::fs::create_dir_all(dir.join("books/notes")).unwrap();
    let w = yaml_file("docs/workflows/many-books.yml");
    let step = list(&w["jobs"]["list"]["steps"])
        .iter()
        .find(|st| st["id"].as_str() == Some("list"))
        .expect("the list step");
    let github_output = dir.join("list.out");
    let out = Command::new("bash")
        .args(["-e", "-c", s(&step["run"])])
        .current_dir(&dir)
        .env("GITHUB_OUTPUT", &github_output)
        .output()
        .unwrap();
    ok(&out, "the list step");
    let books: Vec<String> = serde_json::from_str(&outputs(&github_output)["books"]).unwrap();
    assert_eq!(books, ["first-book", "second-book"]);

    let with = &list(&w["jobs"]["book"]["steps"])
        .iter()
        .find(|st| st["id"].as_str() == Some("build"))
        .expect("the build step")["with"];
    for b in &books {
        let input = |k: &str| s(&with[k]).replace("${{ matrix.book }}", b);
        let (out, got, _) = build_step(
            &dir,
            env!("CARGO_BIN_EXE_recto"),
            &[
                ("INPUT_MANUSCRIPT", &input("manuscript")),
                ("INPUT_OUT", &input("out")),
            ],
        );
        ok(&out, b);
        assert!(got["epub"].starts_with(&format!("dist/{b}/")));
        assert!(dir.join(&got["pdf"]).is_file());
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn ci_runs_the_tests_and_the_action_from_the_working_tree() {
    let w = yaml_file(".github/workflows/ci.yml");
    let all: Vec<&Yaml> = steps(&w);
    assert!(all.iter().any(|st| st["run"].as_str() == Some("./.ci/run")));
    let local = all
        .iter()
        .find(|st| st["uses"].as_str() == Some("./"))
        .expect("a job runs the action from the working tree");
    assert_eq!(s(&local["with"]["binary"]), "target/debug/recto");
    let init = all
        .iter()
        .filter_map(|st| st["run"].as_str())
        .find(|r| r.contains("recto init"))
        .expect("on a new book");
    let book = init.split_whitespace().last().unwrap();
    assert_eq!(s(&local["with"]["manuscript"]), book);
    let ci = read(".ci/run");
    assert!(ci.contains(".ci/package.sh"));
}

/// The binary holds its fonts and cover design: copied alone into an empty
/// folder, it starts a book and builds it, opening no file of the source
/// tree (traced with strace).
#[test]
fn a_copy_of_the_binary_alone_builds_the_init_book() {
    let dir = scratch("alone");
    let exe = dir.join("recto");
    std::fs::copy(env!("CARGO_BIN_EXE_recto"), &exe).unwrap();
    let trace = dir.join("trace.log");
    let run = |args: &[&str]| {
        Command::new("strace")
            .args(["-f", "-qq", "-e", "trace=%file", "-o"])
            .arg(&trace)
            .arg(&exe)
            .args(args)
            .current_dir(&dir)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .output()
            .expect("strace runs (installed by .ci/install-tools.sh)")
    };
    let out = run(&["init", "book"]);
    ok(&out, "recto init");
    let out = run(&[
        "--message-format",
        "json",
        "build",
        "--manuscript",
        "book",
        "--out",
        "dist",
    ]);
    ok(&out, "recto build");
    assert!(String::from_utf8_lossy(&out.stderr).trim().is_empty());

    let opened = std::fs::read_to_string(&trace).unwrap();
    assert!(
        opened.contains("book/book.toml"),
        "the trace works: {opened}"
    );
    let source = root().to_str().unwrap();
    let outside: Vec<&str> = opened.lines().filter(|l| l.contains(source)).collect();
    assert!(outside.is_empty(), "opened the source tree: {outside:?}");
    // No font or cover design is read at run time: only the book's files.
    for l in opened.lines() {
        assert!(
            !l.contains(".ttf") && !l.contains(".otf") && !l.contains("cover.toml"),
            "{l}"
        );
    }

    let pdf = std::fs::read_dir(dir.join("dist"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "pdf") && !p.to_string_lossy().contains("-cover")
        })
        .expect("a book PDF");
    let fonts = Command::new("pdffonts").arg(&pdf).output().unwrap();
    ok(&fonts, "pdffonts");
    let fonts = String::from_utf8_lossy(&fonts.stdout);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.iter().any(|r| r.contains("NotoSerif")), "{fonts}");
    assert!(
        rows.iter()
            .all(|r| r.split_whitespace().nth_back(4) == Some("yes")),
        "every font embedded: {fonts}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
