const Sequencer = require("@jest/test-sequencer").default;

const order = ["/unit/", "/conformance/", "/integration/", "/e2e/"];
const rank = (path) => {
  const index = order.findIndex((part) => path.includes(part));
  return index === -1 ? order.length : index;
};

/** unit → conformance → integration → e2e, alphabetical within each. */
class LayerSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || a.path.localeCompare(b.path));
  }
}

module.exports = LayerSequencer;
