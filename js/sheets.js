// The page's stylesheet rules that set a text size or spacing, read for the text scaler
// (js/prefs.js) in one call instead of several per rule (#12: the walk took 5 KB of Wasm and
// crossed into JavaScript for every rule, rule type and property). The scaling itself stays in
// the Rust core (`override_sheet`).
//
//   text  = line ("\n" line)*
//   line  = selector ("\x01" property "\x02" value "\x02" priority)+   a style rule
//         | "@media " condition | "@supports " condition                opens a group
//         | "}"                                                         closes it
//
// Serialized CSS never holds a raw newline or control character, so they cannot clash.

/** The properties the text scaler rewrites. */
export const PROPS = ['font-size', 'line-height', 'letter-spacing', 'word-spacing'];
let warned = false;

/** The rules of every stylesheet of the document, in order, as described above. */
export function collectRules() {
  let out = '';
  const read = (sheet, depth) => {
    let rules;
    try {
      rules = sheet.cssRules;
    } catch {
      if (!warned) {
        console.warn(`civic-a11y: text-size: cannot read the cross-origin stylesheet ${sheet.href || ''}; its absolute sizes will not scale. Serve it from this site or load it with crossorigin and CORS.`);
      }
      warned = true;
      return;
    }
    walk(rules, depth);
  };
  const walk = (rules, depth) => {
    if (depth > 8) return;
    for (const rule of rules) {
      if (rule instanceof CSSStyleRule) {
        let decls = '';
        for (const p of PROPS) {
          const v = rule.style.getPropertyValue(p);
          if (v) decls += '\x01' + p + '\x02' + v + '\x02' + rule.style.getPropertyPriority(p);
        }
        if (decls) out += rule.selectorText + decls + '\n';
      } else if (rule instanceof CSSMediaRule || rule instanceof CSSSupportsRule) {
        out += (rule instanceof CSSMediaRule ? '@media ' + rule.media.mediaText : '@supports ' + rule.conditionText) + '\n';
        walk(rule.cssRules, depth + 1);
        out += '}\n';
      } else if (rule instanceof CSSImportRule && rule.styleSheet) {
        read(rule.styleSheet, depth + 1);
      }
    }
  };
  for (const sheet of document.styleSheets) read(sheet, 0);
  return out;
}
