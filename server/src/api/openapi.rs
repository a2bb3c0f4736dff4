//! `GET /openapi.json`: the OpenAPI 3.1 document of every route, built from the route table the
//! router itself is built from, with JSON Schemas derived from the wire types (`schemars`).
//! Request schemas describe what the server accepts; response schemas what it sends (the
//! serialize side: members it leaves out are optional). `server/tests/api/openapi.rs` keeps a
//! snapshot, so a change to the wire shows up in review.

use super::{Access, RouteSpec, route};
use crate::extract::Json;
use crate::state::AppState;
use axum::http::Method;
use axum::routing::{MethodRouter, get};
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};
use tenantkit_wire::ErrorBody;

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    vec![route::<(), Value>(
        Method::GET,
        "/openapi.json",
        Access::Public,
        get(openapi),
    )]
}

async fn openapi() -> Json<Value> {
    Json(super::openapi_document())
}

/// Routes whose request body is a form, not JSON.
const FORM_BODY_ROUTES: [&str; 1] = ["/tk/v1/sso/saml/acs"];

/// The document for `routes`.
pub(super) fn document(routes: &[RouteSpec]) -> Value {
    // The request and the response schema of one type differ (deserialize vs serialize side):
    // response schemas are shared in `components/schemas`, request schemas are inline.
    let mut requests = SchemaSettings::draft2020_12()
        .for_deserialize()
        .with(|settings| settings.inline_subschemas = true)
        .into_generator();
    let mut responses = SchemaSettings::draft2020_12()
        .for_serialize()
        .with(|settings| settings.definitions_path = "/components/schemas".into())
        .into_generator();
    let error = responses.subschema_for::<ErrorBody>().to_value();
    let mut paths = Map::new();
    for spec in routes {
        let mut operation = Map::new();
        operation.insert(
            "operationId".to_owned(),
            Value::String(operation_id(&spec.method, spec.path)),
        );
        operation.insert("tags".to_owned(), json!([tag(spec.path)]));
        let mut parameters: Vec<Value> = path_parameters(spec.path);
        if let Access::Widget(permission) = spec.access {
            parameters.push(json!({
                "name": "tenant",
                "in": "query",
                "required": false,
                "description": format!("Widget mode: the tenant, with a user's session JWT holding {permission} there"),
                "schema": {"type": "string"},
            }));
        }
        if let Some(request) = spec.request {
            let schema = request(&mut requests).to_value();
            if spec.method == Method::GET {
                parameters.extend(query_parameters(&schema));
            } else {
                // The SAML ACS receives an HTML form post from the IdP (HTTP-POST binding).
                let media = if FORM_BODY_ROUTES.contains(&spec.path) {
                    "application/x-www-form-urlencoded"
                } else {
                    "application/json"
                };
                operation.insert(
                    "requestBody".to_owned(),
                    json!({"required": false, "content": {media: {"schema": schema}}}),
                );
            }
        }
        if !parameters.is_empty() {
            operation.insert("parameters".to_owned(), Value::Array(parameters));
        }
        let success = match spec.response {
            Some(response) => json!({
                "description": "Success",
                "content": {"application/json": {"schema": response(&mut responses).to_value()}},
            }),
            None => json!({
                "description": "A document",
                "content": {spec.content_type: {"schema": {"type": "string"}}},
            }),
        };
        operation.insert(
            "responses".to_owned(),
            json!({
                "200": success,
                "default": {"$ref": "#/components/responses/Error"},
            }),
        );
        match spec.access {
            Access::Public => {}
            _ => {
                operation.insert("security".to_owned(), json!([{"bearer": []}]));
            }
        }
        let item = paths
            .entry(spec.path.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(item) = item {
            item.insert(
                spec.method.as_str().to_ascii_lowercase(),
                Value::Object(operation),
            );
        }
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "TenantKit management API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Descope's management API wire format, served by TenantKit. Authorization is \
                `Bearer <projectId>:<managementKey>`, or `Bearer <projectId>:<sessionJwt>` plus `?tenant=` \
                (widget mode).",
        },
        "paths": paths,
        "components": {
            "schemas": responses.take_definitions(true),
            "responses": {
                "Error": {
                    "description": "An error, always in the wire envelope",
                    "content": {"application/json": {"schema": error}},
                },
            },
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "<projectId>:<managementKey>, <projectId>:<jwt> or <projectId>:<accessKey>",
                },
            },
        },
    })
}

/// `POST /v1/mgmt/user/update/status` -> `post_v1_mgmt_user_update_status`.
fn operation_id(method: &Method, path: &str) -> String {
    let mut id = method.as_str().to_ascii_lowercase();
    for part in path.split('/').filter(|part| !part.is_empty()) {
        id.push('_');
        id.extend(
            part.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
                .map(|c| c.to_ascii_lowercase()),
        );
    }
    id
}

/// The resource a path belongs to: `user`, `role`, `tenant`, `auth`, ...
fn tag(path: &str) -> String {
    let parts: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
    match parts.as_slice() {
        [_, "mgmt", resource, ..] => (*resource).to_owned(),
        ["tk", "v1", resource, ..] | [_, resource, ..] => (*resource).to_owned(),
        [single] => single.trim_end_matches(".json").to_owned(),
        [] => "root".to_owned(),
    }
}

fn path_parameters(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|part| part.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect()
}

/// The members of an object schema as optional query parameters.
fn query_parameters(schema: &Value) -> Vec<Value> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|properties| {
            properties
                .iter()
                .map(|(name, property)| {
                    let schema = match property.get("type") {
                        Some(kind) => json!({"type": kind}),
                        None => json!({"type": "string"}),
                    };
                    json!({"name": name, "in": "query", "required": false, "schema": schema})
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_and_tags_follow_the_path() {
        assert_eq!(
            operation_id(&Method::POST, "/v1/mgmt/user/update/status"),
            "post_v1_mgmt_user_update_status"
        );
        assert_eq!(
            operation_id(&Method::GET, "/v2/keys/{project_id}"),
            "get_v2_keys_project_id"
        );
        assert_eq!(tag("/v1/mgmt/accesskey/rotate"), "accesskey");
        assert_eq!(tag("/tk/v1/role/impact"), "role");
        assert_eq!(tag("/v1/auth/password/signin"), "auth");
        assert_eq!(tag("/openapi.json"), "openapi");
    }
}
