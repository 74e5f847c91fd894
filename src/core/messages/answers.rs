//! Read answers: case card, timeline, quotes, actions, people, search, sources, cite (core/answers, core/people, core/help).

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum AnswersMsg {}
}
