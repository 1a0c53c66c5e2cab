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
            let key = key.to_lowercase();
            // Links inside the page (the table of contents) are the only ones allowed.
            let inside = key == "href" && value.starts_with('#');
            assert!(
                inside
                    || !["src", "href", "xlink:href", "action", "srcset"].contains(&key.as_str()),
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
    for attribute in ["src", "xlink:href", "action"] {
        assert!(attributes(&html, attribute).is_empty(), "has {attribute}=");
    }
    assert!(attributes(&html, "href").iter().all(|h| h.starts_with('#')));
    for external in ["http://", "https://", "url(", "@import", "<script", "<link"] {
        assert!(
            !html.contains(external),
            "refers outside the page: {external}"
        );
    }
    // Both charts, each in a wide and a narrow layout, in time order, and every theme.
    assert_eq!(html.matches("<svg ").count(), 4);
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
    let all = &html[html.find("id=\"alle-artikler\"").unwrap()..];
    let rows = all.matches("<tr><td>").count();
    assert!(rows >= 25, "{rows} rows");
    assert!(html.contains("l. "), "line references");
    // Each issue is named once in it, as a group heading, and no number repeats in a group.
    for issue in ["kita-2022-autumn", "kita-2024-autumn"] {
        assert_eq!(all.matches(issue).count(), 1, "{issue}");
    }
    for group in all.split("<tr class=\"group\">").skip(1) {
        let numbers: Vec<&str> = group
            .split("<tr><td>")
            .skip(1)
            .map(|r| &r[..r.find("</td>").unwrap()])
            .collect();
        let unique: std::collections::BTreeSet<&&str> = numbers.iter().collect();
        assert_eq!(unique.len(), numbers.len(), "{numbers:?}");
        assert!(numbers.iter().all(|n| !n.contains("kita")), "{numbers:?}");
    }
}

/// The text of every `<svg class="chart LAYOUT">` in the page.
fn charts<'a>(html: &'a str, layout: &str) -> Vec<&'a str> {
    let open = format!("<svg class=\"chart {layout}\"");
    html.match_indices(&open)
        .map(|(i, _)| &html[i..i + html[i..].find("</svg>").unwrap()])
        .collect()
}

/// The texts of a chart's `<text>` elements.
fn texts(svg: &str) -> Vec<&str> {
    svg.split("<text ")
        .skip(1)
        .map(|t| &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()])
        .collect()
}

/// The charts scale with the page, show dates (not file names), print their values and show a
/// year with no issue as a gap; a phone gets the narrow layout, where text is at least 12 px.
#[test]
fn charts_scale_show_dates_values_and_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    assert!(report(&out).status.success());
    let html = std::fs::read_to_string(&out).unwrap();
    let (wide, narrow) = (charts(&html, "wide"), charts(&html, "narrow"));
    assert_eq!((wide.len(), narrow.len()), (2, 2));
    // Below 900 px the wide charts give way to the narrow ones.
    let css = &html[..html.find("</style>").unwrap()];
    let media = &css[css.find("@media (max-width: 899px)").unwrap()..];
    let media = &media[..media.find("}\n  }").unwrap()];
    assert!(media.contains(".chart.wide { display: none; }"), "{media}");
    for (svg, shown_at) in wide
        .iter()
        .map(|s| (s, 768.0))
        .chain(narrow.iter().map(|s| (s, 346.0)))
    {
        let view = &svg[svg.find("viewBox=\"0 0 ").unwrap() + 13..];
        let width: f64 = view[..view.find(' ').unwrap()].parse().unwrap();
        assert!(svg.contains("width=\"100%\""));
        for size in svg.split("font-size=\"").skip(1) {
            let size: f64 = size[..size.find('"').unwrap()].parse().unwrap();
            assert!(size * shown_at / width >= 12.0, "{size} of {width}");
        }
        for text in texts(svg) {
            assert!(!text.contains("kita-"), "a file name on a chart: {text}");
        }
    }
    // The time axis: issue dates, and the years 2022–2024 with 2023 shown empty.
    let issue_axis = texts(wide[0]);
    assert!(issue_axis.contains(&"2022-10") && issue_axis.contains(&"2024-10"));
    let year_axis = texts(wide[1]);
    for year in ["2022", "2023", "2024"] {
        assert!(year_axis.contains(&year), "{year_axis:?}");
    }
    assert_eq!(wide[1].matches("class=\"gap\"").count(), 1);
    assert!(
        !wide[1].contains("<path "),
        "no line through the year with no issue"
    );
    assert!(texts(narrow[1]).contains(&"2023: intet nummer"));
    // Every share of 15 % or more in the per-issue table is printed on its bar, in both layouts.
    let table = &html[html.find("<th>Dato</th>").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    for row in table.split("<tr><td>").skip(1) {
        let percents: Vec<&str> = row
            .split("<td class=\"num\">")
            .skip(2)
            .map(|c| &c[..c.find("</td>").unwrap()])
            .collect();
        assert_eq!(percents.len(), 5, "{row}");
        for percent in percents {
            let value: u32 = percent.trim_end_matches(" %").parse().unwrap();
            if value >= 15 {
                for svg in [wide[0], narrow[0]] {
                    assert!(texts(svg).contains(&percent), "{percent} not on a bar");
                }
            }
        }
    }
}

