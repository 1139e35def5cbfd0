import { fileURLToPath } from 'node:url';

/** The templates shipped in the repository (a deployed function reads its bundled copy instead). */
export const REPOSITORY_TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));
