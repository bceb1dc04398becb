/**
 * What `deno task bench` tells bench/epoch_bench.ts (a bench file takes no flags): the
 * environment variable naming the profile the steps run in, author (default) or textbook.
 */
export const PROFILE_ENV = "MLPBENCH_BENCH_PROFILE";
