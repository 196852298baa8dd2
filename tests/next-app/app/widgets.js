'use client';
import { useEffect, useState } from 'react';
import { init, getTextSize } from 'civic-a11y';

export default function Widgets() {
  const [out, setOut] = useState('');
  useEffect(() => {
    const onSize = (e) => setOut('scale ' + e.detail.scale);
    document.addEventListener('civic:text-size', onSize);
    init().then(() => setOut('ready ' + getTextSize()));
    return () => document.removeEventListener('civic:text-size', onSize);
  }, []);
  return (
    <>
      <civic-toolbar suppressHydrationWarning />
      <p id="para">Nội dung bài viết</p>
      <p id="out">{out}</p>
    </>
  );
}
