// Share links: real `<a href>` elements (middle-click works; nothing is requested from any
// network until the visitor clicks), a copy-link button and the device share sheet.
// src/widgets/share.rs parses the attributes and builds every href in the Rust core
// (core::share: the URL cleaned of tracking parameters, the title cut at a grapheme); this
// module draws them and answers the clicks (#12: smaller as JavaScript).
//
// Zalo has no documented share URL (its official button loads a third-party SDK and needs an
// Official Account id), so the Zalo control opens the device share sheet, where Zalo is listed
// on phones that have it, and otherwise copies the link for pasting into Zalo.

import { build, fill, announce, emit } from './view.js';

/** How long the copy confirmation stays visible for sighted visitors. */
const TOAST_MS = 6000;
const MONOGRAM = 'text x=12 y=17 text-anchor=middle font-size=14 font-weight=700 font-family=Arial,sans-serif _=';

/** Renders the controls into `parent` and returns the function that removes their listener.
 *  `f`: url, title, group label, "copied", "copy failed", then five per network: id, kind
 *  (link, mail, copy, native, zalo), href or undefined, name, icon path or monogram letter. */
export function mountShare(parent, host, f) {
  const [url, title, group, copied, copyFailed, ...nets] = f;
  const native = typeof navigator.canShare === 'function';
  const texts = [group];
  const t = (s) => '$' + (texts.push(s) - 1);
  let spec = '0div class=row role=group aria-label=$0';
  const kinds = new Map();
  for (let i = 0; i < nets.length; i += 5) {
    const [id, kind, href, name, icon] = nets.slice(i, i + 5);
    // The share sheet only where the browser has one.
    if (kind === 'native' && !native) continue;
    // A real link where there is a URL, else a button.
    spec += href ? '\n1a class=btn href=' + t(href) + (kind === 'link' ? ' target=_blank rel=' + t('noopener noreferrer') : '') : '\n1button class=btn type=button';
    // Inline icon, hidden from assistive technology (the control has a text name); the brand's
    // monogram where there is no path.
    spec += ` data-network=${id} data-act=${id}\n2svg viewBox=${t('0 0 24 24')} aria-hidden=true focusable=false\n3`;
    spec += (icon.length > 1 ? 'path d=' : MONOGRAM) + t(icon) + '\n2span class=sr _=' + t(name);
    kinds.set(id, kind);
  }
  const nodes = build(parent, spec + '\n0span class=sr role=status', texts);
  const status = nodes[nodes.length - 1];
  let toast;
  const share = () => {
    // The visitor may dismiss the sheet: a rejection is not an error.
    try {
      navigator.share({ url, title }).catch(() => {});
    } catch {}
  };
  // Where the Clipboard API is missing (plain http: secure contexts only) or refuses (a frame
  // not allowed to write), the copy command copies the URL from the event it fires, while the
  // click's user activation lasts: no element selected, no focus moved.
  const put = (e) => {
    e.clipboardData.setData('text', url);
    e.preventDefault();
  };
  const command = () => {
    addEventListener('copy', put, true);
    try {
      if (!document.execCommand('copy')) throw 0;
    } finally {
      removeEventListener('copy', put, true);
    }
  };
  const copy = () =>
    new Promise((ok) => ok(navigator.clipboard.writeText(url)))
      .catch(command)
      .then(
        () => copied,
        () => fill(copyFailed, { url })
      )
      .then((text) => {
        announce(status, text);
        // Visible for sighted visitors too, then hidden again.
        status.className = 'note';
        clearTimeout(toast);
        toast = setTimeout(() => (status.className = 'sr'), TOAST_MS);
      });
  // The toolbar's parts share one shadow root: only this widget's controls.
  const click = (e) => {
    const id = e.target.closest?.('[data-act]')?.getAttribute('data-act');
    const kind = kinds.get(id);
    if (!kind) return;
    // Cancelable: a site may log shares itself, or stop one.
    const go = emit(host, 'civic:share', { network: id, url }, true);
    if (!go) e.preventDefault();
    else if (kind === 'copy' || (kind === 'zalo' && !native)) copy();
    else if (kind === 'native' || kind === 'zalo') share();
  };
  parent.addEventListener('click', click);
  // Called when the widget leaves the page.
  return () => {
    parent.removeEventListener('click', click);
    clearTimeout(toast);
  };
}
