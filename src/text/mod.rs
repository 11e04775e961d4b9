//! Words and formats: the interface's languages (`i18n`) and how dates and
//! reading times are written (`format`).

pub mod format;
pub mod i18n;
