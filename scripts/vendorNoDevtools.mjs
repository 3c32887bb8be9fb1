// Stands in for react-devtools-core in dist/vendor (scripts/bundleVendor.mjs): Ink loads it only in DEV mode.
export default { initialize() {}, connectToDevTools() {} };
