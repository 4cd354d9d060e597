//! `$…$` and `$$…$$` (with `[content] math`): LaTeX rendered at build time as MathML,
//! which browsers draw natively, by the pulldown-latex crate. The LaTeX source goes
//! along as an annotation, for copying and for tools that read it.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage, push_mathml};

/// The MathML for `latex`; a problem in it is noted (once per formula) at `offset`,
/// and the formula is still drawn, the part that failed marked as pulldown-latex marks it.
pub(super) fn mathml(latex: &str, display: bool, offset: usize, errors: &mut Vec<(String, usize)>) -> String {
    let storage = Storage::new();
    if let Some(problem) = Parser::new(latex, &storage).find_map(Result::err) {
        errors.push((problem.to_string(), offset));
    }
    let storage = Storage::new();
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        annotation: Some(latex),
        ..RenderConfig::default()
    };
    let mut html = String::new();
    if push_mathml(&mut html, Parser::new(latex, &storage), config).is_err() {
        html.clear();
        let _ = pulldown_cmark_escape::escape_html(&mut html, latex);
    }
    html
}
