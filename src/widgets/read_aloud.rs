//! **Nghe đọc bài viết**: reads the article aloud with the device's own voices; nothing leaves
//! the browser. Play / pause (cancel and resume from the current sentence, which works where
//! the engine's own pause does not), stop, previous / next sentence, speed 0.75×–1.5×
//! (remembered). The text is cut into short utterances by `core::speech` (`speechSplit`, in the
//! late module); `js/speech.js` draws the controls, walks the DOM, speaks and highlights the
//! sentence (CSS Custom Highlight API: the page's DOM is not changed). Without a voice for the
//! page's language the button says so instead of reading Vietnamese with an English voice.

use super::Ctx;
use crate::core::i18n::{Key, Lang};
use crate::dom;
use crate::error::Result;

/// The labels `js/speech.js` expects, in its order.
const LABELS: [Key; 13] = [
    Key::ReadAloud,
    Key::ReadPause,
    Key::ReadResume,
    Key::ReadRate,
    Key::ReadNoVoice,
    Key::ReadReading,
    Key::ReadPaused,
    Key::ReadStopped,
    Key::ReadDone,
    Key::ReadError,
    Key::ReadPrev,
    Key::ReadNext,
    Key::ReadStop,
];

/// Fields: the selector of the text to read, the language (`vi`, `en`), the labels.
pub fn config(ctx: &Ctx) -> Result<()> {
    let target = dom::attr("data-read-target")
        .or_else(|| dom::attr("data-target"))
        .unwrap_or_else(|| String::from("article, main, body"));
    ctx.text(&target);
    let lang = match ctx.lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    };
    ctx.text(lang);
    ctx.labels(&LABELS);
    Ok(())
}
