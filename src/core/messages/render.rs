//! Words the renderers add around records: headings, source lists, marks (render/).

use super::catalogue;

catalogue! {
    /// Messages of this area.
    pub enum RenderMsg {}
}
