//! YAML front matter (`---` … `---`, as Jekyll, Hugo, Pandoc and Obsidian
//! write it): in goes the YAML text, out comes the same keys as TOML text,
//! which the `+++` front matter reader then takes as it is; or a diagnostic
//! offset. YAML 1.2 (yaml-rust2), so `no` and `on` stay strings.

use yaml_rust2::{Yaml, YamlLoader};

/// The front matter's TOML text, or (message, hint, byte offset in `yaml`).
pub fn to_toml(yaml: &str) -> Result<String, (String, String, usize)> {
    let docs = YamlLoader::load_from_str(yaml).map_err(|e| {
        let m = e.marker();
        (
            format!("invalid YAML front matter: {}", e.info()),
            "fix the YAML, or write the metadata as TOML between `+++` lines".to_string(),
            offset_of(yaml, m.line(), m.col()),
        )
    })?;
    let table = match docs.as_slice() {
        [] | [Yaml::Null] => toml::Table::new(),
        [Yaml::Hash(_)] => match value(&docs[0]) {
            Ok(toml::Value::Table(t)) => t,
            Ok(_) => toml::Table::new(),
            Err((m, key)) => return Err((m, HINT.to_string(), key_offset(yaml, &key))),
        },
        _ => {
            return Err((
                "the YAML front matter is not a list of `key: value` lines".to_string(),
                HINT.to_string(),
                0,
            ))
        }
    };
    toml::to_string(&table).map_err(|e| (e.to_string(), HINT.to_string(), 0))
}

const HINT: &str =
    "write `key: value` lines (title: \"…\"), with the keys of the `+++` front matter";

/// The TOML value of a YAML node; Err (message, key) for what TOML cannot
/// hold (null, non-string keys, aliases).
fn value(y: &Yaml) -> Result<toml::Value, (String, String)> {
    Ok(match y {
        Yaml::String(s) => toml::Value::String(s.clone()),
        Yaml::Integer(i) => toml::Value::Integer(*i),
        Yaml::Real(r) => match r.parse::<f64>() {
            Ok(f) => toml::Value::Float(f),
            Err(_) => toml::Value::String(r.clone()),
        },
        Yaml::Boolean(b) => toml::Value::Boolean(*b),
        Yaml::Array(a) => toml::Value::Array(a.iter().map(value).collect::<Result<_, _>>()?),
        Yaml::Hash(h) => {
            let mut t = toml::Table::new();
            for (k, v) in h {
                let Yaml::String(key) = k else {
                    return Err((
                        "a front matter key must be a word".to_string(),
                        String::new(),
                    ));
                };
                let v = value(v).map_err(|(m, inner)| {
                    (m, if inner.is_empty() { key.clone() } else { inner })
                })?;
                t.insert(key.clone(), v);
            }
            toml::Value::Table(t)
        }
        Yaml::Null | Yaml::BadValue | Yaml::Alias(_) => {
            return Err(("a front matter key has no value".to_string(), String::new()))
        }
    })
}

/// Byte offset of the 0- or 1-based `line` (yaml-rust2 counts from 1) and
/// character `col` in `text`.
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut at = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line.max(1) {
            return at + l.char_indices().nth(col).map_or(l.len(), |(j, _)| j);
        }
        at += l.len();
    }
    text.len()
}

/// Byte offset of the line where `key:` starts in `yaml` (0 if not found).
pub fn key_offset(yaml: &str, key: &str) -> usize {
    if key.is_empty() {
        return 0;
    }
    let mut at = 0;
    for l in yaml.split_inclusive('\n') {
        let t = l.trim_start();
        if t.strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with(':'))
            || t.strip_prefix(&format!("\"{key}\""))
                .is_some_and(|r| r.trim_start().starts_with(':'))
        {
            return at + (l.len() - t.len());
        }
        at += l.len();
    }
    0
}

/// The key of the TOML line (in `toml`) holding byte `at`.
pub fn key_at(toml: &str, at: usize) -> &str {
    let start = toml[..at.min(toml.len())].rfind('\n').map_or(0, |i| i + 1);
    toml[start..]
        .split('=')
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches('"')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_toml() {
        let t = to_toml("title: \"A: b\"\nauthors:\n  - X\n  - Y\nkind: no\n").unwrap();
        let v: toml::Table = toml::from_str(&t).unwrap();
        assert_eq!(v["title"].as_str(), Some("A: b"));
        assert_eq!(v["authors"].as_array().unwrap().len(), 2);
        assert_eq!(v["kind"].as_str(), Some("no"));
    }

    #[test]
    fn bad_yaml_is_located() {
        let (_, _, at) = to_toml("title: x\nauthors: [a\n").unwrap_err();
        assert!(at > 8, "{at}");
        let (m, _, at) = to_toml("title: x\ndate:\n").unwrap_err();
        assert!(m.contains("no value"));
        assert_eq!(at, 9);
    }
}
