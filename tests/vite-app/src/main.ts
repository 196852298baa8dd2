import { init, getTextSize, type ContrastLevel } from 'civic-a11y';

const level: ContrastLevel = 'high';
document.addEventListener('civic:text-size', (e) => {
  document.getElementById('out')!.textContent = 'scale ' + e.detail.scale;
});
init().then(() => {
  document.getElementById('out')!.textContent = 'ready ' + getTextSize() + ' ' + level;
});
