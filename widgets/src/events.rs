//! What a widget tells its host page. The bindings turn each variant into one DOM event.

/// Something that happened in a widget that the embedding page may want to react to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WidgetEvent {
    /// The first data has been rendered; `count` rows are on screen. Sent once per mount.
    Ready {
        /// Number of users rendered.
        count: usize,
    },
    /// The session token was refused and no fresh one could be obtained: the page should sign
    /// the admin in again.
    SessionExpired,
    /// A 401 was answered by asking the token provider, and the retry with its token succeeded.
    /// The token itself is not carried: the page produced it and already has it.
    TokenRefreshed,
    /// A request failed for another reason than an expired session.
    Error {
        /// The server's `errorMessage`, or a description of the network or decoding failure.
        message: String,
        /// The HTTP status, when the server answered.
        status: Option<u16>,
    },
}
