//! `Runtime` domain types: remote objects, property descriptors, exception details, and the
//! parameters of the methods this server implements.

use jetcrab_engine::debug as engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `Runtime.RemoteObject`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct RemoteObject {
    /// Object type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Object subtype hint.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// Constructor name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_name: Option<String>,
    /// Primitive value, or the JSON of an object returned by value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// `NaN`, `Infinity`, `-Infinity`, `-0`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unserializable_value: Option<String>,
    /// String representation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Handle of an object or symbol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub object_id: Option<String>,
    /// Preview (with `generatePreview`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preview: Option<ObjectPreview>,
}

/// `Runtime.ObjectPreview`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ObjectPreview {
    /// Object type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Subtype.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// Description.
    pub description: String,
    /// More properties than listed.
    pub overflow: bool,
    /// The listed properties.
    pub properties: Vec<PropertyPreview>,
}

/// `Runtime.PropertyPreview`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PropertyPreview {
    /// Property name.
    pub name: String,
    /// Value type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Value subtype.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subtype: Option<String>,
    /// Short value text.
    pub value: String,
}

/// `Runtime.PropertyDescriptor` (and `InternalPropertyDescriptor`, which uses name and value).
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct PropertyDescriptor {
    /// Name.
    pub name: String,
    /// Data value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<RemoteObject>,
    /// Getter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub get: Option<RemoteObject>,
    /// Setter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub set: Option<RemoteObject>,
    /// Writable (data properties).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub writable: Option<bool>,
    /// Configurable.
    pub configurable: bool,
    /// Enumerable.
    pub enumerable: bool,
    /// Own property.
    pub is_own: bool,
}

/// `Runtime.ExceptionDetails`.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ExceptionDetails {
    /// Exception id.
    pub exception_id: u32,
    /// Message text.
    pub text: String,
    /// 0-based line.
    pub line_number: u32,
    /// 0-based column.
    pub column_number: u32,
    /// The exception value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exception: Option<RemoteObject>,
    /// Script id (when known).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub script_id: Option<String>,
    /// Execution context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execution_context_id: Option<u32>,
}

impl From<engine::RemoteObject> for RemoteObject {
    fn from(r: engine::RemoteObject) -> Self {
        RemoteObject {
            kind: r.kind.to_string(),
            subtype: r.subtype.map(str::to_string),
            class_name: r.class_name,
            value: r.json_value.and_then(|j| serde_json::from_str(&j).ok()),
            unserializable_value: r.unserializable,
            description: r.description,
            object_id: r.object_id,
            preview: r.preview.map(|p| ObjectPreview {
                kind: p.kind.to_string(),
                subtype: p.subtype.map(str::to_string),
                description: p.description,
                overflow: p.overflow,
                properties: p
                    .properties
                    .into_iter()
                    .map(|q| PropertyPreview {
                        name: q.name,
                        kind: q.kind.to_string(),
                        subtype: q.subtype.map(str::to_string),
                        value: q.value,
                    })
                    .collect(),
            }),
        }
    }
}

impl From<engine::PropertyInfo> for PropertyDescriptor {
    fn from(p: engine::PropertyInfo) -> Self {
        PropertyDescriptor {
            name: p.name,
            value: p.value.map(Into::into),
            get: p.get.map(Into::into),
            set: p.set.map(Into::into),
            writable: p.writable,
            configurable: p.configurable,
            enumerable: p.enumerable,
            is_own: p.is_own,
        }
    }
}

/// `Runtime.evaluate` / `Debugger.evaluateOnCallFrame` parameters.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvaluateParams {
    /// Source text.
    pub expression: String,
    /// Object group for the handles created.
    #[serde(default)]
    pub object_group: Option<String>,
    /// Return JSON instead of a handle.
    #[serde(default)]
    pub return_by_value: bool,
    /// Attach previews.
    #[serde(default)]
    pub generate_preview: bool,
    /// Await a promise result.
    #[serde(default)]
    pub await_promise: bool,
    /// `evaluateOnCallFrame` only: which frame.
    #[serde(default)]
    pub call_frame_id: Option<String>,
}

/// One `Runtime.CallArgument`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallArgument {
    /// A JSON value.
    #[serde(default)]
    pub value: Option<Value>,
    /// `NaN`, `Infinity`, …
    #[serde(default)]
    pub unserializable_value: Option<String>,
    /// A handle.
    #[serde(default)]
    pub object_id: Option<String>,
}

/// `Runtime.callFunctionOn` parameters.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CallFunctionOnParams {
    /// The function's source.
    pub function_declaration: String,
    /// `this`.
    #[serde(default)]
    pub object_id: Option<String>,
    /// Arguments.
    #[serde(default)]
    pub arguments: Vec<CallArgument>,
    /// Object group.
    #[serde(default)]
    pub object_group: Option<String>,
    /// Return JSON.
    #[serde(default)]
    pub return_by_value: bool,
    /// Previews.
    #[serde(default)]
    pub generate_preview: bool,
    /// Await a promise result.
    #[serde(default)]
    pub await_promise: bool,
}

/// `Runtime.getProperties` parameters.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GetPropertiesParams {
    /// The object.
    pub object_id: String,
    /// Own properties only.
    #[serde(default)]
    pub own_properties: bool,
    /// Accessors only.
    #[serde(default)]
    pub accessor_properties_only: bool,
    /// Previews.
    #[serde(default)]
    pub generate_preview: bool,
}

/// `Runtime.releaseObject` parameters.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseObjectParams {
    /// The handle.
    pub object_id: String,
}

/// `Runtime.releaseObjectGroup` parameters.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReleaseObjectGroupParams {
    /// The group.
    pub object_group: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_object_round_trip() {
        let r = RemoteObject {
            kind: "number".into(),
            value: Some(serde_json::json!(3)),
            description: Some("3".into()),
            ..Default::default()
        };
        let text = serde_json::to_string(&r).unwrap();
        assert_eq!(text, r#"{"type":"number","value":3,"description":"3"}"#);
        let back: RemoteObject = serde_json::from_str(&text).unwrap();
        assert_eq!(back, r);
    }
}
