//! PDF issues: their text, page by page, from Poppler's tools or, for pages without a text
//! layer, from Tesseract's OCR of the page image.
//!
//! A text page is read with `pdftotext -bbox-layout` (Debian `poppler-utils`): every word with
//! its box, in Poppler's reading order, grouped into flows (columns), blocks (paragraphs) and
//! lines. tema rebuilds the page from that, one printed line a line and a blank line between
//! blocks, because the segmenter reads blank lines as the gaps between a headline, a byline and
//! the body. The plain modes lose exactly that: the default mode and `-raw` drop every blank
//! line, and `-layout` keeps the gaps but sets two columns side by side on the same lines (the
//! README gives the figures of the comparison).
//!
//! A page with no text layer (a scan), or one whose text layer holds no words, is rendered by
//! `pdftoppm` at its image's own resolution (150 to 300 dpi) and read by `tesseract -l dan`
//! (Debian `tesseract-ocr`, `tesseract-ocr-dan`); the usual repair of lost æ/ø/å runs later and
//! leaves good OCR alone.
//!
//! The pages are joined as the seeds are laid out: each page starts with a line whose first
//! character is a single space, and no other line starts with whitespace. Each page's first
//! line number is kept ([`PdfPage`]), so units can say which pages they are printed on.
//!
//! Every tool runs with a time limit and a bound on what it may print; its output is decoded
//! as UTF-8 with damaged bytes replaced, and control characters other than newlines dropped. A
//! missing tool is one error naming the Debian package to install.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::ingest::{Decoded, Encoding};

/// Where a page's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageSource {
    /// The PDF's own text layer.
    Text,
    /// OCR of the page image.
    Ocr,
}

/// One page of a PDF issue in the text tema reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct PdfPage {
    /// The 1-based line of the text the page starts on; a page with no text at all starts where
    /// the next one does.
    pub first_line: usize,
    pub source: PageSource,
}

/// The longest one tool may run on one PDF (pdftotext) or one page (pdftoppm, tesseract).
const TOOL_TIMEOUT: Duration = Duration::from_secs(300);
/// The most text a tool may print: far beyond any issue, short of exhausting memory.
const TOOL_OUTPUT_LIMIT: usize = 256 * 1024 * 1024;
/// A page with fewer letters than this in its text layer is read by OCR.
const MIN_PAGE_LETTERS: usize = 3;

