// Chromium's flags for this project's headless runs (tests, screenshots,
// benchmarks): root in a closed network (see the toolchain notes). No
// dependencies, so the test suites and bench/ (with its own node_modules)
// can both import it.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
