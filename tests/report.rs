//! `tema report` on the two seed issues: a self-contained HTML page and a Markdown version,
//! and, where Chromium is installed, a rendered picture of the page.

use std::path::Path;
use std::process::Command;

const SEEDS: [&str; 2] = ["seeds/kita-2022-autumn.txt", "seeds/kita-2024-autumn.txt"];

fn report(out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tema"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("report")
        .args(SEEDS)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

/// Every value of an attribute in the page, e.g. all `src="…"`.
fn attributes<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

#[test]
fn html_report_is_self_contained_and_covers_both_issues() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let output = report(&out);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Parsed as HTML: no element names an address in any attribute.
    let dom = tl::parse(&html, tl::ParserOptions::default()).expect("the page parses as HTML");
    let mut elements = 0;
    for node in dom.nodes() {
        let Some(tag) = node.as_tag() else { continue };
        elements += 1;
        let name = tag.name().as_utf8_str().to_lowercase();
        assert!(
            !["script", "link", "iframe", "img", "object", "embed"].contains(&name.as_str()),
            "<{name}>"
        );
        for (key, value) in tag.attributes().iter() {
            let value = value.unwrap_or_default().to_lowercase();
            assert!(
                !["src", "href", "xlink:href", "action", "srcset"]
                    .contains(&key.to_lowercase().as_str()),
                "<{name} {key}=\"{value}\">"
            );
            assert!(
                !value.contains("://") && !value.contains("url("),
                "<{name} {key}=\"{value}\">"
            );
        }
    }
    assert!(elements > 100, "a real page, {elements} elements");
    // Nor does the text or the CSS: no sources, links, stylesheets, imports or URLs anywhere.
    for attribute in ["src", "href", "xlink:href", "action"] {
        assert!(attributes(&html, attribute).is_empty(), "has {attribute}=");
    }
    for external in ["http://", "https://", "url(", "@import", "<script", "<link"] {
        assert!(
            !html.contains(external),
            "refers outside the page: {external}"
        );
    }
    // Both charts, in time order, and every theme.
    assert_eq!(html.matches("<svg ").count(), 2);
    let (first, second) = (
        html.find("kita-2022-autumn").unwrap(),
        html.find("kita-2024-autumn").unwrap(),
    );
    assert!(first < second, "issues in date order");
    for label in [
        "Cybersikkerhed",
        "Kunstig intelligens",
        "Grøn IT",
        "Fælles drift",
        "Intet tema",
    ] {
        assert!(html.contains(label), "{label}");
    }
    // Every article of both issues is in the table, with its lines.
    let rows = html.matches("<tr><td>kita-20").count();
    assert!(rows >= 2 + 25, "{rows} rows");
    assert!(html.contains("l. "), "line references");
}

#[test]
fn markdown_report_has_the_same_sections() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.md");
    assert!(report(&out).status.success());
    let md = std::fs::read_to_string(&out).unwrap();
    for heading in [
        "# Temarapport",
        "## Andel pr. nummer",
        "## Udvikling pr. år",
        "## Ord på vej op",
        "## Alle artikler",
    ] {
        assert!(md.contains(heading), "{heading}");
    }
    assert!(md.contains("| kita-2022-autumn | 2022-10 |"));
    // The articles with no theme (8 of 31 on the seeds) are shown by their topics, found in
    // these issues, each with its weighted terms.
    let others = &md[md.find("## Andre emner").unwrap()..md.find("## Alle artikler").unwrap()];
    let topics: Vec<&str> = others.lines().filter(|l| l.starts_with("- **")).collect();
    assert!(!topics.is_empty(), "{others}");
    let without: usize = topics
        .iter()
        .map(|l| {
            let n = &l[l.find("** (").unwrap() + 4..];
            n[..n.find(' ').unwrap()].parse::<usize>().unwrap()
        })
        .sum();
    let untagged = md
        .lines()
        .filter(|l| l.starts_with("| kita-") && l.contains("| Intet tema |"))
        .count();
    assert_eq!(without, untagged, "{others}");
    assert!(topics.iter().all(|l| l.contains("; ord: ")), "{others}");
}

#[test]
fn an_issue_without_a_date_needs_one() {
    let dir = tempfile::tempdir().unwrap();
    let issue = dir.path().join("nummer.txt");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEEDS[0]), &issue).unwrap();
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tema"))
            .arg("report")
            .arg(&issue)
            .arg("--out")
            .arg(dir.path().join("r.md"))
            .args(extra)
            .output()
            .unwrap()
    };
    let without = run(&[]);
    // The clean seed names its year in its first lines? Either way the outcome is stated.
    if !without.status.success() {
        let err = String::from_utf8_lossy(&without.stderr);
        assert!(
            err.contains("nummer.txt") && err.contains("--date"),
            "{err}"
        );
    }
    let with = run(&["--date", "2021-03"]);
    assert!(with.status.success());
}

/// With Chromium present (Debian package `chromium`), the page is rendered to a PNG as a
/// person would see it; the picture must be a real, non-trivial image.
#[test]
fn chromium_renders_the_report_when_installed() {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            Command::new(b)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        eprintln!("chromium not installed: the rendering check is skipped");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    assert!(report(&out).status.success());
    let png = dir.path().join("report.png");
    let status = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=1200,2400",
        ])
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", out.display()))
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((width, height), (1200, 2400));
    assert!(
        bytes.len() > 50_000,
        "a page with charts and text, not a blank one"
    );
}
