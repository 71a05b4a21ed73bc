import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { sharedConfig } from '../vite.shared.mjs';

export default sharedConfig(fileURLToPath(new URL('.', import.meta.url)), [react()]);
