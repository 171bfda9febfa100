//! The pyo3 bindings: `portcullis._native`. The Python package (`python/portcullis`) builds its
//! public API on these classes and functions.

use std::path::PathBuf;

use portcullis::store::{ApprovalFilter, ApprovalStatus, StoreError as RustStoreError};
use portcullis::{Action, Decision, Finding, Guard, GuardError, Store};
use pyo3::exceptions::{PyException, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use pyo3::{IntoPyObjectExt, create_exception};
use serde_json::{Map, Number, Value};

use crate::core::{self, BindError, CallParts, ErrorKind, GuardConfig, MAX_DEPTH};

/// Most values (dict entries, list items, scalars) one argument tree may hold.
const MAX_NODES: usize = 1_000_000;

create_exception!(
    portcullis,
    PortcullisError,
    PyException,
    "Base class of every error portcullis raises; `code` is a stable snake_case code."
);
create_exception!(
    portcullis,
    PolicyError,
    PortcullisError,
    "The policy could not be loaded; `diagnostics` lists every problem with file, line and column."
);
create_exception!(
    portcullis,
    ConfigError,
    PortcullisError,
    "An option is invalid (mode, state, fsync, audit sinks)."
);
create_exception!(
    portcullis,
    StoreError,
    PortcullisError,
    "The session and approval store failed, or an approval cannot be granted or refused."
);
create_exception!(
    portcullis,
    LedgerError,
    PortcullisError,
    "The ledger or a key could not be opened or read."
);

/// The native module.
#[pymodule]
#[pyo3(name = "_native")]
fn native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyGuard>()?;
    m.add_class::<PyDecision>()?;
    m.add_class::<PyFinding>()?;
    m.add_function(wrap_pyfunction!(scan, m)?)?;
    m.add_function(wrap_pyfunction!(verify_ledger, m)?)?;
    m.add_function(wrap_pyfunction!(keygen, m)?)?;
    m.add_function(wrap_pyfunction!(builtin_policies, m)?)?;
    m.add("PortcullisError", py.get_type::<PortcullisError>())?;
    m.add("PolicyError", py.get_type::<PolicyError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("StoreError", py.get_type::<StoreError>())?;
    m.add("LedgerError", py.get_type::<LedgerError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MAX_DEPTH", MAX_DEPTH)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Errors

fn bind_err(py: Python<'_>, e: &BindError) -> PyErr {
    let msg = e.to_string();
    let err = match e.kind() {
        ErrorKind::Policy => PolicyError::new_err(msg),
        ErrorKind::Config => ConfigError::new_err(msg),
        ErrorKind::Store => StoreError::new_err(msg),
        ErrorKind::Ledger => LedgerError::new_err(msg),
        ErrorKind::Value => PyValueError::new_err(msg),
    };
    let value = err.value(py);
    let _ = value.setattr("code", e.code());
    let diagnostics = PyList::empty(py);
    if let BindError::Guard(GuardError::Policy(p)) = e {
        for d in p.diagnostics() {
            let item = PyDict::new(py);
            let _ = item.set_item("code", d.code());
            let _ = item.set_item("message", d.message());
            let _ = item.set_item("file", d.file());
            let _ = item.set_item("line", d.line());
            let _ = item.set_item("column", d.column());
            let _ = item.set_item("help", d.help());
            let _ = item.set_item("warning", d.is_warning());
            let _ = diagnostics.append(item);
        }
    }
    let _ = value.setattr("diagnostics", diagnostics);
    err
}

fn store_err(py: Python<'_>, e: &RustStoreError) -> PyErr {
    let err = StoreError::new_err(e.to_string());
    let _ = err.value(py).setattr("code", e.code());
    err
}

fn config_err(py: Python<'_>, code: &str, msg: String) -> PyErr {
    let err = ConfigError::new_err(msg);
    let _ = err.value(py).setattr("code", code);
    err
}

// ---------------------------------------------------------------------------------------------
// Python ⇄ JSON

/// Converts a Python value to JSON: `None`, `bool`, `int`, `float`, `str`, `bytes` (decoded as
/// UTF-8, invalid bytes replaced), `list`, `tuple` and `dict` with `str` keys. Anything else, or
/// a value nested deeper than [`MAX_DEPTH`] or holding more than [`MAX_NODES`] values, is an
/// error: the guard never decides on a value it could not read.
fn to_json(obj: &Bound<'_, PyAny>, depth: usize, budget: &mut usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err(format!(
            "value nests deeper than {MAX_DEPTH} levels (or contains itself)"
        )));
    }
    if *budget == 0 {
        return Err(PyValueError::new_err(format!(
            "value holds more than {MAX_NODES} items"
        )));
    }
    *budget -= 1;
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        return Ok(Value::Object(dict_to_map(d, depth, budget)?));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        if let Ok(v) = i.extract::<i64>() {
            return Ok(Value::Number(v.into()));
        }
        if let Ok(v) = i.extract::<u64>() {
            return Ok(Value::Number(v.into()));
        }
        return Err(PyValueError::new_err(format!(
            "integer `{}` is out of the 64-bit range",
            i.str().map_or_else(|_| "?".to_owned(), |s| s.to_string())
        )));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Number::from_f64(f.value())
            .map(Value::Number)
            .ok_or_else(|| PyValueError::new_err("`nan` and `inf` cannot be checked"));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        let mut out = Vec::with_capacity(l.len());
        for item in l.iter() {
            out.push(to_json(&item, depth + 1, budget)?);
        }
        return Ok(Value::Array(out));
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        let mut out = Vec::with_capacity(t.len());
        for item in t.iter() {
            out.push(to_json(&item, depth + 1, budget)?);
        }
        return Ok(Value::Array(out));
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(Value::String(
            String::from_utf8_lossy(b.as_bytes()).into_owned(),
        ));
    }
    let name = obj
        .get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string());
    Err(PyTypeError::new_err(format!(
        "cannot check a value of type `{name}`: use str, int, float, bool, None, list, tuple or \
         dict (portcullis.wrap converts dataclasses, pydantic models and paths for you)"
    )))
}

