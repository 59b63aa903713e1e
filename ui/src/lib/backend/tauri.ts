import { getVersion } from '@tauri-apps/api/app';
import type { Backend } from './index';

/** The real backend, talking to the Rust shell over IPC. */
export const tauriBackend: Backend = {
  appVersion: () => getVersion(),
};
