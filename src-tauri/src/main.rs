//! MedVault desktop app: window and event wiring plus thin commands over
//! `medvault-core`. No domain logic lives here.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod admin;
mod background;
mod commands;
mod documents;
mod dto;
mod protocol;
mod settings;
mod state;
mod webview;

use std::path::PathBuf;

use clap::Parser;
use medvault_core::VaultPaths;
use state::AppState;

/// Command-line options of the desktop app.
#[derive(Debug, Parser)]
#[command(name = "medvault-app", version, about = "MedVault desktop app")]
struct Args {
    /// The vault folder (default: the vault in this user's data folder).
    #[arg(long, env = "MEDVAULT_DIR", value_name = "DIR")]
    vault: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            std::env::var("MEDVAULT_LOG").unwrap_or_else(|_| "warn,lopdf=off,tantivy=error".into()),
        ))
        .with_writer(std::io::stderr)
        .init();
    let paths = match args.vault {
        Some(dir) => VaultPaths::new(dir),
        None => VaultPaths::default_location()?,
    };
    tracing::info!("starting MedVault {}", medvault_core::VERSION);
    tauri::Builder::default()
        .manage(AppState::new(paths))
        .plugin(tauri_plugin_dialog::init())
        .register_asynchronous_uri_scheme_protocol(protocol::SCHEME, protocol::handle)
        .setup(|app| {
            use tauri::Manager;
            if let Some(window) = app.get_webview_window("main") {
                webview::configure(&window)?;
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::create_vault,
            commands::login,
            commands::logout,
            commands::lock,
            commands::unlock,
            commands::session_info,
            commands::change_password,
            commands::add_files,
            commands::search,
            commands::watch_folders,
            commands::watch_folder_defaults,
            commands::add_watch_folder,
            commands::remove_watch_folder,
            commands::watch_status,
            commands::retention_due,
            commands::purge_due,
            commands::backup,
            documents::library,
            documents::document_detail,
            documents::update_document,
            documents::set_document_type,
            documents::set_retention,
            documents::delete_document,
            documents::export_documents,
            admin::dashboard,
            admin::users,
            admin::add_user,
            admin::set_user_role,
            admin::set_user_disabled,
            admin::audit_log,
            admin::verify_audit,
            admin::export_audit,
            settings::settings,
            settings::set_settings,
        ])
        .run(tauri::generate_context!())?;
    Ok(())
}
