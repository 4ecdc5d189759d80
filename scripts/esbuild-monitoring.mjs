// esbuild plugin: `shared/node/monitoring-lib.ts` (the Cloud Monitoring client) stays out of a bundle and is
// required at run time as `./monitoring.js`, the separate bundle scripts/build.mjs writes beside it in dist/.
export const monitoringExternal = {
  name: 'monitoring-external',
  setup(b) {
    b.onResolve({ filter: /(^|\/)monitoring-lib(\.ts)?$/ }, () => ({ path: './monitoring.js', external: true }));
  },
};
