//! Which issue a file is: its id comes from its path below the archive root given on the
//! command line (`archive/2019/nr3.pdf` under `archive` → `2019-nr3`), so issues of different
//! years with the same file name never share ids, and every unit id (`2019-nr3-06`) is unique
//! in the archive.
//!
//! ```
//! use std::path::PathBuf;
//! let inputs = ["coll".to_owned()];
//! let files = [PathBuf::from("coll/2019/nr3.txt"), PathBuf::from("coll/2020/nr3.txt")];
//! assert_eq!(tema::ingest::issue_ids(&inputs, &files), ["2019-nr3", "2020-nr3"]);
//! ```

use std::path::{Component, Path, PathBuf};

/// The id of each file (in the same order), from its path relative to the input it was found
/// under: a folder, the fixed part of a glob pattern, or the file itself (then its stem). Ids
/// that would still collide (the same name given twice from different folders) take in parent
/// folders until they differ, and a number at last.
pub fn issue_ids(inputs: &[String], files: &[PathBuf]) -> Vec<String> {
    let relative: Vec<Vec<String>> = files
        .iter()
        .map(|file| {
            let root = inputs.iter().find_map(|input| root_of(input, file));
            let rel = root
                .and_then(|root| file.strip_prefix(root).ok())
                .filter(|rel| rel.components().next().is_some())
                .unwrap_or_else(|| Path::new(file.file_name().unwrap_or(file.as_os_str())));
            parts(rel)
        })
        .collect();
    let full: Vec<Vec<String>> = files.iter().map(|f| parts(f)).collect();
    // Parts of the full path taken in front of the relative ones, per file, until unique.
    let mut extra = vec![0usize; files.len()];
    let id_of = |i: usize, extra: usize| {
        let rel = &relative[i];
        let above = full[i].len().saturating_sub(rel.len());
        let from = above.saturating_sub(extra);
        let mut all: Vec<&str> = full[i][from..above].iter().map(String::as_str).collect();
        all.extend(rel.iter().map(String::as_str));
        slug(&all)
    };
    let mut ids: Vec<String> = (0..files.len()).map(|i| id_of(i, 0)).collect();
    for _ in 0..64 {
        let mut grew = false;
        for i in 0..ids.len() {
            let clash = ids
                .iter()
                .enumerate()
                .any(|(j, id)| j != i && *id == ids[i]);
            let room = full[i].len() > relative[i].len() + extra[i];
            if clash && room {
                extra[i] += 1;
                grew = true;
            }
        }
        if !grew {
            break;
        }
        ids = (0..files.len()).map(|i| id_of(i, extra[i])).collect();
    }
    // Whatever still clashes (the same file twice) is numbered in file order.
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for id in &mut ids {
        let n = seen.entry(id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            *id = format!("{id}-{n}");
        }
    }
    ids
}

/// The folder an input stands for, when `file` was found under it: the folder itself, or the
/// fixed folders at the front of a glob pattern.
fn root_of(input: &str, file: &Path) -> Option<PathBuf> {
    let path = Path::new(input);
    let root = if path.is_dir() {
        path.to_path_buf()
    } else if input.contains(['*', '?', '[']) {
        path.components()
            .take_while(|c| !c.as_os_str().to_string_lossy().contains(['*', '?', '[']))
            .collect()
    } else {
        return None;
    };
    file.starts_with(&root).then_some(root)
}

/// A path's named parts, the last without its extension.
fn parts(path: &Path) -> Vec<String> {
    let mut out: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if let (Some(last), Some(stem)) = (out.last_mut(), path.file_stem()) {
        *last = stem.to_string_lossy().into_owned();
    }
    out
}

/// Parts joined by `-`, whitespace made `-` too: an id without spaces or slashes.
fn slug(parts: &[&str]) -> String {
    let joined = parts
        .iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join("-"))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if joined.is_empty() {
        "issue".to_owned()
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(inputs: &[&str], files: &[&str]) -> Vec<String> {
        let inputs: Vec<String> = inputs.iter().map(|s| s.to_string()).collect();
        let files: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
        issue_ids(&inputs, &files)
    }

    #[test]
    fn files_given_by_name_keep_their_stem() {
        assert_eq!(
            ids(
                &["seeds/kita-2022-autumn.txt"],
                &["seeds/kita-2022-autumn.txt"]
            ),
            ["kita-2022-autumn"]
        );
    }

    #[test]
    fn globs_root_at_their_fixed_folders() {
        assert_eq!(
            ids(
                &["arkiv/20*/*.pdf"],
                &["arkiv/2019/nr3.pdf", "arkiv/2020/nr3.pdf"]
            ),
            ["2019-nr3", "2020-nr3"]
        );
    }

    #[test]
    fn the_same_name_from_two_folders_takes_in_a_folder() {
        assert_eq!(
            ids(
                &["a/2019/nr3.txt", "b/2019/nr3.txt"],
                &["a/2019/nr3.txt", "b/2019/nr3.txt"]
            ),
            ["a-2019-nr3", "b-2019-nr3"]
        );
        assert_eq!(ids(&["x.txt", "x.txt"], &["x.txt", "x.txt"]), ["x", "x-2"]);
    }
}
