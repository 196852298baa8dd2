// This app sits inside the civic-a11y repository: its own folder is the root.
module.exports = { turbopack: { root: __dirname } };
