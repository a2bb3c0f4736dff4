//! SCIM 2.0 provisioning (RFC 7643, RFC 7644): each tenant's service provider, under
//! `/scim/v2/<tenant>`, for its identity provider (Okta, Microsoft Entra ID, ...) to create,
//! update, deactivate and delete the tenant's users and push its groups.
//!
//! A request authenticates with the tenant's SCIM token (`Authorization: Bearer <token>`,
//! created and rotated by the tenant's admin, stored hashed): the token reaches that tenant's SCIM
//! endpoints and nothing else; another tenant's path is 401, another tenant's resource 404. Every
//! change is recorded in the audit trail with SCIM as the actor, and so is every refused change.
//! Bodies are read whatever their `Content-Type`; answers are `application/scim+json`.

pub mod discovery;
pub mod filter;
pub mod resources;

use crate::capability::TenantScope;
use crate::db::audit::Actor;
use crate::db::scim::{GroupChange, MAX_PAGE, MemberChange, Page, SCIM_ACTOR};
use crate::error::Error;
use crate::extract::ClientAddr;
use crate::state::AppState;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, RawQuery, State};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use resources::{GROUP_SCHEMA, LIST_SCHEMA, Op, USER_SCHEMA};
use serde_json::{Value, json};
use tenantkit_wire::{TenantId, UserId};

/// The media type of every SCIM answer.
const SCIM_JSON: &str = "application/scim+json";

/// A SCIM error answer (RFC 7644 §3.12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScimError {
    /// The HTTP status.
    pub status: u16,
    /// The `scimType` of a 400 or 409.
    pub scim_type: Option<&'static str>,
    /// What went wrong, for people.
    pub detail: String,
}

impl ScimError {
    fn new(status: u16, scim_type: Option<&'static str>, detail: impl Into<String>) -> Self {
        Self {
            status,
            scim_type,
            detail: detail.into(),
        }
    }

    /// 400 `invalidValue`.
    pub fn invalid_value(detail: impl Into<String>) -> Self {
        Self::new(400, Some("invalidValue"), detail)
    }

    /// 400 `invalidSyntax`.
    pub fn invalid_syntax(detail: impl Into<String>) -> Self {
        Self::new(400, Some("invalidSyntax"), detail)
    }

    /// 400 `invalidPath`.
    pub fn invalid_path(detail: impl Into<String>) -> Self {
        Self::new(400, Some("invalidPath"), detail)
    }

    /// 400 `invalidFilter`.
    pub fn invalid_filter(detail: impl Into<String>) -> Self {
        Self::new(400, Some("invalidFilter"), detail)
    }

    /// 400 `noTarget`.
    pub fn no_target(detail: impl Into<String>) -> Self {
        Self::new(400, Some("noTarget"), detail)
    }

    /// 400 `mutability`.
    pub fn mutability(detail: impl Into<String>) -> Self {
        Self::new(400, Some("mutability"), detail)
    }

    /// 404.
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(404, None, detail)
    }

    /// 500, logged; the IdP sees a generic message.
    pub fn internal(detail: impl Into<String>) -> Self {
        tracing::error!("SCIM: {}", detail.into());
        Self::new(500, None, "Internal error")
    }

    /// A change that was refused (not a lookup that found nothing): the tenant admin sees it
    /// in the SCIM activity.
    fn is_refusal(&self) -> bool {
        self.status != 404 && self.status != 401
    }
}

/// `scimType: detail` as the storage layer words some refusals.
const SCIM_TYPES: [&str; 6] = [
    "invalidFilter",
    "invalidValue",
    "invalidPath",
    "tooMany",
    "uniqueness",
    "noTarget",
];

