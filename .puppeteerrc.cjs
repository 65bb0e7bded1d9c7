// Tests drive the browsers Debian installs (see .ci/run); no test tool may download its own.
module.exports = { skipDownload: true, chrome: { skipDownload: true }, firefox: { skipDownload: true } };
