//! The HTTP transport: `fetch` through gloo-net in the browser, reqwest natively.

use crate::{ApiError, Method, RawResponse};

#[cfg(target_arch = "wasm32")]
pub(crate) async fn send(
    method: Method,
    url: &str,
    authorization: Option<&str>,
    body: Option<String>,
) -> Result<RawResponse, ApiError> {
    use gloo_net::http::{Method as GlooMethod, RequestBuilder};

    let method = match method {
        Method::Get => GlooMethod::GET,
        Method::Post => GlooMethod::POST,
        Method::Patch => GlooMethod::PATCH,
        Method::Delete => GlooMethod::DELETE,
    };
    let mut builder = RequestBuilder::new(url).method(method);
    if let Some(authorization) = authorization {
        builder = builder.header("Authorization", authorization);
    }
    let request = match body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body)
            .map_err(|e| ApiError::Network(e.to_string()))?,
        None => builder
            .build()
            .map_err(|e| ApiError::Network(e.to_string()))?,
    };
    let response = request
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let status = response.status();
    let body = response
        .text()
        .await
        .map_err(|e| ApiError::Decode(e.to_string()))?;
    Ok(RawResponse { status, body })
}

#[cfg(not(target_arch = "wasm32"))]
pub(crate) async fn send(
    method: Method,
    url: &str,
    authorization: Option<&str>,
    body: Option<String>,
) -> Result<RawResponse, ApiError> {
    // One client per call: a shared pool would outlive the tokio runtime of each test.
    let client = reqwest::Client::new();
    let method = match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    };
    let mut builder = client.request(method, url);
    if let Some(authorization) = authorization {
        builder = builder.header("Authorization", authorization);
    }
    if let Some(body) = body {
        builder = builder
            .header("Content-Type", "application/json")
            .body(body);
    }
    let response = builder
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    let status = response.status().as_u16();
    let body = response
        .text()
        .await
        .map_err(|e| ApiError::Decode(e.to_string()))?;
    Ok(RawResponse { status, body })
}
