/**
 * Optional jest `setupFiles` entry: sets the n8n environment (temp N8N_USER_FOLDER, filesystem
 * binary data, diagnostics/runners off) before any test module loads. `index.ts` imports
 * `setup-env` first anyway, so this only matters for tests that touch n8n's DI container before
 * importing the harness.
 */
import './setup-env';
