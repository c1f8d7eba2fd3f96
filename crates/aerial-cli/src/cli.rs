//! The command line, as clap derive types. Each help text states what its option sets.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::arguments;

const EXIT_CODES: &str = "\
Exit codes:
  0    success
  1    Okta rejected the request, or a check failed
  2    invalid command line or value, or a confirmation is missing
       (no terminal and no --yes or --confirm-name)
  3    not configured: no such profile, no active profile, no key
       in the keychain, or a damaged profile file
  4    the OS keychain cannot be used
  5    Okta could not be reached (network, DNS, TLS, timeout)
  6    outcome unknown: a change may or may not have been applied,
       or reading it back showed something else
  130  cancelled at a prompt

Environment:
  AERIAL_DESK_CONFIG_DIR  folder of profiles.json
                          (default: the OS configuration folder)
  AERIAL_DESK_DATA_DIR    folder of the change journal
                          (default: the OS data folder)";

/// Manage Okta orgs through Okta Aerial from the command line.
#[derive(Debug, Parser)]
#[command(name = "aerial", version, after_long_help = EXIT_CODES, after_help = EXIT_CODES)]
pub struct Cli {
    /// The profile to use (default: the active profile).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,

    /// Print machine-readable JSON on stdout instead of tables.
    #[arg(long, global = true)]
    pub json: bool,

    /// Confirm every change without a prompt. Commands that need the org's name typed back still
    /// need --confirm-name.
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,

    /// Folder of the profile file.
    #[arg(
        long,
        global = true,
        env = "AERIAL_DESK_CONFIG_DIR",
        value_name = "DIR"
    )]
    pub config_dir: Option<PathBuf>,

    /// Folder of the change journal.
    #[arg(long, global = true, env = "AERIAL_DESK_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add, list, show, activate and remove profiles.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Generate, import and show the profile's signing key.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Check the connection to Okta step by step.
    #[command(subcommand)]
    Connect(ConnectCommand),
    /// Show the Aerial account.
    #[command(subcommand)]
    Account(AccountCommand),
    /// List the products the account subscribes to.
    #[command(subcommand)]
    Products(ProductsCommand),
    /// List, show, link, activate, deactivate, delete and create orgs.
    #[command(subcommand)]
    Orgs(OrgsCommand),
    /// List, enable and disable an org's products.
    #[command(subcommand, name = "org-products")]
    OrgProducts(OrgProductsCommand),
    /// Show and grant an org's Aerial consent.
    #[command(subcommand)]
    Consent(ConsentCommand),
    /// List and export the journal of changes.
    #[command(subcommand)]
    Journal(JournalCommand),
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Add a profile and give it a new signing key (or import one with --key-file).
    Add(ProfileAdd),
    /// List the profiles.
    List,
    /// Show one profile (default: the active one).
    Show {
        /// The profile's name.
        name: Option<String>,
    },
    /// Make a profile the active one.
    Use {
        /// The profile's name.
        name: String,
    },
    /// Remove a profile and its keychain entries.
    Remove {
        /// The profile's name.
        name: String,
    },
    /// Add an org's super admin API token (SSWS) to the profile, for `orgs create` on a parent
    /// org and for `consent`.
    AddParent(ParentAdd),
}

#[derive(Debug, Args)]
pub struct ProfileAdd {
    /// The new profile's name: letters, digits, spaces, '-', '_' and '.'.
    pub name: String,
    /// The Aerial environment.
    #[arg(long, value_enum)]
    pub environment: EnvironmentArg,
    /// The Aerial service's base URL (default for production and sandbox: Okta's service).
    #[arg(long, value_name = "URL")]
    pub aerial_service: Option<String>,
    /// The Aerial account ID.
    #[arg(long, value_name = "ID")]
    pub account_id: String,
    /// The Aerial org: a domain such as acme-aerial.okta.com, or a base URL for custom.
    #[arg(long, value_name = "DOMAIN_OR_URL")]
    pub aerial_org: String,
    /// The client ID of the API service app in the Aerial org.
    #[arg(long, value_name = "ID")]
    pub client_id: String,
    #[command(flatten)]
    pub key: KeySource,
    /// The app requires DPoP: a second key pair for DPoP proofs is generated and kept.
    #[arg(long)]
    pub dpop: bool,
}

