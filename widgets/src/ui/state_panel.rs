//! [`state_panel`]: the box shown instead of the table while loading, when empty, on errors, when
//! the session has expired and when settings are missing.

use yew::prelude::*;

/// Which state a panel shows; decides its icon, colour, `part` and ARIA role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PanelKind {
    /// A request is in flight.
    Loading,
    /// The tenant has no users.
    Empty,
    /// A request failed.
    Error,
    /// The session is over.
    SessionExpired,
    /// Settings are missing.
    MissingConfig,
}

impl PanelKind {
    /// The `part` name besides `state`, also the modifier class.
    fn name(self) -> &'static str {
        match self {
            Self::Loading => "loading",
            Self::Empty => "empty",
            Self::Error => "error",
            Self::SessionExpired => "session-expired",
            Self::MissingConfig => "missing-config",
        }
    }

    /// Problems interrupt a screen reader; the rest is announced by the widget's live region.
    fn role(self) -> Option<&'static str> {
        match self {
            Self::Error | Self::SessionExpired | Self::MissingConfig => Some("alert"),
            Self::Loading | Self::Empty => None,
        }
    }
}

/// A state message with an icon: `title` says what is going on, `detail` (rendered as text) says
/// more, e.g. the server's error message. A plain function (see [`crate::ui`]).
pub fn state_panel(kind: PanelKind, title: &str, detail: Option<&str>) -> Html {
    let name = kind.name();
    html! {
        <div
            class={classes!("tk-state", format!("tk-state--{name}"))}
            part={format!("state {name}")}
            role={kind.role()}
            aria-busy={(kind == PanelKind::Loading).then_some("true")}
        >
            <span class="tk-state-icon" aria-hidden="true"></span>
            <p class="tk-state-title">{ title.to_owned() }</p>
            if let Some(detail) = detail {
                <p class="tk-state-detail" part="state-detail">{ detail.to_owned() }</p>
            }
        </div>
    }
}
