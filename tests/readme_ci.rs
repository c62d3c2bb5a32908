//! The README's "Publishing from CI" workflow is the release workflow the
//! repository runs, so a user who copies it gets what is tested here.

#[test]
fn readme_workflow_matches_release_yml() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = &readme[readme
        .find("## Publishing from CI")
        .expect("a Publishing from CI section")..];
    let start = section.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    let snippet = &section[start..start + section[start..].find("```").unwrap()];
    let workflow = std::fs::read_to_string(root.join(".github/workflows/release.yml")).unwrap();
    // The file's leading comment explains it; everything else is identical.
    let body: String = workflow
        .lines()
        .skip_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(snippet, body);
    // The workflow checks with GitHub annotations and builds reproducibly.
    assert!(body.contains("check --message-format github"));
    assert!(body.contains("SOURCE_DATE_EPOCH"));
}