/// Whether `bytes` (the first bytes of a file) are a PDF's.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// Reads a PDF issue: every page's text layer, OCR for the pages without one, the pages joined
/// in the seeds' page convention.
pub fn read_pdf(path: &Path) -> Result<Decoded> {
    let layout = run_tool(
        path,
        "pdftotext",
        &[
            "-bbox-layout".as_ref(),
            "-enc".as_ref(),
            "UTF-8".as_ref(),
            path.as_os_str(),
            "-".as_ref(),
        ],
    )?;
    let mut pages: Vec<(String, PageSource)> = parse_bbox_layout(&layout)
        .into_iter()
        .map(|text| (text, PageSource::Text))
        .collect();
    let empty: Vec<usize> = (0..pages.len())
        .filter(|&i| letters(&pages[i].0) < MIN_PAGE_LETTERS)
        .collect();
    if !empty.is_empty() {
        let resolutions = image_resolutions(path)?;
        // Tesseract is told to use one thread; pages go in parallel instead, which uses the
        // cores better on short pages. Each page's text lands in its own slot: the order of
        // the results does not depend on the threads.
        let read: Vec<Result<String>> = empty
            .par_iter()
            .map(|&i| {
                let dpi = resolutions.get(&(i + 1)).copied().unwrap_or(300);
                ocr_page(path, i + 1, dpi.clamp(150, 300))
            })
            .collect();
        for (&i, text) in empty.iter().zip(read) {
            pages[i] = (text?, PageSource::Ocr);
        }
    }
    let (text, pages) = join_pages(&pages);
    if !text.chars().any(char::is_alphanumeric) {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(Decoded {
        text,
        encoding: Encoding::Utf8,
        pages,
        replaced: 0,
    })
}

fn letters(text: &str) -> usize {
    text.chars().filter(|c| c.is_alphabetic()).count()
}

/// Joins pages' texts: each page's first line opens with a single space, no other line opens
/// with whitespace, blank lines at a page's edges are dropped.
fn join_pages(pages: &[(String, PageSource)]) -> (String, Vec<PdfPage>) {
    let mut out = String::new();
    let mut line = 1;
    let mut starts = Vec::with_capacity(pages.len());
    for (text, source) in pages {
        starts.push(PdfPage {
            first_line: line,
            source: *source,
        });
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        let Some(first) = lines.iter().position(|l| !l.is_empty()) else {
            continue;
        };
        let last = lines.iter().rposition(|l| !l.is_empty()).unwrap_or(first);
        for (n, text) in lines[first..=last].iter().enumerate() {
            if n == 0 {
                out.push(' ');
            }
            out.push_str(text);
            out.push('\n');
            line += 1;
        }
    }
    (out, starts)
}

/// The text of each page of `pdftotext -bbox-layout` output: lines as Poppler found them, in
/// its reading order, a blank line between blocks.
fn parse_bbox_layout(xhtml: &str) -> Vec<String> {
    let mut pages: Vec<String> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for raw in xhtml.lines() {
        let tag = raw.trim_start();
        if tag.starts_with("<page") {
            pages.push(String::new());
        } else if tag.starts_with("<block") {
            if let Some(page) = pages.last_mut() {
                if !page.is_empty() {
                    page.push('\n');
                }
            }
        } else if let Some(rest) = tag.strip_prefix("<word") {
            if let Some((_, inner)) = rest.split_once('>') {
                let inner = inner.strip_suffix("</word>").unwrap_or(inner);
                words.push(unescape(inner));
            }
        } else if tag.starts_with("</line>") {
            if let Some(page) = pages.last_mut() {
                page.push_str(&words.join(" "));
                page.push('\n');
            }
            words.clear();
        }
    }
    pages
}

/// Undoes the XML escapes Poppler writes in word text.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The resolution of the largest image on each page (1-based), from `pdfimages -list`: a scan
/// is read at its own resolution, not blown up or shrunk.
fn image_resolutions(path: &Path) -> Result<std::collections::HashMap<usize, u32>> {
    let list = run_tool(path, "pdfimages", &["-list".as_ref(), path.as_os_str()])?;
    let mut best: std::collections::HashMap<usize, (u64, u32)> = Default::default();
    for row in list.lines().skip(2) {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
        if cols.len() < 14 {
            continue;
        }
        let (Ok(page), Ok(w), Ok(h), Ok(ppi)) = (
            cols[0].parse::<usize>(),
            cols[3].parse::<u64>(),
            cols[4].parse::<u64>(),
            cols[12].parse::<u32>(),
        ) else {
            continue;
        };
        let entry = best.entry(page).or_insert((0, 0));
        if w * h > entry.0 {
            *entry = (w * h, ppi);
        }
    }
    Ok(best.into_iter().map(|(p, (_, ppi))| (p, ppi)).collect())
}

/// OCR of one page: rendered in grey by pdftoppm into a temporary folder, read by Tesseract's
/// Danish model.
fn ocr_page(path: &Path, page: usize, dpi: u32) -> Result<String> {
    let dir = tempfile::tempdir().map_err(|source| Error::reading(path, source))?;
    let image = dir.path().join("page");
    let page_arg = page.to_string();
    let dpi_arg = dpi.to_string();
    run_tool(
        path,
        "pdftoppm",
        &[
            "-r".as_ref(),
            dpi_arg.as_ref(),
            "-gray".as_ref(),
            "-png".as_ref(),
            "-singlefile".as_ref(),
            "-f".as_ref(),
            page_arg.as_ref(),
            "-l".as_ref(),
            page_arg.as_ref(),
            path.as_os_str(),
            image.as_os_str(),
        ],
    )?;
    let png = dir.path().join("page.png");
    run_tool(
        path,
        "tesseract",
        &[
            png.as_os_str(),
            "stdout".as_ref(),
            "-l".as_ref(),
            "dan".as_ref(),
            "--dpi".as_ref(),
            dpi_arg.as_ref(),
        ],
    )
}

/// The Debian package that ships a tool.
fn package_of(tool: &str) -> &'static str {
    match tool {
        "tesseract" => "tesseract-ocr",
        _ => "poppler-utils",
    }
}

