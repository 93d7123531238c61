//! `dyad._dyad`: the native module of the `dyad` Python package.
//!
//! - [`Coder`](coder::Coder) codes texts with the engine's `Pipeline`, the GIL
//!   released, and returns mentions as `dyad code`'s JSON records or as an
//!   Arrow stream.
//! - [`Store`](store::Store) reads a store (events, mentions, timelines,
//!   documents, panels) into Arrow streams.
//! - [`scale`]: the native half of `dyad.spark` (documents prepared for
//!   fusion elsewhere, near-duplicate checks, fusion of one key).
//! - [`ArrowStream`](stream::ArrowStream) hands record batches to Python
//!   through the Arrow PyCapsule interface (`__arrow_c_stream__`), so
//!   pyarrow, polars and duckdb read them without copies and without this
//!   package depending on any of them.
//!
//! The Arrow schemas are `dyad_export::arrow`'s, the same as the Parquet
//! export's. Bad arguments raise `TypeError`/`ValueError` naming the
//! argument; everything else raises a subclass of `DyadError`. The Python
//! side (`python/dyad/`) re-exports these with stubs and docstrings.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

// As in the CLI: the coder allocates small vectors per sentence, and
// mimalloc is markedly faster than the system allocator for that. Only this
// module's Rust allocations use it (Python and pyarrow keep their own), and
// the Arrow buffers handed to Python are freed through their release
// callbacks, back in this module. `bench/python` and `bench/spark` measure
// the wheel against the CLI with the same allocator on both sides.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod args;
mod coder;
mod scale;
mod store;
mod stream;

create_exception!(dyad, DyadError, PyException, "The base class of dyad's errors.");
create_exception!(dyad, DictionaryError, DyadError, "A dictionary could not be read or compiled.");
create_exception!(dyad, CodingError, DyadError, "Coding a document failed (a bug in dyad).");
create_exception!(dyad, StoreError, DyadError, "A store could not be opened or read.");
create_exception!(dyad, SchemaError, StoreError, "The store's schema version is not the one this dyad reads.");

#[pymodule]
fn _dyad(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("DyadError", py.get_type::<DyadError>())?;
    m.add("DictionaryError", py.get_type::<DictionaryError>())?;
    m.add("CodingError", py.get_type::<CodingError>())?;
    m.add("StoreError", py.get_type::<StoreError>())?;
    m.add("SchemaError", py.get_type::<SchemaError>())?;
    m.add_class::<coder::Coder>()?;
    m.add_class::<store::Store>()?;
    m.add_class::<stream::ArrowStream>()?;
    m.add_function(wrap_pyfunction!(scale::near_duplicates, m)?)?;
    m.add_function(wrap_pyfunction!(scale::fuse, m)?)?;
    m.add_function(wrap_pyfunction!(scale::schemas, m)?)?;
    Ok(())
}
