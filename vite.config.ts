import { defineConfig } from 'vite';
import { kitConfig } from './scripts/kit-build.js';

// The served kit, versioned: dist/elements/<version>/ (index.js, one <name>.js per element,
// chunks/, glasspane.min.js, kit-manifest.json, .br/.gz copies), and dist/elements/index.js
// and <name>.js pointing at the current version. See scripts/kit-build.ts.
export default defineConfig(kitConfig());