#[derive(Debug, Args)]
pub struct KeySource {
    /// Import this PEM private key instead of generating one.
    #[arg(long, value_name = "FILE", conflicts_with = "key_type")]
    pub key_file: Option<PathBuf>,
    /// The kind of key to generate.
    #[arg(long, value_enum, default_value_t = KeyTypeArg::Ec)]
    pub key_type: KeyTypeArg,
    /// The key ID (kid) to use (default: the key's RFC 7638 thumbprint).
    #[arg(long, value_name = "KID")]
    pub key_id: Option<String>,
    /// Environment variable that contains the passphrase of an encrypted PEM file (default: ask at
    /// the terminal).
    #[arg(long, value_name = "VAR")]
    pub passphrase_env: Option<String>,
}

#[derive(Debug, Args)]
pub struct ParentAdd {
    /// The parent org: a domain, or a base URL for demo and custom profiles.
    #[arg(long, value_name = "DOMAIN_OR_URL")]
    pub org: String,
    /// Environment variable that contains the org's API token (default: read one line from stdin).
    #[arg(long, value_name = "VAR")]
    pub api_token_env: Option<String>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum EnvironmentArg {
    Production,
    Sandbox,
    Custom,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KeyTypeArg {
    /// EC P-256, signing with ES256.
    Ec,
    /// RSA 2048 bits, signing with RS256.
    Rsa2048,
    /// RSA 3072 bits, signing with RS256.
    Rsa3072,
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Replace the profile's key with a new one and print its public JWK.
    Generate {
        /// The kind of key to generate.
        #[arg(long, value_enum, default_value_t = KeyTypeArg::Ec)]
        key_type: KeyTypeArg,
        /// The key ID (kid) to use (default: the key's RFC 7638 thumbprint).
        #[arg(long, value_name = "KID")]
        key_id: Option<String>,
    },
    /// Replace the profile's key with a PEM private key.
    Import {
        /// The PEM file.
        file: PathBuf,
        /// The key ID (kid) to use (default: the key's RFC 7638 thumbprint).
        #[arg(long, value_name = "KID")]
        key_id: Option<String>,
        /// Environment variable that contains the passphrase of an encrypted PEM file (default:
        /// ask at the terminal).
        #[arg(long, value_name = "VAR")]
        passphrase_env: Option<String>,
    },
    /// Print the public key to paste into the Admin Console.
    ShowPublic {
        /// Print a JWKS ({"keys": [...]}) instead of one JWK.
        #[arg(long)]
        jwks: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConnectCommand {
    /// Check each step from the profile to the Aerial API and report the one that fails.
    Test,
}

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Show the account's ID and name.
    Show,
}

#[derive(Debug, Subcommand)]
pub enum ProductsCommand {
    /// List the products the account subscribes to.
    List,
}

#[derive(Debug, Subcommand)]
pub enum OrgsCommand {
    /// List the account's orgs, every page.
    List {
        /// A SCIM filter, such as 'subdomain sw "acme" AND status eq "ACTIVE"'.
        #[arg(long, value_name = "EXPR")]
        filter: Option<String>,
        /// Only orgs with this status.
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
    },
    /// Show one org.
    Show {
        /// The org ID.
        #[arg(value_parser = arguments::org_id)]
        id: String,
    },
    /// Link an org to the account. Linking cannot be undone.
    Link {
        /// The org ID.
        #[arg(
            long,
            value_name = "ID",
            required_unless_present = "domain",
            conflicts_with = "domain",
            value_parser = arguments::org_id
        )]
        org_id: Option<String>,
        /// The org's domain.
        #[arg(long, value_name = "DOMAIN", value_parser = arguments::domain)]
        domain: Option<String>,
        /// The org's cell, such as ok1.
        #[arg(long, value_name = "CELL", value_parser = arguments::cell)]
        cell: String,
    },
    /// Activate or deactivate an org.
    Status {
        /// The org ID.
        #[arg(value_parser = arguments::org_id)]
        id: String,
        /// The new status.
        #[arg(value_enum)]
        status: StatusArg,
        /// The org's name, typed back to confirm a deactivation without a prompt.
        #[arg(long, value_name = "NAME")]
        confirm_name: Option<String>,
    },
    /// Ask Okta to delete an inactive org.
    DeleteRequest {
        /// The org ID.
        #[arg(value_parser = arguments::org_id)]
        id: String,
        /// The org's name, typed back to confirm without a prompt.
        #[arg(long, value_name = "NAME")]
        confirm_name: Option<String>,
    },
    /// Create a child org under a parent org with Org Creator.
    Create(OrgCreate),
}

#[derive(Debug, Args)]
pub struct OrgCreate {
    /// The parent org, as added with `profile add-parent`.
    #[arg(long, value_name = "DOMAIN_OR_URL")]
    pub parent: String,
    /// The new org's subdomain: 1 to 57 lower-case letters, digits and inner hyphens.
    #[arg(long)]
    pub subdomain: String,
    /// The new org's name, 1 to 100 characters.
    #[arg(long)]
    pub name: String,
    /// The new org's website.
    #[arg(long, value_name = "URL")]
    pub website: Option<String>,
    /// The first super admin's first name.
    #[arg(long, value_name = "NAME")]
    pub admin_first_name: String,
    /// The first super admin's last name.
    #[arg(long, value_name = "NAME")]
    pub admin_last_name: String,
    /// The first super admin's email address.
    #[arg(long, value_name = "EMAIL")]
    pub admin_email: String,
    /// The first super admin's login (default: the email address).
    #[arg(long, value_name = "LOGIN")]
    pub admin_login: Option<String>,
    /// Print the new org's API token on stdout once (it is always kept in the keychain).
    #[arg(long)]
    pub print_token: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Active,
    Inactive,
}

impl StatusArg {
    pub fn okta(self) -> okta::aerial::OrgStatus {
        match self {
            StatusArg::Active => okta::aerial::OrgStatus::Active,
            StatusArg::Inactive => okta::aerial::OrgStatus::Inactive,
        }
    }

