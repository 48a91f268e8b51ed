const Sequencer = require("@jest/test-sequencer").default;

const order = ["/unit/", "/conformance/", "/integration/", "/e2e/"];
const rank = (path) => {
  const index = order.findIndex((part) => path.includes(part));
  return index === -1 ? order.length : index;
};

/**
 * unit → conformance → integration → e2e. Within a layer, jest's own order: slowest first by the
 * durations it recorded in earlier runs (file size on a first run), so with two workers the long
 * end-to-end files do not end up alone at the tail. Array sort is stable, so that order survives.
 */
class LayerSequencer extends Sequencer {
  sort(tests) {
    return [...super.sort(tests)].sort((a, b) => rank(a.path) - rank(b.path));
  }
}

module.exports = LayerSequencer;
