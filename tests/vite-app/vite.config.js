// Served under /vite/ by the test server.
export default { base: '/vite/', logLevel: 'warn' };
