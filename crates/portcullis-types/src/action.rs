use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::JsonMap;

/// One proposed tool call.
///
/// Unknown top-level fields are rejected (fail closed: a misspelt `principal` must not silently
/// drop the identity a rule depends on).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// The tool name, e.g. `Bash`, `read_file`, `mcp__github__create_issue`.
    pub tool: String,
    /// The tool's arguments (a JSON object).
    #[serde(default)]
    pub args: JsonMap,
    /// Who is asking.
    #[serde(default, skip_serializing_if = "Principal::is_empty")]
    pub principal: Principal,
    /// Deployment environment, e.g. `dev` or `prod`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub environment: Option<String>,
    /// The resource acted on, when the caller knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<Resource>,
    /// Free-form context: risk signals, data classification, approval state.
    #[serde(default, skip_serializing_if = "JsonMap::is_empty")]
    pub context: JsonMap,
    /// The caller's id for this call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_id: Option<String>,
    /// When the call was proposed (RFC 3339), as the caller saw it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    /// The tool's output, when the call already ran; enables post-execution rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<Value>,
}

impl Action {
    /// A call of `tool` with `args` and no other context.
    pub fn new(tool: impl Into<String>, args: JsonMap) -> Action {
        Action {
            tool: tool.into(),
            args,
            ..Action::default()
        }
    }

    /// Parses one action from JSON text, with a message fit for users on failure.
    pub fn from_json(text: &str) -> Result<Action, ActionError> {
        serde_json::from_str(text).map_err(|e| ActionError {
            message: e.to_string(),
        })
    }

    /// Parses one action from a JSON value.
    pub fn from_value(value: Value) -> Result<Action, ActionError> {
        serde_json::from_value(value).map_err(|e| ActionError {
            message: e.to_string(),
        })
    }
}

/// An action that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionError {
    message: String,
}

impl ActionError {
    /// The stable error code.
    pub const fn code(&self) -> &'static str {
        "action_invalid"
    }

    /// What was wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ActionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid action: {}", self.message)
    }
}

impl std::error::Error for ActionError {}

/// The resource a call acts on.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// The resource type, e.g. `file`, `table`, `service`.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The resource path or identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// Who proposes a call: an open JSON object.
///
/// The named fields `agent`, `user`, `session`, `owner`, `team` (strings), `roles` (list of
/// strings) and `claims` (object) are checked for type when read; any other field (edictum's
/// `user_id`, `role`, `org_id`, `ticket_ref`, ...) is kept as given and addressable by
/// `principal.<name>` selectors.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(transparent)]
pub struct Principal {
    fields: JsonMap,
}

const STRING_FIELDS: [&str; 5] = ["agent", "user", "session", "owner", "team"];

impl Principal {
    /// An empty principal.
    pub fn new() -> Principal {
        Principal::default()
    }

    /// Builds a principal from an object, checking the types of the named fields.
    pub fn from_map(fields: JsonMap) -> Result<Principal, ActionError> {
        for name in STRING_FIELDS {
            if let Some(v) = fields.get(name)
                && !(v.is_string() || v.is_null())
            {
                return Err(ActionError {
                    message: format!("principal field `{name}` must be a string"),
                });
            }
        }
        if let Some(v) = fields.get("roles") {
            let ok = match v {
                Value::Array(items) => items.iter().all(Value::is_string),
                Value::Null => true,
                _ => false,
            };
            if !ok {
                return Err(ActionError {
                    message: "principal field `roles` must be a list of strings".to_owned(),
                });
            }
        }
        if let Some(v) = fields.get("claims")
            && !(v.is_object() || v.is_null())
        {
            return Err(ActionError {
                message: "principal field `claims` must be an object".to_owned(),
            });
        }
        Ok(Principal { fields })
    }

    /// Sets a field (checked as in [`Principal::from_map`]).
    pub fn with(mut self, name: &str, value: Value) -> Result<Principal, ActionError> {
        self.fields.insert(name.to_owned(), value);
        Principal::from_map(self.fields)
    }

    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Any field by name.
    pub fn field(&self, name: &str) -> Option<&Value> {
        self.fields.get(name)
    }

    /// All fields.
    pub fn fields(&self) -> &JsonMap {
        &self.fields
    }

    fn str_field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).and_then(Value::as_str)
    }

    /// The agent id.
    pub fn agent(&self) -> Option<&str> {
        self.str_field("agent")
    }

    /// The human user on whose behalf the agent acts.
    pub fn user(&self) -> Option<&str> {
        self.str_field("user")
    }

    /// The session id: the key of session state.
    pub fn session(&self) -> Option<&str> {
        self.str_field("session")
    }

    /// The owner.
    pub fn owner(&self) -> Option<&str> {
        self.str_field("owner")
    }

    /// The team.
    pub fn team(&self) -> Option<&str> {
        self.str_field("team")
    }

    /// The roles (also `role`, edictum's single-role field, when it is a string).
    pub fn roles(&self) -> impl Iterator<Item = &str> {
        let list = self
            .fields
            .get("roles")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str);
        list.chain(self.str_field("role"))
    }

    /// Free-form claims.
    pub fn claims(&self) -> Option<&JsonMap> {
        self.fields.get("claims").and_then(Value::as_object)
    }
}

impl<'de> Deserialize<'de> for Principal {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Principal, D::Error> {
        let fields = JsonMap::deserialize(deserializer)?;
        Principal::from_map(fields).map_err(|e| de::Error::custom(e.message))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_corpus_line_with_open_principal() {
        let a = Action::from_json(
            r#"{"tool":"bash","args":{"command":"ls"},"principal":{"role":"admin","user_id":"u-1"}}"#,
        )
        .unwrap();
        assert_eq!(a.tool, "bash");
        assert_eq!(a.principal.field("user_id"), Some(&json!("u-1")));
        assert_eq!(a.principal.roles().collect::<Vec<_>>(), ["admin"]);
    }

    #[test]
    fn rejects_unknown_top_level_field() {
        let err = Action::from_json(r#"{"tool":"x","principle":{}}"#).unwrap_err();
        assert!(err.message().contains("principle"), "{err}");
    }

    #[test]
    fn rejects_mistyped_named_principal_field() {
        let err = Action::from_json(r#"{"tool":"x","principal":{"agent":5}}"#).unwrap_err();
        assert!(err.message().contains("agent"), "{err}");
        let err = Action::from_json(r#"{"tool":"x","principal":{"roles":"admin"}}"#).unwrap_err();
        assert!(err.message().contains("roles"), "{err}");
    }

    #[test]
    fn args_must_be_an_object() {
        assert!(Action::from_json(r#"{"tool":"x","args":[1]}"#).is_err());
        assert!(Action::from_json(r#"{"args":{}}"#).is_err());
    }

    #[test]
    fn serialises_without_empty_fields() {
        let a = Action::new("t", JsonMap::new());
        assert_eq!(
            serde_json::to_string(&a).unwrap(),
            r#"{"tool":"t","args":{}}"#
        );
    }
}
