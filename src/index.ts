// The package's entry: the library (src/library/), typed, for code that is not a shell.
export * from './library/commands.js';
