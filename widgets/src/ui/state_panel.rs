//! `<StatePanel>`: the box shown instead of the table while loading, when empty, on errors, when
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

/// Properties of [`StatePanel`].
#[derive(Properties, PartialEq, Clone, Debug)]
pub struct StatePanelProps {
    /// Which state.
    pub kind: PanelKind,
    /// One line saying what is going on.
    pub title: AttrValue,
    /// More detail, e.g. the server's error message. Rendered as text.
    #[prop_or_default]
    pub detail: Option<AttrValue>,
}

/// A state message with an icon.
#[component]
pub fn StatePanel(props: &StatePanelProps) -> Html {
    let name = props.kind.name();
    html! {
        <div
            class={classes!("tk-state", format!("tk-state--{name}"))}
            part={format!("state {name}")}
            role={props.kind.role()}
            aria-busy={(props.kind == PanelKind::Loading).then_some("true")}
        >
            <span class="tk-state-icon" aria-hidden="true"></span>
            <p class="tk-state-title">{ props.title.clone() }</p>
            if let Some(detail) = props.detail.clone() {
                <p class="tk-state-detail" part="state-detail">{ detail }</p>
            }
        </div>
    }
}
