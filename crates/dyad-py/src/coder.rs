//! `dyad.Coder`: texts in, mentions out, with the engine's `Pipeline`.

use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;
use arrow_schema::ArrowError;
use dyad_engine::compat::PetrFile;
use dyad_engine::{content_hash, mention_id, CodeFailure, Coded, Pipeline, Settings};
use dyad_export::arrow::mentions_batch;
use dyad_types::{Article, Mention};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::args::{self, optional_strings, strings};
use crate::scale;
use crate::stream::{self, ArrowStream};
use crate::{CodingError, DictionaryError};

/// Codes texts into event mentions.
///
/// The dictionaries are compiled once, when the coder is made; a coder is
/// safe to share between threads, and coding releases the GIL.
#[pyclass(module = "dyad", frozen, subclass)]
pub(crate) struct Coder {
    pipeline: Pipeline,
    /// A pool of its own when more than one thread codes.
    pool: Option<rayon::ThreadPool>,
    threads: usize,
}

/// The dictionary paths of the `dicts` argument: one path or a list.
fn dict_paths(dicts: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PathBuf>> {
    let Some(d) = dicts.filter(|d| !d.is_none()) else { return Ok(Vec::new()) };
    if d.is_instance_of::<PyString>() || d.hasattr("__fspath__")? {
        return Ok(vec![d.extract::<PathBuf>()?]);
    }
    let items =
        d.try_iter().map_err(|_| PyTypeError::new_err("dicts must be a path or a list of paths".to_string()))?;
    items
        .enumerate()
        .map(|(i, p)| {
            let p = p?;
            p.extract::<PathBuf>()
                .map_err(|_| PyTypeError::new_err(format!("dicts[{i}] is {}; expected a path", args::type_name(&p))))
        })
        .collect()
}

/// The files of a dictionary path: itself, or the files of the directory, sorted.
fn files_of(path: &Path) -> PyResult<Vec<PathBuf>> {
    let err = |e: std::io::Error| DictionaryError::new_err(format!("reading {}: {e}", path.display()));
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(err)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

fn read(path: &Path) -> PyResult<(String, String)> {
    let bytes =
        std::fs::read(path).map_err(|e| DictionaryError::new_err(format!("reading {}: {e}", path.display())))?;
    Ok((path.display().to_string(), String::from_utf8_lossy(&bytes).into_owned()))
}

/// Settings from the `dicts` and `dict_format` arguments, as the CLI's
/// `--dict` and `--dict-format` read them.
fn settings(paths: &[PathBuf], format: &str) -> PyResult<Settings> {
    let mut s = Settings::default();
    match format {
        "dyad" => {
            for p in paths {
                for f in files_of(p)? {
                    s.user_dictionaries.push(read(&f)?);
                }
            }
        }
        "petrarch" => {
            if paths.is_empty() {
                return Err(PyValueError::new_err("dict_format=\"petrarch\" needs dicts: PETRARCH dictionary files"));
            }
            let mut files = Vec::new();
            for p in paths {
                for f in files_of(p)? {
                    if f.file_name().and_then(|n| n.to_str()).is_some_and(|n| PetrFile::of(n).is_some()) {
                        files.push(read(&f)?);
                    }
                }
            }
            if files.is_empty() {
                return Err(DictionaryError::new_err(
                    "no PETRARCH dictionary files (*.actors.txt, *.agents.txt, *.discards.txt, *verb*.txt) in dicts",
                ));
            }
            s.petrarch_dictionaries = Some(files);
        }
        other => {
            return Err(PyValueError::new_err(format!("dict_format must be \"dyad\" or \"petrarch\", not {other:?}")))
        }
    }
    Ok(s)
}

/// The articles of a `code` call, checked.
fn articles(
    texts: &Bound<'_, PyAny>,
    ids: Option<&Bound<'_, PyAny>>,
    dates: Option<&Bound<'_, PyAny>>,
    titles: Option<&Bound<'_, PyAny>>,
) -> PyResult<Vec<Article>> {
    let texts = strings("texts", texts, false)?;
    let n = texts.len();
    let ids = optional_strings("ids", ids, n, false)?;
    let dates = optional_strings("dates", dates, n, true)?;
    let titles = optional_strings("titles", titles, n, true)?;
    let mut out = Vec::with_capacity(n);
    for (i, text) in texts.into_iter().enumerate() {
        let date = match dates.as_ref().and_then(|d| d[i].as_deref()) {
            Some(d) => Some(args::date(&format!("dates[{i}]"), d)?),
            None => None,
        };
        out.push(Article {
            id: ids.as_ref().and_then(|v| v[i].clone()).unwrap_or_else(|| i.to_string()),
            text: text.unwrap_or_default(),
            title: titles.as_ref().and_then(|v| v[i].clone()),
            date,
            ..Article::default()
        });
    }
    Ok(out)
}

impl Coder {
    /// Codes the rows of an Arrow table with `code`, each row checked and
    /// coded on its own (in this coder's pool, without the GIL), then
    /// `batch` builds the output from the rows in input order.
    fn by_row<T: Send>(
        &self,
        py: Python<'_>,
        table: &Bound<'_, PyAny>,
        code: &(dyn Fn(&Article) -> Result<T, CodeFailure> + Sync),
        batch: impl FnOnce(Vec<scale::Done<T>>) -> Result<RecordBatch, ArrowError> + Send,
    ) -> PyResult<Result<RecordBatch, ArrowError>> {
        let (_, batches) = stream::import("batch", table)?;
        let (row_ids, rows) = scale::rows(&batches)?;
        Ok(py.detach(|| {
            let done = match &self.pool {
                Some(pool) => pool.install(|| scale::prepare_rows(code, row_ids, rows, true)),
                None => scale::prepare_rows(code, row_ids, rows, false),
            };
            batch(done)
        }))
    }

    /// Codes the articles in input order, without the GIL.
    fn run(&self, py: Python<'_>, articles: Vec<Article>) -> PyResult<Vec<Coded>> {
        let results = py.detach(|| match &self.pool {
            Some(pool) => pool.install(|| self.pipeline.code_batch(&articles)),
            None => articles.iter().map(|a| self.pipeline.try_code(a)).collect(),
        });
        results.into_iter().map(|r| r.map_err(|f| CodingError::new_err(f.to_string()))).collect()
    }
}

#[pymethods]
impl Coder {
    #[new]
    #[pyo3(signature = (dicts=None, dict_format="dyad", threads=1))]
    fn new(py: Python<'_>, dicts: Option<&Bound<'_, PyAny>>, dict_format: &str, threads: i64) -> PyResult<Coder> {
        let threads = usize::try_from(threads)
            .ok()
            .filter(|&t| t >= 1)
            .ok_or_else(|| PyValueError::new_err(format!("threads must be at least 1, not {threads}")))?;
        let settings = settings(&dict_paths(dicts)?, dict_format)?;
        let (pipeline, problems) = py.detach(|| Pipeline::new(&settings));
        if let Some(p) = problems.first() {
            let more = if problems.len() > 1 { format!(" (and {} more)", problems.len() - 1) } else { String::new() };
            return Err(DictionaryError::new_err(format!("dictionary {p}{more}")));
        }
        let pool = if threads > 1 {
            Some(
                rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .map_err(|e| CodingError::new_err(format!("starting {threads} threads: {e}")))?,
            )
        } else {
            None
        };
        Ok(Coder { pipeline, pool, threads })
    }

    /// The number of threads coding.
    #[getter]
    fn threads(&self) -> usize {
        self.threads
    }

    /// Codes a partition's batch for `dyad.spark.ingest`: an Arrow table
    /// (any object with `__arrow_c_stream__`) with string columns `text`,
    /// `id` and optionally `date`, `title`, `source`, `url`, `dateline`. One
    /// row per input row of [`scale::prepared_schema`]; a bad row's `error`
    /// is set instead of raising.
    fn _prepare(&self, py: Python<'_>, batch: &Bound<'_, PyAny>) -> PyResult<ArrowStream> {
        let code = |a: &Article| self.pipeline.standalone(a);
        ArrowStream::of(self.by_row(py, batch, &code, |done| scale::prepared_batch(&done))?)
    }

    /// Codes a partition's batch for `dyad.spark.code`, as `_prepare` but
    /// only the mentions: one row per input row of [`scale::coded_schema`].
    fn _code_rows(&self, py: Python<'_>, batch: &Bound<'_, PyAny>) -> PyResult<ArrowStream> {
        let code = |a: &Article| {
            self.pipeline.try_code(a).map(|c| {
                let hash = content_hash(&a.text);
                ((0..c.mentions.len()).map(|i| mention_id(&hash, i)).collect(), c)
            })
        };
        ArrowStream::of(self.by_row(py, batch, &code, |done| scale::coded_batch(&done))?)
    }

    /// Codes texts. `output` chooses the result: `"json"`, the mentions as
    /// one JSON array (the Python side parses it into the dicts `dyad code`
    /// writes as JSONL); `"arrow"`, an [`ArrowStream`]; `"count"`,
    /// (documents, sentences, mentions) only, the cost of coding alone
    /// (for benchmarks). `Coder.code` and `Coder.code_arrow` call this.
    #[pyo3(signature = (output, texts, ids=None, dates=None, titles=None))]
    fn _code(
        &self,
        py: Python<'_>,
        output: &str,
        texts: &Bound<'_, PyAny>,
        ids: Option<&Bound<'_, PyAny>>,
        dates: Option<&Bound<'_, PyAny>>,
        titles: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        if !matches!(output, "json" | "arrow" | "count") {
            return Err(PyValueError::new_err(format!("output must be json, arrow or count, not {output:?}")));
        }
        let coded = self.run(py, articles(texts, ids, dates, titles)?)?;
        let mentions = || coded.iter().flat_map(|c| &c.mentions);
        match output {
            "json" => {
                let all: Vec<&Mention> = mentions().collect();
                let text =
                    serde_json::to_string(&all).map_err(|e| CodingError::new_err(format!("encoding mentions: {e}")))?;
                Ok(text.into_pyobject(py)?.into_any().unbind())
            }
            "arrow" => {
                let batch = py.detach(|| {
                    let rows: Vec<(Option<i64>, &Mention)> = mentions().map(|m| (None, m)).collect();
                    mentions_batch(&rows)
                });
                Ok(Py::new(py, ArrowStream::of(batch)?)?.into_any())
            }
            _ => {
                let counts = (coded.len(), coded.iter().map(|c| c.sentences).sum::<usize>(), mentions().count());
                Ok(counts.into_pyobject(py)?.into_any().unbind())
            }
        }
    }
}
