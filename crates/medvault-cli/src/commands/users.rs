//! `user add|list|disable|enable|passwd|role`.

use std::process::ExitCode;

use anyhow::Result;
use medvault_core::time::format_iso;
use medvault_core::Vault;

use super::{done, print_json, Ctx};
use crate::cli::UserCmd;

pub async fn run(ctx: &mut Ctx, cmd: UserCmd) -> Result<ExitCode> {
    if let UserCmd::Passwd {
        name,
        recovery: true,
    } = &cmd
    {
        let vault = Vault::open(&ctx.paths).await?;
        let key = ctx.secrets.recovery_key()?;
        let s = vault.login_with_recovery(&key).await?;
        let new = ctx.secrets.new_password(name)?;
        vault.change_password(&s, name, None, &new).await?;
        done(vault, s).await?;
        println!("Password of {name} reset with the recovery key.");
        return Ok(ExitCode::SUCCESS);
    }
    let (vault, s) = ctx.login().await?;
    let result = async {
        match cmd {
            UserCmd::Add { name, role } => {
                let pw = ctx.secrets.new_password(&name)?;
                vault.add_user(&s, &name, role.into(), &pw).await?;
                println!("Added {name}.");
            }
            UserCmd::List { json } => {
                let users = vault.list_users(&s).await?;
                if json {
                    print_json(&users)?;
                } else {
                    for u in users {
                        let state = if u.disabled { "disabled" } else { "enabled" };
                        println!(
                            "{:<24} {:<8} {:<9} since {}",
                            u.name,
                            u.role,
                            state,
                            format_iso(u.created_at)
                        );
                    }
                }
            }
            UserCmd::Disable { name } => {
                vault.set_user_disabled(&s, &name, true).await?;
                println!("Disabled {name}.");
            }
            UserCmd::Enable { name } => {
                vault.set_user_disabled(&s, &name, false).await?;
                println!("Enabled {name}.");
            }
            UserCmd::Passwd { name, .. } => {
                // Changing your own password proves the current one: the one you logged in with.
                let current = ctx.login_password.clone();
                let new = ctx.secrets.new_password(&name)?;
                vault
                    .change_password(&s, &name, current.as_deref().map(|p| p.as_str()), &new)
                    .await?;
                println!("Changed the password of {name}.");
            }
            UserCmd::Role { name, role } => {
                vault.set_user_role(&s, &name, role.into()).await?;
                println!("{name} is now {}.", medvault_core::Role::from(role));
            }
        }
        anyhow::Ok(())
    }
    .await;
    done(vault, s).await?;
    result.map(|_| ExitCode::SUCCESS)
}