fn dict_to_map(
    d: &Bound<'_, PyDict>,
    depth: usize,
    budget: &mut usize,
) -> PyResult<Map<String, Value>> {
    let mut m = Map::new();
    for (k, v) in d.iter() {
        let Ok(key) = k.cast::<PyString>() else {
            let name = k
                .get_type()
                .name()
                .map_or_else(|_| "?".to_owned(), |n| n.to_string());
            return Err(PyTypeError::new_err(format!(
                "dict keys must be strings, got `{name}`"
            )));
        };
        m.insert(key.to_cow()?.into_owned(), to_json(&v, depth + 1, budget)?);
    }
    Ok(m)
}

fn object_arg(
    obj: Option<&Bound<'_, PyAny>>,
    what: &str,
    budget: &mut usize,
) -> PyResult<Option<Map<String, Value>>> {
    let Some(obj) = obj else {
        return Ok(None);
    };
    if obj.is_none() {
        return Ok(None);
    }
    match obj.cast::<PyDict>() {
        Ok(d) => Ok(Some(dict_to_map(d, 1, budget)?)),
        Err(_) => Err(PyTypeError::new_err(format!("`{what}` must be a dict"))),
    }
}

fn to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_bound_py_any(py)?
            } else if let Some(u) = n.as_u64() {
                u.into_bound_py_any(py)?
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_bound_py_any(py)?
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(xs) => {
            let list = PyList::empty(py);
            for x in xs {
                list.append(to_py(py, x)?)?;
            }
            list.into_any()
        }
        Value::Object(m) => {
            let dict = PyDict::new(py);
            for (k, x) in m {
                dict.set_item(k, to_py(py, x)?)?;
            }
            dict.into_any()
        }
    })
}

fn ser_to_py<'py, T: serde::Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(v)
        .map_err(|e| PortcullisError::new_err(format!("cannot convert a value: {e}")))?;
    to_py(py, &json)
}

// ---------------------------------------------------------------------------------------------
// Guard

/// The native guard. Use `portcullis.Guard`, which adds `enforce`, `wrap`, `tool` and approvals.
#[pyclass(frozen, subclass, module = "portcullis._native", name = "Guard")]
#[derive(Debug)]
pub(crate) struct PyGuard {
    inner: Guard,
}

