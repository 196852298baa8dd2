// The civic-* elements in React 19 JSX, type-checked. Opt in once, e.g. in a `.d.ts` of your app:
//   import type {} from 'civic-a11y/jsx';
// (Kept apart from index.d.ts so that projects without React need not have its types.)
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { CivicElement } from './index.js';

/** Attributes every widget reads (see the README's attribute table); any `data-*` is allowed. */
type CivicProps = DetailedHTMLProps<HTMLAttributes<CivicElement>, CivicElement> & {
  'data-target'?: string;
  'data-read-target'?: string;
  'data-steps'?: string;
  'data-levels'?: string;
  'data-networks'?: string;
  'data-url'?: string;
  'data-title'?: string;
  'data-item'?: string;
  'data-endpoint'?: string;
  'data-protocol'?: string;
  'data-max'?: string;
  'data-rows'?: string;
  lang?: string;
};

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'civic-text-size': CivicProps;
      'civic-contrast': CivicProps;
      'civic-share': CivicProps;
      'civic-rating': CivicProps;
      'civic-toolbar': CivicProps;
      'civic-stats': CivicProps;
      'civic-text-spacing': CivicProps;
      'civic-motion': CivicProps;
      'civic-read-aloud': CivicProps;
    }
  }
}
