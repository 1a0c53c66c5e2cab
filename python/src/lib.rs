//! `tema._tema`: the Rust half of the Python package `tema`.
//!
//! The pure-Python package in `tema/` re-exports what is here and adds the Dask and Spark
//! helpers. Records cross into Python as the JSON the command line prints (serialised with
//! serde_json, read back by `json.loads`), so a field added to a record in the library reaches
//! Python with the same name and shape without a line changed here. Every call that does real
//! work lets go of the GIL first, so other Python threads run meanwhile.

use std::path::{Path, PathBuf};

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};
use rayon::prelude::*;
use serde::Serialize;

use tema::ingest::{Decoded, Document};
use tema::output::{self, batch, Format};
use tema::summaries::{Extract, Length};
use tema::text::RepairOffsets;

// The repair and the vectors make many small strings; the command line uses mimalloc for the
// same reason, and the package should not be slower than it for want of an allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(
    tema,
    TemaError,
    PyValueError,
    "A file or text tema cannot use; the message names the file and the reason."
);

/// The error of the library as a `tema.TemaError`, its one-line message unchanged.
fn to_py(err: tema::Error) -> PyErr {
    TemaError::new_err(err.to_string())
}

/// Documents tagged by one task of `tag`: enough to share out over the cores, few enough that
/// each task's stemmer cache pays off.
const DOCS_PER_TASK: usize = 16;

/// What `summarise` gives for one text, as `tema summarise --input` prints it.
#[derive(Serialize)]
struct Summarised<'a> {
    id: &'a str,
    title: Option<&'a str>,
    summary: &'a [Extract],
}

/// The pipeline of `tema tag`: a theme model, whether damaged text is repaired, and the
/// summaries' length, held once and used for many texts. Safe to share between threads.
///
/// Args:
///     model: a model file made by `tema train`; the model built into tema when None.
///     repair: put back the æ/ø/å that OCR lost before analysis (as the command line does
///         unless given --no-repair).
///
/// Raises:
///     TemaError: the model file is missing, unreadable or not a tema model.
#[pyclass(module = "tema", frozen)]
struct Pipeline {
    inner: tema::Pipeline,
    /// `json.loads`, looked up once.
    loads: Py<PyAny>,
}

#[pymethods]
impl Pipeline {
    #[new]
    #[pyo3(signature = (model=None, repair=true))]
    fn new(py: Python<'_>, model: Option<PathBuf>, repair: bool) -> PyResult<Self> {
        let inner = py
            .detach(|| {
                let mut params = tema::Pipeline::params().repair(repair);
                if let Some(path) = &model {
                    params = params.model(tema::themes::Model::read(path)?);
                }
                params.build()
            })
            .map_err(to_py)?;
        let loads = py.import("json")?.getattr("loads")?.unbind();
        Ok(Pipeline { inner, loads })
    }

    /// Whether texts are repaired before analysis (`repair=` of the constructor).
    #[getter]
    fn repairs(&self) -> bool {
        self.inner.repairs()
    }

    /// The text with the æ, ø and å that OCR lost put back, as `tema repair` writes it: the
    /// same lines and words, only letters inside damaged words changed. A text that does not
    /// look damaged comes back as it is.
    fn repair(&self, py: Python<'_>, text: String) -> String {
        py.detach(|| match tema::text::repair_document(&text) {
            std::borrow::Cow::Borrowed(_) => text,
            std::borrow::Cow::Owned(repaired) => repaired,
        })
    }