#[pymethods]
impl PyGuard {
    #[new]
    #[pyo3(signature = (
        *, policies=None, yaml=None, origin=None, mode=None, state=Some("memory".to_owned()),
        ledger=None, key=None, fsync=None, audit_file=None, audit_stdout=false, trace=false
    ))]
    #[expect(
        clippy::too_many_arguments,
        reason = "mirrors the Python keyword arguments"
    )]
    fn new(
        py: Python<'_>,
        policies: Option<Vec<PathBuf>>,
        yaml: Option<String>,
        origin: Option<String>,
        mode: Option<String>,
        state: Option<String>,
        ledger: Option<PathBuf>,
        key: Option<PathBuf>,
        fsync: Option<String>,
        audit_file: Option<PathBuf>,
        audit_stdout: bool,
        trace: bool,
    ) -> PyResult<PyGuard> {
        let cfg = GuardConfig {
            policies: policies.unwrap_or_default(),
            yaml,
            origin,
            mode,
            state,
            ledger,
            key,
            fsync,
            audit_file,
            audit_stdout,
            trace,
        };
        let built = py.detach(|| cfg.build());
        match built {
            Ok(inner) => Ok(PyGuard { inner }),
            Err(e) => Err(bind_err(py, &e)),
        }
    }

    /// Decides one tool call. Never raises for a decision: a deny is a `Decision`.
    #[pyo3(signature = (
        tool, args=None, *, principal=None, session=None, environment=None, context=None,
        resource=None, result=None, action_id=None
    ))]
    #[expect(
        clippy::too_many_arguments,
        reason = "mirrors the Python keyword arguments"
    )]
    fn check(
        &self,
        py: Python<'_>,
        tool: String,
        args: Option<&Bound<'_, PyAny>>,
        principal: Option<&Bound<'_, PyAny>>,
        session: Option<String>,
        environment: Option<String>,
        context: Option<&Bound<'_, PyAny>>,
        resource: Option<&Bound<'_, PyAny>>,
        result: Option<&Bound<'_, PyAny>>,
        action_id: Option<String>,
    ) -> PyResult<PyDecision> {
        let action = action_from_parts(
            py,
            tool,
            args,
            principal,
            session,
            environment,
            context,
            resource,
            result,
            action_id,
        )?;
        let guard = &self.inner;
        let d = py.detach(|| guard.check(&action));
        Ok(PyDecision { d })
    }

    /// Decides one action given as a whole (`{"tool", "args", "principal", …}`), parsed exactly
    /// as `portcullis check --input` parses a line.
    fn check_action(&self, py: Python<'_>, action: &Bound<'_, PyAny>) -> PyResult<PyDecision> {
        let mut budget = MAX_NODES;
        let value = to_json(action, 0, &mut budget)?;
        let action = Action::from_value(value).map_err(|e| bind_err(py, &BindError::Action(e)))?;
        let guard = &self.inner;
        let d = py.detach(|| guard.check(&action));
        Ok(PyDecision { d })
    }

    /// Decides many actions (each a whole action object, as `check_action` takes) in order,
    /// with one ledger commit for the batch. Raises `ValueError` naming the first invalid one.
    fn check_batch(
        &self,
        py: Python<'_>,
        actions: &Bound<'_, PyList>,
    ) -> PyResult<Vec<PyDecision>> {
        let mut parsed = Vec::with_capacity(actions.len());
        for (i, item) in actions.iter().enumerate() {
            let mut budget = MAX_NODES;
            let value = to_json(&item, 0, &mut budget)?;
            let action = Action::from_value(value).map_err(|e| {
                let err = PyValueError::new_err(format!("action {i}: {e}"));
                let _ = err.value(py).setattr("code", e.code());
                err
            })?;
            parsed.push(action);
        }
        let guard = &self.inner;
        let ds = py.detach(|| guard.check_batch(&parsed));
        Ok(ds.into_iter().map(|d| PyDecision { d }).collect())
    }

    /// Checks a tool's result after it ran (post rules and result redaction); see
    /// `portcullis.Guard.wrap`. `pre_decision_id` links it to the decision that let it run.
    #[pyo3(signature = (
        tool, args, result, *, pre_decision_id, principal=None, session=None, environment=None,
        context=None, resource=None, action_id=None
    ))]
    #[expect(
        clippy::too_many_arguments,
        reason = "mirrors the Python keyword arguments"
    )]
    fn check_result(
        &self,
        py: Python<'_>,
        tool: String,
        args: Option<&Bound<'_, PyAny>>,
        result: &Bound<'_, PyAny>,
        pre_decision_id: String,
        principal: Option<&Bound<'_, PyAny>>,
        session: Option<String>,
        environment: Option<String>,
        context: Option<&Bound<'_, PyAny>>,
        resource: Option<&Bound<'_, PyAny>>,
        action_id: Option<String>,
    ) -> PyResult<PyDecision> {
        let action = action_from_parts(
            py,
            tool,
            args,
            principal,
            session,
            environment,
            context,
            resource,
            Some(result),
            action_id,
        )?;
        let guard = &self.inner;
        let d = py.detach(|| core::check_result(guard, &action, &pre_decision_id));
        Ok(PyDecision { d })
    }

    /// The policy's hash (SHA-256 hex of the canonical policy).
    #[getter]
    fn policy_hash(&self) -> String {
        self.inner.program().policy().hash.clone()
    }

    /// The mode decisions run in.
    #[getter]
    fn mode(&self) -> &'static str {
        self.inner.program().policy().defaults.mode.as_str()
    }

    /// The files the policy was loaded from (`builtin:` names for packs).
    #[getter]
    fn policy_sources(&self) -> Vec<String> {
        self.inner.program().policy().sources.clone()
    }

    /// Whether the guard keeps session and approval state.
    #[getter]
    fn has_state(&self) -> bool {
        self.inner.store().is_some()
    }

    /// Whether decisions are written to a signed ledger.
    #[getter]
    fn has_ledger(&self) -> bool {
        self.inner.ledger().is_some()
    }

    /// Replaces the policy (hot reload): compiled first, swapped when ready.
    #[pyo3(signature = (*, policies=None, yaml=None, origin=None, mode=None))]
    fn reload(
        &self,
        py: Python<'_>,
        policies: Option<Vec<PathBuf>>,
        yaml: Option<String>,
        origin: Option<String>,
        mode: Option<String>,
    ) -> PyResult<()> {
        let cfg = GuardConfig {
            policies: policies.unwrap_or_default(),
            yaml,
            origin,
            mode,
            ..GuardConfig::default()
        };
        let policy = py.detach(|| cfg.policy()).map_err(|e| bind_err(py, &e))?;
        let guard = &self.inner;
        py.detach(|| guard.reload(policy));
        Ok(())
    }

    /// Writes a ledger checkpoint and flushes the audit sinks. Call before exit.
    fn flush(&self, py: Python<'_>) -> PyResult<()> {
        let guard = &self.inner;
        py.detach(|| guard.flush()).map_err(|e| {
            let err = LedgerError::new_err(e);
            let _ = err.value(py).setattr("code", "ledger_unavailable");
            err
        })
    }

    /// One approval as a dict, or `None`.
    fn approval<'py>(&self, py: Python<'py>, approval_id: &str) -> PyResult<Bound<'py, PyAny>> {
        let store = self.store(py)?;
        match py.detach(|| store.approval(approval_id)) {
            Ok(Some(a)) => ser_to_py(py, &a),
            Ok(None) => Ok(py.None().into_bound(py)),
            Err(e) => Err(store_err(py, &e)),
        }
    }

    /// Approvals, newest first, as dicts.
    #[pyo3(signature = (*, status=None, session=None, limit=None))]
    fn list_approvals<'py>(
        &self,
        py: Python<'py>,
        status: Option<&str>,
        session: Option<String>,
        limit: Option<usize>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let store = self.store(py)?;
        let status = match status {
            None => None,
            Some(s) => Some(ApprovalStatus::parse(s).ok_or_else(|| {
                config_err(
                    py,
                    "approval_status_invalid",
                    format!(
                        "unknown approval status `{s}`: expected pending, granted, denied, \
                         consumed or expired"
                    ),
                )
            })?),
        };
        let filter = ApprovalFilter {
            status,
            session,
            limit,
        };
        let list = py
            .detach(|| store.approvals(&filter))
            .map_err(|e| store_err(py, &e))?;
        ser_to_py(py, &list)
    }

    /// Grants a pending approval (one call, until its deadline); returns it as a dict.
    #[pyo3(signature = (approval_id, *, by=None, note=None))]
    fn grant<'py>(
        &self,
        py: Python<'py>,
        approval_id: &str,
        by: Option<&str>,
        note: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let store = self.store(py)?;
        let a = py
            .detach(|| store.grant(approval_id, by, note))
            .map_err(|e| store_err(py, &e))?;
        ser_to_py(py, &a)
    }

    /// Refuses a pending approval for good; returns it as a dict.
    #[pyo3(signature = (approval_id, *, by=None, note=None))]
    fn deny_approval<'py>(
        &self,
        py: Python<'py>,
        approval_id: &str,
        by: Option<&str>,
        note: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let store = self.store(py)?;
        let a = py
            .detach(|| store.deny_approval(approval_id, by, note))
            .map_err(|e| store_err(py, &e))?;
        ser_to_py(py, &a)
    }

    /// Every session with state, as dicts.
    fn sessions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let store = self.store(py)?;
        let list = py
            .detach(|| store.sessions())
            .map_err(|e| store_err(py, &e))?;
        ser_to_py(py, &list)
    }

    /// One session's state as a dict, or `None`.
    fn session<'py>(&self, py: Python<'py>, session_id: &str) -> PyResult<Bound<'py, PyAny>> {
        let store = self.store(py)?;
        match py.detach(|| store.session(session_id)) {
            Ok(Some(s)) => ser_to_py(py, &s),
            Ok(None) => Ok(py.None().into_bound(py)),
            Err(e) => Err(store_err(py, &e)),
        }
    }

    /// Forgets a session's counters and termination; returns whether it had state.
    fn reset_session(&self, py: Python<'_>, session_id: &str) -> PyResult<bool> {
        let store = self.store(py)?;
        py.detach(|| store.reset_session(session_id))
            .map_err(|e| store_err(py, &e))
    }

    fn __repr__(&self) -> String {
        let program = self.inner.program();
        let p = program.policy();
        format!(
            "<portcullis.Guard policy={:?} mode={} state={} ledger={}>",
            p.sources.join(","),
            p.defaults.mode,
            self.inner.store().is_some(),
            self.inner.ledger().is_some()
        )
    }
}