/// Each theme's terms are bars with their weights, heaviest first, and its names are listed.
#[test]
fn themes_show_weighted_term_bars_and_their_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    assert!(report(&out).status.success());
    let html = std::fs::read_to_string(&out).unwrap();
    let cyber = &html[html.find("<h2 id=\"cybersikkerhed\">").unwrap()..];
    let cyber = &cyber[..cyber.find("</section>").unwrap()];
    let bars = &cyber[cyber.find("<div class=\"bars\">").unwrap()..];
    let bars = &bars[..bars.find("</div>").unwrap()];
    let weights: Vec<f64> = bars
        .split("<span class=\"val\">")
        .skip(1)
        .map(|v| v[..v.find(' ').unwrap()].parse().unwrap())
        .collect();
    assert!(weights.len() >= 5, "{bars}");
    assert!(weights.windows(2).all(|w| w[0] >= w[1]), "{weights:?}");
    assert!(weights.iter().all(|w| *w > 0.0));
    let widths: Vec<f64> = bars
        .split("style=\"width: ")
        .skip(1)
        .map(|v| v[..v.find('%').unwrap()].parse().unwrap())
        .collect();
    assert_eq!(widths.len(), weights.len());
    assert_eq!(widths[0], 100.0);
    for (width, weight) in widths.iter().zip(&weights) {
        assert!(
            (width / 100.0 - weight / weights[0]).abs() < 0.01,
            "{width} vs {weight}"
        );
    }
    // Names of the theme's articles, by kind, with their counts; none of them a term.
    assert!(cyber.contains("<h3>Navne</h3>"), "{cyber}");
    assert!(cyber.contains("<h4>Personer</h4>") && cyber.contains("<h4>Steder</h4>"));
    assert!(cyber.contains(" omtaler</span>"));
}