    /// The units of an issue (articles, editorials, briefs, ads) in reading order: one dict
    /// each, as `tema articles --format jsonl` prints them (with `--no-repair` when the pipeline
    /// does not repair).
    ///
    /// Args:
    ///     text: the issue's plain text.
    ///     name: names the issue in unit ids (`<name>-NN`, a file name's stem) and in errors.
    ///
    /// Raises:
    ///     TemaError: the text is empty or not Danish.
    #[pyo3(signature = (text, name="issue"))]
    fn articles<'py>(
        &self,
        py: Python<'py>,
        text: String,
        name: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let json = py
            .detach(|| {
                let issue = self.inner.issue_from_text(name, &text)?.value;
                Ok(json_array(&output::render_units(&issue, Format::Jsonl)))
            })
            .map_err(to_py)?;
        self.loads(py, json)
    }

    /// Tags the content units of an issue (articles, editorials, briefs): one dict each, the
    /// record `tema batch` writes for the file (`source`, `source_hash`, `issue`, `id`,
    /// `date`, `title`, `theme`, `themes`, `terms`, `summary`, `term_counts`, …), so a list of
    /// them is what `tema report --from` reads.
    ///
    /// Args:
    ///     text_or_path: a path (`str` without a line break, or any `os.PathLike`) of an
    ///         issue file, read as `tema batch` reads it; or the issue's text itself.
    ///     name: for a text, names the issue as a file name would (its stem is the issue's
    ///         id, its path dates it) and is the records' `source`; ignored for a path.
    ///     issue: the issue's id, as `tema batch` gives it from the path below the archive
    ///         root (see `tema.archive`); the file stem when None.
    ///
    /// Raises:
    ///     TemaError: the file is missing, unreadable, binary, too large, empty or not Danish.
    #[pyo3(signature = (text_or_path, name="issue", issue=None))]
    fn tag_issue<'py>(
        &self,
        py: Python<'py>,
        text_or_path: &Bound<'py, PyAny>,
        name: &str,
        issue: Option<String>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let source = match text_or_path.cast::<PyString>() {
            Ok(s) => {
                let s = s.to_cow()?.into_owned();
                if s.contains('\n') {
                    Source::Text(s)
                } else {
                    Source::Path(PathBuf::from(s))
                }
            }
            Err(_) => Source::Path(text_or_path.extract::<PathBuf>()?),
        };
        let json = py
            .detach(|| {
                let (path, decoded) = match source {
                    Source::Path(path) => {
                        let decoded = tema::ingest::read_text(&path)?;
                        (path, decoded)
                    }
                    Source::Text(text) => (PathBuf::from(name), Decoded::utf8(text)),
                };
                let hash = batch::content_hash(&decoded.text);
                let id = issue.unwrap_or_else(|| tema::ingest::issue_name(&path));
                let read = batch::tag_issue_file(&self.inner, &path, id, decoded, None)?;
                Ok(json_array(&batch::result_lines(
                    &path.display().to_string(),
                    &hash,
                    &read.value.articles,
                )))
            })
            .map_err(to_py)?;
        self.loads(py, json)
    }

    /// Tags documents: dicts with `text` and optional `id` and `title` (the lines of
    /// `tema tag --input`), or plain strings. One dict per document, in their order, equal to
    /// what `tema tag --input` gives for the same documents as a JSON Lines file; a document
    /// without `id` is named `doc-<n>`, counting from 1. The documents are tagged in parallel,
    /// the GIL released.
    ///
    /// Raises:
    ///     TemaError: a document without text, or documents that are not Danish as a whole.
    fn tag<'py>(&self, py: Python<'py>, docs: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        let mut docs = documents(docs)?;
        let json = py
            .detach(|| {
                let source = Path::new("documents");
                if docs.is_empty() {
                    return Ok("[]".to_owned());
                }
                tema::ingest::danish_score_of(docs.iter().map(|d| d.text.as_str()))
                    .check(source)?;
                self.inner.repair_documents(&mut docs, false);
                let tagged: Vec<_> = docs
                    .par_chunks(DOCS_PER_TASK)
                    .flat_map_iter(|chunk| self.inner.tag_documents(chunk))
                    .collect();
                Ok(serde_json::to_string(&tagged).expect("records serialise"))
            })
            .map_err(to_py)?;
        self.loads(py, json)
    }

    /// The summary of a text: its most telling sentences, in their order, as `tema summarise
    /// --input` picks them. A dict `{"id", "title", "summary": [{"text", "span"}, …]}`; each
    /// `span` is `[start, end)` in bytes of the UTF-8 text as given, even when the text was
    /// repaired (the extract's `text` is the repaired one).
    ///
    /// Args:
    ///     text: the article.
    ///     sentences: at most this many sentences (a quotation kept whole counts all of its).
    ///     title: the headline, which guides the choice.
    ///     id: the id of the record.
    ///
    /// Raises:
    ///     TemaError: sentences is 0.
    #[pyo3(signature = (text, sentences=3, title=None, id="doc-1"))]
    fn summarise<'py>(
        &self,
        py: Python<'py>,
        text: String,
        sentences: usize,
        title: Option<String>,
        id: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let json = py
            .detach(|| {
                let pipeline = tema::Pipeline::params()
                    .repair(self.inner.repairs())
                    .summary_length(Length::Sentences(sentences))
                    .build()?;
                let mut doc = Document {
                    id: id.to_owned(),
                    text,
                    title,
                    reference: None,
                    theme: None,
                };
                let given = pipeline
                    .repair_documents(std::slice::from_mut(&mut doc), true)
                    .pop()
                    .flatten();
                let mut summary = pipeline.summarise_document(&doc);
                if let Some(given) = given {
                    // The caller holds the text as given: spans point there, as the command
                    // line's do.
                    let offsets = RepairOffsets::new(&given, &doc.text).ok_or_else(|| {
                        tema::Error::Param {
                            name: "text",
                            reason: "the repair moved words, so spans cannot be given \
                                     (use repair=False)"
                                .to_owned(),
                        }
                    })?;
                    for extract in &mut summary {
                        extract.span = offsets.original_span(extract.span);
                    }
                }
                let record = Summarised {
                    id: &doc.id,
                    title: doc.title.as_deref(),
                    summary: &summary,
                };
                Ok(serde_json::to_string(&record).expect("summaries serialise"))
            })
            .map_err(to_py)?;
        self.loads(py, json)
    }

    fn __repr__(&self) -> String {
        let themes: Vec<&str> = self
            .inner
            .model()
            .themes
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        format!(
            "Pipeline(themes={themes:?}, repair={})",
            if self.inner.repairs() {
                "True"
            } else {
                "False"
            }
        )
    }
}

