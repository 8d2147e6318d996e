//! Request handlers, one module per CDP domain, and the dispatcher that runs them on the JS
//! thread.

pub mod debugger;
pub mod dispatch;
pub mod heap_profiler;
pub mod jetcrab;
pub mod profiler;
pub mod runtime;
