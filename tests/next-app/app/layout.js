// The README's no-flash step for Next.js: a plain classic script in the root layout's <head>.
export const metadata = { title: 'Next consumer', icons: { icon: 'data:,' } };

export default function RootLayout({ children }) {
  return (
    <html lang="vi">
      <head>
        <script src="/civic-a11y-boot.js" />
      </head>
      <body>{children}</body>
    </html>
  );
}
