//! The memory floor of the app's shell: a Tauri window with the app's web
//! view settings (`src/webview.rs`) showing an empty page, without the core
//! and without the UI. `scripts/bench_app.mjs` measures it beside the app.
//!
//!   cargo build --release -p medvault-app --example blank_window

#[path = "../src/webview.rs"]
mod webview;

fn main() {
    let mut context = tauri::generate_context!();
    for window in &mut context.config_mut().app.windows {
        window.url = tauri::WebviewUrl::External("about:blank".parse().expect("a URL"));
    }
    tauri::Builder::default()
        .setup(|app| {
            use tauri::Manager;
            if let Some(window) = app.get_webview_window("main") {
                webview::configure(&window)?;
            }
            Ok(())
        })
        .run(context)
        .expect("the window runs");
}