impl PyGuard {
    fn store(&self, py: Python<'_>) -> PyResult<&dyn Store> {
        self.inner.store().map(|s| &**s).ok_or_else(|| {
            config_err(
                py,
                "state_disabled",
                "this guard keeps no state: build it with `state=\"memory\"`, `\"default\"` or a \
                 file path to use sessions and approvals"
                    .to_owned(),
            )
        })
    }
}

#[expect(clippy::too_many_arguments, reason = "one parameter per action field")]
fn action_from_parts(
    py: Python<'_>,
    tool: String,
    args: Option<&Bound<'_, PyAny>>,
    principal: Option<&Bound<'_, PyAny>>,
    session: Option<String>,
    environment: Option<String>,
    context: Option<&Bound<'_, PyAny>>,
    resource: Option<&Bound<'_, PyAny>>,
    result: Option<&Bound<'_, PyAny>>,
    action_id: Option<String>,
) -> PyResult<Action> {
    let mut budget = MAX_NODES;
    let args = object_arg(args, "args", &mut budget)?.unwrap_or_default();
    let principal = object_arg(principal, "principal", &mut budget)?;
    let context = object_arg(context, "context", &mut budget)?;
    let resource = match resource {
        Some(r) if !r.is_none() => Some(to_json(r, 1, &mut budget)?),
        _ => None,
    };
    let result = match result {
        Some(r) => Some(to_json(r, 1, &mut budget)?),
        None => None,
    };
    core::build_action(CallParts {
        tool,
        args,
        principal,
        session,
        environment,
        context,
        resource,
        result,
        action_id,
    })
    .map_err(|e| bind_err(py, &BindError::Action(e)))
}

