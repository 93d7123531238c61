//! Record batches handed to Python, and taken from it, through the Arrow
//! PyCapsule interface.

use std::ffi::CStr;

use arrow_array::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use arrow_array::{RecordBatch, RecordBatchIterator, RecordBatchReader};
use arrow_schema::{ArrowError, SchemaRef};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::args::type_name;

use crate::DyadError;

/// The capsule name the Arrow PyCapsule interface requires for a stream.
const STREAM: &CStr = c"arrow_array_stream";

/// A table of record batches that Arrow libraries read with
/// `pyarrow.table(x)`, `polars.DataFrame(x)` or `duckdb` — each export
/// shares the batches' buffers, so reading it twice copies nothing.
#[pyclass(module = "dyad", frozen)]
pub(crate) struct ArrowStream {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
}

impl ArrowStream {
    pub(crate) fn new(schema: SchemaRef, batches: Vec<RecordBatch>) -> ArrowStream {
        ArrowStream { schema, batches }
    }

    /// One batch, or the error of building it as a `DyadError`.
    pub(crate) fn of(batch: Result<RecordBatch, ArrowError>) -> PyResult<ArrowStream> {
        let batch = batch.map_err(|e| DyadError::new_err(format!("building the Arrow table: {e}")))?;
        Ok(ArrowStream::new(batch.schema(), vec![batch]))
    }
}

#[pymethods]
impl ArrowStream {
    /// Exports the table as an `ArrowArrayStream` capsule (the Arrow
    /// PyCapsule interface). A requested schema is not honoured: the
    /// table's own schema is always given, which the protocol allows.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let reader = RecordBatchIterator::new(self.batches.clone().into_iter().map(Ok), self.schema.clone());
        PyCapsule::new_with_value(py, FFI_ArrowArrayStream::new(Box::new(reader)), STREAM)
    }

    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.schema.fields().iter().map(|f| f.name().clone()).collect()
    }

    fn __len__(&self) -> usize {
        self.num_rows()
    }

    fn __repr__(&self) -> String {
        format!("<dyad.ArrowStream: {} rows, columns {}>", self.num_rows(), self.column_names().join(", "))
    }
}

/// The record batches of an Arrow table from Python: any object with
/// `__arrow_c_stream__` (a pyarrow `RecordBatch` or `Table`, a polars
/// `DataFrame`, …), read without copying its buffers and without a Python
/// object per value. `what` names the argument in errors.
pub(crate) fn import(what: &str, table: &Bound<'_, PyAny>) -> PyResult<(SchemaRef, Vec<RecordBatch>)> {
    if !table.hasattr("__arrow_c_stream__")? {
        return Err(PyTypeError::new_err(format!(
            "{what} must be an Arrow table (with __arrow_c_stream__), not {}",
            type_name(table)
        )));
    }
    let capsule = table.call_method0("__arrow_c_stream__")?.cast_into::<PyCapsule>()?;
    let stream = capsule.pointer_checked(Some(STREAM))?.cast::<FFI_ArrowArrayStream>();
    // SAFETY: a capsule named "arrow_array_stream" holds an initialized
    // `ArrowArrayStream` (the Arrow PyCapsule interface), and the capsule is
    // alive for this call. `from_raw` moves the stream out and leaves a
    // released one in its place, which the capsule's destructor then skips.
    #[allow(unsafe_code)]
    let reader = unsafe { RecordBatchStreamReader::from_raw(stream.as_ptr()) };
    let reader = reader.map_err(|e| PyValueError::new_err(format!("{what}: reading the Arrow stream: {e}")))?;
    let schema = reader.schema();
    let batches = reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| PyValueError::new_err(format!("{what}: reading the Arrow stream: {e}")))?;
    Ok((schema, batches))
}