impl Pipeline {
    fn loads<'py>(&self, py: Python<'py>, json: String) -> PyResult<Bound<'py, PyAny>> {
        self.loads.bind(py).call1((json,))
    }
}

/// Where `tag_issue` reads its issue from.
enum Source {
    Path(PathBuf),
    Text(String),
}

/// JSON Lines as one JSON array, for one `json.loads`.
fn json_array(lines: &str) -> String {
    let mut out = String::with_capacity(lines.len() + 2);
    out.push('[');
    for (i, line) in lines.lines().filter(|l| !l.is_empty()).enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(line);
    }
    out.push(']');
    out
}

/// The documents of `tag`, checked: each a dict with a `text` string (and optional `id`, a
/// string or an integer, and `title`), or a string.
fn documents(docs: &Bound<'_, PyAny>) -> PyResult<Vec<Document>> {
    let mut out = Vec::new();
    for (index, item) in docs.try_iter()?.enumerate() {
        let item = item?;
        let number = index + 1;
        let fault = |reason: &str| TemaError::new_err(format!("documents[{index}]: {reason}"));
        let doc = if let Ok(text) = item.cast::<PyString>() {
            Document {
                id: format!("doc-{number}"),
                text: text.to_cow()?.into_owned(),
                title: None,
                reference: None,
                theme: None,
            }
        } else if let Ok(dict) = item.cast::<PyDict>() {
            let text = match dict.get_item("text")? {
                Some(text) => text
                    .extract::<String>()
                    .map_err(|_| fault("`text` must be a string"))?,
                None => return Err(fault("has no `text`")),
            };
            let id = match dict.get_item("id")? {
                None => format!("doc-{number}"),
                Some(id) if id.is_none() => format!("doc-{number}"),
                Some(id) => {
                    if let Ok(id) = id.extract::<String>() {
                        id
                    } else if let Ok(id) = id.extract::<i64>() {
                        id.to_string()
                    } else {
                        return Err(fault("`id` must be a string or an integer"));
                    }
                }
            };
            let title = match dict.get_item("title")? {
                Some(title) if !title.is_none() => Some(
                    title
                        .extract::<String>()
                        .map_err(|_| fault("`title` must be a string"))?,
                ),
                _ => None,
            };
            Document {
                id,
                text,
                title,
                reference: None,
                theme: None,
            }
        } else {
            return Err(fault("must be a dict with `text`, or a string"));
        };
        out.push(doc);
    }
    Ok(out)
}

/// The issue files of an archive as `tema batch` finds and names them: one dict `{"path",
/// "issue"}` per file, in batch's order, `issue` being the id batch gives it (from its path
/// below the archive root: `2019/nr3.pdf` → `2019-nr3`). Written one per line to JSON Lines
/// shards, they are what `tema tag --input -`, `tema.dask` and `tema.spark` read, and their
/// records then equal batch's.
///
/// Args:
///     inputs: files, folders (searched recursively for .txt and .pdf) or glob patterns.
///
/// Raises:
///     TemaError: an input that does not exist, or a folder with no issue in it.
#[pyfunction]
#[pyo3(signature = (*inputs))]
fn archive<'py>(py: Python<'py>, inputs: Vec<String>) -> PyResult<Bound<'py, PyAny>> {
    let entries = py
        .detach(|| {
            let mut files = Vec::new();
            for input in &inputs {
                let found = batch::collect_files(std::slice::from_ref(input))?;
                if found.is_empty() {
                    return Err(tema::Error::Read {
                        path: PathBuf::from(input),
                        source: std::io::Error::other(
                            "is a directory without .txt or .pdf issues in it",
                        ),
                    });
                }
                files.extend(found);
            }
            let ids = tema::ingest::issue_ids(&inputs, &files);
            let entries: Vec<serde_json::Value> = files
                .iter()
                .zip(ids)
                .map(|(path, issue)| {
                    serde_json::json!({"path": path.display().to_string(), "issue": issue})
                })
                .collect();
            Ok(serde_json::Value::from(entries).to_string())
        })
        .map_err(to_py)?;
    py.import("json")?.getattr("loads")?.call1((entries,))
}

#[pymodule]
fn _tema(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("TemaError", m.py().get_type::<TemaError>())?;
    m.add_class::<Pipeline>()?;
    m.add_function(wrap_pyfunction!(archive, m)?)?;
    Ok(())
}
