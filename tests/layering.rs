//! No two source files import each other: each pair of modules depends one way at most, so a
//! module can be read, tested and changed without the one that uses it (issue 23). A parent
//! module and its own children are left out: `mod.rs` declares its children and they may use
//! what it shares.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module's path below the crate root: `["cli", "stream"]`; the crate root is `[]`.
type ModulePath = Vec<String>;

fn module_of(relative: &Path) -> ModulePath {
    let mut parts: ModulePath = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The code of a file without comments, string-free enough for paths, and without its unit
/// tests (which may reach anywhere).
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or(text);
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path a file names through `crate::`, `tema::` or `super::`, brace groups
/// expanded one level.
fn named_paths(module: &ModulePath, code: &str) -> Vec<ModulePath> {
    let path = regex::Regex::new(r"\b(crate|tema|super)((?:::\w+)+)(?:::\{([^}]*)\})?").unwrap();
    let mut found = Vec::new();
    for caps in path.captures_iter(code) {
        let segments: Vec<String> = caps[2]
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        let mut base: ModulePath = match &caps[1] {
            "super" => module[..module.len().saturating_sub(1)].to_vec(),
            _ => Vec::new(),
        };
        base.extend(segments);
        match caps.get(3) {
            Some(group) => {
                for item in group.as_str().split(',') {
                    let item = item.trim().split("::").next().unwrap_or("").trim();
                    let item = item.split_whitespace().next().unwrap_or("");
                    if !item.is_empty() && item != "self" {
                        let mut full = base.clone();
                        full.push(item.to_owned());
                        found.push(full);
                    }
                }
                found.push(base);
            }
            None => found.push(base),
        }
    }
    found
}

#[test]
fn no_two_source_files_import_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: BTreeMap<ModulePath, String> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "rs") {
            let relative = entry.path().strip_prefix(&src).unwrap();
            let text = std::fs::read_to_string(entry.path()).unwrap();
            files.insert(module_of(relative), code_of(&text));
        }
    }
    assert!(files.len() > 20, "found the sources: {}", files.len());
    let mut edges: BTreeSet<(ModulePath, ModulePath)> = BTreeSet::new();
    for (module, code) in &files {
        for named in named_paths(module, code) {
            // The longest prefix that is a file of its own is the module depended on.
            let Some(target) = (1..=named.len())
                .rev()
                .map(|i| named[..i].to_vec())
                .find(|p| files.contains_key(p))
            else {
                continue;
            };
            // A module and its ancestors: declared by them, not imported.
            let related = target.starts_with(module) || module.starts_with(&target);
            if !related {
                edges.insert((module.clone(), target));
            }
        }
    }
    let both_ways: Vec<String> = edges
        .iter()
        .filter(|(a, b)| a < b && edges.contains(&(b.clone(), a.clone())))
        .map(|(a, b)| format!("{} <-> {}", a.join("::"), b.join("::")))
        .collect();
    assert!(
        both_ways.is_empty(),
        "files that import each other: {both_ways:?}"
    );
}

/// The check sees a cycle when there is one.
#[test]
fn a_pair_that_imports_each_other_is_found() {
    let a = vec!["cli".to_owned(), "stream".to_owned()];
    let paths = named_paths(
        &a,
        "use super::summarise::{Summarised, summarise_document};",
    );
    assert!(paths.contains(&vec!["cli".to_owned(), "summarise".to_owned()]));
    let b = vec!["text".to_owned(), "repair".to_owned()];
    let paths = named_paths(&b, "let x = crate::text::compounds::split(w);");
    assert!(paths.contains(&vec![
        "text".to_owned(),
        "compounds".to_owned(),
        "split".to_owned()
    ]));
}