// ---------------------------------------------------------------------------------------------
// Decision

/// The answer for one tool call.
#[pyclass(frozen, module = "portcullis", name = "Decision")]
#[derive(Debug)]
pub(crate) struct PyDecision {
    d: Decision,
}

#[pymethods]
impl PyDecision {
    /// `allow`, `alert`, `redact`, `require_approval`, `deny` or `terminate`.
    #[getter]
    fn decision(&self) -> &'static str {
        self.d.decision.as_str()
    }

    /// Whether the tool call may run (allow, alert, redact).
    #[getter]
    fn allowed(&self) -> bool {
        self.d.allowed()
    }

    fn __bool__(&self) -> bool {
        self.d.allowed()
    }

    /// Time-ordered unique id of this decision.
    #[getter]
    fn decision_id(&self) -> &str {
        &self.d.decision_id
    }

    /// The caller's id for the call, echoed.
    #[getter]
    fn action_id(&self) -> Option<&str> {
        self.d.action_id.as_deref()
    }

    /// Whether the decision is enforced (false in observe and audit modes).
    #[getter]
    fn enforced(&self) -> bool {
        self.d.enforced
    }

    /// What enforce mode would have decided.
    #[getter]
    fn would_decision(&self) -> &'static str {
        self.d.would_decision.as_str()
    }

    /// Every rule that matched, in policy order.
    #[getter]
    fn rule_ids(&self) -> Vec<String> {
        self.d.rule_ids.clone()
    }

    /// A human sentence; secrets redacted.
    #[getter]
    fn reason(&self) -> &str {
        &self.d.reason
    }

    /// Detector results.
    #[getter]
    fn findings(&self) -> Vec<PyFinding> {
        self.d
            .findings
            .iter()
            .map(|f| PyFinding { f: f.clone() })
            .collect()
    }

    /// Every finding and error code, in order.
    #[getter]
    fn codes(&self) -> Vec<String> {
        self.d.codes().map(str::to_owned).collect()
    }

    /// Risk score, 0–100.
    #[getter]
    fn risk_score(&self) -> u8 {
        self.d.risk_score
    }

    /// The approver role, when approval is required.
    #[getter]
    fn approver(&self) -> Option<&str> {
        self.d.approver.as_deref()
    }

    /// The pending or consumed approval, when there is one.
    #[getter]
    fn approval_id(&self) -> Option<&str> {
        self.d.approval_id.as_deref()
    }

    /// How long an approval stays open (`900s`), when approval is required.
    #[getter]
    fn approval_timeout(&self) -> Option<&str> {
        self.d.approval_timeout.as_deref()
    }

    /// What was redacted: `{"spans": [...], "args": {...}, "result": ...}`, or `None`.
    #[getter]
    fn redactions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.d.redactions {
            Some(r) => ser_to_py(py, r),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// The arguments with secrets replaced, or `None` when nothing was redacted.
    #[getter]
    fn redacted_args<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.d.redactions {
            Some(r) => to_py(py, &Value::Object(r.args.clone())),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// The tool result with secrets replaced, or `None`.
    #[getter]
    fn redacted_result<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match self.d.redactions.as_ref().and_then(|r| r.result.as_ref()) {
            Some(v) => to_py(py, v),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// Alerts raised by matching rules: `[{"rule_id", "message"}]`.
    #[getter]
    fn alerts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.d.alerts)
    }

    /// Internal failures that forced a fail-closed answer: `[{"code", "message", "rule_id"?}]`.
    #[getter]
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.d.errors)
    }

    /// SHA-256 of the canonical policy, hex.
    #[getter]
    fn policy_hash(&self) -> &str {
        &self.d.policy_hash
    }

    /// The mode the policy ran in.
    #[getter]
    fn mode(&self) -> &'static str {
        self.d.mode.as_str()
    }

    /// When the decision was made, RFC 3339 UTC.
    #[getter]
    fn timestamp(&self) -> &str {
        &self.d.timestamp
    }

    /// The shadow (candidate) policy's verdict, never enforced, or `None`.
    #[getter]
    fn shadow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.d.shadow {
            Some(s) => ser_to_py(py, s),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// Every rule tried and why (debug mode, `trace=True`), or `None`.
    #[getter]
    fn trace<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.d.trace {
            Some(t) => ser_to_py(py, t),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// Where the decision was written (`{"seq", "hash", "key_id"}`), or `None`.
    #[getter]
    fn ledger<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.d.ledger {
            Some(l) => ser_to_py(py, l),
            None => Ok(py.None().into_bound(py)),
        }
    }

    /// The decision as a dict, with the same keys as `portcullis check --json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.d)
    }

    /// The decision as JSON text, byte for byte what `portcullis check --json` prints.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.d)
            .map_err(|e| PortcullisError::new_err(format!("cannot encode the decision: {e}")))
    }

    fn __repr__(&self) -> String {
        format!(
            "<Decision {} rules={:?} reason={:?}>",
            self.d.decision, self.d.rule_ids, self.d.reason
        )
    }
}

