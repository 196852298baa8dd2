// Rendered on the server: the package is imported there too (SSR), where it answers defaults.
import { getTextSize, getContrast } from 'civic-a11y';
import Widgets from './widgets';

export const dynamic = 'force-dynamic';

export default function Page() {
  return (
    <main>
      <p id="ssr">{'server ' + getTextSize() + ' ' + getContrast()}</p>
      <Widgets />
    </main>
  );
}
