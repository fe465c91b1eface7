#!/usr/bin/env node
// The `roster` binary for installs outside the repository's pnpm scripts. Roster is TypeScript run
// directly by Node 24 (type stripping); this file only loads it.
import '../src/main.ts';
