//! Serving the router over TCP: the one function the binary and the integration tests serve
//! with, so a test over a real socket meets what a client meets.
//!
//! hyper answers some requests itself, before any middleware runs: a request line or URI it
//! cannot hold (longer than 65,534 bytes: 414), header fields that are too large (431), an
//! unparsable request (400), each with an empty body. The connections here rewrite exactly
//! those automatic answers into the wire error envelope, so every error a client gets is
//! `{errorCode, errorDescription, errorMessage}`. Shorter URIs over the server's own limit are
//! refused by a middleware (see [`crate::api::MAX_URI_BYTES`]).

use crate::state::AppState;
use axum::serve::{Listener, ListenerExt};
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use tenantkit_wire::ErrorCode;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

/// Serves the API for `state` on `listener` until `shutdown` completes, then lets the requests
/// in flight finish. Handlers see the peer as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let app = crate::app(state).into_make_service_with_connect_info::<SocketAddr>();
    // `tap_io` (a no-op) makes axum's `ConnectInfo<SocketAddr>` work for a listener of our own.
    let listener = EnvelopeListener(listener).tap_io(|_| {});
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await
}

/// A TCP listener whose connections answer hyper's automatic errors with the wire envelope.
#[derive(Debug)]
struct EnvelopeListener(TcpListener);

impl Listener for EnvelopeListener {
    type Io = EnvelopeIo;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (stream, address) = Listener::accept(&mut self.0).await;
        (
            EnvelopeIo {
                inner: stream,
                replacement: None,
            },
            address,
        )
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.0.local_addr()
    }
}

/// A connection that passes everything through, except that a response hyper made up on its
/// own (an error status with `content-length: 0`, no body) is written as the wire envelope.
#[derive(Debug)]
struct EnvelopeIo {
    inner: TcpStream,
    /// The envelope response being written instead of hyper's: its bytes, how many are
    /// written, and how many bytes of hyper's buffer it stands for.
    replacement: Option<(Vec<u8>, usize, usize)>,
}

/// The envelope response that replaces `head` when `head` is one of hyper's automatic error
/// answers.
fn replacement_for(head: &[u8]) -> Option<Vec<u8>> {
    // Cheap first: an automatic answer is a short 4xx head.
    if head.len() > 512 || !head.starts_with(b"HTTP/1.1 4") {
        return None;
    }
    let text = std::str::from_utf8(head).ok()?;
    let (status_line, rest) = text.split_once("\r\n")?;
    // The whole buffer is one head with no body.
    if !rest.ends_with("\r\n\r\n") || rest.matches("\r\n\r\n").count() != 1 {
        return None;
    }
    if !rest.starts_with("content-length: 0\r\n") && !rest.contains("\r\ncontent-length: 0\r\n") {
        return None;
    }
    let message = match status_line.strip_prefix("HTTP/1.1 ")?.get(..3)? {
        "414" => format!(
            "The request URI is too long: at most {} bytes",
            crate::api::MAX_URI_BYTES
        ),
        "431" => "The request header fields are too large".to_owned(),
        "400" => "The request is not valid HTTP".to_owned(),
        _ => return None,
    };
    let body = serde_json::to_vec(&ErrorCode::BadRequest.body(message)).ok()?;
    let mut response = format!(
        "{status_line}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
         connection: close\r\nx-content-type-options: nosniff\r\nreferrer-policy: no-referrer\r\n\r\n",
        body.len()
    )
    .into_bytes();
    response.extend_from_slice(&body);
    Some(response)
}

impl AsyncRead for EnvelopeIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for EnvelopeIo {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.replacement.is_none() {
            match replacement_for(buf) {
                Some(bytes) => this.replacement = Some((bytes, 0, buf.len())),
                None => return Pin::new(&mut this.inner).poll_write(cx, buf),
            }
        }
        let Some((bytes, written, stands_for)) = &mut this.replacement else {
            return Poll::Ready(Ok(0));
        };
        while *written < bytes.len() {
            let n = ready!(Pin::new(&mut this.inner).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Ok(0));
            }
            *written += n;
        }
        let stands_for = *stands_for;
        this.replacement = None;
        Poll::Ready(Ok(stands_for))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::replacement_for;

    #[test]
    fn only_hypers_own_empty_error_answers_are_replaced() {
        let automatic = b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        let replaced = replacement_for(automatic).unwrap_or_default();
        let text = String::from_utf8_lossy(&replaced);
        assert!(text.starts_with("HTTP/1.1 414 URI Too Long\r\n"), "{text}");
        assert!(
            text.ends_with("}") && text.contains("\"errorCode\":\"E011001\""),
            "{text}"
        );
        // Our own answers carry a body and pass untouched.
        assert!(
            replacement_for(b"HTTP/1.1 414 URI Too Long\r\ncontent-length: 20\r\n\r\n{}").is_none()
        );
        assert!(replacement_for(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").is_none());
        assert!(replacement_for(b"some body bytes").is_none());
    }
}
