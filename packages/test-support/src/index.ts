export type { EmulatorControlClient, EmulatorProcess, EmulatorProcessOptions } from './emulator-process.js';
export { startEmulatorProcess } from './emulator-process.js';
export type { ReadmeSnippet } from './readme-snippets.js';
export { readmeSnippets, transpileSnippet } from './readme-snippets.js';
export type { RequireBinaryOptions, RequiredBinary } from './require-binary.js';
export { requireBinary } from './require-binary.js';
export type { NodeProcess, NodeRun, NodeScriptOptions } from './run-node.js';
export { runNode, startNode } from './run-node.js';