/// One detector result.
#[pyclass(frozen, module = "portcullis", name = "Finding")]
#[derive(Debug)]
pub(crate) struct PyFinding {
    f: Finding,
}

#[pymethods]
impl PyFinding {
    /// Stable code, e.g. `shell.rm_recursive_root`, `secret.aws_access_key`.
    #[getter]
    fn code(&self) -> &str {
        &self.f.code
    }

    /// What was found, in a sentence; never the raw secret.
    #[getter]
    fn message(&self) -> &str {
        &self.f.message
    }

    /// Risk contributed, 0–100.
    #[getter]
    fn risk(&self) -> u8 {
        self.f.risk
    }

    /// JSON pointer of the argument the finding is in (`/command`), when known.
    #[getter]
    fn location(&self) -> Option<&str> {
        self.f.location.as_deref()
    }

    /// `(start, end)` byte span into the normalised value at `location`, when known.
    #[getter]
    fn span(&self) -> Option<(usize, usize)> {
        self.f.span.map(|s| (s.start, s.end))
    }

    /// A short, redacted excerpt that shows why.
    #[getter]
    fn evidence(&self) -> Option<&str> {
        self.f.evidence.as_deref()
    }

    /// The finding as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        ser_to_py(py, &self.f)
    }

    fn __repr__(&self) -> String {
        format!(
            "<Finding {} risk={} {:?}>",
            self.f.code, self.f.risk, self.f.message
        )
    }
}

