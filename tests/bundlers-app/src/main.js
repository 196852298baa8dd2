import { init, getTextSize } from 'civic-a11y';

document.addEventListener('civic:text-size', (e) => (document.getElementById('out').textContent = 'scale ' + e.detail.scale));
init().then(() => (document.getElementById('out').textContent = 'ready ' + getTextSize()));
