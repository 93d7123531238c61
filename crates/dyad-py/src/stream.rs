//! Record batches handed to Python through the Arrow PyCapsule interface.

use std::ffi::CStr;

use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{RecordBatch, RecordBatchIterator};
use arrow_schema::{ArrowError, SchemaRef};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

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
