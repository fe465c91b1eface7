#!/usr/bin/env node
// The `roster` binary for installs outside the repository's pnpm scripts. Roster is TypeScript run
// directly by Node 24 (type stripping); this file only loads the plain-JS entry point, which turns
// Node's compile cache on before any TypeScript loads (see src/main.mjs).
import '../src/main.mjs';