    pub fn as_okta_str(self) -> &'static str {
        match self {
            StatusArg::Active => "ACTIVE",
            StatusArg::Inactive => "INACTIVE",
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum OrgProductsCommand {
    /// List the products enabled in an org.
    List {
        /// The org ID.
        #[arg(value_parser = arguments::org_id)]
        id: String,
    },
    /// Enable products in an org, keeping the others.
    Enable {
        /// The org ID.
        #[arg(value_parser = arguments::org_id)]
        id: String,
        /// Product IDs, such as P000052.
        #[arg(required = true, value_name = "PRODUCT", value_parser = arguments::product_id)]
        products: Vec<String>,
    },
    /// Disable products in an org, keeping the others.
    Disable {
        /// The org ID.
        #[arg(value_parser = arguments::org_id)]
        id: String,
        /// Product IDs, such as P000052.
        #[arg(required = true, value_name = "PRODUCT", value_parser = arguments::product_id)]
        products: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConsentCommand {
    /// Show whether an org has granted Aerial consent to the account.
    Show(ConsentTarget),
    /// Grant Aerial consent on an org to this profile's account.
    Grant(ConsentTarget),
}

#[derive(Debug, Args)]
pub struct ConsentTarget {
    /// The org, added to the profile with `aerial profile add-parent` (or created with
    /// `aerial orgs create`).
    #[arg(long, value_name = "DOMAIN_OR_URL")]
    pub org: String,
}

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// List recorded changes, newest first.
    List(JournalFilter),
    /// Export recorded changes as CSV.
    Export {
        #[command(flatten)]
        filter: JournalFilter,
        /// Write to this file instead of stdout.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct JournalFilter {
    /// Only changes to this org (ID or domain).
    #[arg(long, value_name = "ORG")]
    pub org: Option<String>,
    /// Only this kind of change.
    #[arg(long, value_enum)]
    pub action: Option<ActionArg>,
    /// Only changes in this state.
    #[arg(long, value_enum)]
    pub state: Option<StateArg>,
    /// Only changes started at or after this RFC 3339 time, such as 2026-01-31T00:00:00Z.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Only changes started before this RFC 3339 time.
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// At most this many entries.
    #[arg(long, value_name = "N")]
    pub limit: Option<u32>,
    /// Changes of every profile, not only the selected one.
    #[arg(long)]
    pub all_profiles: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ActionArg {
    Link,
    Products,
    Status,
    DeletionRequest,
    OrgCreation,
    Consent,
    StarterConfiguration,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StateArg {
    Pending,
    Succeeded,
    Failed,
    OutcomeUnknown,
}
