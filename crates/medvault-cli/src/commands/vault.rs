//! `status` and `init`.

use std::process::ExitCode;

use anyhow::Result;
use medvault_core::extract::DateOrder;
use medvault_core::vault::VaultOptions;
use medvault_core::{Vault, VaultState};

use super::{print_json, Ctx};

pub fn status(ctx: &Ctx, json: bool) -> Result<ExitCode> {
    let st = medvault_core::status(&ctx.paths)?;
    if json {
        print_json(&st)?;
    } else {
        let state = match st.state {
            VaultState::New => "no vault yet (first run will create one)",
            VaultState::Ready => "vault present",
        };
        println!("vault: {}\nstate: {state}", st.root.display());
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn init(ctx: &mut Ctx, admin: &str, date_order: DateOrder) -> Result<ExitCode> {
    let password = ctx.secrets.new_password(admin)?;
    let options = VaultOptions { date_order };
    let (vault, session, recovery) =
        Vault::create_with(&ctx.paths, admin, &password, options).await?;
    super::done(vault, session).await?;
    println!("Created the vault at {}", ctx.paths.root().display());
    println!("Admin: {admin}");
    println!("Date order: {}", super::date_order_name(date_order));
    println!();
    println!("Recovery key (shown only now; store it offline, it opens the vault if every password is lost):");
    println!("{}", recovery.as_str());
    Ok(ExitCode::SUCCESS)
}

pub async fn rotate_key(ctx: &mut Ctx, json: bool) -> Result<ExitCode> {
    let (vault, s) = ctx.login().await?;
    let r = vault.rotate_master_key(&s).await;
    super::done(vault, s).await?;
    let r = r?;
    if json {
        print_json(&r)?;
    } else {
        println!(
            "Rotated the vault master key: {} document keys and {} slots re-sealed.",
            r.documents, r.slots
        );
        if !r.revoked.is_empty() {
            println!(
                "Access revoked for disabled users: {}",
                r.revoked.join(", ")
            );
        }
        if !r.damaged.is_empty() {
            println!("Damaged documents left as they were: {:?}", r.damaged);
        }
    }
    Ok(ExitCode::SUCCESS)
}
