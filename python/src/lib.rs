//! `tema._tema`: the Rust half of the Python package `tema`.
//!
//! The pure-Python package in `tema/` re-exports what is here and adds the Dask and Spark
//! helpers. Records cross into Python as the JSON the command line prints (serialised with
//! serde_json, read back by `json.loads`), so a field added to a record in the library reaches
//! Python with the same name and shape without a line changed here.

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

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

/// The pipeline of `tema tag`, held once and used for many texts.
#[pyclass(module = "tema", frozen)]
struct Pipeline {
    model: tema::themes::Model,
    repair: bool,
}

#[pymethods]
impl Pipeline {
    #[new]
    #[pyo3(signature = (model=None, repair=true))]
    fn new(model: Option<std::path::PathBuf>, repair: bool) -> PyResult<Self> {
        let model = match model {
            Some(path) => tema::themes::Model::read(&path),
            None => tema::themes::Model::default_model(),
        }
        .map_err(to_py)?;
        Ok(Pipeline { model, repair })
    }

    /// The text with the æ, ø and å that OCR lost put back, as `tema repair` writes it; a text
    /// that does not look damaged comes back as it is.
    fn repair(&self, py: Python<'_>, text: &str) -> String {
        py.detach(|| tema::text::repair_document(text).into_owned())
    }

    /// Whether texts are repaired before analysis (`repair=` of the constructor).
    #[getter(repairs)]
    fn repairs(&self) -> bool {
        self.repair
    }

    fn __repr__(&self) -> String {
        format!(
            "Pipeline(themes={:?}, repair={})",
            self.model
                .themes
                .iter()
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>(),
            if self.repair { "True" } else { "False" }
        )
    }
}

#[pymodule]
fn _tema(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("TemaError", m.py().get_type::<TemaError>())?;
    m.add_class::<Pipeline>()?;
    Ok(())
}
