use clap::Subcommand;

use crate::failure::Failure;
use crate::Context;

#[derive(Subcommand)]
pub enum ConfigCommand {
    /// Print the resolved configuration (defaults → file → REELCUT_* → flags) as TOML.
    Show,
}

pub fn run(context: &Context, command: ConfigCommand) -> Result<(), Failure> {
    match command {
        ConfigCommand::Show => print!("{}", context.settings.to_toml()),
    }
    Ok(())
}
