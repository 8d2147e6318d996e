//! The JSON-RPC envelope of CDP: requests, replies, errors and events.

use serde::Deserialize;
use serde_json::{json, Value};

/// JSON that does not parse.
pub const PARSE_ERROR: i64 = -32700;
/// A message without an integer `id` or a string `method`.
pub const INVALID_REQUEST: i64 = -32600;
/// A method this server does not implement.
pub const METHOD_NOT_FOUND: i64 = -32601;
/// Parameters missing or of the wrong type.
pub const INVALID_PARAMS: i64 = -32602;
/// A valid request that cannot be served now (e.g. not paused).
pub const SERVER_ERROR: i64 = -32000;

/// A request from a client.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// The client's request id, echoed in the reply.
    pub id: i64,
    /// `Domain.method`.
    pub method: String,
    /// The parameters (an object, or null when absent).
    pub params: Value,
}

#[derive(Deserialize)]
struct Envelope {
    id: Option<Value>,
    method: Option<Value>,
    #[serde(default)]
    params: Value,
}

/// Parses one message; a malformed one gives the error reply to send back.
pub fn parse(text: &str) -> Result<Request, String> {
    let env: Envelope = match serde_json::from_str(text) {
        Ok(e) => e,
        Err(_) => return Err(error(0, PARSE_ERROR, "Message must be a valid JSON")),
    };
    let Some(id) = env.id.as_ref().and_then(Value::as_i64) else {
        return Err(error(
            0,
            INVALID_REQUEST,
            "Message must have integer 'id' property",
        ));
    };
    let Some(method) = env.method.as_ref().and_then(Value::as_str) else {
        return Err(error(
            id,
            INVALID_REQUEST,
            "Message must have string 'method' property",
        ));
    };
    if !(env.params.is_object() || env.params.is_null()) {
        return Err(error(id, INVALID_PARAMS, "Invalid parameters"));
    }
    Ok(Request {
        id,
        method: method.to_string(),
        params: env.params,
    })
}

/// A successful reply.
pub fn reply(id: i64, result: Value) -> String {
    json!({ "id": id, "result": result }).to_string()
}

/// An error reply.
pub fn error(id: i64, code: i64, message: &str) -> String {
    json!({ "id": id, "error": { "code": code, "message": message } }).to_string()
}

/// An event.
pub fn event(method: &str, params: Value) -> String {
    json!({ "method": method, "params": params }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let r = parse(r#"{"id":3,"method":"Runtime.enable"}"#).unwrap();
        assert_eq!(
            (r.id, r.method.as_str(), r.params.is_null()),
            (3, "Runtime.enable", true)
        );
        for (bad, code) in [
            ("{", PARSE_ERROR),
            ("[]", PARSE_ERROR),
            (r#"{"method":"x"}"#, INVALID_REQUEST),
            (r#"{"id":"1","method":"x"}"#, INVALID_REQUEST),
            (r#"{"id":1}"#, INVALID_REQUEST),
            (r#"{"id":1,"method":"x","params":3}"#, INVALID_PARAMS),
        ] {
            let e: Value = serde_json::from_str(&parse(bad).unwrap_err()).unwrap();
            assert_eq!(e["error"]["code"], code, "{bad}");
        }
    }

    #[test]
    fn round_trips() {
        let v: Value = serde_json::from_str(&reply(7, json!({"a": 1}))).unwrap();
        assert_eq!(v, json!({"id": 7, "result": {"a": 1}}));
        let v: Value = serde_json::from_str(&event("Debugger.resumed", json!({}))).unwrap();
        assert_eq!(v["method"], "Debugger.resumed");
    }
}
