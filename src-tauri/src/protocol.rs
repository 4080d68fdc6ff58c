//! The `medvault:` protocol: page images and thumbnails decrypted in memory
//! for the signed-in session and handed to the web view, never written to
//! disk. `medvault://localhost/thumb/ID` and `…/page/ID/N` (on Windows
//! `http://medvault.localhost/…`).

use medvault_core::ingest::Format;
use medvault_core::store::BlobKind;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::state::AppState;

/// The scheme name.
pub const SCHEME: &str = "medvault";

/// What a URL asks for.
#[derive(Debug, PartialEq, Eq)]
enum Asset {
    Thumbnail(i64),
    Page(i64, u32),
}

/// Parses the path of a request (`/thumb/12`, `/page/12/3`, either percent-encoded).
fn parse(path: &str) -> Option<Asset> {
    let path = path.replace("%2F", "/").replace("%2f", "/");
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    match parts.as_slice() {
        ["thumb", id] => Some(Asset::Thumbnail(id.parse().ok()?)),
        ["page", id, n] => Some(Asset::Page(
            id.parse().ok()?,
            n.parse().ok().filter(|n| *n > 0)?,
        )),
        _ => None,
    }
}

/// Answers one request off the main thread.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let path = request.uri().path().to_string();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        responder.respond(answer(&state, &path).await);
    });
}

async fn answer(state: &AppState, path: &str) -> Response<Vec<u8>> {
    let reply = |status: StatusCode, kind: &str, body: Vec<u8>| {
        Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, kind)
            .header(header::CACHE_CONTROL, "no-store")
            .body(body)
            .expect("valid response")
    };
    let Some(asset) = parse(path) else {
        return reply(
            StatusCode::NOT_FOUND,
            "text/plain",
            b"no such asset".to_vec(),
        );
    };
    let (vault, s) = match state.signed_in().await {
        Ok(x) => x,
        Err(e) => return reply(StatusCode::FORBIDDEN, "text/plain", e.into_bytes()),
    };
    let bytes = match asset {
        Asset::Thumbnail(id) => vault.thumbnail(&s, id).await,
        Asset::Page(id, n) => vault.document_image(&s, id, BlobKind::Page(n)).await,
    };
    match bytes {
        Ok(b) => {
            let kind = image_type(&b);
            reply(StatusCode::OK, kind, b)
        }
        Err(e) => reply(
            StatusCode::NOT_FOUND,
            "text/plain",
            e.to_string().into_bytes(),
        ),
    }
}

/// The image type, told by content as the ingest pipeline tells formats.
fn image_type(b: &[u8]) -> &'static str {
    match medvault_core::ingest::sniff(b) {
        Ok(Format::Png) => "image/png",
        Ok(Format::Jpeg) => "image/jpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_name_a_thumbnail_or_a_page() {
        assert_eq!(parse("/thumb/12"), Some(Asset::Thumbnail(12)));
        assert_eq!(parse("/thumb%2F12"), Some(Asset::Thumbnail(12)));
        assert_eq!(parse("/page/12/3"), Some(Asset::Page(12, 3)));
        assert_eq!(parse("/page/12/0"), None, "pages count from 1");
        assert_eq!(parse("/page/x/1"), None);
        assert_eq!(parse("/../vault.db"), None);
    }

    #[test]
    fn image_types_are_told_by_content() {
        assert_eq!(image_type(b"\xFF\xD8\xFF\xE0"), "image/jpeg");
        assert_eq!(image_type(b"\x89PNG\r\n\x1a\n\0\0"), "image/png");
        assert_eq!(image_type(b"%PDF"), "application/octet-stream");
    }
}
