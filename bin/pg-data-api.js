#!/usr/bin/env node
// `npx pg-data-api`: runs the TypeScript entry point through tsx (a runtime dependency).
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