impl From<Error> for ScimError {
    fn from(error: Error) -> Self {
        let (status, _) = error.status_and_code();
        if status.is_server_error() {
            return Self::internal(error.to_string());
        }
        let detail = error.to_string();
        let (scim_type, detail) = SCIM_TYPES
            .iter()
            .find_map(|kind| {
                detail
                    .strip_prefix(kind)
                    .and_then(|rest| rest.strip_prefix(": "))
                    .map(|rest| (Some(*kind), rest.to_owned()))
            })
            .unwrap_or((None, detail.clone()));
        let scim_type = match (&error, scim_type) {
            (_, Some(kind)) => Some(kind),
            (Error::UserAlreadyExists(_) | Error::Conflict(_), None) => Some("uniqueness"),
            (
                Error::BadRequest(_)
                | Error::MissingArguments(_)
                | Error::InvalidArguments(_)
                | Error::Validation(_),
                None,
            ) => Some("invalidValue"),
            _ => None,
        };
        Self::new(status.as_u16(), scim_type, detail)
    }
}

impl IntoResponse for ScimError {
    fn into_response(self) -> Response {
        let mut body = json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
            "status": self.status.to_string(),
            "detail": self.detail,
        });
        if let Some(kind) = self.scim_type {
            body["scimType"] = json!(kind);
        }
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = scim_json(status, &body);
        if status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert("www-authenticate", HeaderValue::from_static("Bearer"));
        }
        response
    }
}

type ScimResult<T> = std::result::Result<T, ScimError>;

fn scim_json(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(SCIM_JSON));
    response
}

/// An IdP authenticated by the tenant's SCIM token, for the tenant its path names.
#[derive(Debug)]
pub struct ScimCaller {
    scope: TenantScope,
    actor: Actor,
    base_url: String,
}

impl FromRequestParts<AppState> for ScimCaller {
    type Rejection = ScimError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> ScimResult<Self> {
        let Path(params) = Path::<Vec<(String, String)>>::from_request_parts(parts, state)
            .await
            .map_err(|_| ScimError::not_found("No such SCIM resource"))?;
        let tenant = params
            .iter()
            .find(|(name, _)| name == "tenant")
            .map(|(_, value)| TenantId::new(value.clone()))
            .ok_or_else(|| ScimError::not_found("No such SCIM resource"))?;
        let client = ClientAddr::from_request_parts(parts, state)
            .await
            .map_err(ScimError::from)?;
        // `Bearer <token>` (any case), or the bare token some IdP screens send.
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .map(|value| {
                let value = value.trim();
                match value.split_once(' ') {
                    Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
                    _ => value,
                }
            })
            .filter(|token| !token.is_empty())
            .ok_or_else(|| ScimError::new(401, None, "The SCIM token is missing"))?;
        let scope = crate::auth::scim::scim_scope(state, client, &tenant, token)
            .await
            .map_err(|error| match error {
                Error::Unauthorized(detail) => ScimError::new(401, None, detail),
                other => ScimError::from(other),
            })?;
        let base_url = format!(
            "{}{}",
            state.settings().public_url.trim_end_matches('/'),
            tenantkit_wire::scim::base_path(scope.tenant_id().as_str())
        );
        Ok(Self {
            scope,
            actor: Actor {
                actor_id: SCIM_ACTOR.to_owned(),
                remote_address: client.to_text(),
            },
            base_url,
        })
    }
}

impl ScimCaller {
    /// Runs `change`; a refusal is recorded for the admin's activity list (as `request`) and
    /// passed on.
    async fn attempt<T>(
        &self,
        state: &AppState,
        request: &str,
        change: impl Future<Output = ScimResult<T>>,
    ) -> ScimResult<T> {
        match change.await {
            Ok(done) => Ok(done),
            Err(error) => Err(self.refused(state, request, error).await),
        }
    }

    /// Records a refused change for the admin's activity list, and passes the error on.
    async fn refused(&self, state: &AppState, request: &str, error: ScimError) -> ScimError {
        if error.is_refusal()
            && let Err(failure) = state
                .db()
                .record_scim_failure(
                    &self.actor,
                    self.scope.tenant_id(),
                    request,
                    error.status,
                    &error.detail,
                    state.now_ms(),
                )
                .await
        {
            tracing::error!("SCIM: could not record a refusal: {failure}");
        }
        error
    }
}

