//! Bills that track themselves: for every bill an action names
//! (`/action bill`), the congress.gov API's actions and cosponsors become
//! cited statuses and cosponsorships, audited as `casewatch:congress`.
//! `casewatch bills poll` runs one poll; the bot runs one a day.

pub mod api;
pub mod daily;
pub mod events;
mod poll;

pub use daily::poll_daily;
pub use poll::{poll, BillOutcome, PollReport, POLLER};
