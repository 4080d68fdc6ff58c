//! The app's background watcher: the core's `watch` over the vault's watched
//! folders, as the signed-in user. Restarted when a user signs in or unlocks
//! and when the folders change (each start scans the folders for files that
//! arrived meanwhile); stopped on sign-out. While the session is locked the
//! core refuses its ingests and the files wait for the next start. Its
//! events reach the UI as `watch` events and in the status `watch_status` reads.

use std::sync::Arc;

use medvault_core::watch::{watch, WatchEvent, WatchProgress, WatchTiming};
use medvault_core::{Session, Vault};
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::{oneshot, Mutex};

use crate::dto::WatchStatus;
use crate::state::AppState;

struct Running {
    stop: oneshot::Sender<()>,
    task: tauri::async_runtime::JoinHandle<()>,
}

/// The watcher task, if one runs, and what it last reported.
#[derive(Default)]
pub struct Background {
    running: Mutex<Option<Running>>,
    status: Arc<std::sync::Mutex<WatchStatus>>,
}

impl Background {
    /// What the watcher reports now.
    pub fn status(&self) -> WatchStatus {
        self.status.lock().expect("not poisoned").clone()
    }

    /// Stops the watcher, if one runs, and waits for it.
    pub async fn stop(&self) {
        if let Some(r) = self.running.lock().await.take() {
            let _ = r.stop.send(());
            let _ = r.task.await;
        }
        self.status.lock().expect("not poisoned").stopped();
    }

    /// (Re)starts watching the vault's folders as `s`; does nothing more when
    /// there are none or the user may not add documents.
    pub async fn restart(&self, app: AppHandle, vault: Arc<Vault>, s: Arc<Session>) {
        self.stop().await;
        let folders = match vault.watch_folders(&s).await {
            Ok(f) if !f.is_empty() => f,
            _ => return,
        };
        self.status.lock().expect("not poisoned").starting(&folders);
        let (stop, stopped) = oneshot::channel::<()>();
        let status = self.status.clone();
        let task = tauri::async_runtime::spawn(async move {
            let events: WatchProgress = {
                let (app, status) = (app.clone(), status.clone());
                Arc::new(move |e: WatchEvent| {
                    let activity = status.lock().expect("not poisoned").apply(&e);
                    let _ = app.emit("watch", activity);
                })
            };
            let state = app.state::<AppState>();
            let stopped = async {
                let _ = stopped.await;
            };
            let r = watch(
                &vault,
                &s,
                &state.pipeline,
                &folders,
                WatchTiming::default(),
                events,
                stopped,
            )
            .await;
            if let Err(e) = r {
                status.lock().expect("not poisoned").failed(e.to_string());
                let _ = app.emit("watch", ());
            }
        });
        *self.running.lock().await = Some(Running { stop, task });
    }
}
