/**
 * Version of the numbers the engine produces. Part of every run's config hash, so bumping it
 * makes `reproduce` redo every run. Bump only when a change alters results.
 */
export const ENGINE_VERSION = "1";
