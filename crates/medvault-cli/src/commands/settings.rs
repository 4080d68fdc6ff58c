//! `medvault settings`: show the vault's settings, or change them (admin).

use std::process::ExitCode;

use anyhow::Result;
use medvault_core::extract::DateOrder;

use super::{done, print_json, Ctx};

pub async fn run(
    ctx: &mut Ctx,
    date_order: Option<DateOrder>,
    idle_timeout: Option<u64>,
    json: bool,
) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let r: Result<_> = async {
        if let Some(secs) = idle_timeout {
            vault.set_idle_timeout(&s, secs).await?;
        }
        let reread = match date_order {
            Some(order) => Some(vault.set_date_order(&s, order).await?),
            None => None,
        };
        Ok((vault.settings(&s).await?, reread))
    }
    .await;
    done(vault, s).await?;
    let (settings, reread) = r?;
    if json {
        print_json(&settings)?;
    } else {
        println!("idle timeout: {} seconds", settings.idle_timeout_secs);
        println!(
            "date order:   {}",
            super::date_order_name(settings.date_order)
        );
        if let Some(n) = reread {
            println!("dates of {n} documents read again");
        }
    }
    Ok(ExitCode::SUCCESS)
}
