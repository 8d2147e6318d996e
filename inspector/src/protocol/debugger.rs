//! `Debugger` domain types: locations, call frames, scopes, `scriptParsed`, and method
//! parameters.

use super::runtime::RemoteObject;
use jetcrab_engine::debug as engine;
use serde::{Deserialize, Serialize};

/// `Debugger.Location` (0-based).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// Script id.
    pub script_id: String,
    /// 0-based line.
    pub line_number: u32,
    /// 0-based column.
    #[serde(default)]
    pub column_number: Option<u32>,
}

impl From<engine::Location> for Location {
    fn from(l: engine::Location) -> Self {
        Location {
            script_id: l.script_id.to_string(),
            line_number: l.line,
            column_number: Some(l.column),
        }
    }
}

/// `Debugger.Scope`.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Scope {
    /// `local`, `closure`, `with`, `global`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The variables.
    pub object: RemoteObject,
}

/// `Debugger.CallFrame`.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct CallFrame {
    /// Opaque frame id (its index from the top).
    pub call_frame_id: String,
    /// Function name.
    pub function_name: String,
    /// Current location.
    pub location: Location,
    /// Script URL.
    pub url: String,
    /// Scope chain.
    pub scope_chain: Vec<Scope>,
    /// `this`.
    pub this: RemoteObject,
}

impl From<engine::CallFrameInfo> for CallFrame {
    fn from(f: engine::CallFrameInfo) -> Self {
        CallFrame {
            call_frame_id: f.index.to_string(),
            function_name: f.function_name,
            location: f.location.into(),
            url: f.url,
            scope_chain: f
                .scopes
                .into_iter()
                .map(|s| Scope {
                    kind: s.kind.to_string(),
                    object: s.object.into(),
                })
                .collect(),
            this: f.this.into(),
        }
    }
}

/// `Debugger.scriptParsed` event parameters.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ScriptParsed {
    /// Script id.
    pub script_id: String,
    /// URL.
    pub url: String,
    /// First line.
    pub start_line: u32,
    /// First column.
    pub start_column: u32,
    /// Last line.
    pub end_line: u32,
    /// Last column.
    pub end_column: u32,
    /// Execution context.
    pub execution_context_id: u32,
    /// Content hash.
    pub hash: String,
    /// An ES module.
    pub is_module: bool,
    /// Source length.
    pub length: u32,
}

impl From<&engine::ScriptInfo> for ScriptParsed {
    fn from(s: &engine::ScriptInfo) -> Self {
        ScriptParsed {
            script_id: s.id.to_string(),
            url: s.url.clone(),
            start_line: 0,
            start_column: 0,
            end_line: s.end_line,
            end_column: s.end_column,
            execution_context_id: 1,
            hash: s.hash.clone(),
            is_module: s.is_module,
            length: 0,
        }
    }
}

/// `Debugger.setBreakpointByUrl` parameters.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetBreakpointByUrlParams {
    /// 0-based line.
    pub line_number: u32,
    /// Exact URL.
    #[serde(default)]
    pub url: Option<String>,
    /// URL pattern.
    #[serde(default)]
    pub url_regex: Option<String>,
    /// 0-based column.
    #[serde(default)]
    pub column_number: Option<u32>,
}

/// `Debugger.setBreakpoint` parameters.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetBreakpointParams {
    /// Where.
    pub location: Location,
}

/// `Debugger.getPossibleBreakpoints` parameters.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetPossibleBreakpointsParams {
    /// Start (inclusive).
    pub start: Location,
    /// End (exclusive).
    #[serde(default)]
    pub end: Option<Location>,
}

/// Parameters naming a breakpoint.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BreakpointIdParams {
    /// The breakpoint.
    pub breakpoint_id: String,
}

/// Parameters naming a script.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScriptIdParams {
    /// The script.
    pub script_id: String,
}

/// `Debugger.setBreakpointsActive` parameters.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ActiveParams {
    /// On or off.
    pub active: bool,
}

/// `Debugger.setPauseOnExceptions` parameters.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct PauseOnExceptionsParams {
    /// `none`, `uncaught`, `caught` or `all`.
    pub state: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_round_trip() {
        let l = Location {
            script_id: "3".into(),
            line_number: 4,
            column_number: Some(2),
        };
        let text = serde_json::to_string(&l).unwrap();
        assert_eq!(text, r#"{"scriptId":"3","lineNumber":4,"columnNumber":2}"#);
        assert_eq!(serde_json::from_str::<Location>(&text).unwrap(), l);
        let p: SetBreakpointByUrlParams =
            serde_json::from_str(r#"{"lineNumber":3,"urlRegex":"a\\.js$"}"#).unwrap();
        assert_eq!(p.url_regex.as_deref(), Some("a\\.js$"));
    }
}
