//! Settings of the window's web view that Tauri's configuration does not reach.

/// Set to 1 to keep WebKit's GPU compositing (smoother on some GPUs, about
/// 100 MiB more memory where OpenGL is software, as under Xvfb).
pub const GPU_COMPOSITING_ENV: &str = "MEDVAULT_GPU_COMPOSITING";

/// Draws the page without GPU compositing unless the environment asks for it.
#[cfg(target_os = "linux")]
pub fn configure(window: &tauri::WebviewWindow) -> tauri::Result<()> {
    if std::env::var(GPU_COMPOSITING_ENV).is_ok_and(|v| v == "1") {
        return Ok(());
    }
    window.with_webview(|webview| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = webview.inner().settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    })
}

/// Other platforms' web views keep their defaults.
#[cfg(not(target_os = "linux"))]
pub fn configure(_window: &tauri::WebviewWindow) -> tauri::Result<()> {
    Ok(())
}