/// Runs a tool on `path` with a time limit and a bound on its output; gives its standard output
/// decoded as UTF-8 (damaged bytes replaced, control characters other than newline, tab and
/// form feed dropped).
fn run_tool(path: &Path, tool: &str, args: &[&std::ffi::OsStr]) -> Result<String> {
    let failed = |reason: String| Error::Tool {
        path: path.to_path_buf(),
        tool: tool.to_owned(),
        reason,
    };
    let mut child = Command::new(tool)
        .args(args)
        // One thread per Tesseract: pages run in parallel instead.
        .env("OMP_THREAD_LIMIT", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::MissingTool {
                    path: path.to_path_buf(),
                    tool: tool.to_owned(),
                    package: package_of(tool).to_owned(),
                }
            } else {
                failed(format!("cannot start: {e}"))
            }
        })?;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    // Both pipes are drained while the tool runs, or a chatty tool would block on a full pipe.
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let read = (&mut stdout)
            .take(TOOL_OUTPUT_LIMIT as u64 + 1)
            .read_to_end(&mut buf);
        // Whatever is past the limit is read and thrown away so the tool can finish.
        let _ = std::io::copy(&mut stdout, &mut std::io::sink());
        read.map(|_| buf)
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut buf);
        let _ = std::io::copy(&mut stderr, &mut std::io::sink());
        buf
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TOOL_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed(format!(
                    "took longer than {} s; stopped",
                    TOOL_TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(failed(format!("cannot wait for it: {e}"))),
        }
    };
    let out = out_reader
        .join()
        .expect("the reader thread does not panic")
        .map_err(|e| failed(format!("cannot read its output: {e}")))?;
    let err = err_reader.join().expect("the reader thread does not panic");
    if !status.success() {
        let message = String::from_utf8_lossy(&err);
        if tool == "tesseract" && message.contains("dan") && message.contains("load") {
            return Err(Error::MissingTool {
                path: path.to_path_buf(),
                tool: "tesseract's Danish model".to_owned(),
                package: "tesseract-ocr-dan".to_owned(),
            });
        }
        let last = message
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .unwrap_or("no message");
        return Err(failed(format!("failed ({status}): {last}")));
    }
    if out.len() > TOOL_OUTPUT_LIMIT {
        return Err(failed(format!(
            "printed more than {} MiB of text",
            TOOL_OUTPUT_LIMIT >> 20
        )));
    }
    Ok(String::from_utf8_lossy(&out)
        .chars()
        .filter(|&c| !c.is_control() || matches!(c, '\n' | '\t' | '\x0c'))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bbox_layout_gives_lines_and_a_blank_line_between_blocks() {
        let xhtml = r#"<doc>
  <page width="1" height="1">
    <flow>
      <block xMin="0">
        <line xMin="0">
          <word xMin="0">Af</word>
          <word xMin="0">Anna</word>
        </line>
      </block>
      <block xMin="0">
        <line xMin="0">
          <word xMin="0">R&amp;D</word>
          <word xMin="0">&lt;3&#248;</word>
        </line>
        <line xMin="0">
          <word xMin="0">slut</word>
        </line>
      </block>
    </flow>
  </page>
  <page width="1" height="1">
  </page>
</doc>"#;
        assert_eq!(parse_bbox_layout(xhtml), ["Af Anna\n\nR&D <3ø\nslut\n", ""]);
    }

    #[test]
    fn pages_join_in_the_seeds_convention() {
        let pages = [
            ("\n  Første side\n\n  mere\n\n".to_owned(), PageSource::Text),
            (String::new(), PageSource::Ocr),
            ("Anden side\n".to_owned(), PageSource::Text),
        ];
        let (text, starts) = join_pages(&pages);
        assert_eq!(text, " Første side\n\nmere\n Anden side\n");
        let firsts: Vec<usize> = starts.iter().map(|p| p.first_line).collect();
        assert_eq!(firsts, [1, 4, 4]);
        let lines = crate::ingest::lines::classify_lines(&text);
        let page_starts: Vec<usize> = lines
            .iter()
            .filter(|l| l.page_start)
            .map(|l| l.no)
            .collect();
        assert_eq!(page_starts, [1, 4]);
    }

    #[test]
    fn escapes_that_are_not_entities_stay() {
        assert_eq!(unescape("a & b &amp c &#xF8;"), "a & b &amp c ø");
    }

    #[test]
    fn a_missing_tool_names_its_debian_package() {
        let err = run_tool(Path::new("x.pdf"), "tema-no-such-tool", &[]).unwrap_err();
        assert!(
            err.to_string().contains("apt-get install poppler-utils"),
            "{err}"
        );
    }
}
