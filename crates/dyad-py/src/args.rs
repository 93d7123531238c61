//! Python arguments checked and converted, with errors that name the
//! argument (and the item) that was wrong.

use dyad_types::PartialDate;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyString;

/// The name of a value's type, for messages.
pub(crate) fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".to_string())
}

/// A sequence argument as its items: a `str` is refused (it would iterate
/// as characters), as is anything that is not iterable.
fn items<'py>(name: &str, v: &Bound<'py, PyAny>) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if v.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(format!("{name} must be a sequence of str, not a single str")));
    }
    let it =
        v.try_iter().map_err(|_| PyTypeError::new_err(format!("{name} must be a sequence, not {}", type_name(v))))?;
    it.collect()
}

/// A list of strings; `None` items are allowed only when `nullable`.
pub(crate) fn strings(name: &str, v: &Bound<'_, PyAny>, nullable: bool) -> PyResult<Vec<Option<String>>> {
    items(name, v)?
        .iter()
        .enumerate()
        .map(|(i, item)| {
            if item.is_none() {
                if nullable {
                    return Ok(None);
                }
                return Err(PyTypeError::new_err(format!("{name}[{i}] is None; expected str")));
            }
            match item.cast::<PyString>() {
                Ok(s) => Ok(Some(s.to_str()?.to_string())),
                Err(_) => Err(PyTypeError::new_err(format!("{name}[{i}] is {}; expected str", type_name(item)))),
            }
        })
        .collect()
}

/// An optional list of strings that must have `n` items.
pub(crate) fn optional_strings(
    name: &str,
    v: Option<&Bound<'_, PyAny>>,
    n: usize,
    nullable: bool,
) -> PyResult<Option<Vec<Option<String>>>> {
    let Some(v) = v.filter(|v| !v.is_none()) else { return Ok(None) };
    let out = strings(name, v, nullable)?;
    if out.len() != n {
        return Err(PyValueError::new_err(format!("{name} has {} items but texts has {n}", out.len())));
    }
    Ok(Some(out))
}

/// A date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`), or a `ValueError` naming `what`.
pub(crate) fn date(what: &str, s: &str) -> PyResult<PartialDate> {
    PartialDate::parse(s)
        .ok_or_else(|| PyValueError::new_err(format!("{what}: `{s}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")))
}

/// An optional date argument.
pub(crate) fn optional_date(what: &str, s: Option<&str>) -> PyResult<Option<PartialDate>> {
    s.map(|s| date(what, s)).transpose()
}
