//! `use_debounced`: a callback that forwards only the last value of a burst, `delay_ms` after it.

use gloo_timers::future::TimeoutFuture;
use yew::platform::spawn_local;
use yew::prelude::*;

/// Returns a callback that emits to `target` the last value it got, once `delay_ms` passed
/// without another one. Unmounting drops a pending value.
#[hook]
pub fn use_debounced<T: 'static>(target: Callback<T>, delay_ms: u32) -> Callback<T> {
    let generation = use_mut_ref(|| 0_u64);
    {
        let generation = generation.clone();
        use_effect_with((), move |_| move || *generation.borrow_mut() += 1);
    }
    Callback::from(move |value: T| {
        *generation.borrow_mut() += 1;
        let mine = *generation.borrow();
        let generation = generation.clone();
        let target = target.clone();
        spawn_local(async move {
            TimeoutFuture::new(delay_ms).await;
            if *generation.borrow() == mine {
                target.emit(value);
            }
        });
    })
}
