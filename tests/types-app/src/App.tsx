// Written as a front-end developer would, with the shipped types only (no `any`, no casts).
// Each @ts-expect-error is a mistake the types must catch: without them the check fails.
import type {} from 'civic-a11y/jsx';
import { init, getTextSize, setContrast, type ContrastLevel, type CivicElement } from 'civic-a11y';
import { useEffect, useRef } from 'react';

export function App() {
  const bar = useRef<CivicElement>(null);
  useEffect(() => {
    void init({ labels: { fr: { larger: 'Agrandir le texte', 'size-now': 'Taille du texte {n} %' } } }).then(() => setContrast('high'));
    // @ts-expect-error: not a label key
    void init({ labels: { fr: { bigger: 'Agrandir' } } });
    // Typed elements and their events.
    const rating = document.querySelector('civic-rating');
    rating?.addEventListener('civic:rate', (e) => {
      const score: number = e.detail.score;
      // @ts-expect-error: a score is a number
      const wrong: string = e.detail.score;
      console.log(score, wrong, e.detail.pending);
    });
    bar.current?.addEventListener('civic:read', (e) => console.log(e.detail.type === 'sentence', e.detail.index));
    document.addEventListener('civic:contrast', (e) => {
      const level: ContrastLevel = e.detail.level;
      console.log(level);
    });
    window.addEventListener('civic:text-size', (e) => console.log(e.detail.scale.toFixed(2)));
    void customElements.whenDefined('civic-toolbar');
    // @ts-expect-error: not a contrast level
    void setContrast('purple');
  }, []);
  return (
    <div>
      <civic-toolbar ref={bar} data-read-target=".bodytext" lang="vi" />
      <civic-rating data-item="bai-viet-1" data-protocol="civic" />
      <civic-text-size data-target="main" />
      <civic-stats data-rows="online today total" />
      {/* @ts-expect-error: not one of the widgets */}
      <civic-toolbr />
      <p>{getTextSize().toFixed(2)}</p>
    </div>
  );
}
