import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { sharedConfig } from '../vite.shared.mjs';

const isCustomElement = (tag) => tag.startsWith('flex-');
export default sharedConfig(fileURLToPath(new URL('.', import.meta.url)), [
  vue({ template: { compilerOptions: { isCustomElement } } }),
]);
