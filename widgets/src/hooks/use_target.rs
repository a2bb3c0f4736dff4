//! `use_target`: where a widget's requests go, with one token renewal for all of them.

use crate::WidgetProps;
use crate::list::{SearchTarget, Setting};
use crate::token::SessionRenewal;
use std::rc::Rc;
use tenantkit_client::{Renewal, Renewer};
use yew::prelude::*;

/// The widget's [`SearchTarget`] (or its missing settings), carrying the widget's one
/// [`SessionRenewal`], which this render's token provider and event callback update. The
/// renewal lives as long as the widget, so a fresh token the provider gave for one request is
/// sent by every later one; when the widget unmounts it closes, which cancels the requests still
/// in flight (see [`tenantkit_client::ApiError::Cancelled`]).
#[hook]
pub fn use_target(props: &WidgetProps) -> Result<SearchTarget, Vec<Setting>> {
    let renewal = use_memo((), |()| Rc::new(SessionRenewal::default()));
    renewal.update(props.token_provider.clone(), props.on_event.clone());
    {
        let renewal = renewal.clone();
        use_effect_with((), move |()| move || renewal.close());
    }
    let shared: Rc<dyn Renewal> = (*renewal).clone();
    props
        .target()
        .map(|target| target.with_renewer(Renewer::new(shared)))
}
