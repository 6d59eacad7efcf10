// electron-builder's beforeBuild hook (electron-builder.yml). Resolving to
// false tells electron-builder that node_modules are handled outside it: it
// neither rebuilds nor copies the production dependencies into app.asar.
// electron-vite has already bundled every dependency into out/ (the packaging
// test checks that out/ imports nothing but Node built-ins and electron), so
// app.asar holds exactly out/** and package.json. See docs/packaging.md.
module.exports = async function beforeBuild() {
  return false;
};
