/** Silences (issue 12 point 3): pure matching and expiry, and where they are stored. */
export {
  createSilence,
  findSilence,
  MAX_SILENCE_MS,
  type Silence,
  type SilenceInput,
  silenceCovers,
} from './silence.js';
export {
  createMemorySilenceStore,
  type MemorySilenceStoreOptions,
  type SilenceStore,
} from './silence-store.js';