/// The table of contents points at sections that exist, every id is unique, and every table
/// sits in a container that scrolls sideways on a narrow screen.
#[test]
fn html_report_has_a_table_of_contents_and_tables_that_scroll() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    assert!(report(&out).status.success());
    let html = std::fs::read_to_string(&out).unwrap();
    let dom = tl::parse(&html, tl::ParserOptions::default()).unwrap();
    let mut ids = std::collections::BTreeSet::new();
    let mut links = Vec::new();
    for node in dom.nodes() {
        let Some(tag) = node.as_tag() else { continue };
        if let Some(Some(id)) = tag.attributes().get("id") {
            let id = id.as_utf8_str().to_string();
            assert!(ids.insert(id.clone()), "id {id} twice");
        }
        if let Some(Some(href)) = tag.attributes().get("href") {
            links.push(href.as_utf8_str().to_string());
        }
    }
    // The fixed sections and one per theme.
    assert!(links.len() >= 6 + 4, "{links:?}");
    for link in &links {
        let target = link.strip_prefix('#').expect("a link inside the page");
        assert!(ids.contains(target), "{link} points nowhere; ids {ids:?}");
    }
    let tables = html.matches("<table>").count();
    assert!(tables >= 3);
    assert_eq!(
        html.matches("<div class=\"scroll\"><table>").count(),
        tables,
        "every table scrolls"
    );
    assert!(html.contains(".scroll { overflow-x: auto;"));
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
    assert!(md.contains("| 2022-10 | kita-2022-autumn |"));
    assert!(
        md.contains("| 2023 | 0 | intet nummer |"),
        "the year with no issue"
    );
    assert!(md.contains("Kendetegnende ord (vægt · artikler): "));
    assert!(md.contains("Personer (artikler · omtaler): "));
    // The table of contents links to headings of the page.
    let toc: Vec<&str> = md.lines().filter(|l| l.starts_with("- [")).collect();
    assert!(toc.len() >= 10, "{toc:?}");
    for entry in &toc {
        let heading = &entry[3..entry.find("](").unwrap()];
        assert!(md.contains(&format!("\n## {heading}\n")), "{heading}");
    }
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
    let untagged = md[md.find("## Alle artikler").unwrap()..]
        .lines()
        .filter(|l| l.contains("| Intet tema |"))
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
/// person would see it (the picture must be a real, non-trivial image) and measured at a
/// phone's width: chart text at least 12 px, nothing wider than the screen.
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

    // At a phone's 390 px (an iframe of that width: headless windows are at least 500 px),
    // the smallest chart text as rendered, and anything wider than the screen outside the
    // containers that scroll.
    let html = std::fs::read_to_string(&out).unwrap();
    let srcdoc = html.replace('&', "&amp;").replace('"', "&quot;");
    let probe = dir.path().join("probe.html");
    std::fs::write(
        &probe,
        format!(
            "<!DOCTYPE html><html><body style=\"margin:0\"><iframe id=\"f\" \
             style=\"width:390px;height:3000px;border:0\" srcdoc=\"{srcdoc}\"></iframe><script>
document.getElementById('f').addEventListener('load', () => {{
  const d = document.getElementById('f').contentDocument, w = d.defaultView;
  let min = 1e9, n = 0;
  for (const t of d.querySelectorAll('svg text')) {{
    const svg = t.ownerSVGElement;
    if (w.getComputedStyle(svg).display === 'none') continue;
    const px = parseFloat(t.getAttribute('font-size')) * svg.getScreenCTM().a;
    n++; if (px < min) min = px;
  }}
  let over = 0;
  for (const e of d.querySelectorAll('body *'))
    if (e.getBoundingClientRect().right > d.documentElement.clientWidth + 1 && !e.closest('.scroll')) over++;
  document.body.setAttribute('data-measured', min.toFixed(2) + ' ' + n + ' ' + over);
}});
</script></body></html>"
        ),
    )
    .unwrap();
    let dom = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--window-size=600,2000",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("file://{}", probe.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    let measured = &dom[dom.find("data-measured=\"").expect("the probe ran") + 15..];
    let measured: Vec<f64> = measured[..measured.find('"').unwrap()]
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let (smallest, shown, overflowing) = (measured[0], measured[1], measured[2]);
    assert!(shown >= 10.0, "the narrow charts' text is shown: {shown}");
    assert!(smallest >= 12.0, "chart text {smallest} px at 390 px");
    assert_eq!(overflowing, 0.0, "elements wider than the phone");
}