/// Every SCIM route, for [`crate::api::app`] to merge.
pub fn router() -> Router<AppState> {
    const BASE: &str = "/scim/v2/{tenant}";
    Router::new()
        .route(
            &format!("{BASE}/ServiceProviderConfig"),
            get(service_provider_config).fallback(not_allowed),
        )
        .route(
            &format!("{BASE}/ResourceTypes"),
            get(resource_types).fallback(not_allowed),
        )
        .route(
            &format!("{BASE}/ResourceTypes/{{id}}"),
            get(resource_type).fallback(not_allowed),
        )
        .route(
            &format!("{BASE}/Schemas"),
            get(schemas).fallback(not_allowed),
        )
        .route(
            &format!("{BASE}/Schemas/{{id}}"),
            get(schema).fallback(not_allowed),
        )
        .route(
            &format!("{BASE}/Users"),
            get(list_users).post(create_user).fallback(not_allowed),
        )
        .route(
            &format!("{BASE}/Users/{{id}}"),
            get(get_user)
                .put(replace_user)
                .patch(patch_user)
                .delete(delete_user)
                .fallback(not_allowed),
        )
        .route(
            &format!("{BASE}/Groups"),
            get(list_groups).post(create_group).fallback(not_allowed),
        )
        .route(
            &format!("{BASE}/Groups/{{id}}"),
            get(get_group)
                .put(replace_group)
                .patch(patch_group)
                .delete(delete_group)
                .fallback(not_allowed),
        )
        .route(&format!("{BASE}/.search"), any(not_implemented))
        .route(&format!("{BASE}/Bulk"), any(not_implemented))
        .route(&format!("{BASE}/Me"), any(not_implemented))
        .route(&format!("{BASE}/{{*rest}}"), any(unknown))
        .route(BASE, any(unknown))
}

async fn not_allowed() -> ScimError {
    ScimError::new(405, None, "Method not allowed")
}

async fn not_implemented(_caller: ScimCaller) -> ScimError {
    ScimError::new(
        501,
        None,
        "Not implemented: search with GET and a filter instead",
    )
}

async fn unknown(_caller: ScimCaller) -> ScimError {
    ScimError::not_found("No such SCIM endpoint")
}

async fn service_provider_config(caller: ScimCaller) -> Response {
    scim_json(
        StatusCode::OK,
        &discovery::service_provider_config(&caller.base_url),
    )
}

async fn resource_types(caller: ScimCaller) -> Response {
    scim_json(
        StatusCode::OK,
        &discovery::list(discovery::resource_types(&caller.base_url)),
    )
}

async fn resource_type(caller: ScimCaller, Path((_, id)): Path<(String, String)>) -> Response {
    match discovery::resource_types(&caller.base_url)
        .into_iter()
        .find(|kind| kind["id"] == id.as_str())
    {
        Some(kind) => scim_json(StatusCode::OK, &kind),
        None => ScimError::not_found(format!("No resource type {id}")).into_response(),
    }
}

fn all_schemas(base_url: &str) -> Vec<Value> {
    vec![
        discovery::user_schema(base_url),
        discovery::group_schema(base_url),
    ]
}

async fn schemas(caller: ScimCaller) -> Response {
    scim_json(
        StatusCode::OK,
        &discovery::list(all_schemas(&caller.base_url)),
    )
}

async fn schema(caller: ScimCaller, Path((_, id)): Path<(String, String)>) -> Response {
    match all_schemas(&caller.base_url)
        .into_iter()
        .find(|schema| schema["id"] == id.as_str())
    {
        Some(schema) => scim_json(StatusCode::OK, &schema),
        None => ScimError::not_found(format!("No schema {id}")).into_response(),
    }
}

/// The query parameters of a listing or a read.
#[derive(Debug, Default)]
struct ListQuery {
    filter: Option<filter::Filter>,
    start_index: i64,
    count: i64,
    attributes: Vec<String>,
    excluded: Vec<String>,
}

