//! The daily digest: what changed since a subscription's last digest,
//! milestones that fall today, and the congressional actions still open,
//! every line cited. Scheduling lives in [`schedule`].

pub mod build;
pub mod run;
pub mod schedule;
