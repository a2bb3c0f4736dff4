//! [`pagination`]: page size, "1–25 of 41", previous and next.

use crate::i18n::Lang;
use crate::list::PAGE_SIZES;
use crate::messages::fill;
use wasm_bindgen::JsCast;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// What [`pagination`] shows and does.
#[derive(PartialEq, Clone, Debug)]
pub struct Paging {
    /// 0-based page shown.
    pub page: u32,
    /// Users per page.
    pub page_size: u32,
    /// Users matching across all pages.
    pub total: u64,
    /// Rows on this page.
    pub rows: usize,
    /// The server stopped counting at `total`: more match, and there may be a next page.
    pub capped: bool,
    /// Go to a page.
    pub onpage: Callback<u32>,
    /// Choose a page size.
    pub onpagesize: Callback<u32>,
}

/// Page controls under the table, in `lang`. A plain function (see [`crate::ui`]).
pub fn pagination(lang: Lang, props: &Paging) -> Html {
    let messages = lang.messages();
    // Numbers as the element's language writes them ("10,000", "10 000").
    let number = |n: u64| lang.number(n as f64);
    let first = u64::from(props.page) * u64::from(props.page_size);
    let total = if props.capped {
        format!("{}+", number(props.total))
    } else {
        number(props.total)
    };
    let range = if props.rows == 0 {
        fill(messages.range_none, "total", &total)
    } else {
        let text = fill(messages.range, "from", &number(first + 1));
        let text = fill(&text, "to", &number(first + props.rows as u64));
        fill(&text, "total", &total)
    };
    let has_previous = props.page > 0;
    // Past a capped total the count says nothing: a full page means there may be more.
    let has_next = first + (props.rows as u64) < props.total
        || (props.capped && props.rows as u64 == u64::from(props.page_size));
    let page = props.page;
    let onprevious = props
        .onpage
        .reform(move |_: MouseEvent| page.saturating_sub(1));
    let onnext = props.onpage.reform(move |_: MouseEvent| page + 1);
    let onpagesize = {
        let onpagesize = props.onpagesize.clone();
        Callback::from(move |event: Event| {
            if let Some(select) = event
                .target()
                .and_then(|t| t.dyn_into::<HtmlSelectElement>().ok())
                && let Ok(size) = select.value().parse()
            {
                onpagesize.emit(size);
            }
        })
    };
    html! {
        <nav class="tk-pagination" part="pagination" aria-label={messages.pagination_label}>
            <label class="tk-field tk-field--inline">
                <span class="tk-field-label">{ messages.page_size_label }</span>
                <select class="tk-select" part="page-size" onchange={onpagesize}>
                    { for PAGE_SIZES.iter().map(|size| html! {
                        <option value={size.to_string()} selected={*size == props.page_size}>{ size.to_string() }</option>
                    }) }
                </select>
            </label>
            <span class="tk-range" part="range">{ range }</span>
            if props.capped {
                <span class="tk-hint" part="capped-hint">{ fill(messages.total_capped, "count", &number(props.total)) }</span>
            }
            <span class="tk-pager">
                <button type="button" class="tk-button" part="button previous-button"
                    disabled={!has_previous} onclick={onprevious}>{ messages.previous_page }</button>
                <button type="button" class="tk-button" part="button next-button"
                    disabled={!has_next} onclick={onnext}>{ messages.next_page }</button>
            </span>
        </nav>
    }
}
