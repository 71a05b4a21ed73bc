import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { sharedConfig } from '../vite.shared.mjs';

export default sharedConfig(fileURLToPath(new URL('.', import.meta.url)), [svelte({ configFile: false })]);