// ---------------------------------------------------------------------------------------------
// Functions

/// Scans text for secrets: `(redacted_text, [match dicts])`. Offsets `start`/`end` are `str`
/// indices; `byte_start`/`byte_end` index the UTF-8 encoding.
#[pyfunction]
fn scan<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyString>,
) -> PyResult<(String, Bound<'py, PyList>)> {
    let text = text.to_cow()?.into_owned();
    let out = py.detach(|| core::scan(&text));
    let list = PyList::empty(py);
    for m in &out.matches {
        let d = PyDict::new(py);
        d.set_item("kind", m.kind)?;
        d.set_item("code", m.code)?;
        d.set_item("start", m.start)?;
        d.set_item("end", m.end)?;
        d.set_item("byte_start", m.byte_start)?;
        d.set_item("byte_end", m.byte_end)?;
        d.set_item("risk", m.risk)?;
        d.set_item("confidence", m.confidence)?;
        list.append(d)?;
    }
    Ok((out.redacted, list))
}

/// Verifies a ledger file with public keys (paths, or key text); returns the report as a dict.
#[pyfunction]
fn verify_ledger(
    py: Python<'_>,
    path: PathBuf,
    pubkeys: Vec<String>,
) -> PyResult<Bound<'_, PyAny>> {
    let report = py
        .detach(|| core::verify(&path, &pubkeys))
        .map_err(|e| bind_err(py, &e))?;
    ser_to_py(py, &report)
}

/// Writes a new Ed25519 key pair `DIR/NAME.key` (mode 0600) and `DIR/NAME.pub`; returns
/// `(private_key_path, public_key_path, key_id)`.
#[pyfunction]
#[pyo3(signature = (directory, name="ledger"))]
fn keygen(py: Python<'_>, directory: PathBuf, name: &str) -> PyResult<(PathBuf, PathBuf, String)> {
    let files = py
        .detach(|| portcullis::ledger::keygen_named(&directory, name))
        .map_err(|e| bind_err(py, &BindError::Key(e)))?;
    Ok((
        files.private_key,
        files.public_key,
        files.key_id.as_str().to_owned(),
    ))
}

/// The names of the built-in policy packs (`builtin:NAME`).
#[pyfunction]
fn builtin_policies() -> Vec<&'static str> {
    portcullis_policy::BUILTIN_PACKS
        .iter()
        .map(|(n, _)| *n)
        .collect()
}