/// Reads the query string by hand: unknown parameters (Entra's `aadOptscim062020`) are ignored
/// and a bad number is a SCIM error rather than a rejection.
fn list_query(raw: Option<&str>) -> ScimResult<ListQuery> {
    let mut query = ListQuery {
        start_index: 1,
        count: 100,
        ..ListQuery::default()
    };
    let pairs = form_urlencoded::parse(raw.unwrap_or_default().as_bytes());
    for (name, value) in pairs {
        let number = |value: &str| {
            value
                .trim()
                .parse::<i64>()
                .map_err(|_| ScimError::invalid_value(format!("{name} must be a number")))
        };
        match name.to_ascii_lowercase().as_str() {
            "filter" => {
                query.filter = Some(
                    filter::parse(&value).map_err(|error| ScimError::invalid_filter(error.0))?,
                );
            }
            "startindex" => query.start_index = number(&value)?.max(1),
            "count" => query.count = number(&value)?.clamp(0, MAX_PAGE),
            "attributes" => query.attributes = split_list(&value),
            "excludedattributes" => query.excluded = split_list(&value),
            _ => {}
        }
    }
    Ok(query)
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A page of resources, each as the query asked for it.
fn list_response(total: i64, query: &ListQuery, found: impl Iterator<Item = Value>) -> Response {
    let resources: Vec<Value> = found
        .map(|mut resource| {
            resources::project(&mut resource, &query.attributes, &query.excluded);
            resource
        })
        .collect();
    let start_index = query.start_index;
    scim_json(
        StatusCode::OK,
        &json!({
            "schemas": [LIST_SCHEMA],
            "totalResults": total,
            "startIndex": start_index,
            "itemsPerPage": resources.len(),
            "Resources": resources,
        }),
    )
}

/// One resource as the query asked for it, with its `Location` when it was just created.
fn resource_response(mut resource: Value, query: &ListQuery, status: StatusCode) -> Response {
    let location = resource["meta"]["location"]
        .as_str()
        .and_then(|location| HeaderValue::from_str(location).ok());
    resources::project(&mut resource, &query.attributes, &query.excluded);
    let mut response = scim_json(status, &resource);
    if status == StatusCode::CREATED
        && let Some(location) = location
    {
        response.headers_mut().insert("location", location);
    }
    response
}

/// A JSON body, whatever its `Content-Type`.
fn body_json(bytes: &Bytes) -> ScimResult<Value> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|error| ScimError::invalid_syntax(format!("Malformed JSON body: {error}")))?;
    if crate::extract::has_nul(&value) {
        return Err(ScimError::invalid_value(
            "Text in the request cannot contain NUL characters",
        ));
    }
    Ok(value)
}

fn schema_in(body: &Value, schema: &str) -> ScimResult<()> {
    match body.get("schemas") {
        Some(Value::Array(schemas)) if !schemas.iter().any(|s| s == schema) => Err(
            ScimError::invalid_syntax(format!("schemas must include {schema}")),
        ),
        _ => Ok(()),
    }
}

// ----- users -----

async fn list_users(
    State(state): State<AppState>,
    caller: ScimCaller,
    RawQuery(raw): RawQuery,
) -> ScimResult<Response> {
    let query = list_query(raw.as_deref())?;
    let page = Page {
        start_index: query.start_index,
        count: query.count,
    };
    let (total, users) = state
        .db()
        .scim_users(&caller.scope, query.filter.as_ref(), page)
        .await?;
    let found = users
        .iter()
        .map(|user| resources::user_json(user, &caller.base_url));
    Ok(list_response(total, &query, found))
}

async fn user_response(
    state: &AppState,
    caller: &ScimCaller,
    id: &str,
    status: StatusCode,
    raw: Option<&str>,
) -> ScimResult<Response> {
    let query = list_query(raw)?;
    let user = state.db().scim_user(&caller.scope, id).await?;
    let resource = resources::user_json(&user, &caller.base_url);
    Ok(resource_response(resource, &query, status))
}

