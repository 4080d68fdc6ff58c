//! The window's web view, tuned for one long-lived page: on Linux,
//! WebKitGTK's caches are sized for a document viewer (the app never
//! navigates, so a browser's page and memory caches only hold memory).

/// Applies the tuning to `window`'s web view; a failure only costs memory.
pub fn tune(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    if let Err(e) = window.with_webview(|view| {
        use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebViewExt};
        let view = view.inner();
        if let Some(context) = view.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_page_cache(false);
        }
    }) {
        tracing::warn!("could not tune the web view: {e}");
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
