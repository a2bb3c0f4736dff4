//! Accepting invitations, and the development outbox.
//!
//! An invited user follows the one-time link of their email to `GET /tk/invite?token=...`, a
//! page of this server (no JavaScript) where they choose a password; the form posts to
//! `POST /tk/invite`. A product with its own page (`inviteUrl` at creation) accepts through
//! `POST /tk/v1/invite/accept` `{token, password}` instead. Paths under `/tk/` are our own and
//! cannot collide with the wire contract's.

use super::{Access, RouteSpec, route};
use crate::auth::management_key;
use crate::auth::throttle::Guard;
use crate::error::{Error, Result};
use crate::extract::{ClientAddr, Json, Query};
use crate::mail::Mail;
use crate::state::AppState;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::Method;
use axum::http::StatusCode;
use axum::http::header::CACHE_CONTROL;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use serde::{Deserialize, Serialize};
use tenantkit_wire::{FieldError, Secret, validate};

pub(super) fn routes() -> Vec<(RouteSpec, MethodRouter<AppState>)> {
    // The page and its form answer HTML.
    let page = |method: Method, handler: MethodRouter<AppState>| {
        let spec = RouteSpec {
            method,
            path: "/tk/invite",
            access: Access::Public,
            request: None,
            response: None,
            content_type: "text/html",
        };
        (spec, handler)
    };
    vec![
        page(Method::GET, get(invite_page)),
        page(Method::POST, post(accept_form)),
        route::<AcceptRequest, Accepted>(
            Method::POST,
            "/tk/v1/invite/accept",
            Access::Public,
            post(accept_json),
        ),
        route::<(), OutboxResponse>(Method::GET, "/tk/dev/outbox", Access::Public, get(outbox)),
    ]
}

/// The token of a link.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TokenQuery {
    token: Secret,
}

/// The page's form, and the JSON body of `POST /tk/v1/invite/accept`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(default)]
struct AcceptRequest {
    token: Secret,
    password: Secret,
    /// The form's second entry of the password (the JSON call does not send it).
    confirm: Option<Secret>,
}

/// `POST /tk/v1/invite/accept` answer.
#[derive(Debug, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
struct Accepted {
    login_id: String,
}

/// Sets the password of the invitation `request.token` belongs to. A token that does not work
/// counts against the client's address ([`crate::auth::throttle`]).
async fn accept(state: &AppState, client: ClientAddr, request: AcceptRequest) -> Result<String> {
    if request.token.is_empty() {
        return Err(Error::MissingArguments(
            "The invitation token is missing".to_owned(),
        ));
    }
    validate::password(request.password.expose()).map_err(|message| {
        Error::Validation(vec![FieldError {
            field: "password",
            message,
        }])
    })?;
    if request
        .confirm
        .as_ref()
        .is_some_and(|confirm| confirm != &request.password)
    {
        return Err(Error::Validation(vec![FieldError {
            field: "confirm",
            message: "The two passwords differ".to_owned(),
        }]));
    }
    let guard = Guard::start(state, client, None).await?;
    let token_hash = management_key::hash(&request.token);
    if let Some(user) = state.db().invited_user(&token_hash).await? {
        crate::auth::check_new_password(state, Some(&user), &request.password, "password").await?;
    }
    let hash = state.hashing().hash(request.password).await?;
    let accepted = guard
        .run(
            state
                .db()
                .accept_invitation(&token_hash, &hash, &client.to_text(), state.now_ms()),
        )
        .await?;
    Ok(accepted.login_id.into_inner())
}

async fn accept_json(
    State(state): State<AppState>,
    client: ClientAddr,
    Json(request): Json<AcceptRequest>,
) -> Result<Json<Accepted>> {
    let login_id = accept(&state, client, request).await?;
    Ok(Json(Accepted { login_id }))
}

async fn invite_page(Query(query): Query<TokenQuery>) -> Response {
    if query.token.is_empty() {
        return page(
            StatusCode::BAD_REQUEST,
            "Invitation",
            "<p>This link is incomplete: open the whole link from your invitation email.</p>",
        );
    }
    page(
        StatusCode::OK,
        "Accept your invitation",
        &form(&query.token, None),
    )
}

async fn accept_form(
    State(state): State<AppState>,
    client: ClientAddr,
    submitted: std::result::Result<axum::Form<AcceptRequest>, FormRejection>,
) -> Response {
    let Ok(axum::Form(request)) = submitted else {
        return page(
            StatusCode::BAD_REQUEST,
            "Invitation",
            "<p>The form could not be read. Open the link from your email again.</p>",
        );
    };
    let token = request.token.clone();
    match accept(&state, client, request).await {
        Ok(login_id) => page(
            StatusCode::OK,
            "You are all set",
            &format!(
                "<p>Your password is set. Sign in as <strong>{}</strong>.</p>",
                escape(&login_id)
            ),
        ),
        Err(error @ Error::Validation(_)) => page(
            StatusCode::BAD_REQUEST,
            "Accept your invitation",
            &form(&token, Some(&error.to_string())),
        ),
        Err(error) => {
            let (status, _) = error.status_and_code();
            let message = if status.is_server_error() {
                "Something went wrong on our side. Try again in a moment.".to_owned()
            } else {
                error.to_string()
            };
            page(
                status,
                "Invitation",
                &format!("<p role=\"alert\">{}</p>", escape(&message)),
            )
        }
    }
}

fn form(token: &Secret, error: Option<&str>) -> String {
    let alert = error
        .map(|message| format!("<p role=\"alert\" class=\"error\">{}</p>", escape(message)))
        .unwrap_or_default();
    format!(
        "{alert}<form method=\"post\" action=\"/tk/invite\">\
         <input type=\"hidden\" name=\"token\" value=\"{}\">\
         <label for=\"password\">New password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"new-password\" minlength=\"{}\" required>\
         <label for=\"confirm\">Repeat the password</label>\
         <input id=\"confirm\" name=\"confirm\" type=\"password\" autocomplete=\"new-password\" required>\
         <button type=\"submit\">Set password</button></form>",
        escape(token.expose()),
        validate::MIN_PASSWORD_LEN,
    )
}

/// The page's only style sheet. The security-header layer allows exactly this text (by its
/// hash, see [`super::security_headers`]), so an edit here keeps working without touching the policy.
pub(super) const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem;color:#1f2933}\
     label{display:block;margin-top:1rem;font-weight:600}\
     input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}\
     button{margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit;background:#3b5bdb;color:#fff;border:0;border-radius:4px}\
     .error{color:#b00020}";

/// A small self-contained HTML page: no scripts, no third-party resources, not cached. The
/// security headers (no framing, no referrer: the address bears the token) come from the layer
/// every response passes through.
fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body><h1>{title}</h1>{body}</body></html>",
        title = escape(title),
    );
    (status, [(CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `GET /tk/dev/outbox` -> `{messages}`, newest first; 404 unless the server runs with
/// `--dev-outbox` (development only: the messages carry one-time links).
async fn outbox(State(state): State<AppState>) -> Result<Json<OutboxResponse>> {
    if !state.settings().dev_outbox {
        return Err(Error::NotFound("No such route".to_owned()));
    }
    Ok(Json(OutboxResponse {
        messages: state.mailer().outbox_messages(),
    }))
}

/// The outbox.
#[derive(Debug, Serialize, schemars::JsonSchema)]
struct OutboxResponse {
    messages: Vec<Mail>,
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