async fn get_user(
    State(state): State<AppState>,
    caller: ScimCaller,
    Path((_, id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> ScimResult<Response> {
    user_response(&state, &caller, &id, StatusCode::OK, raw.as_deref()).await
}

async fn create_user(
    State(state): State<AppState>,
    caller: ScimCaller,
    body: Bytes,
) -> ScimResult<Response> {
    let id = caller
        .attempt(&state, "POST /Users", async {
            let body = body_json(&body)?;
            schema_in(&body, USER_SCHEMA)?;
            let input = resources::user_input(&body)?;
            let id = state
                .db()
                .scim_create_user(&caller.scope, &caller.actor, &input, state.now_ms())
                .await?;
            Ok(id)
        })
        .await?;
    user_response(&state, &caller, id.as_str(), StatusCode::CREATED, None).await
}

async fn replace_user(
    State(state): State<AppState>,
    caller: ScimCaller,
    Path((_, id)): Path<(String, String)>,
    body: Bytes,
) -> ScimResult<Response> {
    caller
        .attempt(&state, &format!("PUT /Users/{id}"), async {
            let body = body_json(&body)?;
            let input = resources::user_input(&body)?;
            let user = UserId::new(id.clone());
            state
                .db()
                .scim_replace_user(&caller.scope, &caller.actor, &user, &input, state.now_ms())
                .await?;
            Ok(())
        })
        .await?;
    user_response(&state, &caller, &id, StatusCode::OK, None).await
}

async fn patch_user(
    State(state): State<AppState>,
    caller: ScimCaller,
    Path((_, id)): Path<(String, String)>,
    body: Bytes,
) -> ScimResult<Response> {
    caller
        .attempt(&state, &format!("PATCH /Users/{id}"), async {
            let body = body_json(&body)?;
            let ops = resources::operations(&body)?;
            let current = state.db().scim_user(&caller.scope, &id).await?;
            let mut resource = resources::user_json(&current, &caller.base_url);
            resources::patch_user(&mut resource, ops)?;
            let input = resources::user_input(&resource)?;
            state
                .db()
                .scim_replace_user(
                    &caller.scope,
                    &caller.actor,
                    &current.id,
                    &input,
                    state.now_ms(),
                )
                .await?;
            Ok(())
        })
        .await?;
    user_response(&state, &caller, &id, StatusCode::OK, None).await
}

async fn delete_user(
    State(state): State<AppState>,
    caller: ScimCaller,
    Path((_, id)): Path<(String, String)>,
) -> ScimResult<StatusCode> {
    let user = UserId::new(id.clone());
    caller
        .attempt(&state, &format!("DELETE /Users/{id}"), async {
            Ok(state
                .db()
                .scim_delete_user(&caller.scope, &caller.actor, &user, state.now_ms())
                .await?)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

// ----- groups -----

/// Whether a read asked to leave members out (`excludedAttributes=members`, or `attributes`
/// without them).
fn wants_members(query: &ListQuery) -> bool {
    let named = |list: &[String]| list.iter().any(|name| name.eq_ignore_ascii_case("members"));
    !named(&query.excluded) && (query.attributes.is_empty() || named(&query.attributes))
}

async fn list_groups(
    State(state): State<AppState>,
    caller: ScimCaller,
    RawQuery(raw): RawQuery,
) -> ScimResult<Response> {
    let query = list_query(raw.as_deref())?;
    let page = Page {
        start_index: query.start_index,
        count: query.count,
    };
    let (total, groups) = state
        .db()
        .scim_groups(
            &caller.scope,
            query.filter.as_ref(),
            page,
            wants_members(&query),
        )
        .await?;
    let found = groups
        .iter()
        .map(|group| resources::group_json(group, &caller.base_url));
    Ok(list_response(total, &query, found))
}

async fn group_response(
    state: &AppState,
    caller: &ScimCaller,
    id: &str,
    status: StatusCode,
    raw: Option<&str>,
) -> ScimResult<Response> {
    let query = list_query(raw)?;
    let group = state
        .db()
        .scim_group(&caller.scope, id, wants_members(&query))
        .await?;
    let resource = resources::group_json(&group, &caller.base_url);
    Ok(resource_response(resource, &query, status))
}

async fn get_group(
    State(state): State<AppState>,
    caller: ScimCaller,
    Path((_, id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
) -> ScimResult<Response> {
    group_response(&state, &caller, &id, StatusCode::OK, raw.as_deref()).await
}

async fn create_group(
    State(state): State<AppState>,
    caller: ScimCaller,
    body: Bytes,
) -> ScimResult<Response> {
    let id = caller
        .attempt(&state, "POST /Groups", async {
            let body = body_json(&body)?;
            schema_in(&body, GROUP_SCHEMA)?;
            let (name, external_id, members) = resources::group_input(&body)?;
            let id = state
                .db()
                .scim_create_group(
                    &caller.scope,
                    &caller.actor,
                    &name,
                    &external_id,
                    &members,
                    state.now_ms(),
                )
                .await?;
            Ok(id)
        })
        .await?;
    group_response(&state, &caller, &id, StatusCode::CREATED, None).await
}

async fn replace_group(
    State(state): State<AppState>,
    caller: ScimCaller,
    Path((_, id)): Path<(String, String)>,
    body: Bytes,
) -> ScimResult<Response> {
    caller
        .attempt(&state, &format!("PUT /Groups/{id}"), async {
            let body = body_json(&body)?;
            let (name, external_id, members) = resources::group_input(&body)?;
            state
                .db()
                .scim_change_group(
                    &caller.scope,
                    &caller.actor,
                    &id,
                    &GroupChange {
                        display_name: Some(name),
                        external_id: Some(external_id),
                        members: vec![MemberChange::Replace(members)],
                    },
                    state.now_ms(),
                )
                .await?;
            Ok(())
        })
        .await?;
    group_response(&state, &caller, &id, StatusCode::OK, None).await
}

/// What a group PATCH changes.
fn group_patch(ops: &[Value]) -> ScimResult<GroupChange> {
    let mut name = None;
    let mut external_id = None;
    let mut members = Vec::new();
    let text = |value: Option<&Value>, what: &str| match value {
        Some(Value::String(text)) => Ok(text.trim().to_owned()),
        _ => Err(ScimError::invalid_value(format!("{what} must be a string"))),
    };
    for op in ops {
        let (verb, path, value) = resources::operation(op)?;
        let Some(path) = path else {
            // Okta: `{"op":"replace","value":{"id":..., "displayName":...}}`.
            let Some(Value::Object(fields)) = value else {
                return Err(ScimError::invalid_value(
                    "An operation without a path needs an object value",
                ));
            };
            for (key, value) in fields {
                match key.to_ascii_lowercase().as_str() {
                    "displayname" => name = Some(text(Some(value), "displayName")?),
                    "externalid" => external_id = Some(text(Some(value), "externalId")?),
                    "members" => {
                        let ids = resources::member_ids(Some(value))?;
                        members.push(match verb {
                            Op::Add => MemberChange::Add(ids),
                            _ => MemberChange::Replace(ids),
                        });
                    }
                    _ => {}
                }
            }
            continue;
        };
        match (path.attr.as_str(), verb) {
            ("displayname", Op::Remove) => {
                return Err(ScimError::mutability("displayName cannot be removed"));
            }
            ("displayname", _) => name = Some(text(value, "displayName")?),
            ("externalid", Op::Remove) => external_id = Some(String::new()),
            ("externalid", _) => external_id = Some(text(value, "externalId")?),
            ("members", verb) => {
                let change = match (&path.filter, verb) {
                    (Some(filter), Op::Remove) => {
                        let id = resources::filtered_member(filter).ok_or_else(|| {
                            ScimError::invalid_filter(
                                "remove members by members[value eq \"<user id>\"]",
                            )
                        })?;
                        MemberChange::Remove(vec![id])
                    }
                    (Some(_), _) => {
                        return Err(ScimError::invalid_path(
                            "add or replace members with the path members and a list of values",
                        ));
                    }
                    // Entra: a remove with values removes those (not every member).
                    (None, Op::Remove) if value.is_some() => {
                        MemberChange::Remove(resources::member_ids(value)?)
                    }
                    (None, Op::Remove) => MemberChange::Replace(Vec::new()),
                    (None, Op::Add) => MemberChange::Add(resources::member_ids(value)?),
                    (None, Op::Replace) => MemberChange::Replace(resources::member_ids(value)?),
                };
                members.push(change);
            }
            _ => {}
        }
    }
    Ok(GroupChange {
        display_name: name,
        external_id,
        members,
    })
}

async fn patch_group(
    State(state): State<AppState>,
    caller: ScimCaller,
    Path((_, id)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
    body: Bytes,
) -> ScimResult<Response> {
    caller
        .attempt(&state, &format!("PATCH /Groups/{id}"), async {
            let body = body_json(&body)?;
            let change = group_patch(resources::operations(&body)?)?;
            state
                .db()
                .scim_change_group(&caller.scope, &caller.actor, &id, &change, state.now_ms())
                .await?;
            Ok(())
        })
        .await?;
    // The group with its members, as the RFC allows; a group of thousands is large, so an
    // IdP can ask for less (`?excludedAttributes=members`).
    group_response(&state, &caller, &id, StatusCode::OK, raw.as_deref()).await
}

async fn delete_group(
    State(state): State<AppState>,
    caller: ScimCaller,
    Path((_, id)): Path<(String, String)>,
) -> ScimResult<StatusCode> {
    caller
        .attempt(&state, &format!("DELETE /Groups/{id}"), async {
            Ok(state
                .db()
                .scim_delete_group(&caller.scope, &caller.actor, &id, state.now_ms())
                .await?)
        })
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    #![expect(clippy::expect_used, reason = "tests fail by panicking")]
    use super::*;

    #[test]
    fn entra_and_okta_group_patches_read_the_same() {
        let entra = json!([
            {"op": "Add", "path": "members", "value": [{"value": "U1"}, {"value": "U2"}]},
            {"op": "Remove", "path": "members", "value": [{"value": "U3", "$ref": null}]},
            {"op": "Replace", "path": "displayName", "value": "Engineers"},
        ]);
        let change = group_patch(entra.as_array().expect("list")).expect("reads");
        assert_eq!(change.display_name.as_deref(), Some("Engineers"));
        assert_eq!(
            change.members,
            vec![
                MemberChange::Add(vec!["U1".into(), "U2".into()]),
                MemberChange::Remove(vec!["U3".into()]),
            ]
        );
        let okta = json!([
            {"op": "replace", "value": {"id": "G1", "displayName": "Eng"}},
            {"op": "remove", "path": "members[value eq \"U2\"]"},
            {"op": "remove", "path": "members"},
        ]);
        let change = group_patch(okta.as_array().expect("list")).expect("reads");
        assert_eq!(change.display_name.as_deref(), Some("Eng"));
        assert_eq!(
            change.members,
            vec![
                MemberChange::Remove(vec!["U2".into()]),
                MemberChange::Replace(Vec::new()),
            ]
        );
    }

    #[test]
    fn storage_refusals_keep_their_scim_type() {
        let error = ScimError::from(Error::InvalidArguments("invalidFilter: bad".into()));
        assert_eq!(
            (error.status, error.scim_type),
            (400, Some("invalidFilter"))
        );
        assert_eq!(error.detail, "bad");
        let error = ScimError::from(Error::UserAlreadyExists("taken".into()));
        assert_eq!((error.status, error.scim_type), (409, Some("uniqueness")));
        let query = list_query(Some(
            "filter=userName%20eq%20%22a%22&count=5000&aadOptscim062020",
        ))
        .expect("reads");
        assert_eq!(query.count, MAX_PAGE);
        assert!(list_query(Some("startIndex=x")).is_err());
    }
}
