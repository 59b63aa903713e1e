/**
 * The UI's one door to the Rust side. Components get a `Backend` and never import
 * `@tauri-apps/api` themselves: `tauri.ts` implements it over Tauri's IPC (`invoke`), and
 * `fake.ts` in memory for component tests. Each method is one IPC command returning plain data.
 */
export interface Backend {
  /** The version of the running app (the Cargo package version). */
  appVersion(): Promise<string>;
}
