// The app version, read once from package.json at build time by esbuild/vite `define`, or at
// run time from source.
declare const __BUDAYANG_VERSION__: string | undefined;
export const APP_VERSION: string = typeof __BUDAYANG_VERSION__ === 'string' ? __BUDAYANG_VERSION__ : '0.1.0-dev';
