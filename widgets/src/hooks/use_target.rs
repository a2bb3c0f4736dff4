//! `use_target`: where a widget's requests go, with one token renewal for all of them.

use crate::WidgetProps;
use crate::state::{SearchTarget, Setting};
use crate::token::SessionRenewal;
use std::rc::Rc;
use tenantkit_client::{Renewal, Renewer};
use yew::prelude::*;

/// The widget's [`SearchTarget`] (or its missing settings), carrying the widget's one
/// [`SessionRenewal`], which this render's token provider and event callback update. The
/// renewal lives as long as the widget, so a fresh token the provider gave for one request is
/// sent by every later one.
#[hook]
pub fn use_target(props: &WidgetProps) -> Result<SearchTarget, Vec<Setting>> {
    let renewal = use_memo((), |()| Rc::new(SessionRenewal::default()));
    renewal.update(props.token_provider.clone(), props.on_event.clone());
    let shared: Rc<dyn Renewal> = (*renewal).clone();
    props
        .target()
        .map(|target| target.with_renewer(Renewer::new(shared)))
}
