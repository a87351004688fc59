// Defines every `gp-` element: the entry of the served bundle `/elements/index.js`.
import { defineElements } from './index.js';

defineElements({ prefix: 'gp' });

export * from './index.js';
