//! Daily digests, their schedule and place settings (core/digest).

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum DigestMsg {}
}
